import ast

from odoo import _, api, fields, models

TEAM_TYPES = [
    ("service_centre", "Service Centre"),
    ("regional_office", "Regional Office"),
    ("department", "Internal Department"),
]


class AftersalesTeam(models.Model):
    _name = "aftersales.team"
    _description = "After-Sales Team"
    _inherit = ["mail.alias.mixin.optional", "rating.parent.mixin", "mail.thread"]
    _order = "sequence, name, id"
    _check_company_auto = True
    # The team's customer satisfaction counts the ratings of the last 30 days.
    _rating_satisfaction_days = 30

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    team_type = fields.Selection(TEAM_TYPES, string="Type", required=True, default="service_centre", tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    manager_id = fields.Many2one(
        "res.users",
        tracking=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    member_ids = fields.Many2many(
        "res.users",
        "aftersales_team_member_rel",
        "team_id",
        "user_id",
        string="Members",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        required=True,
        compute="_compute_resource_calendar_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        help="Working time and public holidays used for this team's service-level targets.",
    )
    calendar_tz = fields.Selection(related="resource_calendar_id.tz", string="Time Zone")
    tz_warning = fields.Char(string="Time Zone Warning", compute="_compute_tz_warning")
    country_ids = fields.Many2many("res.country", string="Countries", help="Regions this team covers.")
    state_ids = fields.Many2many(
        "res.country.state",
        string="States / Provinces",
        help="Provinces this team covers; they take precedence over countries.",
    )
    alias_contact = fields.Selection(related="alias_id.alias_contact", readonly=False)
    request_ids = fields.One2many("aftersales.request", "team_id", string="Requests")
    open_request_count = fields.Integer(compute="_compute_request_counts")
    unassigned_request_count = fields.Integer(compute="_compute_request_counts")
    report_partner_ids = fields.Many2many(
        "res.partner",
        "aftersales_team_report_partner_rel",
        "team_id",
        "partner_id",
        string="Report Recipients",
        help="Who receives the team's weekly and monthly service reports besides the team manager.",
    )
    service_report_count = fields.Integer(compute="_compute_service_report_count")
    rating_request_enabled = fields.Boolean(
        string="Ask for Customer Ratings",
        default=True,
        help="Email the customer a rating request when one of the team's requests is resolved "
        "or one of its repair orders is done.",
    )

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "A team with this name already exists in this company."),
    ]

    @api.depends("request_ids.state", "request_ids.user_id")
    def _compute_request_counts(self):
        open_states = self.env["aftersales.request"]._open_states()
        counts = {
            (team.id, bool(user)): count
            for team, user, count in self.env["aftersales.request"]._read_group(
                [("team_id", "in", self.ids), ("state", "in", open_states)],
                ["team_id", "user_id"],
                ["__count"],
            )
        }
        for team in self:
            assigned = sum(c for (tid, has_user), c in counts.items() if tid == team.id and has_user)
            unassigned = sum(c for (tid, has_user), c in counts.items() if tid == team.id and not has_user)
            team.open_request_count = assigned + unassigned
            team.unassigned_request_count = unassigned

    def _compute_service_report_count(self):
        counts = dict(
            self.env["aftersales.service.report"]._read_group([("team_id", "in", self.ids)], ["team_id"], ["__count"])
        )
        for team in self:
            team.service_report_count = counts.get(team, 0)

    @api.depends("company_id")
    def _compute_resource_calendar_id(self):
        """The company's working hours, unless the team has working hours its company may use."""
        for team in self:
            calendar = team.resource_calendar_id
            if not calendar or calendar.company_id not in (team.company_id, self.env["res.company"]):
                team.resource_calendar_id = team.company_id.resource_calendar_id

    @api.depends("resource_calendar_id.tz", "company_id.resource_calendar_id.tz", "member_ids.tz", "manager_id.tz")
    def _compute_tz_warning(self):
        for team in self:
            tz = team.resource_calendar_id.tz
            company_tz = team.company_id.resource_calendar_id.tz
            others = (team.member_ids | team.manager_id).filtered(lambda u, tz=tz: u.tz and u.tz != tz)
            warnings = []
            if tz and company_tz and company_tz != tz:
                warnings.append(_("the company's working hours are in %(company_tz)s", company_tz=company_tz))
            if others:
                warnings.append(
                    _(
                        "%(users)s work in another time zone",
                        users=", ".join(f"{user.name} ({user.tz})" for user in others),
                    )
                )
            team.tz_warning = (
                _(
                    "Deadlines are planned in %(tz)s, but %(why)s.",
                    tz=tz,
                    why="; ".join(warnings),
                )
                if warnings
                else False
            )

    def _get_service_users(self):
        """The people who work the team's requests: its members and manager, else every service user."""
        users = self.member_ids | self.manager_id
        return users or self.env.ref("aftersales_service.group_aftersales_user").users.filtered(lambda u: not u.share)

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id("aftersales.request")
        if self.id:
            values["alias_defaults"] = defaults = ast.literal_eval(self.alias_defaults or "{}")
            defaults["team_id"] = self.id
            defaults.setdefault("channel", "email")
        return values

    @api.model
    def _find_for_partner(self, partner, company=None):
        """Return the front-line team covering ``partner``'s province or country.

        Service centres and regional offices are considered, a province match
        first, then a country match, then the first service centre.
        """
        company = company or self.env.company
        teams = self.search(
            [
                ("company_id", "=", company.id),
                ("team_type", "in", ("service_centre", "regional_office")),
            ]
        )
        if partner.state_id:
            by_state = teams.filtered(lambda t: partner.state_id in t.state_ids)
            if by_state:
                return by_state[0]
        if partner.country_id:
            by_country = teams.filtered(lambda t: partner.country_id in t.country_ids)
            if by_country:
                return by_country[0]
        return teams.filtered(lambda t: t.team_type == "service_centre")[:1]

    def action_view_ratings(self):
        """Open the customer ratings of this team's requests and repair orders."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("aftersales_service.rating_rating_action_aftersales")
        action["domain"] = [
            ("parent_res_model", "=", self._name),
            ("parent_res_id", "=", self.id),
            ("consumed", "=", True),
        ]
        action["context"] = {"create": False}
        return action

    def action_view_service_reports(self):
        """Open this team's weekly and monthly service reports."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("aftersales_service.aftersales_service_report_action")
        action["domain"] = [("team_id", "=", self.id)]
        action["context"] = {"default_team_id": self.id}
        return action

    def action_view_requests(self):
        """Open this team's open requests."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("aftersales_service.aftersales_request_action")
        action["domain"] = [("team_id", "=", self.id)]
        action["context"] = {"default_team_id": self.id, "search_default_filter_open": 1}
        return action
