from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import AftersalesCommon, RepairCommon


@tagged("post_install", "-at_install")
class TestServiceDeskDefaults(AftersalesCommon):
    """What an agent meets on the first day: sensible defaults, pickers and ownership."""

    def test_project_manager_never_silently_the_administrator(self):
        admin = self.env.ref("base.user_admin")
        team = self.env["aftersales.team"].create({"name": "Admin-run office", "manager_id": admin.id})
        request = self.env["aftersales.request"].create(
            self._complete_request_vals(partner_id=self.customer.id, equipment_id=self.equipment.id, team_id=team.id)
        )
        self.assertFalse(request.project_manager_id)
        self.assertIn("Project Manager", request.intake_missing)
        request.team_id = self.team_centre
        self.assertEqual(request.project_manager_id, self.service_manager, "a real team manager stands in")

    def test_technician_picker_offers_team_members(self):
        self.team_centre.member_ids = [Command.set((self.agent | self.technician).ids)]
        request = self.env["aftersales.request"].create(self._complete_request_vals(team_id=self.team_centre.id))
        self.assertEqual(request.allowed_user_ids, self.agent | self.technician | self.service_manager)
        self.assertNotIn(self.env.ref("base.user_admin"), request.allowed_user_ids)

    def test_only_assignee_or_manager_completes_the_escalation(self):
        request = self.env["aftersales.request"].create(self._complete_request_vals())
        request.with_user(self.agent).action_escalate()
        activity = request.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("aftersales_service.mail_activity_type_escalation")
        )
        self.assertEqual(activity.user_id, self.project_manager)
        with self.assertRaisesText(AccessError, "PM Wang"):
            activity.with_user(self.agent).action_done()
        self.assertTrue(activity.exists())
        activity.with_user(self.project_manager).action_done()
        self.assertFalse(activity.exists())

    def test_dispatch_by_an_agent_completes_the_escalation(self):
        request = self.env["aftersales.request"].create(self._complete_request_vals(technician_id=self.technician.id))
        request.with_user(self.agent).action_escalate()
        request.with_user(self.agent).action_dispatch()
        escalation = self.env.ref("aftersales_service.mail_activity_type_escalation")
        self.assertFalse(request.activity_ids.filtered(lambda a: a.activity_type_id == escalation))

    def test_team_warns_about_time_zones(self):
        shanghai = self.env["resource.calendar"].create({"name": "Shenzhen office hours", "tz": "Asia/Shanghai"})
        self.company.resource_calendar_id.tz = "Europe/Brussels"
        self.agent.tz = "Asia/Shanghai"
        self.technician.tz = "Europe/Brussels"
        team = self.env["aftersales.team"].create(
            {
                "name": "Shenzhen",
                "resource_calendar_id": shanghai.id,
                "member_ids": [Command.set((self.agent | self.technician).ids)],
            }
        )
        self.assertEqual(team.calendar_tz, "Asia/Shanghai")
        self.assertIn("Europe/Brussels", team.tz_warning)
        self.assertIn("Tech Zhao", team.tz_warning)
        self.assertNotIn("Agent Li", team.tz_warning)
        self.company.resource_calendar_id.tz = "Asia/Shanghai"
        self.technician.tz = "Asia/Shanghai"
        self.assertFalse(team.tz_warning)

    def test_running_clock_shows_time_consumed_so_far(self):
        calendar = self.env["resource.calendar"].create(
            {
                "name": "UTC 24/7",
                "tz": "UTC",
                "attendance_ids": [
                    Command.create({"name": str(d), "dayofweek": str(d), "hour_from": 0, "hour_to": 24})
                    for d in range(7)
                ],
            }
        )
        self.team_centre.resource_calendar_id = calendar
        with freeze_time("2026-06-08 09:00:00"):
            request = self.env["aftersales.request"].create(
                self._complete_request_vals(partner_id=self.customer.id, team_id=self.team_centre.id)
            )
        clock = request.sla_clock_ids[:1]
        self.assertTrue(clock)
        with freeze_time("2026-06-08 10:30:00"):
            clock.invalidate_recordset(["consumed_hours_now"])
            self.assertAlmostEqual(clock.consumed_hours_now, 1.5, places=2)
            self.assertEqual(clock.consumed_hours, 0.0, "nothing stored depends on now")
            self.assertEqual(clock.running_since, datetime(2026, 6, 8, 9, 0))


@tagged("post_install", "-at_install")
class TestRepairDesk(RepairCommon):
    def test_technician_comes_from_the_request(self):
        technician = new_test_user(self.env, "rep_tech", groups="aftersales_service.group_aftersales_user")
        request = self.env["aftersales.request"].create(
            {
                "subject": "Relay",
                "request_type": "repair",
                "partner_id": self.customer.id,
                "technician_id": technician.id,
                "purchase_date": "2025-01-10",
                "product_id": self.device.id,
            }
        )
        request.with_user(self.agent).action_create_repair()
        repair = request.repair_ids
        self.assertEqual(repair.user_id, technician, "not the agent who created it")
        repair.action_receive()
        self.assertEqual(repair.warranty_purchase_date.isoformat(), "2025-01-10", "the intake's purchase date is used")
        self.assertEqual(repair.warranty_months, 12)

    def test_send_quotation_through_the_composer(self):
        repair = self._repair(self.unit_expired)
        self._add_lines(repair)
        repair.action_receive()
        action = repair.action_quotation_send()
        self.assertEqual(action["res_model"], "mail.compose.message")
        composer = Form(self.env["mail.compose.message"].with_context(**action["context"]))
        composer.body = "<p>Please sign and fax back the quotation.</p>"
        self.assertIn(repair.name, composer.subject)
        self.assertTrue(composer.attachment_ids, "the quotation PDF is attached")
        composer.save().action_send_mail()
        self.assertEqual((repair.state, repair.quote_state), ("quoted", "sent"))
        self.assertIn("sign and fax back", repair.message_ids[0].body)

    def test_mark_quotation_sent_without_email(self):
        repair = self._repair(self.unit_expired)
        self._add_lines(repair)
        repair.action_receive()
        messages = repair.message_ids
        self.assertIs(repair.action_mark_quote_sent(), True)
        self.assertEqual((repair.state, repair.quote_state), ("quoted", "sent"))
        self.assertFalse((repair.message_ids - messages).filtered(lambda m: m.message_type == "email"))

    def test_service_staff_see_their_invoices_without_accounting_rights(self):
        self.env.company.aftersales_repair_requires_payment = False
        repair = self._repair(self.unit_expired)
        self._add_lines(repair)
        repair.action_receive()
        repair.write({"state": "approved", "quote_state": "accepted"})
        self.assertIs(repair.with_user(self.agent).action_create_invoice(), True)
        as_agent = repair.with_user(self.agent)
        as_agent.invalidate_recordset()
        summary = as_agent.invoice_summary
        self.assertIn("Draft", summary)
        self.assertIn("565.00", summary)
        self.assertNotIn("/odoo/", summary, "no link that ends in an access error")
        self.assertNotIn("href", as_agent.message_ids[0].body)
        opened = repair.action_view_invoices()
        self.assertEqual(opened["res_id"], repair.invoice_ids.id, "accountants open the invoice")
