from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestAccessRights(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.request = cls.env["aftersales.request"].create(cls._complete_request_vals())
        cls.company_b = cls.env["res.company"].create({"name": "Other Company"})
        cls.agent_b = new_test_user(
            cls.env,
            "as_agent_b",
            groups="aftersales_service.group_aftersales_user",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        cls.employee = new_test_user(cls.env, "as_employee", groups="base.group_user")

    def test_service_user_cannot_delete(self):
        request = self.env["aftersales.request"].create(self._complete_request_vals())
        request.action_cancel()
        with self.assertRaises(AccessError):
            request.with_user(self.agent).unlink()
        with self.assertRaises(AccessError):
            self.equipment.with_user(self.agent).unlink()
        self.assertTrue(request.exists())

    def test_manager_deletes_only_cancelled(self):
        with self.assertRaisesRegex(UserError, "archived, not deleted"):
            self.request.with_user(self.service_manager).unlink()
        self.assertTrue(self.request.exists())
        self.request.action_cancel()
        self.request.with_user(self.service_manager).unlink()
        self.assertFalse(self.request.exists())

    def test_other_company_is_invisible(self):
        Request = self.env["aftersales.request"].with_user(self.agent_b)
        self.assertFalse(Request.search([("id", "=", self.request.id)]))
        with self.assertRaises(AccessError):
            Request.browse(self.request.id).read(["name"])
        with self.assertRaises(AccessError):
            self.env["aftersales.equipment"].with_user(self.agent_b).browse(self.equipment.id).read(["serial_number"])
        own = Request.create({"subject": "Own company", "contact_name": "X", "phone": "1"})
        self.assertEqual(own.company_id, self.company_b)

    def test_configuration_is_for_managers(self):
        with self.assertRaises(AccessError):
            self.env["aftersales.team"].with_user(self.agent).create({"name": "Rogue team"})
        with self.assertRaises(AccessError):
            self.cat_staff.with_user(self.agent).write({"team_id": self.team_rd.id})
        self.env["aftersales.team"].with_user(self.service_manager).create({"name": "New regional office"})

    def test_employee_without_service_group(self):
        with self.assertRaises(AccessError):
            self.env["aftersales.request"].with_user(self.employee).search([])
        with self.assertRaises(AccessError):
            self.env["aftersales.request"].with_user(self.employee).create({"subject": "x"})

    def test_policy_form_readable_by_service_staff(self):
        escalated = self.env.ref("aftersales_service.field_aftersales_request__state").selection_ids.filtered(
            lambda s: s.value == "escalated"
        )
        policy = self.env["aftersales.sla.policy"].create(
            {"name": "Paused while escalated", "pause_state_ids": [(6, 0, escalated.ids)]}
        )
        for user in (self.agent, self.service_manager):
            self.assertEqual(policy.with_user(user).pause_state_ids.mapped("name"), ["Escalated"])
        with self.assertRaises(AccessError):
            policy.with_user(self.agent).write({"target_value": 3})
