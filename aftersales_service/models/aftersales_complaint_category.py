from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

RESPONSIBLE_MODES = [
    ("team_manager", "Team Manager"),
    ("project_manager", "Customer's Project Manager"),
    ("user", "Specific User"),
]


class AftersalesComplaintCategory(models.Model):
    _name = "aftersales.complaint.category"
    _description = "Complaint Category"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code integrations can use to pick the category.")
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True, help="Which complaints belong here.")
    company_id = fields.Many2one(related="team_id.company_id", store=True, index=True, precompute=True)
    team_id = fields.Many2one(
        "aftersales.team",
        string="Routed to Team",
        required=True,
        help="Department that handles complaints of this category.",
    )
    responsible_mode = fields.Selection(
        RESPONSIBLE_MODES,
        string="Responsible",
        required=True,
        default="team_manager",
        help="Who becomes responsible for a complaint of this category: the manager of the "
        "routed team, the customer's project manager (falling back on the team manager), "
        "or a named user.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible User",
        domain="[('share', '=', False)]",
    )
    follower_partner_ids = fields.Many2many(
        "res.partner",
        string="Followers",
        help="Also informed of every complaint of this category (e.g. R&D or production leads).",
    )
    request_count = fields.Integer(compute="_compute_request_count")

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "The category code must be unique per company."),
    ]

    def _compute_request_count(self):
        counts = dict(
            self.env["aftersales.request"]._read_group(
                [("complaint_category_id", "in", self.ids)], ["complaint_category_id"], ["__count"]
            )
        )
        for category in self:
            category.request_count = counts.get(category, 0)

    @api.constrains("responsible_mode", "user_id")
    def _check_responsible_user(self):
        for category in self:
            if category.responsible_mode == "user" and not category.user_id:
                raise ValidationError(
                    _(
                        "Complaint category %(category)s routes to a specific user: choose that user.",
                        category=category.display_name,
                    )
                )

    def _get_responsible(self, request):
        """Return the user responsible for ``request`` under this category."""
        self.ensure_one()
        if self.responsible_mode == "user":
            return self.user_id
        if self.responsible_mode == "project_manager":
            return request.project_manager_id or self.team_id.manager_id
        return self.team_id.manager_id

    def action_view_requests(self):
        """Open the complaints of this category."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("aftersales_service.aftersales_request_action")
        action["domain"] = [("complaint_category_id", "=", self.id)]
        action["context"] = {"default_request_type": "complaint", "default_complaint_category_id": self.id}
        return action
