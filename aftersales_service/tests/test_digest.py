from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from .common import RepairCommon

KPIS = (
    "kpi_aftersales_request_created",
    "kpi_aftersales_complaint_created",
    "kpi_aftersales_sla_met",
    "kpi_aftersales_repair_done",
    "kpi_aftersales_repair_revenue",
    "kpi_aftersales_rating_satisfaction",
)
# The digest's period: the first week of June 2026.
START = datetime(2026, 6, 1)
END = datetime(2026, 6, 8)
IN_PERIOD = datetime(2026, 6, 3, 10, 0)
BEFORE = datetime(2026, 5, 20, 10, 0)


@tagged("post_install", "-at_install")
class TestDigest(RepairCommon):
    """After-sales KPIs in the periodic digest (R15)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Only the clocks made here count.
        cls.env["aftersales.sla.policy"].search([]).active = False
        cls.digest = cls.env["digest.digest"].create(
            {"name": "Service weekly", "company_id": cls.env.company.id, **dict.fromkeys(KPIS, True)}
        )

    def _kpi(self, field, user=None):
        digest = self.digest.with_context(start_datetime=START, end_datetime=END)
        if user:
            digest = digest.with_user(user)
        digest.invalidate_recordset([f"{field}_value"])
        return digest[f"{field}_value"]

    def _set_date(self, records, column, value):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET %s = %s WHERE id = ANY(%s)",
                SQL.identifier(records._table),
                SQL.identifier(column),
                value,
                records.ids,
            )
        )
        records.invalidate_recordset()

    def _request(self, **vals):
        return self.env["aftersales.request"].create(
            {"subject": "Call", "partner_id": self.customer.id, "team_id": self.team.id, **vals}
        )

    def test_default_digest_has_the_kpis(self):
        default = self.env.ref("digest.digest_digest_default")
        for kpi in KPIS:
            self.assertTrue(default[kpi], kpi)

    def test_new_requests_and_complaints(self):
        in_period = self._request() | self._request(request_type="complaint")
        before = self._request(request_type="complaint")
        self._set_date(in_period, "create_date", IN_PERIOD)
        self._set_date(before, "create_date", BEFORE)
        self.assertEqual(self._kpi("kpi_aftersales_request_created", self.agent), 2)
        self.assertEqual(self._kpi("kpi_aftersales_complaint_created", self.agent), 1)

    def test_sla_met_share(self):
        policy = self.env["aftersales.sla.policy"].with_context(active_test=False).search([], limit=1)
        requests = self.env["aftersales.request"].concat(*(self._request() for _i in range(5)))
        calendar = self.env.company.resource_calendar_id

        def clock(request, status, reached):
            return {
                "policy_id": policy.id,
                "res_model": "aftersales.request",
                "res_id": request.id,
                "company_id": self.env.company.id,
                "calendar_id": calendar.id,
                "target_hours": 8,
                "start_date": BEFORE,
                "status": status,
                "reached_date": reached,
            }

        self.env["aftersales.sla.clock"].sudo().create(
            [
                clock(requests[0], "met", IN_PERIOD),
                clock(requests[1], "met", IN_PERIOD),
                clock(requests[2], "breached", IN_PERIOD),
                clock(requests[3], "breached", BEFORE),
                clock(requests[4], "running", False),
            ]
        )
        self.assertAlmostEqual(self._kpi("kpi_aftersales_sla_met", self.agent), 200 / 3, places=2)

    def test_repairs_done(self):
        for when in (IN_PERIOD, IN_PERIOD, BEFORE):
            repair = self._repair(self.unit_in_warranty)
            repair.action_receive()
            repair.action_start_repair()
            repair.action_finish_repair()
            repair.write({"outbound_carrier": "SF", "outbound_tracking_ref": f"SF-{repair.id}"})
            repair.action_ship()
            with freeze_time(when):
                repair.action_done()
            self.assertEqual(repair.done_date, when)
        self._repair(self.unit_expired).action_receive()
        self.assertEqual(self._kpi("kpi_aftersales_repair_done", self.agent), 2)

    def test_repair_revenue(self):
        repair = self._repair(self.unit_expired)

        def invoice(amount, day, repair=repair, post=True):
            move = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.customer.id,
                    "invoice_date": day,
                    "aftersales_repair_id": repair.id if repair else False,
                    "invoice_line_ids": [
                        Command.create({"name": "Repair", "price_unit": amount, "tax_ids": [Command.set([])]})
                    ],
                }
            )
            if post:
                move.action_post()
            return move

        invoice(500.0, IN_PERIOD.date())
        invoice(120.0, IN_PERIOD.date())
        invoice(1000.0, BEFORE.date())
        invoice(2000.0, IN_PERIOD.date(), post=False)
        invoice(3000.0, IN_PERIOD.date(), repair=None)
        # The service user does not read invoices, the KPI shows them the total.
        self.assertEqual(self._kpi("kpi_aftersales_repair_revenue", self.agent), 620.0)

    def test_customer_satisfaction(self):
        repair = self._repair(self.unit_in_warranty)
        request = self._request()
        Rating = self.env["rating.rating"].sudo()

        def rate(record, value):
            return Rating.create(
                {
                    "res_model_id": self.env["ir.model"]._get_id(record._name),
                    "res_id": record.id,
                    "partner_id": self.customer.id,
                    "rating": value,
                    "consumed": True,
                }
            )

        in_period = rate(request, 5) | rate(repair, 4) | rate(request, 1) | rate(repair, 3)
        before = rate(request, 1)
        other_model = rate(self.customer, 1)
        self._set_date(in_period | other_model, "write_date", IN_PERIOD)
        self._set_date(before, "write_date", BEFORE)
        self.assertEqual(self._kpi("kpi_aftersales_rating_satisfaction", self.agent), 50.0)

    def test_kpis_need_the_service_group(self):
        clerk = new_test_user(self.env, "digest_clerk", groups="base.group_user")
        for kpi in KPIS:
            with self.assertRaises(AccessError):
                self._kpi(kpi, clerk)
        names = [kpi["kpi_name"] for kpi in self.digest._compute_kpis(self.env.company, clerk)]
        self.assertFalse(set(names) & set(KPIS))
        kpis = {kpi["kpi_name"]: kpi for kpi in self.digest._compute_kpis(self.env.company, self.agent)}
        self.assertEqual(set(kpis) & set(KPIS), set(KPIS))
        self.assertIn("aftersales_request_action", kpis["kpi_aftersales_request_created"]["kpi_action"])
        self.assertIn("rating_rating_action_aftersales", kpis["kpi_aftersales_rating_satisfaction"]["kpi_action"])

    def test_kpi_values_reach_the_mail(self):
        def last_24_hours():
            kpis = {kpi["kpi_name"]: kpi for kpi in self.digest._compute_kpis(self.env.company, self.agent)}
            return kpis["kpi_aftersales_request_created"]["kpi_col1"]["value"]

        before = last_24_hours()
        self._request()
        self.assertEqual(last_24_hours(), before + 1)
