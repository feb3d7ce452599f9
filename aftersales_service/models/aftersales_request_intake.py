from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import is_html_empty
from odoo.tools.mail import parse_contact_from_email

from .aftersales_equipment import WARRANTY_STATES
from .aftersales_request import TIER_PRIORITY


class AftersalesRequest(models.Model):
    """How a contact comes in (R2, R13): the intake data and what is still missing, the team, project
    manager and priority it is routed to, complaints routed by category, the mail gateway, and the working
    hours of the first reply and of the turnaround, stored when they happen."""

    _inherit = "aftersales.request"

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
