from odoo.tests import HttpCase, tagged

from odoo.addons.account_payment.tests.common import AccountPaymentCommon
from odoo.addons.aftersales_service.tests.test_portal_repair import PortalRepairCommon


@tagged("post_install", "-at_install")
class TestPayInChinese(PortalRepairCommon, AccountPaymentCommon, HttpCase):
    """A customer whose language is Chinese pays the invoice of their repair online, and the repair is paid."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["portal", "account", "payment", "account_payment", "payment_demo", "aftersales_service_payment_demo"],
            ["zh_CN"],
        )
        cls.portal_a.lang = "zh_CN"
        cls.customer.lang = "zh_CN"
        cls.demo_provider = cls._prepare_provider("demo", update_values={"state": "test", "is_published": True})

    def test_tour_pays_repair_invoice_in_chinese(self):
        repair = self._quoted_repair()
        self._attach_confirmation(repair)
        repair.with_user(self.agent).action_accept_quote()
        repair.with_user(self.agent).action_create_invoice()
        invoice = repair.sudo().invoice_ids
        if invoice.state == "draft":
            invoice.action_post()
        self.assertEqual(repair.payment_state, "not_paid")

        self.start_tour(invoice.get_portal_url(), "aftersales_pay_invoice_zh_tour", login="rep_portal_a")

        tx = invoice.transaction_ids
        self.assertEqual(len(tx), 1)
        self.assertEqual(tx.provider_id, self.demo_provider)
        self.assertEqual(tx.state, "done", "the state the customer picked in Chinese is one the provider knows")
        if not tx.is_post_processed:
            tx._post_process()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertIn(repair.payment_state, ("paid", "in_payment"))
