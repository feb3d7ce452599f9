from odoo import fields, models

from .res_partner import AFTERSALES_TIERS


class AftersalesSlaClock(models.Model):
    """The team and customer tier of the service centre's clocks, kept from their start for analysis."""

    _inherit = "aftersales.sla.clock"

    team_id = fields.Many2one("aftersales.team", index=True)
    customer_tier = fields.Selection(AFTERSALES_TIERS)
