from odoo import fields, models

from .account_move import rmb_in_words


class AftersalesRepair(models.Model):
    _inherit = "aftersales.repair"

    fapiao_ids = fields.One2many(
        "aftersales.fapiao", "repair_id", readonly=True, help="Fapiao issued for its invoices."
    )

    def _aftersales_amount_in_words(self):
        """The order's total in Chinese capitals (大写) when it is in RMB, ``""`` otherwise."""
        self.ensure_one()
        return rmb_in_words(self.env, self.currency_id, self.amount_total)
