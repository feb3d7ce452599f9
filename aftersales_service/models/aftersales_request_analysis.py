from odoo import api, fields, models
from odoo.tools import SQL

from ..models.aftersales_request import CHANNELS, PRIORITIES, REQUEST_STATES, REQUEST_TYPES
from ..models.res_partner import AFTERSALES_TIERS


class AftersalesRequestAnalysis(models.Model):
    """One row per service request, for the pivot and graph of the requests analysis.

    Turnaround and first-reply times are the working hours stored on the
    request when it was resolved and first answered; they are empty until
    then, so the pivot's averages only count the requests that have them.
    """

    _name = "aftersales.request.analysis"
    _description = "Service Requests Analysis"
    _auto = False
    _rec_name = "name"
    _order = "date desc, id desc"
    _depends = {
        "aftersales.request": [
            "name",
            "active",
            "create_date",
            "resolve_date",
            "company_id",
            "team_id",
            "user_id",
            "request_type",
            "channel",
            "aftersales_tier",
            "commercial_partner_id",
            "product_id",
            "fault_code_id",
            "complaint_category_id",
            "state",
            "priority",
            "turnaround_hours",
            "first_reply_date",
            "first_reply_hours",
        ],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id"],
    }

    request_id = fields.Many2one("aftersales.request", readonly=True)
    name = fields.Char(string="Reference", readonly=True)
    date = fields.Datetime(string="Created on", readonly=True)
    resolve_date = fields.Datetime(string="Resolved on", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("aftersales.team", readonly=True)
    user_id = fields.Many2one("res.users", string="Assigned to", readonly=True)
    request_type = fields.Selection(REQUEST_TYPES, string="Type", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    aftersales_tier = fields.Selection(AFTERSALES_TIERS, string="Service Tier", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    product_categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    fault_code_id = fields.Many2one("aftersales.fault.code", readonly=True)
    complaint_category_id = fields.Many2one("aftersales.complaint.category", readonly=True)
    state = fields.Selection(REQUEST_STATES, string="Status", readonly=True)
    priority = fields.Selection(PRIORITIES, readonly=True)
    turnaround_hours = fields.Float(string="Turnaround (working hours)", readonly=True, aggregator="avg")
    first_reply_hours = fields.Float(string="First Reply (working hours)", readonly=True, aggregator="avg")
    nbr = fields.Integer(string="# Requests", readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        return SQL("%s %s %s", self._select(), self._from(), self._where())

    @api.model
    def _select(self):
        return SQL(
            """
            SELECT r.id AS id,
                   r.id AS request_id,
                   r.name AS name,
                   r.create_date AS date,
                   r.resolve_date AS resolve_date,
                   r.company_id AS company_id,
                   r.team_id AS team_id,
                   r.user_id AS user_id,
                   r.request_type AS request_type,
                   r.channel AS channel,
                   r.aftersales_tier AS aftersales_tier,
                   r.commercial_partner_id AS partner_id,
                   r.product_id AS product_id,
                   pt.categ_id AS product_categ_id,
                   r.fault_code_id AS fault_code_id,
                   r.complaint_category_id AS complaint_category_id,
                   r.state AS state,
                   r.priority AS priority,
                   CASE WHEN r.state IN ('resolved', 'closed') THEN r.turnaround_hours END AS turnaround_hours,
                   CASE WHEN r.first_reply_date IS NOT NULL THEN r.first_reply_hours END AS first_reply_hours,
                   1 AS nbr
            """
        )

    @api.model
    def _from(self):
        return SQL(
            """
            FROM aftersales_request r
            LEFT JOIN product_product pp ON pp.id = r.product_id
            LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
            """
        )

    @api.model
    def _where(self):
        return SQL("WHERE r.active")
