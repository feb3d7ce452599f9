from odoo import api, fields, models


def rmb_in_words(env, currency, amount):
    """``amount`` of ``currency`` in Chinese capitals (大写, e.g. 人民币壹仟叁佰贰拾柒元整) through ``l10n_cn``'s
    converter, for RMB amounts; ``""`` in another currency (or without ``cn2an``)."""
    if currency.name != "CNY":
        return ""
    words = env["account.move"]._convert_to_amount_in_word(currency.round(amount))
    return f"人民币{words}" if words else ""


class AccountMove(models.Model):
    _inherit = "account.move"

    aftersales_fapiao_ids = fields.One2many("aftersales.fapiao", "move_id", string="Fapiao Issued")
    aftersales_fapiao_count = fields.Integer(compute="_compute_aftersales_fapiao_count")

    @api.depends("aftersales_fapiao_ids")
    def _compute_aftersales_fapiao_count(self):
        for move in self:
            move.aftersales_fapiao_count = len(move.aftersales_fapiao_ids)

    def _aftersales_cn_is_bill(self):
        """Whether this customer invoice prints as a bill (账单): in China "发票" names the official fapiao,
        which the tax authority's system issues, not this document."""
        self.ensure_one()
        return self.move_type == "out_invoice" and self.company_id.account_fiscal_country_id.code == "CN"

    def _aftersales_amount_in_words(self):
        """The total of an RMB customer invoice or credit note in Chinese capitals (大写), ``""`` otherwise."""
        self.ensure_one()
        return rmb_in_words(self.env, self.currency_id, self.amount_total) if self.is_sale_document() else ""
