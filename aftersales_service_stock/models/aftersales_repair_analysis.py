from odoo import api, fields, models
from odoo.tools import SQL


class AftersalesRepairAnalysis(models.Model):
    """What the warranty cost the company, beside the list value the warranty gave (``warranty_cost``):

    - the stock value of the order's warranty moves (parts consumed under warranty, the replacement unit given,
      minus the unit taken back), from their valuation layers: at the products' cost whether or not their
      category posts them (automated valuation);
    - warranty parts that are not storable, at their cost;
    - its posted labour and return shipping entry, on the warranty cost account.
    """

    _inherit = "aftersales.repair.analysis"
    _depends = {
        "stock.move": ["aftersales_repair_id", "aftersales_warranty_cost"],
        "stock.valuation.layer": ["stock_move_id", "value"],
        "account.move": ["aftersales_warranty_repair_id"],
        "account.move.line": ["move_id", "account_id", "balance"],
        "res.company": ["aftersales_warranty_cost_account_id"],
        "product.product": ["standard_price"],
        "product.template": ["is_storable"],
    }

    warranty_cost_booked = fields.Monetary(
        string="Warranty Cost (at cost)",
        readonly=True,
        help="What the warranty cost the company: parts and replacement units given at their cost (minus the unit "
        "taken back), labour and return shipping as posted on the warranty cost account.",
    )

    @api.model
    def _select_extra(self):
        return SQL(
            "%s, COALESCE(stock_cost.amount, 0.0) + COALESCE(unstocked_cost.amount, 0.0) "
            "+ COALESCE(service_cost.amount, 0.0) AS warranty_cost_booked",
            super()._select_extra(),
        )

    @api.model
    def _from(self):
        return SQL(
            """%s
            LEFT JOIN (
                SELECT sm.aftersales_repair_id AS repair_id, -SUM(svl.value) AS amount
                  FROM stock_valuation_layer svl
                  JOIN stock_move sm ON sm.id = svl.stock_move_id
                 WHERE sm.aftersales_warranty_cost
              GROUP BY sm.aftersales_repair_id
            ) stock_cost ON stock_cost.repair_id = rep.id
            LEFT JOIN (
                SELECT line.repair_id AS repair_id,
                       SUM(line.quantity * COALESCE((lpp.standard_price ->> line.company_id::text)::numeric, 0.0))
                           AS amount
                  FROM aftersales_repair_line line
                  JOIN product_product lpp ON lpp.id = line.product_id
                  JOIN product_template lpt ON lpt.id = lpp.product_tmpl_id
                 WHERE line.covered_by_warranty AND line.line_type = 'part' AND NOT COALESCE(lpt.is_storable, FALSE)
              GROUP BY line.repair_id
            ) unstocked_cost ON unstocked_cost.repair_id = rep.id
            LEFT JOIN (
                SELECT am.aftersales_warranty_repair_id AS repair_id, SUM(aml.balance) AS amount
                  FROM account_move am
                  JOIN account_move_line aml ON aml.move_id = am.id
                  JOIN res_company c ON c.id = am.company_id
                 WHERE am.state = 'posted' AND aml.account_id = c.aftersales_warranty_cost_account_id
              GROUP BY am.aftersales_warranty_repair_id
            ) service_cost ON service_cost.repair_id = rep.id
            """,
            super()._from(),
        )
