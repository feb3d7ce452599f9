from datetime import date, datetime

import pytz
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MailCase

from .common import RepairCommon

NOW = "2026-12-02 02:00:00"
SHANGHAI = pytz.timezone("Asia/Shanghai")


def cst(*args):
    """A Beijing-time moment as the naive UTC datetime the database stores."""
    return SHANGHAI.localize(datetime(*args)).astimezone(pytz.utc).replace(tzinfo=None)


class ServiceReportCommon(RepairCommon, MailCase):
    """A team with a month of November behind it: requests, repairs, clocks, fees, ratings and calls."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["aftersales.sla.policy"].search([]).active = False
        attendances = [
            Command.create(
                {
                    "name": f"{day} {start}-{stop}",
                    "dayofweek": str(day),
                    "hour_from": start,
                    "hour_to": stop,
                    "day_period": "morning" if start < 12 else "afternoon",
                }
            )
            for day in range(5)
            for start, stop in ((9, 12), (13, 18))
        ]
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Report Shanghai 9-12 13-18", "tz": "Asia/Shanghai", "attendance_ids": attendances}
        )
        cls.manager = new_test_user(
            cls.env,
            "rep_manager",
            groups="aftersales_service.group_aftersales_manager",
            name="Report Manager",
            email="report-manager@example.com",
        )
        cls.viewer = new_test_user(cls.env, "rep_viewer", groups="aftersales_service.group_aftersales_user")
        cls.board_en = cls.env["res.partner"].create(
            {"name": "Board Member", "email": "board@example.com", "lang": "en_US"}
        )
        cls.board_zh = cls.env["res.partner"].create(
            {"name": "董事会成员", "email": "board-zh@example.com", "lang": "zh_CN"}
        )
        cls.team.write(
            {
                "manager_id": cls.manager.id,
                "resource_calendar_id": cls.calendar.id,
                "report_partner_ids": [Command.set((cls.board_en | cls.board_zh).ids)],
            }
        )
        cls.other_team = cls.env["aftersales.team"].create({"name": "Report other team"})
        Category = cls.env["aftersales.complaint.category"]
        cls.cat_quality = Category.create({"name": "Report quality", "team_id": cls.team.id})
        cls.cat_packaging = Category.create({"name": "Report packaging", "team_id": cls.team.id})
        cls.policy_reply = cls.env["aftersales.sla.policy"].create(
            {
                "name": "Report reply",
                # Archived: the test starts and stops the clocks itself.
                "active": False,
                "res_model": "aftersales.request",
                "start_event": "created",
                "stop_event": "replied",
                "target_value": 1,
            }
        )
        cls.policy_escalate = cls.env["aftersales.sla.policy"].create(
            {
                "name": "Report escalate",
                "active": False,
                "res_model": "aftersales.request",
                "start_event": "created",
                "stop_event": "escalated",
                "target_value": 2,
                "target_unit": "hours",
            }
        )

    # ------------------------------------------------------------------
    # Known data: November 2026 in Beijing time
    # ------------------------------------------------------------------

    def _request(self, created, request_type="consultation", channel="phone", team=None, **vals):
        request = self.env["aftersales.request"].create(
            {
                "subject": "Report test",
                "request_type": request_type,
                "channel": channel,
                "partner_id": self.customer.id,
                "team_id": (team or self.team).id,
                **vals,
            }
        )
        self.env.flush_all()
        self.env.cr.execute("UPDATE aftersales_request SET create_date = %s WHERE id = %s", (created, request.id))
        request.invalidate_recordset(["create_date"])
        return request

    def _repair_dated(self, **dates):
        """A repair order with its dates; a finished one stores its turnaround as shipping or closing does."""
        repair = self._repair(self.unit_in_warranty)
        repair.sudo().write(dates)
        if dates.get("shipped_date") or dates.get("done_date"):
            repair.sudo()._store_turnaround()
        return repair

    def _clock(self, request, policy, status, reached):
        return (
            self.env["aftersales.sla.clock"]
            .sudo()
            .create(
                {
                    "policy_id": policy.id,
                    "res_model": "aftersales.request",
                    "res_id": request.id,
                    "company_id": self.env.company.id,
                    "team_id": self.team.id,
                    "calendar_id": self.calendar.id,
                    "target_hours": 8,
                    "start_date": request.create_date,
                    "status": status,
                    "reached_date": reached,
                }
            )
        )

    def _invoice(self, repair, amount, invoice_date):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": invoice_date,
                "aftersales_repair_id": repair.id,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Repair", "quantity": 1, "price_unit": amount, "tax_ids": [Command.clear()]}
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    def _rating(self, record, value, when):
        rating = (
            self.env["rating.rating"]
            .sudo()
            .create(
                {
                    "res_model_id": self.env["ir.model"]._get_id(record._name),
                    "res_id": record.id,
                    "partner_id": self.customer.id,
                    "rating": value,
                    "consumed": True,
                }
            )
        )
        self.env.flush_all()
        self.env.cr.execute("UPDATE rating_rating SET write_date = %s WHERE id = %s", (when, rating.id))
        rating.invalidate_recordset(["write_date"])
        return rating

    def _make_november(self):
        req_a = self._request(cst(2026, 11, 16, 9, 0))
        req_b = self._request(cst(2026, 11, 18, 13, 0), "repair", "email")
        # Sunday 23:30 in Beijing belongs to week 47; Monday 00:30 to week 48.
        req_c = self._request(cst(2026, 11, 22, 23, 30), "complaint", complaint_category_id=self.cat_quality.id)
        req_d = self._request(
            cst(2026, 11, 20, 10, 0), "complaint", "portal", complaint_category_id=self.cat_quality.id
        )
        self._request(cst(2026, 11, 23, 0, 30), "complaint", complaint_category_id=self.cat_packaging.id)
        self._request(cst(2026, 11, 10, 10, 0), "suggestion", "letter")
        # 31 October 23:30 in Beijing is October; 1 November 00:10 is November (still 31 October in UTC).
        req_oct = self._request(cst(2026, 10, 31, 23, 30))
        self._request(cst(2026, 11, 1, 0, 10))
        self._request(cst(2026, 11, 12, 10, 0), team=self.other_team)
        self.assertEqual(req_c.team_id, self.team)
        # Resolved as resolving does: the date, the state, the turnaround stored.
        req_a.sudo().write({"resolve_date": cst(2026, 11, 17, 12, 0), "state": "resolved"})  # 8 + 3 working hours
        req_b.sudo().write({"resolve_date": cst(2026, 11, 18, 15, 0), "state": "resolved"})  # 2 working hours
        (req_a | req_b).sudo()._store_turnaround()
        # Repairs: one returned (16 working hours), one done without a shipment (7), one still open.
        repair_1 = self._repair_dated(
            received_date=cst(2026, 11, 2, 10, 0),
            shipped_date=cst(2026, 11, 4, 10, 0),
            done_date=cst(2026, 11, 5, 10, 0),
        )
        repair_2 = self._repair_dated(received_date=cst(2026, 11, 9, 9, 0), done_date=cst(2026, 11, 9, 17, 0))
        self._repair_dated(received_date=cst(2026, 10, 28, 9, 0))
        # Service levels reached in November: reply met twice and breached once, escalate met once.
        self._clock(req_a, self.policy_reply, "met", cst(2026, 11, 16, 10, 0))
        self._clock(req_b, self.policy_reply, "met", cst(2026, 11, 18, 14, 0))
        self._clock(req_c, self.policy_reply, "breached", cst(2026, 11, 25, 10, 0))
        self._clock(req_a, self.policy_escalate, "met", cst(2026, 11, 16, 10, 0))
        self._clock(req_oct, self.policy_escalate, "breached", cst(2026, 10, 31, 12, 0))
        self._clock(req_d, self.policy_escalate, "running", False)
        # Fees: 1,000 paid and 500 due in November; October's invoice left out.
        self._pay(self._invoice(repair_1, 1000.0, date(2026, 11, 5)))
        self._invoice(repair_2, 500.0, date(2026, 11, 20))
        self._invoice(repair_1, 300.0, date(2026, 10, 30))
        # Ratings: 5, 4 and 1 in November, one in October.
        self._rating(req_a, 5, cst(2026, 11, 17, 12, 0))
        self._rating(req_b, 4, cst(2026, 11, 19, 12, 0))
        self._rating(repair_1, 1, cst(2026, 11, 6, 12, 0))
        self._rating(req_oct, 5, cst(2026, 10, 31, 12, 0))
        # Follow-up calls done: two in November, one in October, one still planned.
        Followup = self.env["aftersales.followup"]
        for call_date in (cst(2026, 11, 3, 10, 0), cst(2026, 11, 27, 10, 0), cst(2026, 10, 20, 10, 0)):
            Followup.create({"partner_id": self.customer.id, "team_id": self.team.id}).sudo().write(
                {"state": "done", "call_date": call_date}
            )
        Followup.create({"partner_id": self.customer.id, "team_id": self.team.id})

    def _report(self, period_type, date_from):
        report = self.env["aftersales.service.report"].create(
            {"team_id": self.team.id, "period_type": period_type, "date_from": date_from}
        )
        report.action_compute_figures()
        return report


@tagged("post_install", "-at_install")
class TestServiceReport(ServiceReportCommon):
    """Weekly and monthly service reports to management (R15, policy 5.5)."""

    @freeze_time(NOW)
    def test_monthly_figures(self):
        self._make_november()
        report = self._report("month", date(2026, 11, 1))
        self.assertEqual(report.name, "2026-11 Repair centre")
        self.assertEqual(report.date_to, date(2026, 11, 30))
        self.assertEqual(
            report.figures["requests_by_type"], {"consultation": 2, "repair": 1, "complaint": 3, "suggestion": 1}
        )
        self.assertEqual(report.figures["requests_by_channel"], {"phone": 4, "email": 1, "portal": 1, "letter": 1})
        self.assertEqual(
            [(line["name"], line["count"]) for line in report.figures["complaints_by_category"]],
            [("Report quality", 2), ("Report packaging", 1)],
        )
        self.assertEqual((report.request_count, report.complaint_count, report.suggestion_count), (7, 3, 1))
        self.assertEqual(
            (report.repair_received_count, report.repair_done_count, report.repair_shipped_count), (2, 2, 1)
        )
        self.assertEqual(
            [(line["name"], line["met"], line["breached"]) for line in report.figures["sla_by_policy"]],
            [("Report escalate", 1, 0), ("Report reply", 2, 1)],
        )
        self.assertEqual((report.sla_met_count, report.sla_breached_count), (3, 1))
        self.assertAlmostEqual(report.sla_met_rate, 75.0)
        self.assertAlmostEqual(report.request_turnaround_hours, 6.5)
        self.assertAlmostEqual(report.repair_turnaround_hours, 11.5)
        # The batched count is the calendar's own.
        self.assertAlmostEqual(
            self.calendar.get_work_hours_count(
                cst(2026, 11, 2, 10, 0).replace(tzinfo=pytz.utc),
                cst(2026, 11, 4, 10, 0).replace(tzinfo=pytz.utc),
                compute_leaves=True,
            ),
            16.0,
        )
        self.assertAlmostEqual(report.amount_invoiced, 1500.0)
        self.assertAlmostEqual(report.amount_collected, 1000.0)
        self.assertAlmostEqual(report.amount_residual, 500.0)
        self.assertEqual(report.rating_count, 3)
        self.assertAlmostEqual(report.rating_average, 10 / 3, places=2)
        self.assertAlmostEqual(report.rating_satisfaction, 200 / 3, places=1)
        self.assertEqual(report.followup_done_count, 2)
        self.assertIn("Report quality", report.figures_html)

    @freeze_time(NOW)
    def test_report_equals_analyses(self):
        """The report reads each figure from the one place that defines it: the analyses filtered on the
        same team and period show the same numbers."""
        self._make_november()
        report = self._report("month", date(2026, 11, 1))
        start, end = report._period_bounds()
        team = [("team_id", "=", self.team.id)]
        requests = self.env["aftersales.request.analysis"]._read_group(
            [*team, ("resolve_date", ">=", start), ("resolve_date", "<", end)], [], ["turnaround_hours:avg"]
        )
        self.assertAlmostEqual(report.request_turnaround_hours, requests[0][0])
        repairs = self.env["aftersales.repair.analysis"]._read_group(
            [*team, ("finished_date", ">=", start), ("finished_date", "<", end)], [], ["turnaround_hours:avg"]
        )
        self.assertAlmostEqual(report.repair_turnaround_hours, repairs[0][0])
        met, decided = self.env["aftersales.sla.analysis"]._read_group(
            [*team, ("reached_date", ">=", start), ("reached_date", "<", end)],
            [],
            ["count_met:sum", "count_decided:sum"],
        )[0]
        self.assertEqual((report.sla_met_count, report.sla_met_count + report.sla_breached_count), (met, decided))
        self.assertAlmostEqual(report.sla_met_rate, met * 100.0 / decided)

    @freeze_time(NOW)
    def test_weekly_boundaries(self):
        self._make_november()
        report = self._report("week", date(2026, 11, 16))
        self.assertEqual(report.name, "2026-W47 Repair centre")
        self.assertEqual(report.date_to, date(2026, 11, 22))
        # Monday 09:00 to Sunday 23:30 in Beijing; Monday 00:30 of week 48 is out.
        self.assertEqual(report.request_count, 4)
        self.assertEqual(report.figures["requests_by_type"], {"consultation": 1, "repair": 1, "complaint": 2})
        next_week = self._report("week", date(2026, 11, 23))
        self.assertEqual(next_week.complaint_count, 1)
        self.assertEqual(next_week.sla_breached_count, 1)
        with self.assertRaises(ValidationError):
            self.env["aftersales.service.report"].create(
                {"team_id": self.team.id, "period_type": "week", "date_from": date(2026, 11, 17)}
            )

    @freeze_time(NOW)
    def test_future_period_refused(self):
        Report = self.env["aftersales.service.report"]
        for period_type, date_from in (("week", date(2026, 11, 30)), ("month", date(2026, 12, 1))):
            with self.assertRaisesText(ValidationError, "only finished periods"):
                Report.create({"team_id": self.team.id, "period_type": period_type, "date_from": date_from})
        self.assertFalse(Report.search([("team_id", "=", self.team.id)]))

    @freeze_time(NOW)
    def test_cron_idempotent_and_mailed(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", "aftersales_service")])._update_translations("zh_CN")
        self._make_november()
        Report = self.env["aftersales.service.report"]
        with self.mock_mail_gateway():
            created = Report._cron_send_service_reports()
        ours = created.filtered(lambda r: r.team_id == self.team)
        self.assertEqual(
            sorted((r.period_type, r.date_from) for r in ours),
            [("month", date(2026, 11, 1)), ("week", date(2026, 11, 23))],
        )
        self.assertFalse(created.filtered(lambda r: r.team_id == self.other_team), "no manager, no report")
        self.assertEqual(set(ours.mapped("state")), {"sent"})
        self.assertTrue(all(ours.mapped("attachment_id")))
        monthly = ours.filtered(lambda r: r.period_type == "month")
        self.assertEqual(monthly.request_count, 7)
        mails = [m for m in self._mails if monthly.name in m["subject"]]
        recipients = sorted(email for m in mails for email in m["email_to"])
        self.assertEqual(len(recipients), 3, recipients)
        for address in ("report-manager@example.com", "board@example.com", "board-zh@example.com"):
            self.assertTrue(any(address in email for email in recipients), address)
        by_address = {address: m for m in mails for address in m["email_to"]}
        zh_mail = next(m for a, m in by_address.items() if "board-zh@example.com" in a)
        en_mail = next(m for a, m in by_address.items() if "board@example.com" in a and "zh" not in a)
        # Each in its language: the request types come translated, the PDF with them.
        self.assertIn("投诉", zh_mail["body"])
        self.assertNotIn("投诉", en_mail["body"])
        self.assertIn("Complaint", en_mail["body"])
        self.assertEqual(len(zh_mail["attachments"]), 1)
        self.assertEqual(len(en_mail["attachments"]), 1)
        self.assertIn("投诉", zh_mail["attachments"][0][1].decode())

        # Running again creates and sends nothing.
        with self.mock_mail_gateway():
            again = Report._cron_send_service_reports()
        self.assertFalse(again)
        self.assertFalse(self._mails)
        self.assertEqual(Report.search_count([("team_id", "=", self.team.id)]), 2)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            Report.create({"team_id": self.team.id, "period_type": "month", "date_from": date(2026, 11, 1)})

    @freeze_time(NOW)
    def test_access(self):
        report = self._report("month", date(2026, 10, 1))
        Report = self.env["aftersales.service.report"]
        self.assertEqual(Report.with_user(self.viewer).search([("id", "=", report.id)]), report)
        self.assertTrue(report.with_user(self.viewer).figures_html)
        with self.assertRaises(AccessError):
            report.with_user(self.viewer).action_compute_figures()
        with self.assertRaises(AccessError):
            Report.with_user(self.viewer).create(
                {"team_id": self.team.id, "period_type": "month", "date_from": date(2026, 9, 1)}
            )
        managed = Report.with_user(self.manager).create(
            {"team_id": self.team.id, "period_type": "month", "date_from": date(2026, 9, 1)}
        )
        managed.action_compute_figures()
        with self.mock_mail_gateway():
            managed.action_send()
        self.assertEqual(managed.state, "sent")
        self.assertTrue(managed.attachment_id)
        # A sent report keeps its name and recipients when the team changes.
        self.team.write({"name": "Renamed centre", "report_partner_ids": [Command.clear()]})
        self.assertEqual(managed.name, "2026-09 Repair centre")
        self.assertEqual(managed.recipient_ids, self.manager.partner_id | self.board_en | self.board_zh)
