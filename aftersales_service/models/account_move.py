from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    aftersales_repair_id = fields.Many2one(
        "aftersales.repair",
        string="Repair Order",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="Repair order this invoice charges.",
    )
