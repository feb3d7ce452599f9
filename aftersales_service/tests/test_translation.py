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

    def test_quotation_prints_in_customer_language(self):
        repair = self.env["aftersales.repair"].create(
            {
                "partner_id": self.key_account.id,
                "equipment_id": self.equipment.id,
                "line_ids": [(0, 0, {"line_type": "labour", "name": "检测与维修", "price_unit": 200.0})],
            }
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("aftersales_service.action_report_repair_quotation", repair.ids)[0]
            .decode()
        )
        self.assertIn("非保修产品维修报价单", html)
        self.assertIn(self.key_account.name, html)
        self.assertNotIn("Non-warranty Product Repair Quotation", html)
