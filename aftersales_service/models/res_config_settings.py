from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_warranty_months = fields.Integer(
        related="company_id.aftersales_warranty_months",
        readonly=False,
    )
    aftersales_repair_requires_payment = fields.Boolean(
        related="company_id.aftersales_repair_requires_payment",
        readonly=False,
    )
    aftersales_hotline = fields.Char(related="company_id.aftersales_hotline", readonly=False)
    aftersales_quote_require_signature = fields.Boolean(
        related="company_id.aftersales_quote_require_signature", readonly=False
    )
    aftersales_quote_validity_days = fields.Integer(
        related="company_id.aftersales_quote_validity_days",
        readonly=False,
    )
    aftersales_post_repair_invoices = fields.Boolean(
        related="company_id.aftersales_post_repair_invoices", readonly=False
    )
    aftersales_invoice_user_id = fields.Many2one(related="company_id.aftersales_invoice_user_id", readonly=False)
    aftersales_replacement_warranty_days = fields.Integer(
        related="company_id.aftersales_replacement_warranty_days",
        readonly=False,
    )
    aftersales_followup_all_resolved = fields.Boolean(
        related="company_id.aftersales_followup_all_resolved", readonly=False
    )
