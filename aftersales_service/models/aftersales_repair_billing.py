from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .aftersales_repair import PAYMENT_STATES, QUOTE_STATES, moves_payment_state


class AftersalesRepair(models.Model):
    """The money of a repair order (R8, R9): prices from the customer's price list, taxes through the
    fiscal position, the non-warranty quotation and the customer's decision, invoices and their payment."""

    _inherit = "aftersales.repair"

    # Money
    pricelist_id = fields.Many2one(
        "product.pricelist",
        compute="_compute_pricelist_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id", store=True, precompute=True)
    fiscal_position_id = fields.Many2one(
        "account.fiscal.position",
        compute="_compute_fiscal_position_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    line_ids = fields.One2many("aftersales.repair.line", "repair_id", string="Lines", copy=True)
    amount_untaxed = fields.Monetary(compute="_compute_amounts", store=True, tracking=True)
    amount_tax = fields.Monetary(compute="_compute_amounts", store=True)
    amount_total = fields.Monetary(compute="_compute_amounts", store=True)
    tax_totals = fields.Binary(compute="_compute_tax_totals", exportable=False)
    diagnostic_fee = fields.Monetary(help="Charged when the customer declines the quotation.")
    quote_state = fields.Selection(QUOTE_STATES, required=True, default="none", tracking=True, copy=False)
    quote_sent_date = fields.Datetime(readonly=True, copy=False)
    quote_validity_date = fields.Date(readonly=True, copy=False)
    quote_decision_date = fields.Datetime(readonly=True, copy=False)
    require_signature = fields.Boolean(
        string="Online Signature",
        compute="_compute_require_signature",
        store=True,
        readonly=False,
        precompute=True,
        help="The customer accepts the quotation on the portal by signing it; otherwise a click suffices. "
        "A faxed or scanned confirmation attached here is accepted either way.",
    )
    signature = fields.Image(copy=False, attachment=True, max_width=1024, max_height=1024)
    signed_by = fields.Char(copy=False, tracking=True)
    signed_on = fields.Datetime(copy=False)
    quote_confirmation_ids = fields.Many2many(
        "ir.attachment",
        string="Customer Confirmation",
        help="The signed, faxed or scanned confirmation of the quotation.",
    )
    invoice_ids = fields.One2many("account.move", "aftersales_repair_id", string="Invoices", readonly=True)
    invoice_count = fields.Integer(compute="_compute_invoice_count", compute_sudo=True)
    invoice_summary = fields.Html(
        compute="_compute_invoice_summary",
        compute_sudo=True,
        sanitize=False,
        help="Number, amount, status and payment of each invoice, for service staff who cannot open invoices.",
    )
    payment_state = fields.Selection(PAYMENT_STATES, compute="_compute_payment_state", store=True, tracking=True)
    quote_mail_ids = fields.One2many("aftersales.quote.mail", "repair_id", string="Quotation Emails", readonly=True)
    quote_mail_pending = fields.Boolean(
        compute="_compute_quote_mail_state", help="The quotation email waits in the queue for its PDF."
    )
    quote_mail_failed = fields.Boolean(compute="_compute_quote_mail_state")

    @api.depends("company_id")
    def _compute_require_signature(self):
        for repair in self:
            repair.require_signature = repair.company_id.aftersales_quote_require_signature

    @api.depends("partner_id")
    def _compute_pricelist_id(self):
        for repair in self:
            repair.pricelist_id = repair.partner_id.with_company(repair.company_id).property_product_pricelist

    @api.depends("pricelist_id", "company_id")
    def _compute_currency_id(self):
        for repair in self:
            repair.currency_id = repair.pricelist_id.currency_id or repair.company_id.currency_id

    @api.depends("partner_id", "company_id")
    def _compute_fiscal_position_id(self):
        for repair in self:
            repair.fiscal_position_id = (
                self.env["account.fiscal.position"]
                .with_company(repair.company_id)
                ._get_fiscal_position(repair.partner_id)
                if repair.partner_id
                else False
            )

    @api.depends(
        "quote_state",
        "line_ids.price_subtotal",
        "line_ids.price_tax",
        "line_ids.price_total",
        "line_ids.covered_by_warranty",
        "line_ids.is_diagnostic_fee",
    )
    def _compute_amounts(self):
        for repair in self:
            tax_totals = repair._get_tax_totals()
            repair.amount_untaxed = tax_totals["base_amount_currency"]
            repair.amount_tax = tax_totals["tax_amount_currency"]
            repair.amount_total = tax_totals["total_amount_currency"]

    @api.depends_context("lang")
    @api.depends(
        "quote_state",
        "line_ids.price_subtotal",
        "line_ids.price_tax",
        "line_ids.covered_by_warranty",
        "line_ids.is_diagnostic_fee",
    )
    def _compute_tax_totals(self):
        for repair in self:
            repair.tax_totals = repair._get_tax_totals()

    @api.depends("invoice_ids")
    def _compute_invoice_count(self):
        for repair in self:
            repair.invoice_count = len(repair.invoice_ids)

    @api.depends("invoice_ids.name", "invoice_ids.state", "invoice_ids.payment_state", "invoice_ids.amount_total")
    def _compute_invoice_summary(self):
        Move = self.env["account.move"]
        states = dict(Move._fields["state"]._description_selection(self.env))
        payment_states = dict(Move._fields["payment_state"]._description_selection(self.env))
        draft = _("Draft")
        for repair in self:
            rows = [
                Markup("<tr><td>%s</td><td>%s</td><td class='text-end'>%s</td><td>%s</td><td>%s</td></tr>")
                % (
                    move.name if move.name and move.name != "/" else draft,
                    move.invoice_date or "",
                    move.currency_id.format(move.amount_total),
                    states.get(move.state, move.state),
                    payment_states.get(move.payment_state, move.payment_state) if move.state == "posted" else "",
                )
                for move in repair.invoice_ids
            ]
            repair.invoice_summary = (
                Markup(
                    "<table class='table table-sm mb-0'><thead><tr><th>%s</th><th>%s</th>"
                    "<th class='text-end'>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>%s</tbody></table>"
                )
                % (_("Invoice"), _("Date"), _("Amount"), _("Status"), _("Payment"), Markup("").join(rows))
                if rows
                else False
            )

    @api.depends("invoice_ids.state", "invoice_ids.payment_state", "amount_total", "currency_id", "operation")
    def _compute_payment_state(self):
        for repair in self:
            invoiced = moves_payment_state(repair.invoice_ids)
            if invoiced:
                repair.payment_state = invoiced
            elif repair.currency_id.is_zero(repair.amount_total) or repair.operation == "refund":
                # A refund's charges are deducted from the credit note, not invoiced.
                repair.payment_state = "not_required"
            else:
                repair.payment_state = "to_invoice"

    def _chargeable_lines(self):
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: not line.covered_by_warranty)
        if self.quote_state == "declined":
            lines = lines.filtered("is_diagnostic_fee")
        return lines

    def _get_tax_totals(self):
        """The tax summary of the chargeable lines, rounded as the invoice will be (sale's and account's API)."""
        self.ensure_one()
        AccountTax = self.env["account.tax"]
        company = self.company_id or self.env.company
        base_lines = [line._prepare_base_line_for_taxes_computation() for line in self._chargeable_lines()]
        AccountTax._add_tax_details_in_base_lines(base_lines, company)
        AccountTax._round_base_lines_tax_details(base_lines, company)
        return AccountTax._get_tax_totals_summary(
            base_lines=base_lines,
            currency=self.currency_id or company.currency_id,
            company=company,
        )

    def _get_currency_rate(self):
        """Rate from the company's currency to the order's, today."""
        self.ensure_one()
        company = self.company_id or self.env.company
        return self.env["res.currency"]._get_conversion_rate(
            company.currency_id, self.currency_id or company.currency_id, company, fields.Date.context_today(self)
        )

    def _is_quote_open_online(self):
        """Whether the customer may still accept or decline the quotation: sent and not expired."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        return (
            self.state == "quoted"
            and self.quote_state == "sent"
            and (not self.quote_validity_date or self.quote_validity_date >= today)
        )

    def _is_payment_required(self):
        """Whether the repair may only start once the customer paid (R9, company setting)."""
        self.ensure_one()
        return (
            self.company_id.aftersales_repair_requires_payment
            and not self.currency_id.is_zero(self.amount_total)
            and self.payment_state not in ("paid", "in_payment")
        )

    def action_send_quote(self):
        """Email the non-warranty repair quotation (R9) with its PDF, in the customer's language.

        The quotation is marked sent at once; the email leaves with its PDF from a queue (a scheduled
        action triggered at once), so that nobody waits for the PDF to render.
        """
        self._check_transition("send_quote")
        self._action_send_quote()
        return True

    def _action_send_quote(self):
        self._action_mark_quote_sent()
        self.env["aftersales.quote.mail"]._enqueue(self)

    @api.depends("quote_mail_ids.state")
    def _compute_quote_mail_state(self):
        for repair in self:
            last = repair.sudo().quote_mail_ids[-1:]
            repair.quote_mail_pending = last.state == "queued"
            repair.quote_mail_failed = last.state == "failed"

    def action_quotation_send(self):
        """Open the mail composer with the quotation template and its PDF, as sale's *Send by Email* does.

        Sending from the composer marks the quotation sent; ``action_send_quote``
        sends without a wizard for code and RPC.
        """
        self._check_transition("send_quote")
        self.ensure_one()
        template = self.env.ref("aftersales_service.mail_template_repair_quotation", raise_if_not_found=False)
        return {
            "type": "ir.actions.act_window",
            "name": _("Send Quotation"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id if template else False,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_layout_with_responsible_signature",
                "force_email": True,
                "mark_quote_as_sent": True,
            },
        }

    def action_mark_quote_sent(self):
        """Record a quotation sent outside Odoo (faxed, handed over) without emailing it."""
        self._check_transition("mark_quote_sent")
        self._action_mark_quote_sent()
        return True

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        if self.env.context.get("mark_quote_as_sent"):
            # Sent from the composer opened by action_quotation_send.
            self.filtered(lambda r: r._can("send_quote")).with_context(
                mark_quote_as_sent=False
            )._action_mark_quote_sent()
        return super().message_post(**kwargs)

    def _action_mark_quote_sent(self):
        """Mark the quotations sent today: valid for their company's number of days. One write per company."""
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        for company, repairs in self.grouped("company_id").items():
            repairs.write(
                {
                    "state": "quoted",
                    "quote_state": "sent",
                    "quote_sent_date": now,
                    "quote_validity_date": fields.Date.add(today, days=company.aftersales_quote_validity_days),
                }
            )

    def action_accept_quote(self):
        """Record the customer's acceptance; the signed or faxed confirmation must be attached."""
        self._check_transition("accept_quote")
        without = self.filtered(lambda r: not r.quote_confirmation_ids)
        if without:
            raise UserError(
                _(
                    "Attach the customer's signed or faxed confirmation to %(repairs)s before recording the "
                    "acceptance.",
                    repairs=", ".join(without.mapped("name")),
                )
            )
        self._action_accept_quote()
        return True

    def _action_accept_quote(self):
        self.write({"state": "approved", "quote_state": "accepted", "quote_decision_date": fields.Datetime.now()})

    def action_decline_quote(self):
        """The customer declines: the device goes back unrepaired, with the diagnostic fee if any."""
        self._check_transition("decline_quote")
        self._action_decline_quote()
        return True

    def _action_decline_quote(self):
        fee_label = _("Diagnostic fee")
        fee_lines = [
            {
                "repair_id": repair.id,
                "line_type": "fee",
                "name": fee_label,
                "quantity": 1.0,
                "price_unit": repair.diagnostic_fee,
                "is_diagnostic_fee": True,
                "sequence": 1000,
            }
            for repair in self
            if not repair.currency_id.is_zero(repair.diagnostic_fee)
        ]
        self.env["aftersales.repair.line"].create(fee_lines)
        self.write({"state": "repaired", "quote_state": "declined", "quote_decision_date": fields.Datetime.now()})

    def _prepare_invoice_vals(self):
        self.ensure_one()
        return {
            "move_type": "out_invoice",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "fiscal_position_id": self.fiscal_position_id.id,
            "invoice_origin": self.name,
            "payment_reference": self.name,
            "ref": self.name,
            "aftersales_repair_id": self.id,
            "invoice_line_ids": [(0, 0, line._prepare_invoice_line_vals()) for line in self._chargeable_lines()],
        }

    def action_create_invoice(self):
        """Create the customer invoice of the chargeable lines; it carries the order's payment reference.

        Returns the action opening the invoice for users who may read
        invoices, ``True`` for the others.
        """
        self._check_transition("create_invoice")
        self._action_create_invoice()
        if len(self) == 1 and self.env["account.move"].has_access("read"):
            return self.action_view_invoices()
        return True

    def _action_create_invoice(self):
        # Service staff prepare the draft invoice from the order; posting it
        # stays with accounting (their rights are checked when they post).
        moves = self.env["account.move"].sudo().create([repair._prepare_invoice_vals() for repair in self])
        # The company decides whether the desk posts them (the customer can pay at once) or accounting does.
        to_post = moves.filtered(lambda move: move.company_id.aftersales_post_repair_invoices)
        if to_post:
            to_post.action_post()
        for repair, move in zip(self, moves, strict=True):
            # No link: service staff without accounting rights could not open it.
            if move.state == "posted":
                body = _(
                    "Invoice %(invoice)s posted for %(amount)s: the customer can pay it.",
                    invoice=move.display_name,
                    amount=move.currency_id.format(move.amount_total),
                )
            else:
                poster = move.company_id._aftersales_invoice_poster()
                if poster:
                    move.activity_schedule(
                        "aftersales_service.mail_activity_type_post_repair_invoice", user_id=poster.id
                    )
                body = _(
                    "Invoice %(invoice)s created as a draft for %(amount)s: %(poster)s posts it.",
                    invoice=move.display_name,
                    amount=move.currency_id.format(move.amount_total),
                    poster=poster.name or _("accounting"),
                )
            repair.message_post(body=body)
        return moves

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        if len(self.invoice_ids) == 1:
            action.update(views=[(False, "form")], res_id=self.invoice_ids.id)
        else:
            action["domain"] = [("id", "in", self.invoice_ids.ids)]
        action["context"] = {"default_move_type": "out_invoice"}
        return action
