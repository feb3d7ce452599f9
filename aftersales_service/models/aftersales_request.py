from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import is_html_empty
from odoo.tools.mail import parse_contact_from_email

from .aftersales_equipment import WARRANTY_STATES

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
        "portal.mixin",
        # Before mail.thread, which it extends.
        "aftersales.rating.mixin",
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

    # Intake data (R2)
    partner_id = fields.Many2one("res.partner", string="Customer", tracking=True, index=True, check_company=True)
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id", store=True, index=True)
    aftersales_tier = fields.Selection(
        related="commercial_partner_id.aftersales_tier", store=True, string="Service Tier"
    )
    contact_name = fields.Char(
        compute="_compute_contact_data", store=True, readonly=False, precompute=True, string="Contact"
    )
    phone = fields.Char(compute="_compute_contact_data", store=True, readonly=False, precompute=True)
    email = fields.Char(compute="_compute_contact_data", store=True, readonly=False, precompute=True)
    contact_address = fields.Char(
        string="Address", compute="_compute_contact_data", store=True, readonly=False, precompute=True
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
        tracking=True,
        check_company=True,
    )
    serial_number = fields.Char(related="equipment_id.serial_number")
    purchase_date = fields.Date(compute="_compute_purchase_date", store=True, readonly=False, precompute=True)
    warranty_end_date = fields.Date(compute="_compute_warranty_end_date")
    warranty_state = fields.Selection(
        WARRANTY_STATES,
        string="Warranty",
        compute="_compute_warranty_end_date",
        help="Warranty status as of today, from the unit or else from the product and purchase date given.",
    )
    description = fields.Html(string="Fault and Symptoms")
    troubleshooting_step_ids = fields.One2many(
        "aftersales.troubleshooting.step", "request_id", string="Troubleshooting"
    )

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
    # Stored when they happen, in working hours on the team's calendar: the
    # analysis reads them (nothing here depends on "now").
    turnaround_hours = fields.Float(
        string="Turnaround (working hours)",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Working hours from the request's creation to its resolution.",
    )
    first_reply_date = fields.Datetime(string="First Reply on", readonly=True, copy=False)
    first_reply_hours = fields.Float(
        string="First Reply (working hours)",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Working hours from the request's creation to the first reply of staff to the customer.",
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

    @api.depends("partner_id.commercial_partner_id.aftersales_tier")
    def _compute_priority(self):
        for request in self:
            tier = request.partner_id.commercial_partner_id.aftersales_tier or "standard"
            request.priority = TIER_PRIORITY[tier]

    @api.depends("partner_id")
    def _compute_contact_data(self):
        for request in self:
            partner = request.partner_id
            if not partner:
                # Keep what the agent typed for an unknown caller.
                continue
            request.contact_name = partner.name
            request.phone = partner.phone or partner.mobile or request.phone
            request.email = partner.email or request.email
            address = partner._display_address(without_company=True).replace("\n", ", ").strip(", ")
            request.contact_address = address or request.contact_address

    @api.depends("equipment_id")
    def _compute_product_id(self):
        for request in self:
            request.product_id = request.equipment_id.product_id or request.product_id

    @api.depends("equipment_id")
    def _compute_purchase_date(self):
        for request in self:
            request.purchase_date = request.equipment_id.purchase_date or request.purchase_date

    @api.depends("request_type")
    def _compute_complaint_category_id(self):
        for request in self:
            if request.request_type != "complaint":
                request.complaint_category_id = False
            else:
                request.complaint_category_id = request.complaint_category_id

    @api.depends(
        "equipment_id.purchase_date",
        "equipment_id.warranty_end_date",
        "product_id.warranty_months",
        "purchase_date",
    )
    def _compute_warranty_end_date(self):
        today = fields.Date.context_today(self)
        Equipment = self.env["aftersales.equipment"]
        for request in self:
            evidence = request._warranty_evidence()
            request.warranty_end_date = evidence["end_date"]
            request.warranty_state = Equipment._warranty_state_on(evidence, today)

    @api.depends("partner_id", "request_type", "complaint_category_id")
    def _compute_team_id(self):
        for request in self:
            if request.request_type == "complaint" and request.complaint_category_id:
                request.team_id = request.complaint_category_id.team_id
            elif not request.team_id and request.partner_id:
                request.team_id = self.env["aftersales.team"]._find_for_partner(
                    request.partner_id, request.company_id or self.env.company
                )
            else:
                request.team_id = request.team_id

    @api.depends("partner_id.commercial_partner_id.aftersales_project_manager_id", "team_id")
    def _compute_project_manager_id(self):
        admin = self.env.ref("base.user_admin", raise_if_not_found=False)
        for request in self:
            # The team manager stands in for a customer without a project
            # manager, unless that is the administrator account: then the
            # escalation asks for a real one.
            manager = request.team_id.manager_id
            request.project_manager_id = (
                request.partner_id.commercial_partner_id.aftersales_project_manager_id
                or request.project_manager_id
                or (manager if manager and manager != admin and not manager._is_superuser() else False)
            )

    @api.depends("team_id.member_ids", "team_id.manager_id")
    def _compute_allowed_user_ids(self):
        for request in self:
            request.allowed_user_ids = request.team_id._get_service_users()

    @api.depends("repair_ids")
    def _compute_repair_count(self):
        for request in self:
            request.repair_count = len(request.repair_ids)

    @api.depends(
        "state",
        "request_type",
        "partner_id",
        "contact_name",
        "contact_address",
        "phone",
        "product_id",
        "purchase_date",
        "description",
        "complaint_category_id",
        "project_manager_id",
    )
    def _compute_intake_missing(self):
        for request in self:
            missing = request._get_missing_intake_fields("escalate") if request._can("escalate") else []
            request.intake_missing = ", ".join(missing) or False

    @api.depends("state", "request_type")
    def _compute_can_act(self):
        return super()._compute_can_act()

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("request_type", "complaint_category_id")
    def _check_complaint_category(self):
        for request in self:
            if request.complaint_category_id and request.request_type != "complaint":
                raise ValidationError(
                    _(
                        "Request %(request)s is not a complaint: only complaints have a complaint category.",
                        request=request.name,
                    )
                )

    @api.constrains("purchase_date")
    def _check_purchase_date(self):
        self.env["aftersales.equipment"]._check_purchase_date_not_future(self)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._check_category_exists(vals_list)
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("aftersales.request") or _("New")
        requests = super().create(vals_list)
        requests.filtered(lambda r: r.request_type == "complaint" and r.complaint_category_id)._route_complaint()
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

    def _check_category_exists(self, vals_list):
        """Refuse an unknown complaint category before it reaches the database."""
        ids = {vals["complaint_category_id"] for vals in vals_list if vals.get("complaint_category_id")}
        if not ids:
            return
        categories = self.env["aftersales.complaint.category"].browse(ids)
        missing = set(ids) - set(categories.exists().ids)
        if missing:
            raise ValidationError(
                _(
                    "Unknown complaint category: %(ids)s. Choose one of the configured categories.",
                    ids=", ".join(str(i) for i in sorted(missing, key=str)),
                )
            )

    # ------------------------------------------------------------------
    # Mail gateway
    # ------------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """Create a request from an email sent to a team's alias (channel email)."""
        name, email = parse_contact_from_email(msg_dict.get("email_from") or "")
        author = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        defaults = {
            "name": _("New"),
            "subject": msg_dict.get("subject") or _("No Subject"),
            "channel": "email",
            "request_type": "consultation",
            "partner_id": author.id,
            "contact_name": author.name or name or email,
            "email": email,
            "description": msg_dict.get("body"),
            # The gateway user is nobody's agent: leave the request unassigned.
            "user_id": False,
        }
        defaults.update(custom_values or {})
        request = super().message_new(msg_dict, custom_values=defaults)
        if email and request.email != email:
            # mail.thread stores the whole From header; keep the bare address.
            request.email = email
        return request

    def _message_post_after_hook(self, message, msg_values):
        # A comment from staff (not an internal note) answers the customer:
        # it stops the first-reply clocks (R1).
        if (
            message.message_type == "comment"
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and message.author_id.user_ids.filtered(lambda u: not u.share)
        ):
            self._sla_fire("replied")
            self._store_first_reply(message.date or fields.Datetime.now())
        return super()._message_post_after_hook(message, msg_values)

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        for request in self:
            if request.partner_id:
                request._message_add_suggested_recipient(recipients, partner=request.partner_id, reason=_("Customer"))
            elif request.email:
                request._message_add_suggested_recipient(recipients, email=request.email, reason=_("Customer Email"))
        return recipients

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

    def _warranty_evidence(self):
        """The warranty this request is under: its unit's, or the product's from the purchase date given."""
        self.ensure_one()
        equipment = self.equipment_id
        if equipment.purchase_date and equipment.purchase_date == self.purchase_date:
            return equipment._warranty_evidence()
        return self.env["aftersales.equipment"]._warranty_evidence_for(self.product_id, self.purchase_date)

    def _get_missing_intake_fields(self, purpose):
        """Return the labels of the data still missing for ``purpose``.

        ``purpose`` is ``escalate`` (everything the project manager needs,
        R2) or ``resolve`` (what the request type needs to be answered).
        """
        self.ensure_one()
        labels = {name: field._description_string(self.env) for name, field in self._fields.items()}
        missing = []
        full_intake = purpose == "escalate" or self.request_type == "repair"
        if not (self.partner_id or self.contact_name):
            missing.append(labels["contact_name"])
        if full_intake:
            for fname in ("contact_address", "phone", "product_id", "purchase_date"):
                if not self[fname]:
                    missing.append(labels[fname])
        elif not (self.phone or self.email):
            missing.append(_("Phone or Email"))
        if is_html_empty(self.description):
            missing.append(labels["description"])
        if self.request_type == "complaint" and not self.complaint_category_id:
            missing.append(labels["complaint_category_id"])
        if purpose == "escalate" and not self.project_manager_id:
            missing.append(labels["project_manager_id"])
        if purpose == "resolve" and not self.resolution and self.request_type in ("repair", "complaint"):
            missing.append(labels["resolution"])
        return missing

    def _check_intake(self, purpose, label):
        problems = []
        for request in self:
            missing = request._get_missing_intake_fields(purpose)
            if missing:
                problems.append(_("%(request)s: %(fields)s", request=request.name, fields=", ".join(missing)))
        if problems:
            raise UserError(
                _("%(action)s needs more information:\n%(problems)s", action=label, problems="\n".join(problems))
            )

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

    def _route_complaint(self):
        """Give each complaint the team, responsible and followers of its category (R13)."""
        for request in self:
            category = request.complaint_category_id
            responsible = category._get_responsible(request)
            if category.team_id and request.team_id != category.team_id:
                request.team_id = category.team_id
            if responsible and request.user_id != responsible:
                request.user_id = responsible
            followers = category.follower_partner_ids | responsible.partner_id | category.team_id.manager_id.partner_id
            if followers:
                request.message_subscribe(partner_ids=followers.ids)
            request.message_post(
                body=_(
                    "Complaint routed to %(team)s (%(category)s), responsible: %(user)s.",
                    team=category.team_id.display_name,
                    category=category.display_name,
                    user=responsible.name or _("nobody yet"),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _working_hours_between(self, start, end):
        """Working hours from ``start`` to ``end`` (naive UTC) on the request's calendar, leaves excluded."""
        self.ensure_one()
        calendar = self._sla_calendar()
        return calendar._work_hours_batch([(start, end)])[0] if calendar else 0.0

    def _store_turnaround(self):
        """Store each resolved request's turnaround, the one definition reports and analyses read:
        creation to resolution, in working hours on the request's calendar."""
        for calendar, requests in self.grouped(lambda request: request._sla_calendar()).items():
            spans = [(request.create_date, request.resolve_date) for request in requests]
            hours = calendar._work_hours_batch(spans) if calendar else [0.0] * len(spans)
            for request, turnaround in zip(requests, hours, strict=True):
                request.turnaround_hours = turnaround

    def _store_first_reply(self, when):
        """Store when staff first replied to the customer and after how many working hours; once."""
        for request in self.filtered(lambda r: not r.first_reply_date):
            request.write(
                {
                    "first_reply_date": when,
                    "first_reply_hours": request._working_hours_between(request.create_date, when),
                }
            )

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
