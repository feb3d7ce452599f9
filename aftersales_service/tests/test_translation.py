from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MailCase

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestChineseDesk(AftersalesCommon, MailCase):
    """A Chinese service desk works in Chinese from the first install."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"].search([("name", "=", "aftersales_service")])._update_translations("zh_CN")
        cls.key_account.lang = "zh_CN"

    def test_errors_in_the_users_language(self):
        request = self.env["aftersales.request"].create(self._complete_request_vals())
        with self.assertRaises(UserError) as caught:
            request.with_context(lang="zh_CN").action_dispatch()
        self.assertIn("无法对", str(caught.exception))
        self.assertIn(request.name, str(caught.exception))

    def test_shipped_data_translated(self):
        staff = self.env.ref("aftersales_service.complaint_category_staff").with_context(lang="zh_CN")
        self.assertNotEqual(staff.name, "Staff Attitude / Conduct")
        self.assertTrue(any("\u4e00" <= ch <= "\u9fff" for ch in staff.name), staff.name)

    def test_thank_you_mail_in_customer_language(self):
        request = self.env["aftersales.request"].create(
            self._complete_request_vals(request_type="suggestion", equipment_id=False)
        )
        with self.mock_mail_gateway():
            request.action_resolve()
        sent = [m for m in self._mails if request.name in m["subject"]]
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent[0]["subject"], f"感谢您的建议（{request.name}）")
