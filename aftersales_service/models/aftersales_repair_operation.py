from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .aftersales_repair import OPERATION_RESOLUTIONS, OPERATIONS, PAYMENT_STATES, moves_payment_state

# Until when the operation may still change: once work starts, or a quotation priced it, it is decided.
OPERATION_OPEN_STATES = ("draft", "received", "diagnosis")


class AftersalesRepair(models.Model):
    """What a mail-in order does with the unit (policy 3.2, 4.3): repair it, exchange it for a replacement
    unit, or take it back and refund it (退货). Under warranty exchange and refund cost the customer
    nothing; otherwise the quotation prices them as it prices repairs."""

    _inherit = "aftersales.repair"

    operation = fields.Selection(
        OPERATIONS,
        required=True,
        default="repair",
        tracking=True,
        index=True,
        help="Decided after diagnosis: repair the unit, ship a replacement unit instead (exchange), or take the "
        "unit back and refund it. The request's resolution follows it.",
    )
    # Exchange
    replacement_product_id = fields.Many2one(
        "product.product",
        compute="_compute_replacement_product_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        tracking=True,
        help="The product shipped instead of the received unit (the same product by default).",
    )
    replacement_serial_number = fields.Char(tracking=True, copy=False)
    replacement_equipment_id = fields.Many2one(
        "aftersales.equipment",
        string="Replacement Unit",
        readonly=True,
        copy=False,
        check_company=True,
        help="The customer's new unit, recorded when the replacement ships.",
    )
    # Refund
    refund_price = fields.Monetary(
        string="Refundable Price",
        help="Refunded for the unit when its sales reference names no posted invoice of the customer. Out of "
        "warranty, the accepted quotation's lines are deducted from it.",
    )
    refund_ids = fields.One2many(
        "account.move", "aftersales_refund_repair_id", string="Credit Notes", readonly=True, copy=False
    )
    refund_payment_state = fields.Selection(
        PAYMENT_STATES,
        compute="_compute_refund_payment_state",
        store=True,
        tracking=True,
        help="Payment of the order's credit notes; the order is settled when they are paid.",
    )
    can_create_refund = fields.Boolean(compute="_compute_can_act")

    _sql_constraints = [
        ("refund_price_positive", "CHECK(refund_price >= 0)", "The refundable price cannot be negative."),
    ]

    @api.depends("operation", "product_id")
    def _compute_replacement_product_id(self):
        for repair in self:
            if repair.operation != "exchange":
                repair.replacement_product_id = False
            elif not repair.replacement_product_id:
                repair.replacement_product_id = repair.product_id

    @api.depends("refund_ids.state", "refund_ids.payment_state")
    def _compute_refund_payment_state(self):
        for repair in self:
            repair.refund_payment_state = moves_payment_state(repair.refund_ids)

    def _compute_field_value(self, field):
        # A refund is settled when its credit notes are paid: seen when their payment state is recomputed.
        res = super()._compute_field_value(field)
        if field.name == "refund_payment_state":
            self.filtered(
                lambda repair: repair.id
                and repair.state == "refunded"
                and repair.refund_payment_state in ("paid", "in_payment")
                and not repair.settled_date
            )._settle()
        return res

    @api.model_create_multi
    def create(self, vals_list):
        repairs = super().create(vals_list)
        repairs.filtered(lambda repair: repair.operation != "repair")._sync_request_resolution()
        return repairs

    def write(self, vals):
        if "operation" in vals:
            decided = self.filtered(
                lambda repair: repair.operation != vals["operation"] and repair.state not in OPERATION_OPEN_STATES
            )
            if decided:
                raise UserError(
                    _(
                        "The operation of %(repairs)s is decided: it can only change before the quotation or the "
                        "work starts.",
                        repairs=", ".join(decided.mapped("name")),
                    )
                )
        res = super().write(vals)
        if "operation" in vals:
            self._sync_request_resolution()
        return res

    def _sync_request_resolution(self):
        """The request's resolution follows the order's operation: refund is a return, exchange an exchange,
        repair a repair."""
        for repair in self.filtered("request_id"):
            resolution = OPERATION_RESOLUTIONS[repair.operation]
            if repair.request_id.resolution != resolution:
                repair.request_id.resolution = resolution

    def _transition_blocker(self, action):
        self.ensure_one()
        if action == "create_refund":
            if self.operation != "refund":
                return _("its operation is not a refund.")
            if (
                not self.under_warranty
                and not self.currency_id.is_zero(self.amount_total)
                and self.quote_state != "accepted"
            ):
                return _("it has charges: send the quotation and get it accepted first.")
        if action == "create_invoice" and self.operation == "refund":
            return _("its charges are deducted from the refund.")
        return super()._transition_blocker(action)

    # ------------------------------------------------------------------
    # Exchange
    # ------------------------------------------------------------------

    def _check_replacement(self, shipping=False):
        """Refuse an exchange without its replacement product, or (when it ships) whose replacement serial
        is already held by another active unit of that product."""
        exchanges = self.filtered(lambda repair: repair.operation == "exchange")
        without = exchanges.filtered(lambda repair: not repair.replacement_product_id)
        if without:
            raise UserError(
                _(
                    "Choose the replacement product of the exchange %(repairs)s first.",
                    repairs=", ".join(without.mapped("name")),
                )
            )
        if not shipping:
            return
        Equipment = self.env["aftersales.equipment"]
        for repair in exchanges.filtered("replacement_serial_number"):
            holder = Equipment._find_serial_holder(repair.replacement_product_id, repair.replacement_serial_number)
            if holder:
                raise UserError(
                    _(
                        "The replacement serial number %(serial)s of %(repair)s is already held by the unit "
                        "%(unit)s of %(customer)s.",
                        serial=repair.replacement_serial_number,
                        repair=repair.name,
                        unit=holder.display_name,
                        customer=holder.partner_id.display_name or _("no customer"),
                    )
                )

    def _action_ship(self):
        res = super()._action_ship()
        self.filtered(lambda repair: repair.operation == "exchange")._create_replacement_equipment()
        return res

    def _replacement_warranty_end(self):
        """The replacement's last covered day: the original's remaining warranty, or the company's minimum
        number of days from the shipment, whichever ends later."""
        self.ensure_one()
        shipped_day = fields.Date.context_today(self, self.shipped_date or fields.Datetime.now())
        days = self.company_id.aftersales_replacement_warranty_days
        ends = [end for end in (self.warranty_end_date, days and shipped_day + timedelta(days=days - 1)) if end]
        return max(ends) if ends else False

    def _prepare_replacement_equipment_vals(self):
        self.ensure_one()
        original = self.equipment_id
        shipped_day = fields.Date.context_today(self, self.shipped_date or fields.Datetime.now())
        return {
            "company_id": self.company_id.id,
            "product_id": self.replacement_product_id.id,
            "serial_number": self.replacement_serial_number or False,
            "partner_id": (original.partner_id or self.partner_id).id,
            "purchase_date": self.warranty_purchase_date or shipped_day,
            "warranty_months": self.warranty_months,
            "warranty_end_date": self._replacement_warranty_end(),
            "sales_reference": original.sales_reference or False,
            "replaced_equipment_id": original.id,
        }

    def _create_replacement_equipment(self):
        """Record each shipped replacement as the customer's new unit; the original points to it."""
        units = self.env["aftersales.equipment"].create(
            [repair._prepare_replacement_equipment_vals() for repair in self]
        )
        for repair, unit in zip(self, units, strict=True):
            repair.replacement_equipment_id = unit
            original = repair.equipment_id
            if original:
                original.replaced_by_id = unit
                original.message_post(
                    body=_(
                        "Replaced by %(unit)s, shipped with %(repair)s.",
                        unit=unit._get_html_link(),
                        repair=repair._get_html_link(),
                    )
                )
            unit.message_post(
                body=_(
                    "Replacement for %(unit)s, shipped with %(repair)s; warranty until %(end)s.",
                    unit=original._get_html_link() if original else repair.product_id.display_name,
                    repair=repair._get_html_link(),
                    end=unit.warranty_end_date or _("none"),
                )
            )
        return units

    # ------------------------------------------------------------------
    # Refund
    # ------------------------------------------------------------------

    def _get_sold_invoices(self):
        """``{repair: invoice}`` for the orders whose unit's sales reference is the number of a posted
        customer invoice of the same commercial partner and company. One query for the batch."""
        references = {ref for ref in self.mapped("equipment_id.sales_reference") if ref}
        if not references:
            return {}
        invoices = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("name", "in", list(references)),
                    ("company_id", "in", self.company_id.ids),
                ]
            )
        )
        by_key = {(inv.name, inv.commercial_partner_id, inv.company_id): inv for inv in invoices}
        found = {}
        for repair in self:
            invoice = by_key.get((repair.equipment_id.sales_reference, repair.commercial_partner_id, repair.company_id))
            if invoice:
                found[repair] = invoice
        return found

    def _refund_invoice_line(self, invoice):
        """The line of ``invoice`` that sold this order's product, if any."""
        self.ensure_one()
        return invoice.invoice_line_ids.filtered(lambda line: line.product_id == self.product_id)[:1]

    def _refund_deductions(self):
        """The lines deducted from the refund: out of warranty, the accepted quotation's chargeable lines."""
        self.ensure_one()
        return self.env["aftersales.repair.line"] if self.under_warranty else self._chargeable_lines()

    def _check_refundable(self, invoices):
        """Refuse refunds with nothing to refund (no invoice line, no price) or whose deductions exceed it."""
        without = self.filtered(
            lambda repair: not (invoices.get(repair) and repair._refund_invoice_line(invoices[repair]))
            and repair.currency_id.is_zero(repair.refund_price)
        )
        if without:
            raise UserError(
                _(
                    "Nothing to refund on %(repairs)s: give the unit's sales reference (the number of the "
                    "customer's posted invoice) or a refundable price on the order.",
                    repairs=", ".join(without.mapped("name")),
                )
            )
        for repair in self:
            deductions = repair._refund_deductions()
            if not deductions:
                continue
            invoice_line = invoices.get(repair) and repair._refund_invoice_line(invoices[repair])
            currency = invoice_line.currency_id if invoice_line else repair.currency_id
            if invoice_line:
                price = invoice_line.price_subtotal / (invoice_line.quantity or 1.0)
            else:
                price = repair.refund_price
            if currency != repair.currency_id:
                raise UserError(
                    _(
                        "%(repair)s deducts charges in %(currency)s from an invoice in %(invoice_currency)s: "
                        "refund it from Accounting.",
                        repair=repair.name,
                        currency=repair.currency_id.name,
                        invoice_currency=currency.name,
                    )
                )
            charged = sum(deductions.mapped("price_subtotal"))
            if currency.compare_amounts(charged, price) > 0:
                raise UserError(
                    _(
                        "The charges of %(repair)s (%(charged)s) exceed the refund (%(price)s).",
                        repair=repair.name,
                        charged=currency.format(charged),
                        price=currency.format(price),
                    )
                )

    def _prepare_refund_vals(self, invoice=None):
        """The customer credit note of this order: one unit at the price of the invoice that sold it
        (reversing it), else at the order's refundable price; minus the deductions, as negative lines."""
        self.ensure_one()
        invoice_line = invoice and self._refund_invoice_line(invoice)
        if invoice_line:
            unit_line = {
                "display_type": "product",
                "product_id": invoice_line.product_id.id,
                "name": invoice_line.name,
                "quantity": 1.0,
                "product_uom_id": invoice_line.product_uom_id.id,
                "price_unit": invoice_line.price_unit,
                "discount": invoice_line.discount,
                "tax_ids": [(6, 0, invoice_line.tax_ids.ids)],
                "account_id": invoice_line.account_id.id,
            }
        else:
            invoice = None
            unit_line = {
                "display_type": "product",
                "product_id": self.product_id.id,
                "name": self.equipment_id.display_name or self.product_id.display_name,
                "quantity": 1.0,
                "price_unit": self.refund_price,
            }
        deductions = [
            {**line._prepare_invoice_line_vals(), "quantity": -line.quantity} for line in self._refund_deductions()
        ]
        return {
            "move_type": "out_refund",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "currency_id": (invoice.currency_id if invoice else self.currency_id).id,
            "fiscal_position_id": (invoice.fiscal_position_id if invoice else self.fiscal_position_id).id,
            "invoice_origin": self.name,
            "ref": _("Return of %(unit)s, %(repair)s", unit=unit_line["name"], repair=self.name),
            "payment_reference": self.name,
            "reversed_entry_id": invoice.id if invoice else False,
            "aftersales_refund_repair_id": self.id,
            "invoice_line_ids": [(0, 0, vals) for vals in [unit_line, *deductions]],
        }

    def action_create_refund(self):
        """Take the unit back (退货): create the customer credit note, reversing the invoice that sold it
        when the unit's sales reference names one, else for the refundable price. Out of warranty the
        accepted quotation's charges are deducted. Accounting posts it and pays it as any credit note; the
        order is settled when it is paid.

        Returns the action opening the credit notes for users who may read them, ``True`` for the others.
        """
        self._check_transition("create_refund")
        self._check_refundable(self._get_sold_invoices())
        self._action_create_refund()
        if len(self) == 1 and self.env["account.move"].has_access("read"):
            return self.action_view_refunds()
        return True

    def _action_create_refund(self):
        invoices = self._get_sold_invoices()
        # Service staff prepare the draft credit note; posting and paying it stays with accounting.
        moves = (
            self.env["account.move"]
            .sudo()
            .create([repair._prepare_refund_vals(invoices.get(repair)) for repair in self])
        )
        self.write({"state": "refunded"})
        for repair, move in zip(self, moves, strict=True):
            repair.message_post(
                body=_(
                    "Credit note %(move)s created for %(amount)s.",
                    move=move.display_name,
                    amount=move.currency_id.format(move.amount_total),
                )
            )
        return moves

    def action_view_refunds(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_refund_type")
        if len(self.refund_ids) == 1:
            action.update(views=[(False, "form")], res_id=self.refund_ids.id)
        else:
            action["domain"] = [("id", "in", self.refund_ids.ids)]
        action["context"] = {"default_move_type": "out_refund"}
        return action
