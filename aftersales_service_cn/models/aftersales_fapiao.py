from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

FAPIAO_TYPES = [
    ("digital", "Fully digital (20-digit number)"),
    ("coded", "With invoice code (8-digit number, 12-digit code)"),
]


class AftersalesFapiao(models.Model):
    """A fapiao (发票) issued through the tax authority's system for a customer invoice or credit note.

    ``l10n_cn`` keeps one 8-digit number per invoice; an invoice is often covered by several fapiao (one per
    tax rate or amount limit), and fully digital fapiao (数电票) have 20 digits without a code. Accountants
    record each one here; service staff find them from the repair order.
    """

    _name = "aftersales.fapiao"
    _description = "Fapiao"
    _order = "issue_date desc, id desc"
    _rec_names_search = ["number", "code"]
    _check_company_auto = True

    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
        domain="[('move_type', 'in', ('out_invoice', 'out_refund')), ('state', '=', 'posted')]",
    )
    company_id = fields.Many2one(related="move_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="move_id.currency_id")
    partner_id = fields.Many2one(related="move_id.commercial_partner_id", string="Customer", store=True)
    repair_id = fields.Many2one(related="move_id.aftersales_repair_id", string="Repair Order", store=True, index=True)
    fapiao_type = fields.Selection(FAPIAO_TYPES, string="Type", required=True, default="digital")
    code = fields.Char(
        string="Fapiao Code", size=12, help="The 12-digit code (发票代码) printed beside the 8-digit number."
    )
    number = fields.Char(
        string="Fapiao Number",
        size=20,
        required=True,
        help="20 digits for a fully digital fapiao (数电票), 8 digits with a code for the others (发票号码).",
    )
    issue_date = fields.Date(required=True, default=fields.Date.context_today)
    amount_total = fields.Monetary(string="Amount (tax included)", help="As printed on the fapiao.")

    @api.depends("fapiao_type", "code", "number")
    def _compute_display_name(self):
        for fapiao in self:
            fapiao.display_name = (
                f"{fapiao.code} {fapiao.number}" if fapiao.fapiao_type == "coded" and fapiao.code else fapiao.number
            )

    @api.constrains("fapiao_type", "code", "number")
    def _check_format(self):
        for fapiao in self:
            number, code = fapiao.number or "", fapiao.code or ""
            if not number.isdigit() or not number.isascii() or (code and not (code.isdigit() and code.isascii())):
                raise ValidationError(
                    _("Fapiao numbers and codes are made of digits only: %(number)s.", number=fapiao.display_name)
                )
            if fapiao.fapiao_type == "digital" and (len(number) != 20 or code):
                raise ValidationError(
                    _(
                        "A fully digital fapiao has a 20-digit number and no code: %(number)s has %(digits)s digits.",
                        number=fapiao.display_name,
                        digits=len(number),
                    )
                )
            if fapiao.fapiao_type == "coded" and (len(number) != 8 or len(code) != 12):
                raise ValidationError(
                    _(
                        "A fapiao with a code has an 8-digit number and a 12-digit code: %(number)s.",
                        number=fapiao.display_name,
                    )
                )

    @api.constrains("company_id", "fapiao_type", "code", "number")
    def _check_unique(self):
        for fapiao in self:
            duplicate = self.search(
                [
                    ("id", "!=", fapiao.id),
                    ("company_id", "=", fapiao.company_id.id),
                    ("number", "=", fapiao.number),
                    ("code", "=", fapiao.code),
                ],
                limit=1,
            )
            if duplicate:
                raise ValidationError(
                    _(
                        "Fapiao %(number)s is already recorded on %(invoice)s.",
                        number=fapiao.display_name,
                        invoice=duplicate.move_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        fapiaos = super().create(vals_list)
        for fapiao in fapiaos:
            fapiao.move_id.message_post(body=_("Fapiao %(number)s recorded.", number=fapiao.display_name))
        return fapiaos

    def write(self, vals):
        before = {fapiao: fapiao.display_name for fapiao in self}
        result = super().write(vals)
        for fapiao, old in before.items():
            if fapiao.display_name != old:
                fapiao.move_id.message_post(
                    body=_("Fapiao %(old)s corrected to %(new)s.", old=old, new=fapiao.display_name)
                )
        return result

    def unlink(self):
        for fapiao in self:
            fapiao.move_id.message_post(body=_("Fapiao %(number)s removed.", number=fapiao.display_name))
        return super().unlink()
