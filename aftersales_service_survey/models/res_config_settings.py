from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_survey_id = fields.Many2one(related="company_id.aftersales_survey_id", readonly=False)
    aftersales_survey_low_score = fields.Float(related="company_id.aftersales_survey_low_score", readonly=False)
