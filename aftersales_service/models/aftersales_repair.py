from odoo import _, api, fields, models
from odoo.exceptions import UserError

REPAIR_STATES = [
    ("draft", "Draft"),
    ("received", "Received"),
    ("diagnosis", "Diagnosis"),
    ("quoted", "Quoted"),
    ("approved", "Approved"),
    ("in_repair", "In Repair"),
    ("waiting_parts", "Waiting for Parts"),
    ("repaired", "Repaired"),
    ("shipped", "Shipped"),
    ("refunded", "Refunded"),
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

# The transition table: each action and the states it may start from. It
# drives both the guards and the buttons (``can_<action>``).
REPAIR_TRANSITIONS = {
    "receive": ("draft",),
    "diagnose": ("received",),
    "void_warranty": ("received", "diagnosis"),
    "send_quote": ("received", "diagnosis", "quoted"),
    "accept_quote": ("quoted",),
    "decline_quote": ("quoted",),
    "create_invoice": ("approved", "in_repair", "repaired", "shipped"),
    "start_repair": ("received", "diagnosis", "approved", "waiting_parts"),
    "wait_parts": ("received", "diagnosis", "approved", "in_repair"),
    "finish_repair": ("in_repair",),
    "mark_quote_sent": ("received", "diagnosis", "quoted"),
    "create_refund": ("received", "diagnosis", "approved"),
    "ship": ("repaired",),
    "done": ("shipped", "refunded"),
    "cancel": ("draft", "received", "diagnosis", "quoted", "approved", "in_repair", "waiting_parts", "repaired"),
}

# What the order does with the unit, decided after diagnosis (policy 3.2, 4.3), and the request's
# resolution each one means.
OPERATIONS = [
    ("repair", "Repair"),
    ("exchange", "Exchange"),
    ("refund", "Refund"),
]
OPERATION_RESOLUTIONS = {"repair": "repair", "exchange": "exchange", "refund": "return"}

PAYMENT_STATES = [
    ("not_required", "Nothing to Pay"),
    ("to_invoice", "To Invoice"),
    ("not_paid", "Not Paid"),
    ("in_payment", "In Payment"),
    ("partial", "Partially Paid"),
    ("paid", "Paid"),
]


def moves_payment_state(moves):
    """The payment state of a set of customer invoices (or credit notes) as a whole: ``paid`` when all are
    paid (or reversed), ``in_payment``, ``partial``, ``not_paid``; ``False`` when none is left uncancelled."""
    states = set(moves.filtered(lambda move: move.state != "cancel").mapped("payment_state"))
    if not states:
        return False
    if states <= {"paid", "reversed"}:
        return "paid"
    if states <= {"paid", "in_payment", "reversed"}:
        return "in_payment"
    if states & {"paid", "in_payment", "partial"}:
        return "partial"
    return "not_paid"


class AftersalesRepair(models.Model):
    _name = "aftersales.repair"
    _description = "Repair Order"
    _inherit = [
        "aftersales.client.reference.mixin",
        "aftersales.portal.mixin",
        # Before mail.thread, which they extend.
        "aftersales.rating.mixin",
        "aftersales.portal.upload.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "aftersales.sla.team.mixin",
        "aftersales.workflow.mixin",
    ]
    _order = "sla_deadline, id desc"
    _check_company_auto = True
    # Customers post on their own repair orders from the portal (read access,
    # record rules on the commercial partner).
    _mail_post_access = "read"
    # "settled": the customer has what the order owes (the repaired or replacement unit shipped, or the
    # refund paid): the end of R6.
    _sla_events = ("created", "received", "repair_finished", "shipped", "settled", "done")
    _sla_state_events = {"received": "received", "repaired": "repair_finished", "shipped": "shipped", "done": "done"}
    _sla_final_states = ("done",)
    _sla_cancel_states = ("cancelled",)
    _rating_request_template = "aftersales_service.mail_template_repair_rating"

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
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        domain="[('id', 'in', allowed_user_ids)]",
    )
    allowed_user_ids = fields.Many2many(
        "res.users", compute="_compute_allowed_user_ids", help="The team's members, who can take the repair."
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
    fault_code_id = fields.Many2one(
        "aftersales.fault.code",
        compute="_compute_fault_code_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        index="btree_not_null",
        domain="[('applicable_product_id', '=', product_id)]",
    )
    turnaround_hours = fields.Float(
        string="Turnaround (working hours)",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Working hours from the device's receipt to its return shipment, stored at shipping.",
    )

    # Receipt and shipping (R10, R11)
    received_date = fields.Datetime(tracking=True, copy=False)
    inbound_carrier = fields.Char(tracking=True)
    inbound_tracking_ref = fields.Char(string="Inbound Tracking Reference", tracking=True, copy=False)
    accessories_received = fields.Many2many("aftersales.accessory")
    accessory_warning = fields.Char(compute="_compute_accessory_warning")
    outbound_carrier = fields.Char(tracking=True)
    outbound_tracking_ref = fields.Char(string="Outbound Tracking Reference", tracking=True, copy=False)
    shipped_date = fields.Datetime(readonly=True, copy=False)
    settled_date = fields.Datetime(
        readonly=True,
        copy=False,
        help="When the customer had what the order owes: the repaired or replacement unit shipped, or the refund "
        "paid (the end of R6).",
    )
    done_date = fields.Datetime(string="Done on", readonly=True, copy=False)

    # Warranty decision, kept with its evidence (R7, R8)
    under_warranty = fields.Boolean(readonly=True, copy=False, tracking=True)
    warranty_checked_on = fields.Date(readonly=True, copy=False)
    warranty_purchase_date = fields.Date(string="Purchase Date Used", readonly=True, copy=False)
    warranty_months = fields.Integer(string="Warranty Months Used", readonly=True, copy=False)
    warranty_end_date = fields.Date(string="Warranty End Used", readonly=True, copy=False)
    warranty_void_reason = fields.Selection(WARRANTY_VOID_REASONS, tracking=True, copy=False)
    warranty_void_note = fields.Char(tracking=True, copy=False)

    # Buttons: one per action of the transition table
    can_receive = fields.Boolean(compute="_compute_can_act")
    can_diagnose = fields.Boolean(compute="_compute_can_act")
    can_void_warranty = fields.Boolean(compute="_compute_can_act")
    can_send_quote = fields.Boolean(compute="_compute_can_act")
    can_accept_quote = fields.Boolean(compute="_compute_can_act")
    can_decline_quote = fields.Boolean(compute="_compute_can_act")
    can_create_invoice = fields.Boolean(compute="_compute_can_act")
    can_start_repair = fields.Boolean(compute="_compute_can_act")
    can_wait_parts = fields.Boolean(compute="_compute_can_act")
    can_finish_repair = fields.Boolean(compute="_compute_can_act")
    can_mark_quote_sent = fields.Boolean(compute="_compute_can_act")
    can_ship = fields.Boolean(compute="_compute_can_act")
    can_done = fields.Boolean(compute="_compute_can_act")
    can_cancel = fields.Boolean(compute="_compute_can_act")

    _sql_constraints = [
        ("diagnostic_fee_positive", "CHECK(diagnostic_fee >= 0)", "The diagnostic fee cannot be negative."),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    def _compute_access_url(self):
        for repair in self:
            repair.access_url = f"/my/repairs/{repair.id}"

    @api.depends("request_id.technician_id")
    def _compute_user_id(self):
        for repair in self:
            if repair.request_id.technician_id:
                repair.user_id = repair.request_id.technician_id
            elif not repair.user_id and not repair.request_id and not self.env.user.share:
                repair.user_id = self.env.user

    @api.depends("team_id.member_ids", "team_id.manager_id")
    def _compute_allowed_user_ids(self):
        for repair in self:
            repair.allowed_user_ids = repair.team_id._get_service_users()

    @api.depends("request_id")
    def _compute_team_id(self):
        for repair in self:
            repair.team_id = repair.request_id.team_id or repair.team_id

    @api.depends("equipment_id")
    def _compute_product_id(self):
        for repair in self:
            repair.product_id = repair.equipment_id.product_id or repair.product_id

    @api.depends("request_id")
    def _compute_fault_code_id(self):
        # From the request when it has one; the technician may refine it after diagnosis.
        for repair in self:
            repair.fault_code_id = repair.request_id.fault_code_id or repair.fault_code_id

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
        "state",
        "operation",
        "under_warranty",
        "amount_total",
        "quote_state",
        "payment_state",
        "refund_payment_state",
        "company_id.aftersales_repair_requires_payment",
    )
    def _compute_can_act(self):
        return super()._compute_can_act()

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in self._new_client_vals(vals_list):
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

    def _get_transitions(self):
        return {**super()._get_transitions(), **REPAIR_TRANSITIONS}

    def _transition_labels(self):
        return {
            "receive": _("Receipt"),
            "diagnose": _("Diagnosis"),
            "void_warranty": _("Voiding the warranty"),
            "send_quote": _("Sending the quotation"),
            "accept_quote": _("Accepting the quotation"),
            "decline_quote": _("Declining the quotation"),
            "create_invoice": _("Invoicing"),
            "start_repair": _("Starting the repair"),
            "wait_parts": _("Waiting for parts"),
            "create_refund": _("Refunding"),
            "finish_repair": _("Finishing the repair"),
            "mark_quote_sent": _("Marking the quotation as sent"),
            "ship": _("Shipping"),
            "done": _("Closing"),
            "cancel": _("Cancellation"),
        }

    def _transition_blocker(self, action):
        self.ensure_one()
        has_charges = not self.currency_id.is_zero(self.amount_total)
        if action == "void_warranty" and not self.under_warranty:
            return _("the repair is not under warranty.")
        if action in ("send_quote", "mark_quote_sent") and not has_charges:
            return _("nothing to charge: repair it under warranty instead of quoting.")
        if action == "create_invoice":
            if self.payment_state != "to_invoice":
                return _("already invoiced.") if has_charges else _("nothing to invoice.")
        if action == "wait_parts" and self.state != "in_repair":
            # Waiting for parts before starting needs what starting needs.
            action = "start_repair"
        if action == "start_repair":
            if self.operation == "refund":
                return _("the unit is refunded, not repaired: create the refund instead.")
            if self.quote_state != "accepted" and has_charges:
                return _("it has charges: send the quotation and get it accepted first.")
            if self._is_payment_required():
                return _(
                    "it waits for the customer's payment of %(amount)s.",
                    amount=self.currency_id.format(self.amount_total),
                )
        if action == "done" and self.state == "refunded" and self.refund_payment_state not in ("paid", "in_payment"):
            return _("the refund is not paid yet.")
        return super()._transition_blocker(action)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_start_repair(self):
        """Start repairing: under warranty right away; otherwise once approved (and paid, if required)."""
        self._check_transition("start_repair")
        self._check_replacement()
        self._action_start_repair()
        return True

    def _action_start_repair(self):
        self.write({"state": "in_repair"})

    def action_wait_parts(self):
        """Put the order on hold until its spare parts arrive; the repair clock (R5) pauses meanwhile."""
        self._check_transition("wait_parts")
        self._action_wait_parts()
        return True

    def _action_wait_parts(self):
        self.write({"state": "waiting_parts"})

    def action_finish_repair(self):
        """The repair is done; the device waits for its return shipment."""
        self._check_transition("finish_repair")
        self._action_finish_repair()
        return True

    def _action_finish_repair(self):
        self.write({"state": "repaired"})

    def action_ship(self):
        """Ship the device back with the courier's tracking reference (R6, R11)."""
        self._check_transition("ship")
        self._check_replacement(shipping=True)
        without = self.filtered(lambda r: not (r.outbound_carrier and r.outbound_tracking_ref))
        if without:
            raise UserError(
                _(
                    "Enter the outbound carrier and tracking reference of %(repairs)s before shipping.",
                    repairs=", ".join(without.mapped("name")),
                )
            )
        self._action_ship()
        return True

    def _action_ship(self):
        self.write({"state": "shipped", "shipped_date": fields.Datetime.now()})
        self._store_turnaround()
        self._settle()

    def _settle(self, when=None):
        """The customer has what the order owes: record when, and fire ``settled`` (the end of R6)."""
        when = when or self._sla_now()
        to_settle = self.filtered(lambda repair: not repair.settled_date)
        if to_settle:
            to_settle.write({"settled_date": when})
            to_settle._sla_fire("settled", when=when)

    def _store_turnaround(self):
        """Store each finished order's turnaround, the one definition reports and analyses read: from
        receipt to the return shipment (or to done, for an order closed without one), in working hours on
        the order's calendar."""
        for calendar, repairs in self.grouped(lambda repair: repair._sla_calendar()).items():
            spans = [(repair.received_date, repair.shipped_date or repair.done_date) for repair in repairs]
            hours = calendar._work_hours_batch(spans) if calendar else [0.0] * len(spans)
            for repair, turnaround in zip(repairs, hours, strict=True):
                repair.turnaround_hours = turnaround

    def action_done(self):
        """Close the repair order once the customer has the device."""
        self._check_transition("done")
        self._action_done()
        return True

    def _action_done(self):
        self.write({"state": "done", "done_date": fields.Datetime.now()})
        self.filtered(lambda repair: not repair.shipped_date)._store_turnaround()
        self._send_rating_request()

    def action_cancel(self):
        """Cancel the repair order (posted invoices must be reversed in Accounting)."""
        self._check_transition("cancel")
        self._action_cancel()
        return True

    def _action_cancel(self):
        self.write({"state": "cancelled"})

    def action_preview(self):
        """Open the repair order's portal page, as the customer sees it."""
        self.ensure_one()
        return {"type": "ir.actions.act_url", "target": "self", "url": self.get_portal_url()}

    def action_view_request(self):
        """Open the service request this repair order comes from."""
        self.ensure_one()
        return self.request_id.get_formview_action()

    def _sla_responsible_user(self):
        """The technician of the order, else the team manager."""
        self.ensure_one()
        return self.user_id or self.team_id.manager_id

    def _sla_event_time(self, event):
        self.ensure_one()
        if event == "received":
            return self.received_date
        if event == "settled":
            return self.settled_date
        return super()._sla_event_time(event)

    def _get_report_base_filename(self):
        self.ensure_one()
        return _("Repair Quotation - %(name)s", name=self.name)
