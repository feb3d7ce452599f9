from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    aftersales_repair_id = fields.Many2one(
        "aftersales.repair",
        string="Repair Order",
        readonly=True,
        index="btree_not_null",
        check_company=True,
        help="The repair order this move serves: a part it consumes, its replacement unit, or its unit taken "
        "back by the company.",
    )
    aftersales_repair_line_id = fields.Many2one(
        "aftersales.repair.line", string="Repair Line", readonly=True, index="btree_not_null"
    )
    aftersales_warranty_cost = fields.Boolean(
        string="Warranty Cost",
        readonly=True,
        help="The value of this move is warranty cost (a part or a replacement unit given under warranty, or the "
        "value of the defective unit the company takes back).",
    )
    aftersales_cost_account_id = fields.Many2one(
        "account.account",
        string="Repair Cost Account",
        readonly=True,
        check_company=True,
        help="The counterpart of this move's stock valuation: the warranty cost account, or cost of goods sold.",
    )

    def _get_dest_account(self, accounts_data):
        if self.aftersales_cost_account_id:
            return self.aftersales_cost_account_id.id
        return super()._get_dest_account(accounts_data)

    def _get_src_account(self, accounts_data):
        if self.aftersales_cost_account_id:
            return self.aftersales_cost_account_id.id
        return super()._get_src_account(accounts_data)
