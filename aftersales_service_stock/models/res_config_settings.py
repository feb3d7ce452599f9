from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_warranty_cost_account_id = fields.Many2one(
        "account.account",
        related="company_id.aftersales_warranty_cost_account_id",
        readonly=False,
        check_company=True,
        domain="[('deprecated', '=', False), ('account_type', 'in', ('expense', 'expense_direct_cost'))]",
    )
    aftersales_refund_to_stock = fields.Boolean(related="company_id.aftersales_refund_to_stock", readonly=False)
    aftersales_absorbed_cost_account_id = fields.Many2one(
        "account.account",
        related="company_id.aftersales_absorbed_cost_account_id",
        readonly=False,
        check_company=True,
        domain="[('deprecated', '=', False), ('account_type', 'not in', ('asset_receivable', 'liability_payable'))]",
    )
