from odoo import _, api, fields, models
from odoo.exceptions import UserError

REQUEST_TYPES = [
    ("consultation", "Consultation"),
    ("repair", "Repair Request"),
    ("complaint", "Complaint"),
    ("suggestion", "Suggestion"),
]

CHANNELS = [
    ("phone", "Phone"),
    ("email", "Email"),
    ("portal", "Portal"),
    ("letter", "Letter"),
    ("visit", "Visit"),
    ("fax", "Fax"),
]

REQUEST_STATES = [
    ("new", "New"),
    ("in_progress", "In Progress"),
    ("escalated", "Escalated"),
    ("dispatched", "Dispatched"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]

RESOLUTIONS = [
    ("remote", "Solved Remotely"),
    ("repair", "Mail-in Repair"),
    ("onsite", "On-site Intervention"),
    ("return", "Return"),
    ("exchange", "Exchange"),
]

PRIORITIES = [
    ("0", "Normal"),
    ("1", "High"),
    ("2", "Urgent"),
]

# Default priority of a customer's requests, by service tier.
TIER_PRIORITY = {"standard": "0", "key_account": "1", "major_project": "2"}

OPEN_STATES = ("new", "in_progress", "escalated", "dispatched")

# The transition table: each action and the states it may start from. It
# drives both the guards and the buttons (``can_<action>``).
REQUEST_TRANSITIONS = {
    "start": ("new",),
    "escalate": ("new", "in_progress"),
    "dispatch": ("escalated",),
    "create_repair": OPEN_STATES,
    "resolve": OPEN_STATES,
    "close": ("resolved",),
    "cancel": OPEN_STATES,
    "reopen": ("resolved", "cancelled"),
}


class AftersalesRequest(models.Model):
    _name = "aftersales.request"
    _description = "Service Request"
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
    _order = "priority desc, sla_deadline, create_date desc, id desc"
    _rec_names_search = ["name", "subject", "contact_name", "partner_id"]
    _check_company_auto = True
    # Customers post on their own requests from the portal (read access,
    # record rules on the commercial partner).
    _mail_post_access = "read"
    _sla_events = ("created", "replied", "escalated", "dispatched", "resolved")
    _sla_state_events = {"escalated": "escalated", "dispatched": "dispatched", "resolved": "resolved"}
    _sla_final_states = ("resolved", "closed")
    _sla_cancel_states = ("cancelled",)
    _rating_request_template = "aftersales_service.mail_template_request_rating"

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: _("New"),
    )
    subject = fields.Char(tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    request_type = fields.Selection(
        REQUEST_TYPES, string="Type", required=True, default="consultation", tracking=True, index=True
    )
    channel = fields.Selection(CHANNELS, required=True, default="phone", tracking=True)
    state = fields.Selection(
        REQUEST_STATES,
        string="Status",
        required=True,
        default="new",
        copy=False,
        tracking=True,
        index=True,
        group_expand=True,
    )
    priority = fields.Selection(
        PRIORITIES,
        compute="_compute_priority",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        index=True,
    )
    color = fields.Integer()

    # Routing and people
    team_id = fields.Many2one(
        "aftersales.team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned to",
        default=lambda self: self.env.user if not self.env.user.share else False,
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
    )
    project_manager_id = fields.Many2one(
        "res.users",
        compute="_compute_project_manager_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    technician_id = fields.Many2one("res.users", tracking=True, domain="[('id', 'in', allowed_user_ids)]")
    allowed_user_ids = fields.Many2many(
        "res.users", compute="_compute_allowed_user_ids", help="The team's members, who can be dispatched."
    )
    onsite_visit = fields.Boolean(string="On-site Visit", tracking=True)
    complaint_category_id = fields.Many2one(
        "aftersales.complaint.category",
        compute="_compute_complaint_category_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        index=True,
        check_company=True,
    )

    # Outcome
    resolution = fields.Selection(RESOLUTIONS, tracking=True)
    resolution_note = fields.Html(string="Outcome")
    escalation_date = fields.Datetime(readonly=True, copy=False)
    dispatch_date = fields.Datetime(readonly=True, copy=False)
    resolve_date = fields.Datetime(string="Resolved on", readonly=True, copy=False)
    close_date = fields.Datetime(string="Closed on", readonly=True, copy=False)
    fault_code_id = fields.Many2one(
        "aftersales.fault.code",
        tracking=True,
        index="btree_not_null",
        domain="[('applicable_product_id', '=', product_id)]",
    )
    repair_ids = fields.One2many("aftersales.repair", "request_id", string="Repair Orders")
    repair_count = fields.Integer(compute="_compute_repair_count")

    # Buttons: one per action of the transition table
    intake_missing = fields.Char(
        string="Missing for Escalation",
        compute="_compute_intake_missing",
        help="What the project manager still needs (R2) before the request can be escalated.",
    )
    can_start = fields.Boolean(compute="_compute_can_act")
    can_escalate = fields.Boolean(compute="_compute_can_act")
    can_dispatch = fields.Boolean(compute="_compute_can_act")
    can_create_repair = fields.Boolean(compute="_compute_can_act")
    can_resolve = fields.Boolean(compute="_compute_can_act")
    can_close = fields.Boolean(compute="_compute_can_act")
    can_cancel = fields.Boolean(compute="_compute_can_act")
    can_reopen = fields.Boolean(compute="_compute_can_act")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    def _compute_access_url(self):
        for request in self:
            request.access_url = f"/my/requests/{request.id}"

    @api.depends("team_id")
    def _compute_company_id(self):
        for request in self:
            request.company_id = request.team_id.company_id or request.company_id or self.env.company

    @api.depends("team_id.member_ids", "team_id.manager_id")
    def _compute_allowed_user_ids(self):
        for request in self:
            request.allowed_user_ids = request.team_id._get_service_users()

    @api.depends("repair_ids")
    def _compute_repair_count(self):
        for request in self:
            request.repair_count = len(request.repair_ids)

    @api.depends("state", "request_type")
    def _compute_can_act(self):
        return super()._compute_can_act()

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        """Create requests; one sent again with the ``client_reference`` of a request already created (a retry
        after a lost answer, a form submitted twice) returns that request, numbered and routed once."""
        new_vals = self._new_client_vals(vals_list)
        self._check_category_exists(new_vals)
        for vals in new_vals:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("aftersales.request") or _("New")
        requests = super().create(vals_list)
        created = {id(vals) for vals in new_vals}
        requests.browse(
            request.id for request, vals in zip(requests, vals_list, strict=True) if id(vals) in created
        ).filtered(lambda r: r.request_type == "complaint" and r.complaint_category_id)._route_complaint()
        return requests

    def write(self, vals):
        self._check_category_exists([vals])
        res = super().write(vals)
        if "complaint_category_id" in vals or "request_type" in vals:
            self.filtered(lambda r: r.request_type == "complaint" and r.complaint_category_id)._route_complaint()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_live(self):
        live = self.filtered(lambda r: r.state != "cancelled")
        if live:
            raise UserError(
                _(
                    "Service records are archived, not deleted: cancel %(requests)s first, or archive them.",
                    requests=", ".join(live.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # Mail gateway
    # ------------------------------------------------------------------

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    @api.model
    def _open_states(self):
        return list(OPEN_STATES)

    def _get_transitions(self):
        return {**super()._get_transitions(), **REQUEST_TRANSITIONS}

    def _transition_labels(self):
        return {
            "start": _("Starting"),
            "escalate": _("Escalation"),
            "dispatch": _("Dispatch"),
            "create_repair": _("Creating a repair order"),
            "resolve": _("Resolution"),
            "close": _("Closing"),
            "cancel": _("Cancellation"),
            "reopen": _("Reopening"),
        }

    def _transition_blocker(self, action):
        self.ensure_one()
        if action == "create_repair" and self.request_type != "repair":
            return _("only repair requests get a repair order.")
        return super()._transition_blocker(action)

    def action_start(self):
        """Take the request: it is being handled (troubleshooting with the customer)."""
        self._check_transition("start")
        self._action_start()
        return True

    def _action_start(self):
        self.filtered(lambda r: not r.user_id).write({"user_id": self.env.uid})
        self.write({"state": "in_progress"})

    def action_escalate(self):
        """Hand the request over to its project manager (R3).

        Needs the full intake data (R2) and a project manager, who gets an
        escalation activity.
        """
        self._check_transition("escalate")
        self._check_intake("escalate", _("Escalation"))
        self._action_escalate()
        return True

    def _action_escalate(self):
        self.write({"state": "escalated", "escalation_date": fields.Datetime.now()})
        self._schedule_escalation_activities()

    def _schedule_escalation_activities(self):
        for request in self:
            # Due when the nearest service-level clock (the dispatch target,
            # R4, once escalated) runs out; today when no policy applies.
            request.activity_schedule(
                "aftersales_service.mail_activity_type_escalation",
                date_deadline=fields.Date.context_today(request, request.sla_deadline or None),
                user_id=request.project_manager_id.id,
                note=_("Arrange a technician for %(request)s.", request=request.name),
            )

    def action_dispatch(self):
        """Assign the technician chosen by the project manager (R4)."""
        self._check_transition("dispatch")
        without = self.filtered(lambda r: not r.technician_id)
        if without:
            raise UserError(
                _("Choose a technician before dispatching %(requests)s.", requests=", ".join(without.mapped("name")))
            )
        self._action_dispatch()
        return True

    def _action_dispatch(self):
        self.write({"state": "dispatched", "dispatch_date": fields.Datetime.now()})
        # The dispatch answers the escalation: done on its assignee's behalf.
        self.sudo().activity_feedback(["aftersales_service.mail_activity_type_escalation"])
        for request in self:
            request.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=request.technician_id.id,
                summary=_("On-site intervention") if request.onsite_visit else _("Service intervention"),
                note=_("You were dispatched on %(request)s.", request=request.name),
            )

    def action_resolve(self):
        """Record the outcome; suggestions are answered with a thank-you email (R14)."""
        self._check_transition("resolve")
        self._check_intake("resolve", _("Resolution"))
        self._action_resolve()
        return True

    def _action_resolve(self):
        self.write({"state": "resolved", "resolve_date": fields.Datetime.now()})
        self._store_turnaround()
        # Resolving answers the escalation: done on its assignee's behalf.
        self.sudo().activity_feedback(["aftersales_service.mail_activity_type_escalation"])
        suggestions = self.filtered(lambda r: r.request_type == "suggestion")
        suggestions._send_suggestion_thanks()
        # Suggestions are thanked, not rated (R14, 5.6).
        (self - suggestions)._send_rating_request()

    def _send_suggestion_thanks(self):
        template = self.env.ref("aftersales_service.mail_template_request_suggestion_thanks", raise_if_not_found=False)
        if not template:
            return
        for request in self:
            if request.partner_id.email or request.email:
                request.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
            else:
                request.message_post(
                    body=_("No email address: thank the customer for the suggestion by phone or letter."),
                )

    def action_close(self):
        """Archive the handled request for good (R17: it stays traceable)."""
        self._check_transition("close")
        self._action_close()
        return True

    def _action_close(self):
        self.write({"state": "closed", "close_date": fields.Datetime.now()})

    def action_cancel(self):
        """Cancel a request opened by mistake or withdrawn by the customer."""
        self._check_transition("cancel")
        self._action_cancel()
        return True

    def _action_cancel(self):
        self.activity_unlink(["aftersales_service.mail_activity_type_escalation"])
        self.write({"state": "cancelled"})

    def action_reopen(self):
        """Reopen a resolved or cancelled request."""
        self._check_transition("reopen")
        self._action_reopen()
        return True

    def _action_reopen(self):
        self.write({"state": "in_progress", "resolve_date": False, "turnaround_hours": 0.0})

    def _prepare_repair_vals(self):
        self.ensure_one()
        return {
            "request_id": self.id,
            "partner_id": self.partner_id.id,
            "equipment_id": self.equipment_id.id,
            "product_id": self.product_id.id,
            "description": self.description,
            "team_id": self.team_id.id,
            "company_id": self.company_id.id,
        }

    def action_create_repair(self):
        """Open a mail-in repair order for the device of this repair request (resolution: repair).

        Returns the action showing the new repair orders.
        """
        self._check_transition("create_repair")
        without = self.filtered(lambda r: not r.partner_id)
        if without:
            raise UserError(
                _(
                    "A repair order needs a customer: set the customer of %(requests)s first.",
                    requests=", ".join(without.mapped("name")),
                )
            )
        repairs = self._action_create_repair()
        return repairs._get_records_action(name=_("Repair Orders"))

    def _action_create_repair(self):
        repairs = self.env["aftersales.repair"].create([request._prepare_repair_vals() for request in self])
        self.filtered(lambda r: not r.resolution).write({"resolution": "repair"})
        for request, repair in zip(self, repairs, strict=True):
            request.message_post(body=_("Repair order %(repair)s created.", repair=repair._get_html_link()))
        return repairs

    def action_preview(self):
        """Open the request's customer portal page, as the customer sees it."""
        self.ensure_one()
        return {"type": "ir.actions.act_url", "target": "self", "url": self.get_portal_url()}

    def action_view_repairs(self):
        """Open the repair orders of these requests."""
        action = self.env["ir.actions.act_window"]._for_xml_id("aftersales_service.aftersales_repair_action")
        repairs = self.repair_ids
        if len(repairs) == 1:
            action.update(views=[(False, "form")], res_id=repairs.id)
        else:
            action["domain"] = [("id", "in", repairs.ids)]
        if len(self) == 1:
            action["context"] = {"default_request_id": self.id, "default_partner_id": self.partner_id.id}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    # ------------------------------------------------------------------
    # Service-level hooks
    # ------------------------------------------------------------------

    def _sla_responsible_user(self):
        """The project manager once escalated (R4), else the assigned agent, else the team manager."""
        self.ensure_one()
        if self.state == "escalated" and self.project_manager_id:
            return self.project_manager_id
        return self.user_id or self.team_id.manager_id

    @api.depends("name", "subject")
    def _compute_display_name(self):
        for request in self:
            request.display_name = f"{request.name} - {request.subject}" if request.subject else request.name
