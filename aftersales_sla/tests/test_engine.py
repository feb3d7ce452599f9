from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestEngine(TransactionCase):
    """What the engine checks by itself, whatever documents are installed."""

    def test_policies_apply_to_documents_on_clocks_only(self):
        Policy = self.env["aftersales.sla.policy"]
        self.assertTrue(Policy._check_document_models(), "every registered model inherits the mixin")
        with self.assertRaises(ValidationError) as caught:
            Policy._check_document_models(["res.partner", "no.such.model"])
        self.assertIn("res.partner, no.such.model", str(caught.exception))
        self.assertIn("aftersales.sla.mixin", str(caught.exception))

    def test_every_document_model_inherits_the_mixin(self):
        mixin = self.registry["aftersales.sla.mixin"]
        for model in self.env["aftersales.sla.clock"]._document_models():
            self.assertTrue(issubclass(self.registry[model], mixin), model)

    def test_portal_users_read_no_clock_and_no_policy(self):
        portal = new_test_user(self.env, "sla_engine_portal", groups="base.group_portal")
        for model in ("aftersales.sla.policy", "aftersales.sla.clock", "aftersales.sla.analysis"):
            self.assertFalse(self.env[model].with_user(portal).has_access("read"), model)

    def test_internal_users_read_policies_managers_write(self):
        employee = new_test_user(self.env, "sla_engine_employee", groups="base.group_user")
        manager = new_test_user(self.env, "sla_engine_manager", groups="aftersales_sla.group_sla_manager")
        Policy = self.env["aftersales.sla.policy"]
        self.assertTrue(Policy.with_user(employee).has_access("read"))
        self.assertFalse(Policy.with_user(employee).has_access("write"))
        self.assertTrue(Policy.with_user(manager).has_access("create"))

    def test_one_sweep_and_one_breach_activity_type(self):
        """The engine took them over from the service centre: none of them twice."""
        self.assertEqual(
            self.env["ir.cron"]
            .with_context(active_test=False)
            .search_count([("code", "=", "model._cron_sla_sweep()")]),
            1,
        )
        breach = self.env.ref("aftersales_sla.mail_activity_type_sla_breach")
        self.assertEqual(self.env["mail.activity.type"].search_count([("name", "=", breach.name)]), 1)
