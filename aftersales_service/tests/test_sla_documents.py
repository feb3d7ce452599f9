from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import RepairCommon


@tagged("post_install", "-at_install")
class TestSlaDocuments(RepairCommon):
    """The SLA engine serves any document by model and id; each document answers its own hooks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Policy = cls.env["aftersales.sla.policy"]
        Policy.search([]).active = False
        cls.calendar_24 = cls.env["resource.calendar"].create(
            {
                "name": "Around the clock",
                "tz": "UTC",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"{day}",
                            "dayofweek": str(day),
                            "hour_from": 0,
                            "hour_to": 24,
                            "day_period": "morning",
                        }
                    )
                    for day in range(7)
                ],
            }
        )
        cls.team.resource_calendar_id = cls.calendar_24
        cls.technician = cls.env["res.users"].create(
            {
                "name": "Bench technician",
                "login": "as_bench_tech",
                "groups_id": [Command.set(cls.env.ref("aftersales_service.group_aftersales_user").ids)],
            }
        )
        cls.policy_repair = Policy.create(
            {
                "name": "Repair in 2 hours",
                "res_model": "aftersales.repair",
                "start_event": "received",
                "stop_event": "repair_finished",
                "target_value": 2,
                "target_unit": "hours",
            }
        )
        cls.policy_request = Policy.create(
            {
                "name": "Consultations closed in 1 hour",
                "res_model": "aftersales.request",
                "filter_domain": "[('request_type', '=', 'consultation')]",
                "start_event": "created",
                "stop_event": "resolved",
                "target_value": 1,
                "target_unit": "hours",
            }
        )

    def test_clock_names_and_opens_its_document(self):
        with freeze_time("2026-06-08 09:00:00"):
            repair = self._repair(self.unit_expired)
            repair.action_receive()
            request = self.env["aftersales.request"].create(
                {"subject": "Question", "request_type": "consultation", "contact_name": "Mr. Li", "phone": "1"}
            )
        for document, policy in ((repair, self.policy_repair), (request, self.policy_request)):
            clock = document.sla_clock_ids
            self.assertEqual(clock.policy_id, policy)
            self.assertEqual((clock.res_model, clock.res_id), (document._name, document.id))
            self.assertEqual(clock.res_name, document.display_name)
            self.assertEqual(clock.document_ref, document)
            action = clock.action_open_document()
            self.assertEqual((action["res_model"], action["res_id"]), (document._name, document.id))
        clocks = self.env["aftersales.sla.clock"].search([("res_name", "=", repair.display_name)])
        self.assertEqual(clocks, repair.sla_clock_ids, "SLA Analysis finds the clocks of a document by its name")

    def test_deleting_a_cancelled_document_deletes_its_clocks(self):
        request = self.env["aftersales.request"].create(
            {"subject": "Duplicate call", "request_type": "consultation", "contact_name": "Mr. Li", "phone": "1"}
        )
        clocks = request.sla_clock_ids
        self.assertTrue(clocks)
        request.action_cancel()
        request.unlink()
        self.assertFalse(clocks.exists(), "no clock is left pointing at a deleted document")

    def test_filter_domain_selects_records(self):
        repair_request = self.env["aftersales.request"].create(
            {"subject": "Broken", "request_type": "repair", "contact_name": "Mr. Li", "phone": "1"}
        )
        self.assertFalse(repair_request.sla_clock_ids, "the policy applies to consultations only")

    def test_repair_breach_goes_to_its_technician_and_team_manager(self):
        with freeze_time("2026-06-08 09:00:00"):
            repair = self._repair(self.unit_expired, user_id=self.technician.id)
            repair.action_receive()
        team_messages = self.team.message_ids
        with freeze_time("2026-06-08 11:30:00"):
            self.env["aftersales.sla.clock"]._cron_sla_sweep()
        self.assertEqual(repair.sla_clock_ids.status, "breached")
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "aftersales.repair"),
                ("res_id", "=", repair.id),
                ("activity_type_id", "=", self.env.ref("aftersales_sla.mail_activity_type_sla_breach").id),
            ]
        )
        self.assertEqual(activity.user_id, self.technician, "the repair's technician, not a request's agent")
        message = self.team.message_ids - team_messages
        self.assertEqual(len(message), 1)
        self.assertIn(repair.name, message.body)
        self.assertIn(self.team.manager_id.partner_id, message.partner_ids)

    def test_bad_condition_refused(self):
        with self.assertRaisesText(ValidationError, "not a valid domain"):
            self.policy_request.filter_domain = "[('no_such_field', '=', 1)]"
        self.assertIn("consultation", self.policy_request.filter_domain)
        with self.assertRaisesText(ValidationError, "does not happen"):
            self.policy_repair.stop_event = "escalated"


@tagged("post_install", "-at_install")
class TestSequenceRanges(TransactionCase):
    """Numbering needs no service desk and no accounting: the lightest fixture."""

    def test_yearly_ranges_prepared_ahead(self):
        Range = self.env["ir.sequence.date_range"]
        sequence = self.env.ref("aftersales_service.seq_aftersales_request")
        with freeze_time("2031-12-30"):
            self.env["ir.sequence"]._cron_aftersales_prepare_date_ranges()
            self.env["ir.sequence"]._cron_aftersales_prepare_date_ranges()  # twice: nothing more
            years = Range.search([("sequence_id", "=", sequence.id), ("date_from", ">=", "2031-01-01")])
            self.assertEqual(sorted(r.date_from.year for r in years), [2031, 2032])
        before = Range.search_count([("sequence_id", "=", sequence.id)])
        with freeze_time("2032-01-01 00:00:01"):
            request = self.env["aftersales.request"].create({"subject": "New Year", "contact_name": "X", "phone": "1"})
        self.assertTrue(request.name.startswith("SR/2032/"))
        self.assertEqual(Range.search_count([("sequence_id", "=", sequence.id)]), before, "no range created under load")
