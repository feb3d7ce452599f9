from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import date_utils, is_html_empty

FOLLOWUP_STATES = [
    ("planned", "Planned"),
    ("done", "Done"),
    ("unreachable", "Unreachable"),
    ("cancelled", "Cancelled"),
]

SATISFACTION_LEVELS = [
    ("1", "Very Dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Neutral"),
    ("4", "Satisfied"),
    ("5", "Very Satisfied"),
]

# The customers called every quarter whatever happened (R16).
FOLLOWUP_TIERS = ("key_account", "major_project")

# The transition table: each action and the states it may start from. It
# drives both the guards and the buttons (``can_<action>``).
FOLLOWUP_TRANSITIONS = {
    "done": ("planned",),
    "unreachable": ("planned",),
    "create_request": ("planned", "done"),
    "cancel": ("planned", "unreachable"),
    "reset": ("done", "unreachable", "cancelled"),
}


def quarter_of(day):
    """The quarter of ``day`` as a label, e.g. ``2026-Q4``."""
    return f"{day.year}-Q{date_utils.get_quarter_number(day)}"


class AftersalesFollowup(models.Model):
    """A quarterly follow-up call to a customer (R16, policy 4.8).

    The scheduled action plans one call per key account and major project
    each quarter (and, if the company asks for it, per customer with a
    request resolved in the previous quarter); the service-level engine
    clocks the call from its creation.
    """

    _name = "aftersales.followup"
    _description = "Follow-up Call"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "aftersales.sla.team.mixin",
        "aftersales.workflow.mixin",
    ]
    _order = "planned_date desc, id desc"
    _rec_names_search = ["name", "partner_id", "contact_name"]
    _check_company_auto = True
    _sla_events = ("created", "called")
    _sla_state_events = {"done": "called", "unreachable": "called"}
    _sla_final_states = ("done", "unreachable")
    _sla_cancel_states = ("cancelled",)

    name = fields.Char(compute="_compute_name", store=True, index="trigram", string="Reference")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    state = fields.Selection(
        FOLLOWUP_STATES,
        string="Status",
        required=True,
        default="planned",
        copy=False,
        tracking=True,
        index=True,
        group_expand=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id", store=True, index=True)
    aftersales_tier = fields.Selection(
        related="commercial_partner_id.aftersales_tier", store=True, string="Service Tier"
    )
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
        string="Responsible",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
    )
    planned_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True, index=True)
    quarter = fields.Char(
        compute="_compute_quarter",
        store=True,
        precompute=True,
        index=True,
        help="Quarter of the planned date, e.g. 2026-Q4: one scheduled call per customer and quarter.",
    )
    call_date = fields.Datetime(string="Called on", readonly=True, copy=False)

    # Outcome
    contact_id = fields.Many2one(
        "res.partner",
        string="Reached Contact",
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
        help="The customer's contact who took the call.",
    )
    contact_name = fields.Char(
        string="Reached",
        compute="_compute_contact_name",
        store=True,
        readonly=False,
        precompute=True,
        help="Who took the call (name and role).",
    )
    satisfaction = fields.Selection(SATISFACTION_LEVELS, tracking=True)
    satisfaction_score = fields.Integer(
        compute="_compute_satisfaction_score",
        store=True,
        aggregator="avg",
        help="The satisfaction as a number from 1 to 5, averaged in reports.",
    )
    issues = fields.Html(string="Issues Raised")
    notes = fields.Html()
    request_id = fields.Many2one(
        "aftersales.request",
        string="Service Request",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The service request opened from this call.",
    )

    # Buttons: one per action of the transition table
    can_done = fields.Boolean(compute="_compute_can_act")
    can_unreachable = fields.Boolean(compute="_compute_can_act")
    can_create_request = fields.Boolean(compute="_compute_can_act")
    can_cancel = fields.Boolean(compute="_compute_can_act")
    can_reset = fields.Boolean(compute="_compute_can_act")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("quarter", "partner_id.name")
    def _compute_name(self):
        for followup in self:
            followup.name = " ".join(filter(None, (followup.quarter, followup.partner_id.name))) or False

    @api.depends("partner_id", "company_id")
    def _compute_team_id(self):
        # Teams follow the customer's province or country: one lookup per
        # region and company, not per record.
        Team = self.env["aftersales.team"]
        found = {}
        for followup in self:
            if followup.team_id or not followup.partner_id:
                followup.team_id = followup.team_id
                continue
            partner = followup.partner_id.commercial_partner_id
            company = followup.company_id or self.env.company
            key = (company.id, partner.state_id.id, partner.country_id.id)
            if key not in found:
                found[key] = Team._find_for_partner(partner, company)
            followup.team_id = found[key]

    @api.depends("partner_id.commercial_partner_id.aftersales_project_manager_id", "team_id.manager_id")
    def _compute_user_id(self):
        for followup in self:
            if followup.state != "planned" and followup.user_id:
                # A call made stays with whoever was responsible for it.
                followup.user_id = followup.user_id
                continue
            followup.user_id = (
                followup.partner_id.commercial_partner_id.aftersales_project_manager_id
                or followup.user_id
                or followup.team_id.manager_id
            )

    @api.depends("planned_date")
    def _compute_quarter(self):
        for followup in self:
            followup.quarter = quarter_of(followup.planned_date) if followup.planned_date else False

    @api.depends("contact_id")
    def _compute_contact_name(self):
        for followup in self:
            followup.contact_name = followup.contact_id.name or followup.contact_name

    @api.depends("satisfaction")
    def _compute_satisfaction_score(self):
        for followup in self:
            followup.satisfaction_score = int(followup.satisfaction) if followup.satisfaction else 0

    @api.depends("state", "request_id")
    def _compute_can_act(self):
        return super()._compute_can_act()

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.ondelete(at_uninstall=False)
    def _unlink_except_live(self):
        live = self.filtered(lambda f: f.state != "cancelled")
        if live:
            raise UserError(
                _(
                    "Follow-up calls are archived, not deleted: cancel %(followups)s first, or archive them.",
                    followups=", ".join(live.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _get_transitions(self):
        return {**super()._get_transitions(), **FOLLOWUP_TRANSITIONS}

    def _transition_labels(self):
        return {
            "done": _("Recording the call"),
            "unreachable": _("Marking the customer unreachable"),
            "create_request": _("Opening a service request"),
            "cancel": _("Cancellation"),
            "reset": _("Planning the call again"),
        }

    def _transition_blocker(self, action):
        self.ensure_one()
        if action == "create_request" and self.request_id:
            return _("service request %(request)s was already opened from this call.", request=self.request_id.name)
        return super()._transition_blocker(action)

    def _get_missing_outcome_fields(self):
        """Labels of the outcome still missing to record the call as done."""
        self.ensure_one()
        missing = []
        if not self.contact_name:
            missing.append(self._fields["contact_name"]._description_string(self.env))
        if not self.satisfaction:
            missing.append(self._fields["satisfaction"]._description_string(self.env))
        return missing

    def action_done(self):
        """Record the call as made: needs who was reached and the customer's satisfaction."""
        self._check_transition("done")
        problems = []
        for followup in self:
            if missing := followup._get_missing_outcome_fields():
                problems.append(
                    _("%(followup)s: %(fields)s", followup=followup.display_name, fields=", ".join(missing))
                )
        if problems:
            raise UserError(
                _(
                    "%(action)s needs its outcome:\n%(problems)s",
                    action=self._transition_labels()["done"],
                    problems="\n".join(problems),
                )
            )
        self._action_done()
        return True

    def _action_done(self):
        self.write({"state": "done", "call_date": fields.Datetime.now()})
        # The call answers the phone-call activity: done on its assignee's behalf.
        self.sudo().activity_feedback(["mail.mail_activity_data_call"])

    def action_unreachable(self):
        """Record that the customer could not be reached this quarter."""
        self._check_transition("unreachable")
        self._action_unreachable()
        return True

    def _action_unreachable(self):
        self.write({"state": "unreachable", "call_date": fields.Datetime.now()})
        # Done on the assignee's behalf, as above.
        self.sudo().activity_feedback(["mail.mail_activity_data_call"], feedback=_("Customer unreachable"))

    def action_cancel(self):
        """Cancel a call that will not take place (customer lost, planned by mistake)."""
        self._check_transition("cancel")
        self._action_cancel()
        return True

    def _action_cancel(self):
        self.activity_unlink(["mail.mail_activity_data_call"])
        self.write({"state": "cancelled"})

    def action_reset(self):
        """Plan the call again (customer to try again, call recorded by mistake)."""
        self._check_transition("reset")
        self._action_reset()
        return True

    def _action_reset(self):
        self.write({"state": "planned", "call_date": False})
        self._schedule_call_activities()

    def _prepare_request_vals(self):
        self.ensure_one()
        description = "".join(str(html) for html in (self.issues, self.notes) if not is_html_empty(html))
        return {
            "subject": _("Raised during follow-up call %(followup)s", followup=self.name),
            "request_type": "consultation",
            "channel": "phone",
            "partner_id": (self.contact_id or self.partner_id).id,
            "contact_name": self.contact_name or False,
            "description": description or False,
            "team_id": self.team_id.id,
            "user_id": (self.env.user if not self.env.user.share else self.user_id).id,
            "company_id": self.company_id.id,
        }

    def action_create_request(self):
        """Open a service request for what the customer raised during the call.

        Returns the action showing the new request.
        """
        self._check_transition("create_request")
        requests = self._action_create_request()
        return requests._get_records_action(name=_("Service Requests"))

    def _action_create_request(self):
        requests = self.env["aftersales.request"].create([followup._prepare_request_vals() for followup in self])
        for followup, request in zip(self, requests, strict=True):
            followup.request_id = request
            followup.message_post(body=_("Service request %(request)s opened.", request=request._get_html_link()))
            request.message_post(
                body=_("Opened from follow-up call %(followup)s.", followup=followup._get_html_link()),
                subtype_xmlid="mail.mt_note",
            )
        return requests

    def action_view_request(self):
        """Open the service request opened from this call."""
        self.ensure_one()
        return self.request_id._get_records_action(name=_("Service Request"))

    # ------------------------------------------------------------------
    # Service-level hooks
    # ------------------------------------------------------------------

    def _sla_responsible_user(self):
        """The responsible of the call, else the team manager."""
        self.ensure_one()
        return self.user_id or self.team_id.manager_id
