from odoo import api, fields, models
from odoo.tools import SQL


class AftersalesWarrantyCostReport(models.Model):
    """What the warranty costs per unit sold: per company, product and month, the warranty cost of the repair
    orders received in the month (the repairs analysis' one definition) beside the units of the product
    delivered to customers by sales orders in that month (returns deducted).

    ``warranty_cost_per_unit`` is the ratio of one row; grouped rows show the sums, whose ratio the list view
    and the pivot's two measures give side by side.
    """

    _name = "aftersales.warranty.cost.report"
    _description = "Warranty Cost per Unit Sold"
    _auto = False
    _order = "month desc, product_id"
    _depends = {
        "aftersales.repair": ["received_date", "product_id", "company_id", "active"],
        "stock.move": ["sale_line_id", "state", "date", "product_qty", "location_id", "location_dest_id"],
        "stock.location": ["usage"],
    }

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    product_id = fields.Many2one("product.product", readonly=True)
    product_categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    month = fields.Date(readonly=True)
    warranty_cost = fields.Monetary(readonly=True, help="Of the repair orders received in the month.")
    repair_count = fields.Integer(string="# Repairs", readonly=True)
    units_sold = fields.Float(
        readonly=True, digits="Product Unit of Measure", help="Delivered to customers by sales orders, net of returns."
    )
    warranty_cost_per_unit = fields.Monetary(
        string="Warranty Cost per Unit Sold", readonly=True, aggregator=None, help="Of the row: cost / units sold."
    )

    @property
    def _table_query(self):
        return SQL(
            """
            WITH cost AS (
                SELECT company_id, product_id, date_trunc('month', date)::date AS month,
                       SUM(warranty_cost_booked) AS warranty_cost, COUNT(*) AS repair_count
                  FROM (%(repairs)s) repairs
                 WHERE product_id IS NOT NULL AND date IS NOT NULL
              GROUP BY 1, 2, 3
            ), sold AS (
                SELECT sm.company_id, sm.product_id, date_trunc('month', sm.date)::date AS month,
                       SUM(CASE WHEN dest.usage = 'customer' THEN sm.product_qty ELSE -sm.product_qty END) AS units
                  FROM stock_move sm
                  JOIN stock_location src ON src.id = sm.location_id
                  JOIN stock_location dest ON dest.id = sm.location_dest_id
                 WHERE sm.state = 'done' AND sm.sale_line_id IS NOT NULL
                   AND (dest.usage = 'customer') != (src.usage = 'customer')
              GROUP BY 1, 2, 3
            )
            SELECT ROW_NUMBER() OVER (ORDER BY k.month, k.company_id, k.product_id) AS id,
                   k.company_id, k.product_id, pt.categ_id AS product_categ_id, k.month,
                   COALESCE(c.warranty_cost, 0.0) AS warranty_cost,
                   COALESCE(c.repair_count, 0) AS repair_count,
                   COALESCE(s.units, 0.0) AS units_sold,
                   CASE WHEN COALESCE(s.units, 0.0) > 0 THEN COALESCE(c.warranty_cost, 0.0) / s.units END
                       AS warranty_cost_per_unit
              FROM (SELECT company_id, product_id, month FROM cost
                    UNION SELECT company_id, product_id, month FROM sold) k
              JOIN product_product pp ON pp.id = k.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
         LEFT JOIN cost c ON c.company_id = k.company_id AND c.product_id = k.product_id AND c.month = k.month
         LEFT JOIN sold s ON s.company_id = k.company_id AND s.product_id = k.product_id AND s.month = k.month
            """,
            repairs=self._repairs_query(),
        )

    @api.model
    def _repairs_query(self):
        """The repair orders with their warranty cost, as the repairs analysis defines it."""
        return self.env["aftersales.repair.analysis"]._table_query
