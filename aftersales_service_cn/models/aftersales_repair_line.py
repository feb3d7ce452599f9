from odoo import api, models


class AftersalesRepairLine(models.Model):
    _inherit = "aftersales.repair.line"

    @api.depends("product_id", "repair_id.fiscal_position_id")
    def _compute_tax_ids(self):
        """Labour, fees and shipping typed without a product bear the company's sales tax in China (repair
        labour is taxed like the goods, at 13%), through the customer's fiscal position."""
        result = super()._compute_tax_ids()
        for line in self.filtered(lambda line: not line.product_id):
            company = line.repair_id.company_id or self.env.company
            if company.account_fiscal_country_id.code == "CN" and company.account_sale_tax_id:
                line.tax_ids = line.repair_id.fiscal_position_id.map_tax(company.account_sale_tax_id)
        return result
