from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_pdf_letterhead = fields.Boolean(related="company_id.aftersales_pdf_letterhead", readonly=False)
