from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestRequestFlow(AftersalesCommon):
    def _new_request(self, **overrides):
        return self.env["aftersales.request"].with_user(self.agent).create(self._complete_request_vals(**overrides))

    def test_intake_defaults(self):
        request = self._new_request()
        self.assertTrue(request.name.startswith("SR/"), request.name)
        self.assertEqual(request.state, "new")
        self.assertEqual(request.user_id, self.agent)
        # Contact data, product and purchase date come from the customer and the unit.
        self.assertEqual(request.phone, self.key_account.phone)
        self.assertEqual(request.email, self.key_account.email)
        self.assertIn("深圳", request.contact_address)
        self.assertEqual(request.product_id, self.product)
        self.assertEqual(str(request.purchase_date), "2025-03-15")
        # Key account: higher priority, its project manager, its regional office.
        self.assertEqual(request.priority, "1")
        self.assertEqual(request.project_manager_id, self.project_manager)
        self.assertEqual(request.team_id, self.team_south)

    def test_team_and_priority_for_standard_customer(self):
        request = self._new_request(partner_id=self.customer.id, equipment_id=False, product_id=self.product.id)
        self.assertEqual(request.priority, "0")
        self.assertEqual(request.team_id, self.team_centre, "country match when no province matches")
        self.assertEqual(request.project_manager_id, self.service_manager, "falls back on the team manager")

    def test_unknown_caller_keeps_typed_data(self):
        with Form(self.env["aftersales.request"].with_user(self.agent)) as form:
            form.subject = "咨询安装方法"
            form.request_type = "consultation"
            form.contact_name = "张先生"
            form.phone = "13800138000"
            form.description = "<p>如何安装数据采集器?</p>"
        request = form.record
        self.assertEqual(request.contact_name, "张先生")
        self.assertFalse(request.partner_id)
        request.action_start()
        request.action_resolve()
        self.assertEqual(request.state, "resolved")

    def test_escalation_needs_intake_data(self):
        request = self.env["aftersales.request"].create(
            {"subject": "Broken", "request_type": "repair", "contact_name": "Mr Liu", "channel": "letter"}
        )
        with self.assertRaises(UserError) as caught:
            request.with_user(self.agent).action_escalate()
        self.flush_tracking()
        message = str(caught.exception)
        for label in ("Address", "Phone", "Product", "Purchase Date", "Fault and Symptoms", "Project Manager"):
            self.assertIn(label, message)
        self.assertNotIn("Contact", message, "the contact name was given")
        self.assertEqual(request.state, "new")
        self.assertFalse(request.escalation_date)

    def test_full_lifecycle(self):
        request = self._new_request()
        self.flush_tracking()
        request.action_start()
        self.assertEqual(request.state, "in_progress")
        self.flush_tracking()
        request.write({"troubleshooting_step_ids": [(0, 0, {"name": "Try another adapter", "result": "not_solved"})]})

        request.with_user(self.agent).action_escalate()
        self.assertEqual(request.state, "escalated")
        self.assertTrue(request.escalation_date)
        activity = request.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("aftersales_service.mail_activity_type_escalation")
        )
        self.assertEqual(activity.user_id, self.project_manager)
        self.assertTrue(activity.date_deadline)

        with self.assertRaisesText(UserError, "technician"):
            request.with_user(self.project_manager).action_dispatch()
        self.assertEqual(request.state, "escalated")
        request.with_user(self.project_manager).write({"technician_id": self.technician.id, "onsite_visit": True})
        request.with_user(self.project_manager).action_dispatch()
        self.assertEqual(request.state, "dispatched")
        self.flush_tracking()
        self.assertFalse(activity.exists(), "the escalation activity is done once dispatched")
        self.assertEqual(request.activity_ids.user_id, self.technician)

        with self.assertRaisesText(UserError, "Resolution"):
            request.action_resolve()
        request.resolution = "onsite"
        request.with_user(self.technician).action_resolve()
        self.flush_tracking()
        self.assertEqual(request.state, "resolved")
        request.action_close()
        self.flush_tracking()
        self.assertEqual(request.state, "closed")
        self.assertTrue(request.close_date)

        # Every state change is in the chatter.
        tracked = request.sudo().message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "state")
        self.assertEqual(
            set(tracked.mapped("new_value_char")),
            {"In Progress", "Escalated", "Dispatched", "Resolved", "Closed"},
        )

    def test_state_guards(self):
        request = self._new_request()
        with self.assertRaisesText(UserError, "Dispatch is not possible"):
            request.action_dispatch()
        with self.assertRaisesText(UserError, "Closing is not possible"):
            request.action_close()
        request.action_cancel()
        self.assertEqual(request.state, "cancelled")
        with self.assertRaisesText(UserError, "Escalation is not possible"):
            request.action_escalate()
        request.action_reopen()
        self.assertEqual(request.state, "in_progress")

    def test_guard_covers_whole_recordset(self):
        good = self._new_request()
        bad = self._new_request()
        bad.action_cancel()
        with self.assertRaises(UserError):
            (good | bad).action_start()
        self.assertEqual(good.state, "new", "nothing changes when one record is refused")

    def test_future_purchase_date_refused(self):
        with self.assertRaisesText(ValidationError, "in the future"):
            self._new_request(equipment_id=False, product_id=self.product.id, purchase_date="2999-01-01")

    def test_serve_without_service_contract(self):
        """R12: a customer without a contract or equipment record is still served."""
        partner = self.env["res.partner"].create({"name": "Walk-in customer", "phone": "123"})
        request = self._new_request(partner_id=partner.id, equipment_id=False, request_type="consultation")
        request.action_resolve()
        self.assertEqual(request.state, "resolved")

    def test_partner_smart_buttons(self):
        contact = self.env["res.partner"].create({"name": "Ms Zhou", "parent_id": self.key_account.id})
        self._new_request()
        self._new_request(partner_id=contact.id)
        self.assertEqual(contact.aftersales_tier, "key_account", "tier is shared with the contacts")
        self.assertEqual(self.key_account.aftersales_request_count, 2)
        self.assertEqual(self.key_account.aftersales_equipment_count, 1)
        action = self.key_account.action_view_aftersales_requests()
        self.assertEqual(self.env["aftersales.request"].search_count(action["domain"]), 2)

    def test_warranty_shown_without_registered_unit(self):
        request = self._new_request(equipment_id=False, product_id=self.product.id, purchase_date="2025-03-15")
        self.assertEqual(str(request.warranty_end_date), "2026-03-14")
        request.purchase_date = fields.Date.context_today(request)
        self.assertEqual(request.warranty_state, "in_warranty")

    def test_changing_customer_updates_priority_and_contact(self):
        request = self._new_request()
        self.assertEqual(request.priority, "1")
        request.partner_id = self.customer
        self.assertEqual(request.priority, "0", "a standard customer gets normal priority again")
        self.assertEqual(request.contact_name, self.customer.name)
