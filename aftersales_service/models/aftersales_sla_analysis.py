from odoo import api, fields, models
from odoo.tools import SQL

from .res_partner import AFTERSALES_TIERS


class AftersalesSlaAnalysis(models.Model):
    _inherit = "aftersales.sla.analysis"
    _depends = {"aftersales.sla.clock": ["team_id", "customer_tier"]}

    team_id = fields.Many2one("aftersales.team", readonly=True)
    customer_tier = fields.Selection(AFTERSALES_TIERS, readonly=True)

    @api.model
    def _select_columns(self):
        return [
            *super()._select_columns(),
            SQL("clock.team_id AS team_id"),
            SQL("clock.customer_tier AS customer_tier"),
        ]
