from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import RepairCommon


@tagged("post_install", "-at_install")
class TestServiceAnalysis(RepairCommon):
    """Fault codes, stored turnaround and first-reply times, and the SQL analysis models."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent.email = "analysis-agent@example.com"
        # Monday to Friday, 9-13 and 14-18 UTC: 8 working hours a day.
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Analysis UTC 9-13 14-18",
                "tz": "UTC",
                "attendance_ids": [
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
                    for start, stop in ((9, 13), (14, 18))
                ],
            }
        )
        cls.team.resource_calendar_id = cls.calendar
        cls.team_b = cls.env["aftersales.team"].create(
            {"name": "Analysis team B", "manager_id": cls.agent.id, "resource_calendar_id": cls.calendar.id}
        )
        FaultCode = cls.env["aftersales.fault.code"]
        cls.categ_loggers = cls.env["product.category"].create({"name": "Analysis loggers"})
        cls.categ_meters = cls.env["product.category"].create({"name": "Analysis meters"})
        cls.device.categ_id = cls.categ_loggers
        cls.fault_any = FaultCode.create({"code": "T-ANY", "name": "Any product"})
        cls.fault_loggers = FaultCode.create(
            {"code": "T-LOG", "name": "Logger fault", "product_categ_ids": [Command.set(cls.categ_loggers.ids)]}
        )
        cls.fault_meters = FaultCode.create(
            {"code": "T-MET", "name": "Meter fault", "product_categ_ids": [Command.set(cls.categ_meters.ids)]}
        )
        cls.category = cls.env["aftersales.complaint.category"].create(
            {"name": "Analysis quality", "code": "T-AQ", "team_id": cls.team_b.id}
        )

    def _request(self, created, **vals):
        request = self.env["aftersales.request"].create(
            {
                "subject": "Logger stopped sending data",
                "request_type": "consultation",
                "channel": "phone",
                "partner_id": self.customer.id,
                "team_id": self.team.id,
                "product_id": self.device.id,
                "description": "<p>No data since Friday.</p>",
                **vals,
            }
        )
        # create_date is the transaction's time, which freezegun does not move.
        self.env.cr.execute("UPDATE aftersales_request SET create_date = %s WHERE id = %s", (created, request.id))
        request.invalidate_recordset(["create_date"])
        return request

    def _resolve(self, request, when):
        with freeze_time(when):
            request.resolution = "remote"
            request.action_resolve()

    def _ship(self, repair, received, shipped):
        with freeze_time(received):
            repair.action_receive()
        repair.write({"state": "repaired", "outbound_carrier": "SF Express", "outbound_tracking_ref": "SF1"})
        with freeze_time(shipped):
            repair.action_ship()

    # ------------------------------------------------------------------
    # Fault codes
    # ------------------------------------------------------------------

    def test_default_catalogue(self):
        codes = self.env["aftersales.fault.code"].search([]).mapped("code")
        for code in ("PWR", "DSP", "COM", "SEN", "BAT", "DMG", "FW", "OTH"):
            self.assertIn(code, codes)

    def test_fault_codes_offered_per_product(self):
        offered = self.env["aftersales.fault.code"].search([("applicable_product_id", "=", self.device.id)])
        self.assertIn(self.fault_any, offered, "a fault without products or categories applies to all")
        self.assertIn(self.fault_loggers, offered)
        self.assertNotIn(self.fault_meters, offered)
        self.assertEqual(self.fault_loggers.display_name, "[T-LOG] Logger fault")

    def test_fault_code_flows_from_request_to_repair(self):
        request = self._request(datetime(2026, 6, 8, 9), request_type="repair", fault_code_id=self.fault_loggers.id)
        repair = self.env["aftersales.repair"].create(request._prepare_repair_vals())
        self.assertEqual(repair.fault_code_id, self.fault_loggers)
        # The technician refines it after diagnosis: the request keeps what the caller said.
        repair.fault_code_id = self.fault_any
        self.assertEqual(request.fault_code_id, self.fault_loggers)
        alone = self._repair(self.unit_expired, fault_code_id=self.fault_meters.id)
        self.assertEqual(alone.fault_code_id, self.fault_meters, "without a request, the code given stays")

    # ------------------------------------------------------------------
    # Stored turnaround and first reply
    # ------------------------------------------------------------------

    def test_request_turnaround_across_weekend(self):
        # Friday 16:00 to Monday 10:00: 2 hours on Friday, 1 on Monday.
        request = self._request(datetime(2026, 6, 5, 16))
        self.assertFalse(request.turnaround_hours)
        self._resolve(request, "2026-06-08 10:00:00")
        self.assertAlmostEqual(request.turnaround_hours, 3.0)
        request.action_reopen()
        self.assertFalse(request.turnaround_hours, "a reopened request has no turnaround until resolved again")
        self._resolve(request, "2026-06-09 09:30:00")
        self.assertAlmostEqual(request.turnaround_hours, 10.5)  # Friday 2, Monday 8, Tuesday 0.5
        with freeze_time("2026-06-10 10:00:00"):
            request.action_close()
        self.assertAlmostEqual(request.turnaround_hours, 10.5, msg="stored at resolution, not moved by closing")

    def test_first_reply_stored_once(self):
        request = self._request(datetime(2026, 6, 5, 17))
        with freeze_time("2026-06-08 09:00:00"):
            request.with_user(self.agent).message_post(body="Noted, checking.", message_type="comment")
        self.assertFalse(request.first_reply_date, "an internal note answers nobody")
        with freeze_time("2026-06-08 10:30:00"):
            request.with_user(self.agent).message_post(
                body="Please restart the logger.", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(request.first_reply_date, datetime(2026, 6, 8, 10, 30))
        self.assertAlmostEqual(request.first_reply_hours, 2.5)  # Friday 17-18, Monday 9-10:30
        with freeze_time("2026-06-09 10:30:00"):
            request.with_user(self.agent).message_post(
                body="Any news?", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(request.first_reply_date, datetime(2026, 6, 8, 10, 30))
        self.assertAlmostEqual(request.first_reply_hours, 2.5)

    def test_repair_turnaround_stored_at_ship(self):
        repair = self._repair(self.unit_in_warranty)
        # Received Friday 15:00, shipped Tuesday 11:00: 3 + 8 + 2 working hours.
        self._ship(repair, "2026-06-05 15:00:00", "2026-06-09 11:00:00")
        self.assertEqual(repair.state, "shipped")
        self.assertAlmostEqual(repair.turnaround_hours, 13.0)

    # ------------------------------------------------------------------
    # Analysis models
    # ------------------------------------------------------------------

    def test_request_analysis(self):
        fast = self._request(datetime(2026, 6, 8, 9), fault_code_id=self.fault_loggers.id)
        slow = self._request(datetime(2026, 6, 8, 9), fault_code_id=self.fault_loggers.id)
        complaint = self._request(
            datetime(2026, 6, 8, 9), request_type="complaint", complaint_category_id=self.category.id
        )
        self._resolve(fast, "2026-06-08 11:00:00")  # 2 hours
        self._resolve(slow, "2026-06-09 09:00:00")  # 8 hours
        requests = fast | slow | complaint
        self.env.flush_all()
        Analysis = self.env["aftersales.request.analysis"]
        domain = [("request_id", "in", requests.ids)]
        rows = Analysis._read_group(
            domain, ["fault_code_id"], ["__count", "nbr:sum", "turnaround_hours:avg"], order="fault_code_id"
        )
        by_fault = {fault: (count, nbr, hours) for fault, count, nbr, hours in rows}
        self.assertEqual(by_fault[self.fault_loggers], (2, 2, 5.0))
        self.assertEqual(by_fault[self.env["aftersales.fault.code"]][:2], (1, 1))
        self.assertFalse(by_fault[self.env["aftersales.fault.code"]][2], "open requests have no turnaround")
        complaints = Analysis._read_group(
            domain + [("request_type", "=", "complaint")], ["complaint_category_id", "team_id"], ["nbr:sum"]
        )
        self.assertEqual(complaints, [(self.category, complaint.team_id, 1)])
        months = Analysis._read_group(domain, ["date:month", "team_id"], ["nbr:sum"])
        self.assertEqual(sum(nbr for _month, _team, nbr in months), 3)
        record = Analysis.search([("request_id", "=", fast.id)])
        self.assertEqual(
            (record.partner_id, record.product_id, record.product_categ_id, record.state),
            (self.customer, self.device, self.categ_loggers, "resolved"),
        )

    def test_repair_analysis_fees_and_warranty_cost(self):
        covered = self._repair(self.unit_in_warranty, fault_code_id=self.fault_loggers.id)
        covered.action_receive()
        self.assertTrue(covered.under_warranty)
        self._add_lines(covered)
        charged = self._repair(self.unit_expired, fault_code_id=self.fault_loggers.id)
        charged.action_receive()
        self._add_lines(charged)
        charged.action_mark_quote_sent()
        self._attach_confirmation(charged)
        charged.action_accept_quote()
        charged.action_create_invoice()
        charged.sudo().invoice_ids.with_user(self.accountant).action_post()
        draft_fee = self._repair(self.unit_expired, fault_code_id=self.fault_any.id)
        self.env.flush_all()
        rows = self.env["aftersales.repair.analysis"]._read_group(
            [("repair_id", "in", (covered | charged | draft_fee).ids)],
            ["product_id", "fault_code_id"],
            ["nbr:sum", "repair_fees:sum", "warranty_cost:sum"],
            order="fault_code_id",
        )
        by_fault = {fault: (product, nbr, fees, cost) for product, fault, nbr, fees, cost in rows}
        # Part 300 + labour 2 x 100 + shipping 20, untaxed: covered on one, invoiced on the other.
        self.assertEqual(by_fault[self.fault_loggers], (self.device, 2, 520.0, 520.0))
        self.assertEqual(by_fault[self.fault_any], (self.device, 1, 0.0, 0.0))
        warranty = self.env["aftersales.repair.analysis"]._read_group(
            [("repair_id", "in", (covered | charged).ids)], ["under_warranty"], ["repair_fees:sum"]
        )
        self.assertEqual(dict(warranty), {True: 0.0, False: 520.0})

    def test_sla_analysis_met_rate(self):
        Policy = self.env["aftersales.sla.policy"]
        policies = Policy.create(
            [
                # Archived: only the clocks below, none started by the requests.
                {"name": f"Analysis policy {name}", "start_event": "created", "stop_event": "resolved", "active": False}
                for name in ("A", "B")
            ]
        )
        policy_a, policy_b = policies
        requests = self._request(datetime(2026, 6, 8, 9))
        for _i in range(3):
            requests |= self._request(datetime(2026, 6, 8, 9))
        base = {
            "res_model": "aftersales.request",
            "company_id": self.env.company.id,
            "team_id": self.team.id,
            "calendar_id": self.calendar.id,
            "target_hours": 8.0,
            "start_date": datetime(2026, 6, 8, 9),
        }
        # Clocks are the engine's: nobody creates them by hand.
        self.env["aftersales.sla.clock"].sudo().create(
            [
                {**base, "policy_id": policy_a.id, "res_id": requests[0].id, "status": "met"},
                {**base, "policy_id": policy_a.id, "res_id": requests[1].id, "status": "met"},
                {**base, "policy_id": policy_a.id, "res_id": requests[2].id, "status": "breached"},
                {**base, "policy_id": policy_a.id, "res_id": requests[3].id, "status": "cancelled"},
                {**base, "policy_id": policy_b.id, "res_id": requests[0].id, "status": "met"},
                {**base, "policy_id": policy_b.id, "res_id": requests[1].id, "status": "running"},
            ]
        )
        self.env.flush_all()
        rows = self.env["aftersales.sla.analysis"]._read_group(
            [("policy_id", "in", policies.ids)],
            ["policy_id", "date:month"],
            ["met_rate:avg", "count_met:sum", "count_decided:sum", "nbr:sum"],
            order="policy_id",
        )
        by_policy = {policy: (round(rate, 2), met, decided, nbr) for policy, _month, rate, met, decided, nbr in rows}
        self.assertEqual(by_policy[policy_a], (66.67, 2, 3, 3), "cancelled clocks are left out")
        self.assertEqual(by_policy[policy_b], (100.0, 1, 1, 2), "running clocks are not decided yet")

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------

    def test_access_users_read_portal_cannot(self):
        request = self._request(datetime(2026, 6, 8, 9))
        self.env.flush_all()
        portal = new_test_user(self.env, "analysis_portal", groups="base.group_portal")
        for model in ("aftersales.request.analysis", "aftersales.repair.analysis", "aftersales.sla.analysis"):
            self.env[model].with_user(self.agent)._read_group([], ["team_id"], ["nbr:sum"])
            with self.assertRaises(AccessError):
                self.env[model].with_user(portal).search([])
        self.assertEqual(
            self.env["aftersales.request.analysis"]
            .with_user(self.agent)
            .search([("request_id", "=", request.id)])
            .name,
            request.name,
        )
        self.env["aftersales.fault.code"].with_user(self.agent).search([])
        with self.assertRaises(AccessError):
            self.env["aftersales.fault.code"].with_user(self.agent).create({"code": "T-NO", "name": "Refused"})

    def test_multi_company_rule(self):
        other = self.env["res.company"].create({"name": "Analysis other company"})
        mine = self._request(datetime(2026, 6, 8, 9))
        theirs = self._request(datetime(2026, 6, 8, 9), team_id=False, company_id=other.id)
        self.env.flush_all()
        domain = [("request_id", "in", (mine | theirs).ids)]
        seen = self.env["aftersales.request.analysis"].with_user(self.agent).search(domain)
        self.assertEqual(seen.request_id, mine)
        self.agent.company_ids |= other
        seen = (
            self.env["aftersales.request.analysis"]
            .with_user(self.agent)
            .with_context(allowed_company_ids=[self.env.company.id, other.id])
            .search(domain)
        )
        self.assertEqual(seen.request_id, mine | theirs)
