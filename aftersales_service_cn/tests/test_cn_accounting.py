from odoo.tests import tagged

from .common import ChineseRepairCommon


@tagged("post_install", "-at_install")
class TestChineseAccounting(ChineseRepairCommon):
    def test_company_is_on_the_chinese_chart_in_cny(self):
        self.assertEqual(self.company.chart_template, "cn")
        self.assertEqual(self.company.currency_id.name, "CNY")
        self.assertEqual(self.vat_13.amount, 13.0)

    def test_chart_gets_small_scale_and_export_taxes(self):
        ChartTemplate = self.env["account.chart.template"].with_company(self.company)
        xmlids = ("l10n_cn_sales_excluded_", "cn_sales_small_scale_", "cn_sales_export_")
        rates = {
            rate: ChartTemplate.ref(f"{prefix}{rate}", raise_if_not_found=False).amount
            for prefix in xmlids
            for rate in (0, 3, 6, 9, 13)
            if ChartTemplate.ref(f"{prefix}{rate}", raise_if_not_found=False)
        }
        self.assertEqual(rates, {0: 0.0, 3: 3.0, 6: 6.0, 9: 9.0, 13: 13.0})
        small_scale = ChartTemplate.ref("cn_sales_small_scale_3")
        self.assertEqual(small_scale.tax_group_id.name, "VAT 3% (small-scale)")
        export = ChartTemplate.ref("cn_fiscal_position_export")
        self.assertEqual(export.map_tax(self.vat_13), ChartTemplate.ref("cn_sales_export_0"))

    def test_install_on_existing_company_creates_only_what_is_missing(self):
        """The post-install hook on a company already on the chart: the deleted export tax comes back, the
        others are left as they are (not duplicated)."""
        ChartTemplate = self.env["account.chart.template"].with_company(self.company)
        export = ChartTemplate.ref("cn_fiscal_position_export")
        export.unlink()
        before = self.env["account.tax"].search_count([("company_id", "=", self.company.id)])
        ChartTemplate._aftersales_cn_load_missing(self.company)
        self.assertTrue(ChartTemplate.ref("cn_fiscal_position_export", raise_if_not_found=False))
        self.assertEqual(self.env["account.tax"].search_count([("company_id", "=", self.company.id)]), before)

    def test_labour_without_product_bears_vat_13(self):
        repair = self._chinese_repair([(self.part, 1, 1000.0), (None, 2, 100.0)])
        labour = repair.line_ids.filtered(lambda line: line.line_type == "labour")
        self.assertEqual(labour.tax_ids, self.vat_13)
        self.assertEqual((repair.amount_untaxed, repair.amount_tax, repair.amount_total), (1200.0, 156.0, 1356.0))
        # The export fiscal position maps it to the zero rate, as the goods.
        ChartTemplate = self.env["account.chart.template"].with_company(self.company)
        export = ChartTemplate.ref("cn_fiscal_position_export")
        repair.fiscal_position_id = export
        self.assertEqual(set(repair.line_ids.tax_ids.mapped("amount")), {0.0})
        self.assertEqual(repair.amount_total, 1200.0)

    def test_amount_in_chinese_capitals(self):
        repair = self._chinese_repair([(self.part, 1, 1327.0)])
        repair.line_ids.tax_ids = False
        self.assertEqual(repair.amount_total, 1327.0)
        self.assertEqual(repair._aftersales_amount_in_words(), "人民币壹仟叁佰贰拾柒元整")
        repair.line_ids.price_unit = 100.05
        self.assertEqual(repair._aftersales_amount_in_words(), "人民币壹佰元零伍分")
        # Another currency has no Chinese capitals.
        usd = self.env.ref("base.USD")
        repair.pricelist_id = self.env["product.pricelist"].create({"name": "USD", "currency_id": usd.id})
        self.assertEqual(repair.currency_id, usd)
        self.assertEqual(repair._aftersales_amount_in_words(), "")
