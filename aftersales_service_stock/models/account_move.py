from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    aftersales_warranty_repair_id = fields.Many2one(
        "aftersales.repair",
        string="Warranty Repair",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The warranty repair order whose labour and return shipping this entry posts as warranty cost.",
    )
