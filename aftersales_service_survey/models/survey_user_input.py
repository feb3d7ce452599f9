from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import plaintext2html

# Scores are brought to this scale whatever the scale questions use.
SCORE_MIN, SCORE_MAX = 1, 5


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    aftersales_campaign_id = fields.Many2one(
        "aftersales.survey.campaign",
        string="Satisfaction Campaign",
        index="btree_not_null",
        readonly=True,
        ondelete="set null",
    )
    aftersales_year = fields.Integer(related="aftersales_campaign_id.year", string="Campaign Year", store=True)
    aftersales_tier = fields.Selection(
        related="partner_id.commercial_partner_id.aftersales_tier", string="Service Tier", store=True
    )
    aftersales_team_id = fields.Many2one(
        "aftersales.team",
        string="Service Team",
        compute="_compute_aftersales_team_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        help="The team that served the customer: the team of their latest service request when invited, "
        "else the team covering their region.",
    )
    aftersales_score = fields.Float(
        string="Satisfaction Score",
        compute="_compute_aftersales_score",
        store=True,
        compute_sudo=True,
        aggregator="avg",
        digits=(3, 2),
        help="Average of the scale answers, brought to a 1 to 5 scale.",
    )
    aftersales_is_dissatisfied = fields.Boolean(
        string="Dissatisfied",
        compute="_compute_aftersales_is_dissatisfied",
        store=True,
        compute_sudo=True,
    )
    aftersales_followup_scheduled = fields.Boolean(string="Follow-up Scheduled", readonly=True, copy=False)
    aftersales_request_id = fields.Many2one(
        "aftersales.request", string="Suggestion Request", readonly=True, copy=False, index="btree_not_null"
    )

    _sql_constraints = [
        (
            "aftersales_campaign_partner_uniq",
            "unique(aftersales_campaign_id, partner_id)",
            "A satisfaction campaign invites each customer once.",
        ),
    ]

    @api.depends("aftersales_campaign_id", "partner_id")
    def _compute_aftersales_team_id(self):
        for answer in self:
            if answer.aftersales_team_id or not answer.aftersales_campaign_id or not answer.partner_id:
                answer.aftersales_team_id = answer.aftersales_team_id
                continue
            answer.aftersales_team_id = answer._aftersales_find_team()

    @api.depends(
        "user_input_line_ids.value_scale",
        "user_input_line_ids.skipped",
        "user_input_line_ids.answer_type",
        "user_input_line_ids.question_id.scale_min",
        "user_input_line_ids.question_id.scale_max",
    )
    def _compute_aftersales_score(self):
        for answer in self:
            scores = [
                SCORE_MIN
                + (SCORE_MAX - SCORE_MIN)
                * (line.value_scale - line.question_id.scale_min)
                / (line.question_id.scale_max - line.question_id.scale_min)
                for line in answer.user_input_line_ids
                if line.answer_type == "scale" and not line.skipped
            ]
            answer.aftersales_score = sum(scores) / len(scores) if scores else 0.0

    @api.depends("state", "aftersales_score", "aftersales_campaign_id.company_id.aftersales_survey_low_score")
    def _compute_aftersales_is_dissatisfied(self):
        for answer in self:
            threshold = answer.aftersales_campaign_id.company_id.aftersales_survey_low_score
            answer.aftersales_is_dissatisfied = bool(
                answer.aftersales_campaign_id
                and answer.state == "done"
                and answer.aftersales_score
                and answer.aftersales_score <= threshold
            )

    @api.constrains("aftersales_campaign_id", "survey_id", "partner_id")
    def _check_aftersales_campaign(self):
        for answer in self.filtered("aftersales_campaign_id"):
            campaign = answer.aftersales_campaign_id
            if campaign.survey_id != answer.survey_id:
                raise ValidationError(
                    _(
                        "This answer to “%(survey)s” cannot join the campaign “%(campaign)s”, "
                        "which runs the survey “%(campaign_survey)s”.",
                        survey=answer.survey_id.display_name,
                        campaign=campaign.display_name,
                        campaign_survey=campaign.survey_id.display_name,
                    )
                )
            company = answer.partner_id.company_id
            if company and company != campaign.company_id:
                raise ValidationError(
                    _(
                        "%(partner)s is a customer of %(company)s: their answer cannot join the campaign "
                        "“%(campaign)s” of %(campaign_company)s.",
                        partner=answer.partner_id.display_name,
                        company=company.display_name,
                        campaign=campaign.display_name,
                        campaign_company=campaign.company_id.display_name,
                    )
                )

    def _mark_done(self):
        res = super()._mark_done()
        self.filtered("aftersales_campaign_id")._aftersales_process_completed()
        return res

    def _aftersales_find_team(self):
        """The team of the customer's latest service request, else the team covering their region."""
        self.ensure_one()
        company = self.aftersales_campaign_id.company_id
        customer = self.partner_id.commercial_partner_id
        request = (
            self.env["aftersales.request"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "=", customer.id),
                    ("company_id", "=", company.id),
                    ("team_id", "!=", False),
                ],
                order="create_date desc, id desc",
                limit=1,
            )
        )
        return request.team_id or self.env["aftersales.team"].sudo()._find_for_partner(customer, company)

    def _aftersales_process_completed(self):
        """Act on completed campaign answers, once each: a follow-up activity for
        a dissatisfied customer, a suggestion request for the free-text answers.
        """
        # Customers complete surveys as the public user: the follow-up is the service desk's.
        answers = self.sudo()
        answers.filtered(
            lambda a: a.aftersales_is_dissatisfied and not a.aftersales_followup_scheduled
        )._aftersales_schedule_followup()
        answers.filtered(lambda a: not a.aftersales_request_id)._aftersales_create_suggestion_requests()

    def _aftersales_followup_user(self):
        self.ensure_one()
        candidates = (
            self.aftersales_team_id.manager_id | self.survey_id.user_id | self.aftersales_campaign_id.create_uid
        )
        return candidates.filtered(lambda u: not u.share and u.active)[:1]

    def _aftersales_schedule_followup(self):
        """Give the team manager a "dissatisfied customer" activity on the customer.

        The activity sits on the customer's partner record: whoever opens the
        customer sees it beside their requests, and it outlives the campaign.
        """
        activity_type = self.env.ref("aftersales_service_survey.mail_activity_type_dissatisfied")
        for answer in self:
            user = answer._aftersales_followup_user()
            answer.partner_id.commercial_partner_id.activity_schedule(
                activity_type_id=activity_type.id,
                summary=_(
                    "Dissatisfied customer: %(score).1f / 5 in the %(year)s survey",
                    score=answer.aftersales_score,
                    year=answer.aftersales_year,
                ),
                note=_(
                    "Call the customer about their answer to “%(survey)s” (average %(score).1f / 5) "
                    "and record what was agreed.",
                    survey=answer.survey_id.display_name,
                    score=answer.aftersales_score,
                ),
                user_id=user.id or self.env.ref("base.user_admin").id,
            )
        self.aftersales_followup_scheduled = True

    def _aftersales_suggestion_text(self):
        self.ensure_one()
        lines = self.user_input_line_ids.filtered(
            lambda line: line.answer_type == "text_box" and not line.skipped and (line.value_text_box or "").strip()
        )
        return "\n\n".join(line.value_text_box.strip() for line in lines)

    def _aftersales_create_suggestion_requests(self):
        """Turn the free-text answers of each completed answer into one suggestion request."""
        for answer in self:
            text = answer._aftersales_suggestion_text()
            if not text:
                continue
            campaign = answer.aftersales_campaign_id
            request = (
                self.env["aftersales.request"]
                .with_company(campaign.company_id)
                .create(
                    {
                        "subject": _("Suggestion from the %(year)s satisfaction survey", year=campaign.year),
                        "request_type": "suggestion",
                        "channel": "portal",
                        "company_id": campaign.company_id.id,
                        "partner_id": answer.partner_id.commercial_partner_id.id,
                        "team_id": answer.aftersales_team_id.id,
                        "user_id": False,
                        "description": plaintext2html(text),
                    }
                )
            )
            answer.aftersales_request_id = request
