from odoo import _, api, fields, models
from odoo.exceptions import UserError

REPAIR_STATES = [
    ("draft", "Draft"),
    ("received", "Received"),
    ("diagnosis", "Diagnosis"),
    ("quoted", "Quoted"),
    ("approved", "Approved"),
    ("in_repair", "In Repair"),
    ("repaired", "Repaired"),
    ("shipped", "Shipped"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]

QUOTE_STATES = [
    ("none", "Not Quoted"),
    ("sent", "Sent"),
    ("accepted", "Accepted"),
    ("declined", "Declined"),
]

WARRANTY_VOID_REASONS = [
    ("human_damage", "Human Damage"),
    ("special_request", "Special Request (e.g. housing replacement)"),
    ("other", "Other"),
]

PAYMENT_STATES = [
    ("not_required", "Nothing to Pay"),
    ("to_invoice", "To Invoice"),
    ("not_paid", "Not Paid"),
    ("in_payment", "In Payment"),
    ("partial", "Partially Paid"),
    ("paid", "Paid"),
]


class AftersalesRepair(models.Model):
    _name = "aftersales.repair"
    _description = "Repair Order"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.sla.mixin"]
    _order = "sla_deadline, id desc"
    _check_company_auto = True
    _sla_clock_field = "repair_id"
    _sla_state_events = {"received": "received", "repaired": "repair_finished", "shipped": "shipped", "done": "done"}
    _sla_final_states = ("done",)
    _sla_cancel_states = ("cancelled",)

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, index="trigram", default=lambda self: _("New")
    )
    state = fields.Selection(
        REPAIR_STATES,
        string="Status",
        required=True,
        default="draft",
        copy=False,
        tracking=True,
        index=True,
        group_expand=True,
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    request_id = fields.Many2one(
        "aftersales.request", string="Service Request", index=True, check_company=True, tracking=True
    )
    team_id = fields.Many2one(
        "aftersales.team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Technician",
        tracking=True,
        domain="[('share', '=', False)]",
        default=lambda self: self.env.user if not self.env.user.share else False,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, tracking=True, index=True, check_company=True
    )
    equipment_id = fields.Many2one(
        "aftersales.equipment",
        tracking=True,
        index=True,
        check_company=True,
        domain="['|', ('partner_id', '=', False), ('partner_id', 'child_of', commercial_partner_id)]",
    )
    product_id = fields.Many2one(
        "product.product",
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        tracking=True,
    )
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id")
    serial_number = fields.Char(related="equipment_id.serial_number")
    priority = fields.Selection(related="request_id.priority", string="Priority")
    description = fields.Html(string="Fault")
    diagnosis = fields.Html()

    # Receipt and shipping (R10, R11)
    received_date = fields.Datetime(tracking=True, copy=False)
    inbound_carrier = fields.Char(tracking=True)
    inbound_tracking_ref = fields.Char(string="Inbound Tracking Reference", tracking=True, copy=False)
    accessories_received = fields.Many2many("aftersales.accessory")
    accessory_warning = fields.Char(compute="_compute_accessory_warning")
    outbound_carrier = fields.Char(tracking=True)
    outbound_tracking_ref = fields.Char(string="Outbound Tracking Reference", tracking=True, copy=False)
    shipped_date = fields.Datetime(readonly=True, copy=False)

    # Warranty decision, kept with its evidence (R7, R8)
    under_warranty = fields.Boolean(readonly=True, copy=False, tracking=True)
    warranty_checked_on = fields.Date(readonly=True, copy=False)
    warranty_purchase_date = fields.Date(string="Purchase Date Used", readonly=True, copy=False)
    warranty_months = fields.Integer(string="Warranty Months Used", readonly=True, copy=False)
    warranty_end_date = fields.Date(string="Warranty End Used", readonly=True, copy=False)
    warranty_void_reason = fields.Selection(WARRANTY_VOID_REASONS, tracking=True, copy=False)
    warranty_void_note = fields.Char(tracking=True, copy=False)

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
    diagnostic_fee = fields.Monetary(help="Charged when the customer declines the quotation.")
    quote_state = fields.Selection(QUOTE_STATES, required=True, default="none", tracking=True, copy=False)
    quote_sent_date = fields.Datetime(readonly=True, copy=False)
    quote_validity_date = fields.Date(readonly=True, copy=False)
    quote_decision_date = fields.Datetime(readonly=True, copy=False)
    quote_confirmation_ids = fields.Many2many(
        "ir.attachment",
        string="Customer Confirmation",
        help="The signed, faxed or scanned confirmation of the quotation.",
    )
    invoice_ids = fields.One2many("account.move", "aftersales_repair_id", string="Invoices", readonly=True)
    invoice_count = fields.Integer(compute="_compute_invoice_count", compute_sudo=True)
    payment_state = fields.Selection(PAYMENT_STATES, compute="_compute_payment_state", store=True, tracking=True)

    # Service levels (R5, R6)
    sla_clock_ids = fields.One2many("aftersales.sla.clock", "repair_id", string="SLA Clocks")

    _sql_constraints = [
        ("diagnostic_fee_positive", "CHECK(diagnostic_fee >= 0)", "The diagnostic fee cannot be negative."),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("request_id")
    def _compute_team_id(self):
        for repair in self:
            repair.team_id = repair.request_id.team_id or repair.team_id

    @api.depends("equipment_id")
    def _compute_product_id(self):
        for repair in self:
            repair.product_id = repair.equipment_id.product_id or repair.product_id

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

    @api.depends("accessories_received")
    def _compute_accessory_warning(self):
        for repair in self:
            advised = repair.accessories_received.filtered("advise_against")
            repair.accessory_warning = (
                _(
                    "Received although customers are advised not to send them: %(items)s. "
                    "Record them and return them with the device.",
                    items=", ".join(advised.mapped("name")),
                )
                if advised
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
            lines = repair._chargeable_lines()
            repair.amount_untaxed = sum(lines.mapped("price_subtotal"))
            repair.amount_tax = sum(lines.mapped("price_tax"))
            repair.amount_total = sum(lines.mapped("price_total"))

    @api.depends("invoice_ids")
    def _compute_invoice_count(self):
        for repair in self:
            repair.invoice_count = len(repair.invoice_ids)

    @api.depends("invoice_ids.state", "invoice_ids.payment_state", "amount_total", "currency_id")
    def _compute_payment_state(self):
        for repair in self:
            invoices = repair.invoice_ids.filtered(lambda m: m.state != "cancel")
            if invoices:
                states = set(invoices.mapped("payment_state"))
                if states <= {"paid", "reversed"}:
                    repair.payment_state = "paid"
                elif states <= {"paid", "in_payment", "reversed"}:
                    repair.payment_state = "in_payment"
                elif states & {"paid", "in_payment", "partial"}:
                    repair.payment_state = "partial"
                else:
                    repair.payment_state = "not_paid"
            elif repair.currency_id.is_zero(repair.amount_total):
                repair.payment_state = "not_required"
            else:
                repair.payment_state = "to_invoice"

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("aftersales.repair") or _("New")
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_live(self):
        live = self.filtered(lambda r: r.state not in ("draft", "cancelled"))
        if live:
            raise UserError(
                _(
                    "Repair orders are archived, not deleted: cancel %(repairs)s first.",
                    repairs=", ".join(live.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _chargeable_lines(self):
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: not line.covered_by_warranty)
        if self.quote_state == "declined":
            lines = lines.filtered("is_diagnostic_fee")
        return lines

    def _is_payment_required(self):
        """Whether the repair may only start once the customer paid (R9, company setting)."""
        self.ensure_one()
        return (
            self.company_id.aftersales_repair_requires_payment
            and not self.currency_id.is_zero(self.amount_total)
            and self.payment_state not in ("paid", "in_payment")
        )

    def _check_state(self, allowed, label):
        wrong = self.filtered(lambda r: r.state not in allowed)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                _(
                    "%(action)s is not possible for %(repairs)s: status is %(states)s.",
                    action=label,
                    repairs=", ".join(wrong.mapped("name")),
                    states=", ".join(sorted({labels[s] for s in wrong.mapped("state")})),
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_receive(self):
        """Record the device's arrival (R10, R11) and decide the warranty (R7).

        The decision uses the equipment's purchase date and warranty on the
        day of receipt, and keeps that evidence on the order.
        """
        self._check_state(("draft",), _("Receipt"))
        now = fields.Datetime.now()
        for repair in self:
            received = repair.received_date or now
            day = fields.Date.context_today(repair, received)
            equipment = repair.equipment_id
            covered = bool(equipment) and equipment.is_under_warranty_on(day)
            repair.write(
                {
                    "received_date": received,
                    "state": "received",
                    "under_warranty": covered,
                    "warranty_checked_on": day,
                    "warranty_purchase_date": equipment.purchase_date,
                    "warranty_months": equipment.warranty_months,
                    "warranty_end_date": equipment.warranty_end_date,
                }
            )
            if repair.accessory_warning:
                repair.message_post(body=repair.accessory_warning, subtype_xmlid="mail.mt_note")

    def action_diagnose(self):
        """Start the diagnosis of a received device."""
        self._check_state(("received",), _("Diagnosis"))
        self.write({"state": "diagnosis"})

    def action_void_warranty(self):
        """Charge the repair although the unit is in warranty (human damage, special request: R8).

        The reason must be written on the order first.
        """
        self._check_state(("received", "diagnosis"), _("Voiding the warranty"))
        without = self.filtered(lambda r: not r.warranty_void_reason)
        if without:
            raise UserError(
                _("Give the reason for voiding the warranty of %(repairs)s.", repairs=", ".join(without.mapped("name")))
            )
        self.write({"under_warranty": False})

    def action_send_quote(self):
        """Email the non-warranty repair quotation (R9) with its PDF, in the customer's language."""
        self._check_state(("received", "diagnosis", "quoted"), _("Sending the quotation"))
        for repair in self:
            if repair.currency_id.is_zero(repair.amount_total):
                raise UserError(
                    _(
                        "%(repair)s has nothing to charge: repair it under warranty instead of quoting.",
                        repair=repair.name,
                    )
                )
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        for repair in self:
            repair.write(
                {
                    "state": "quoted",
                    "quote_state": "sent",
                    "quote_sent_date": now,
                    "quote_validity_date": fields.Date.add(
                        today, days=repair.company_id.aftersales_quote_validity_days
                    ),
                }
            )
        template = self.env.ref("aftersales_service.mail_template_repair_quotation")
        for repair in self:
            repair.message_post_with_source(template, subtype_xmlid="mail.mt_comment")

    def action_accept_quote(self):
        """Record the customer's acceptance; the signed or faxed confirmation must be attached."""
        self._check_state(("quoted",), _("Accepting the quotation"))
        without = self.filtered(lambda r: not r.quote_confirmation_ids)
        if without:
            raise UserError(
                _(
                    "Attach the customer's signed or faxed confirmation to %(repairs)s before recording the "
                    "acceptance.",
                    repairs=", ".join(without.mapped("name")),
                )
            )
        self.write({"state": "approved", "quote_state": "accepted", "quote_decision_date": fields.Datetime.now()})

    def action_decline_quote(self):
        """The customer declines: the device goes back unrepaired, with the diagnostic fee if any."""
        self._check_state(("quoted",), _("Declining the quotation"))
        fee_lines = []
        for repair in self:
            if not repair.currency_id.is_zero(repair.diagnostic_fee):
                fee_lines.append(
                    {
                        "repair_id": repair.id,
                        "line_type": "fee",
                        "name": _("Diagnostic fee"),
                        "quantity": 1.0,
                        "price_unit": repair.diagnostic_fee,
                        "is_diagnostic_fee": True,
                        "sequence": 1000,
                    }
                )
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
        """Create the customer invoice of the chargeable lines; it carries the order's payment reference."""
        self._check_state(("approved", "in_repair", "repaired", "shipped"), _("Invoicing"))
        # Service staff may not read invoices: look at the order's own ones.
        for repair in self:
            if repair.sudo().invoice_ids.filtered(lambda m: m.state != "cancel"):
                raise UserError(_("%(repair)s is already invoiced.", repair=repair.name))
            if repair.currency_id.is_zero(repair.amount_total):
                raise UserError(_("%(repair)s has nothing to invoice.", repair=repair.name))
        # Service staff prepare the draft invoice from the order; posting it
        # stays with accounting (their rights are checked when they post).
        moves = self.env["account.move"].sudo().create([repair._prepare_invoice_vals() for repair in self])
        for repair, move in zip(self, moves, strict=True):
            repair.message_post(body=_("Invoice %(invoice)s created.", invoice=move._get_html_link()))
        if len(self) == 1 and self.env["account.move"].has_access("read"):
            return self.action_view_invoices()
        return False

    def action_start_repair(self):
        """Start repairing: under warranty right away; otherwise once approved (and paid, if required)."""
        self._check_state(("received", "diagnosis", "approved"), _("Starting the repair"))
        for repair in self:
            if repair.state != "approved" and not repair.currency_id.is_zero(repair.amount_total):
                raise UserError(
                    _("%(repair)s has charges: send the quotation and get it accepted first.", repair=repair.name)
                )
            if repair._is_payment_required():
                raise UserError(
                    _(
                        "%(repair)s waits for the customer's payment of %(amount)s before the repair starts.",
                        repair=repair.name,
                        amount=repair.currency_id.format(repair.amount_total),
                    )
                )
        self.write({"state": "in_repair"})

    def action_finish_repair(self):
        """The repair is done; the device waits for its return shipment."""
        self._check_state(("in_repair",), _("Finishing the repair"))
        self.write({"state": "repaired"})

    def action_ship(self):
        """Ship the device back with the courier's tracking reference (R6, R11)."""
        self._check_state(("repaired",), _("Shipping"))
        without = self.filtered(lambda r: not (r.outbound_carrier and r.outbound_tracking_ref))
        if without:
            raise UserError(
                _(
                    "Enter the outbound carrier and tracking reference of %(repairs)s before shipping.",
                    repairs=", ".join(without.mapped("name")),
                )
            )
        self.write({"state": "shipped", "shipped_date": fields.Datetime.now()})

    def action_done(self):
        """Close the repair order once the customer has the device."""
        self._check_state(("shipped",), _("Closing"))
        self.write({"state": "done"})

    def action_cancel(self):
        """Cancel the repair order (posted invoices must be reversed in Accounting)."""
        self._check_state(
            ("draft", "received", "diagnosis", "quoted", "approved", "in_repair", "repaired"), _("Cancellation")
        )
        self.write({"state": "cancelled"})

    def action_view_request(self):
        """Open the service request this repair order comes from."""
        self.ensure_one()
        return self.request_id.get_formview_action()

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        if len(self.invoice_ids) == 1:
            action.update(views=[(False, "form")], res_id=self.invoice_ids.id)
        else:
            action["domain"] = [("id", "in", self.invoice_ids.ids)]
        action["context"] = {"default_move_type": "out_invoice"}
        return action

    def _sla_event_time(self, event):
        self.ensure_one()
        if event == "received":
            return self.received_date
        return super()._sla_event_time(event)

    def _get_report_base_filename(self):
        self.ensure_one()
        return _("Repair Quotation - %(name)s", name=self.name)
