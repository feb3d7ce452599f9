from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestChineseDemo(TransactionCase):
    """What a newcomer finds in the demo: the desk of a Chinese company, in CNY, with 13% VAT."""

    def test_demo_desk_is_chinese_in_cny(self):
        company = self.env.ref("base.demo_company_cn_lantuo", raise_if_not_found=False)
        if not company:
            self.skipTest("installed without demo data")
        self.assertEqual((company.chart_template, company.currency_id.name), ("cn", "CNY"))
        self.assertTrue(company.aftersales_pdf_letterhead)
        self.assertEqual(company.font, "Noto Sans CJK SC")
        for xmlid in ("user_agent", "user_service_manager", "user_portal_customer"):
            with self.subTest(user=xmlid):
                self.assertEqual(self.env.ref(f"aftersales_service.{xmlid}").company_id, company)
        repairs = self.env["aftersales.repair"].search([("company_id", "=", company.id)])
        self.assertEqual(set(repairs.currency_id.mapped("name")), {"CNY"})
        self.assertEqual(set(repairs.line_ids.tax_ids.mapped("amount")), {13.0}, "parts and labour at 13%")
        self.assertTrue(all(line.tax_ids for line in repairs.line_ids), "no line without VAT")
        self.assertEqual(
            sorted(repairs.mapped(lambda r: (r.state, r.payment_state))),
            [("approved", "not_paid"), ("quoted", "to_invoice"), ("shipped", "paid")],
        )
        portal = self.env.ref("aftersales_service.user_portal_customer")
        mine = self.env["aftersales.repair"].with_user(portal).search([("company_id", "=", company.id)])
        self.assertEqual(len(mine), 2, "the customer's quotation to sign and invoice to pay")
