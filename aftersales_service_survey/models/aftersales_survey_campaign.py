from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

CAMPAIGN_STATES = [
    ("draft", "Draft"),
    ("sent", "Invitations Sent"),
    ("closed", "Closed"),
]

# The transition table: each action and the states it may start from. It
# drives both the guards and the buttons (``can_<action>``).
CAMPAIGN_TRANSITIONS = {
    "invite": ("draft", "sent"),
    "close": ("draft", "sent"),
    "reopen": ("closed",),
}

# How far back a service request or repair order makes a customer eligible.
ELIGIBILITY_MONTHS = 12


class AftersalesSurveyCampaign(models.Model):
    _name = "aftersales.survey.campaign"
    _description = "Yearly Satisfaction Survey Campaign"
    _inherit = ["mail.thread"]
    _order = "year desc, id desc"

    name = fields.Char(compute="_compute_name", store=True, readonly=False, precompute=True, required=True)
    year = fields.Integer(
        required=True,
        index=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self).year,
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    survey_id = fields.Many2one(
        "survey.survey",
        required=True,
        tracking=True,
        compute="_compute_survey_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    state = fields.Selection(
        CAMPAIGN_STATES, string="Status", required=True, default="draft", copy=False, tracking=True, index=True
    )
    last_invite_date = fields.Datetime(string="Last Invitations", readonly=True, copy=False)
    user_input_ids = fields.One2many("survey.user_input", "aftersales_campaign_id", string="Answers")
    # Computed as superuser: service users see the figures, not the answers.
    invited_count = fields.Integer(string="Invited", compute="_compute_answer_stats", compute_sudo=True)
    completed_count = fields.Integer(string="Completed", compute="_compute_answer_stats", compute_sudo=True)
    dissatisfied_count = fields.Integer(string="Dissatisfied", compute="_compute_answer_stats", compute_sudo=True)
    average_score = fields.Float(compute="_compute_answer_stats", compute_sudo=True, digits=(3, 2))
    can_invite = fields.Boolean(compute="_compute_can_act")
    can_close = fields.Boolean(compute="_compute_can_act")
    can_reopen = fields.Boolean(compute="_compute_can_act")

    _sql_constraints = [
        (
            "company_year_uniq",
            "unique(company_id, year)",
            "A company runs one satisfaction campaign a year.",
        ),
        ("year_check", "CHECK(year > 2000 AND year < 3000)", "The campaign's year must be a calendar year."),
    ]

    @api.depends("year")
    def _compute_name(self):
        for campaign in self:
            campaign.name = _("%(year)s Customer Satisfaction Survey", year=campaign.year or "")

    @api.depends("company_id")
    def _compute_survey_id(self):
        for campaign in self:
            campaign.survey_id = campaign.survey_id or campaign.company_id.aftersales_survey_id

    @api.depends(
        "user_input_ids.state",
        "user_input_ids.aftersales_score",
        "user_input_ids.aftersales_is_dissatisfied",
    )
    def _compute_answer_stats(self):
        for campaign in self:
            answers = campaign.user_input_ids
            done = answers.filtered(lambda a: a.state == "done")
            scored = done.filtered("aftersales_score")
            campaign.invited_count = len(answers)
            campaign.completed_count = len(done)
            campaign.dissatisfied_count = len(done.filtered("aftersales_is_dissatisfied"))
            campaign.average_score = sum(scored.mapped("aftersales_score")) / len(scored) if scored else 0.0

    @api.depends("state")
    def _compute_can_act(self):
        for campaign in self:
            campaign.can_invite = campaign.state in CAMPAIGN_TRANSITIONS["invite"]
            campaign.can_close = campaign.state in CAMPAIGN_TRANSITIONS["close"]
            campaign.can_reopen = campaign.state in CAMPAIGN_TRANSITIONS["reopen"]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_answered(self):
        answered = self.filtered("user_input_ids")
        if answered:
            raise UserError(
                _(
                    "Campaigns with invitations are kept for the record: close %(campaigns)s instead.",
                    campaigns=", ".join(answered.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _check_transition(self, action, label):
        blocked = self.filtered(lambda c: c.state not in CAMPAIGN_TRANSITIONS[action])
        if blocked:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                _(
                    "Cannot %(action)s %(campaigns)s: allowed from %(allowed)s only.",
                    action=label,
                    campaigns=", ".join(f"{c.display_name} ({states[c.state]})" for c in blocked),
                    allowed=", ".join(states[s] for s in CAMPAIGN_TRANSITIONS[action]),
                )
            )

    def action_invite(self):
        """Invite now every eligible customer not invited yet by this campaign.

        Safe to run again (from the button or the yearly cron): a customer is
        invited once per campaign.
        """
        self._check_transition("invite", _("invite customers for"))
        missing = self.filtered(lambda c: not c.survey_id)
        if missing:
            raise UserError(
                _("Choose the survey of %(campaigns)s first.", campaigns=", ".join(missing.mapped("display_name")))
            )
        self._action_invite()
        return True

    def _action_invite(self):
        if not self:
            return
        # Two runs on one campaign at the same time (the cron and the button)
        # wait for each other here, and the second one retries once the first
        # one's invitations are committed; the unique (campaign, partner) key
        # refuses whatever would still slip through.
        self.env.cr.execute(
            "SELECT id FROM aftersales_survey_campaign WHERE id IN %s FOR NO KEY UPDATE",
            [tuple(self.ids)],
        )
        for campaign in self:
            partners = campaign._get_eligible_partners() - campaign._get_invited_partners()
            if partners:
                campaign._send_invitations(partners)
            campaign.write({"last_invite_date": fields.Datetime.now(), "state": "sent"})

    def action_close(self):
        """Close the campaign: no more invitations; answers already sent can still come in."""
        self._check_transition("close", _("close"))
        self.write({"state": "closed"})
        return True

    def action_reopen(self):
        """Reopen a closed campaign, e.g. to invite the customers who became eligible since."""
        self._check_transition("reopen", _("reopen"))
        self.write({"state": "sent"})
        return True

    def action_view_answers(self):
        """Open the campaign's answers."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service_survey.survey_user_input_action_aftersales"
        )
        action["domain"] = [("aftersales_campaign_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _get_eligible_partners(self, date_to=None):
        """Return the customers this campaign invites (policy 5.6).

        A customer is eligible when it is a commercial partner (the company,
        or a private person without one) that

        * had a service request or a repair order of the campaign's company
          created in the ``ELIGIBILITY_MONTHS`` months before ``date_to``
          (today by default), whatever its state, through itself or any of
          its contacts;
        * has an email address, is active and is not the company itself.

        The rule is the same whoever runs it: requests and repairs are read
        as superuser, limited to the campaign's company.
        """
        self.ensure_one()
        date_to = date_to or fields.Datetime.now()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("create_date", ">=", date_to - relativedelta(months=ELIGIBILITY_MONTHS)),
            ("create_date", "<=", date_to),
            ("partner_id", "!=", False),
        ]
        env = self.sudo().with_context(active_test=False).env
        partners = env["aftersales.request"].search(domain).partner_id
        partners |= env["aftersales.repair"].search(domain).partner_id
        customers = partners.commercial_partner_id.with_env(self.env)
        return customers.filtered(lambda p: p.active and p.email_normalized and p != self.company_id.partner_id)

    def _get_invited_partners(self):
        self.ensure_one()
        return (
            self.env["survey.user_input"].sudo().search([("aftersales_campaign_id", "=", self.id)]).partner_id
        ).with_env(self.env)

    def _send_invitations(self, partners):
        """Create each customer's answer in this campaign and mail the invitation.

        Survey's own invitation wizard does both, in "new invitation" mode so
        that last year's answer is never sent again; one wizard per language
        sends each customer the invitation in their language.
        """
        self.ensure_one()
        template = self.env.ref("survey.mail_template_user_input_invite", raise_if_not_found=False)
        # Service managers run campaigns without being survey officers: the
        # wizard works on the survey the company's settings name.
        Invite = self.env["survey.invite"].sudo()
        default_lang = self.company_id.partner_id.lang or "en_US"
        for lang, group in partners.grouped(lambda p: p.lang or default_lang).items():
            invite = Invite.with_context(
                lang=lang,
                aftersales_campaign_id=self.id,
                default_email_layout_xmlid="mail.mail_notification_light",
            ).create(
                {
                    "survey_id": self.survey_id.id,
                    "partner_ids": [Command.set(group.ids)],
                    "template_id": template.id if template else False,
                    "existing_mode": "new",
                }
            )
            invite.action_invite()

    @api.model
    def _get_or_create_for_year(self, company, year):
        campaign = self.search([("company_id", "=", company.id), ("year", "=", year)], limit=1)
        return campaign or self.create({"company_id": company.id, "year": year})

    @api.model
    def _cron_run_yearly_campaign(self):
        """Open this year's campaign of every company that names a satisfaction
        survey, and invite its eligible customers.

        Running it twice invites nobody twice; a closed campaign is left alone.
        """
        year = fields.Date.context_today(self).year
        companies = self.env["res.company"].search([("aftersales_survey_id", "!=", False)])
        for company in companies:
            campaign = self.with_company(company)._get_or_create_for_year(company, year)
            if campaign.state in CAMPAIGN_TRANSITIONS["invite"]:
                campaign._action_invite()
        return True
