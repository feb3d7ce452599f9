from odoo import api, fields, models
from odoo.tools import SQL

from ..models.aftersales_repair import OPERATIONS, REPAIR_STATES


class AftersalesRepairAnalysis(models.Model):
    """One row per repair order: fees invoiced, warranty cost and turnaround.

    ``repair_fees`` is the untaxed amount of the repair's posted customer
    invoices minus its posted credit notes, in the company's currency.
    ``warranty_cost`` is the list value (untaxed, before the warranty) of the
    lines the warranty covered, in the repair's currency, which is the
    company's unless a foreign-currency pricelist was used.
    """

    _name = "aftersales.repair.analysis"
    _description = "Repair Orders Analysis"
    _auto = False
    _rec_name = "name"
    _order = "date desc, id desc"
    _depends = {
        "aftersales.repair": [
            "name",
            "active",
            "received_date",
            "shipped_date",
            "done_date",
            "company_id",
            "team_id",
            "user_id",
            "request_id",
            "partner_id",
            "product_id",
            "fault_code_id",
            "under_warranty",
            "operation",
            "state",
            "turnaround_hours",
        ],
        "aftersales.repair.line": ["repair_id", "covered_by_warranty", "list_subtotal"],
        "account.move": ["aftersales_repair_id", "state", "move_type", "amount_untaxed_signed"],
        "res.partner": ["commercial_partner_id"],
        "res.company": ["currency_id"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id"],
    }

    repair_id = fields.Many2one("aftersales.repair", string="Repair Order", readonly=True)
    name = fields.Char(string="Reference", readonly=True)
    date = fields.Datetime(string="Received on", readonly=True)
    shipped_date = fields.Datetime(string="Shipped on", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    team_id = fields.Many2one("aftersales.team", readonly=True)
    user_id = fields.Many2one("res.users", string="Technician", readonly=True)
    request_id = fields.Many2one("aftersales.request", string="Service Request", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    product_categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    fault_code_id = fields.Many2one("aftersales.fault.code", readonly=True)
    under_warranty = fields.Boolean(readonly=True)
    operation = fields.Selection(OPERATIONS, readonly=True)
    state = fields.Selection(REPAIR_STATES, string="Status", readonly=True)
    repair_fees = fields.Monetary(readonly=True, help="Invoiced, untaxed, posted.")
    warranty_cost = fields.Monetary(readonly=True, help="List value of the lines the warranty covered.")
    finished_date = fields.Datetime(
        string="Finished", readonly=True, help="Shipped back, or done for an order closed without a shipment."
    )
    turnaround_hours = fields.Float(
        string="Turnaround (working hours)",
        readonly=True,
        aggregator="avg",
        help="From receipt to the return shipment (or to done without one), of finished orders.",
    )
    nbr = fields.Integer(string="# Repairs", readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        return SQL("%s %s %s", self._select(), self._from(), self._where())

    @api.model
    def _select_extra(self):
        """More columns of a repair order (``rep``) for a bridge's measures, as SQL starting with a comma,
        with their joins in ``_from``."""
        return SQL("")

    @api.model
    def _select(self):
        return SQL(
            """
            SELECT rep.id AS id,
                   rep.id AS repair_id,
                   rep.name AS name,
                   rep.received_date AS date,
                   rep.shipped_date AS shipped_date,
                   rep.company_id AS company_id,
                   company.currency_id AS currency_id,
                   rep.team_id AS team_id,
                   rep.user_id AS user_id,
                   rep.request_id AS request_id,
                   partner.commercial_partner_id AS partner_id,
                   rep.product_id AS product_id,
                   pt.categ_id AS product_categ_id,
                   rep.fault_code_id AS fault_code_id,
                   COALESCE(rep.under_warranty, FALSE) AS under_warranty,
                   rep.operation AS operation,
                   rep.state AS state,
                   COALESCE(fees.amount, 0.0) AS repair_fees,
                   COALESCE(covered.amount, 0.0) AS warranty_cost,
                   COALESCE(rep.shipped_date, rep.done_date) AS finished_date,
                   CASE WHEN COALESCE(rep.shipped_date, rep.done_date) IS NOT NULL THEN rep.turnaround_hours END
                       AS turnaround_hours,
                   1 AS nbr
                   %s
            """,
            self._select_extra(),
        )

    @api.model
    def _from(self):
        return SQL(
            """
            FROM aftersales_repair rep
            JOIN res_company company ON company.id = rep.company_id
            JOIN res_partner partner ON partner.id = rep.partner_id
            LEFT JOIN product_product pp ON pp.id = rep.product_id
            LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
            LEFT JOIN (%s) fees ON fees.repair_id = rep.id
            LEFT JOIN (
                SELECT line.repair_id AS repair_id, SUM(line.list_subtotal) AS amount
                  FROM aftersales_repair_line line
                 WHERE line.covered_by_warranty
              GROUP BY line.repair_id
            ) covered ON covered.repair_id = rep.id
            """,
            self.env["account.move"]._get_aftersales_fee_query(),
        )

    @api.model
    def _where(self):
        return SQL("WHERE rep.active")
