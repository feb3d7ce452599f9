from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .res_partner import AFTERSALES_TIERS

# Business events an SLA clock can start or stop on, per model. Requests
# fire created / replied / escalated / dispatched / resolved; repair orders
# add their own (received, repair finished, shipped, done).
SLA_EVENTS = [
    ("created", "Record Created"),
    ("replied", "First Reply to the Customer"),
    ("escalated", "Escalated"),
    ("dispatched", "Technician Dispatched"),
    ("resolved", "Resolved"),
    ("received", "Device Received"),
    ("repair_finished", "Repair Finished"),
    ("shipped", "Shipped Back"),
    ("done", "Done"),
]

SLA_MODEL_EVENTS = {
    "aftersales.request": {"created", "replied", "escalated", "dispatched", "resolved"},
    "aftersales.repair": {"created", "received", "repair_finished", "shipped", "done"},
}

TARGET_UNITS = [
    ("hours", "Working Hours"),
    ("days", "Working Days"),
]


class AftersalesSlaPolicy(models.Model):
    _name = "aftersales.sla.policy"
    _description = "Service-Level Target"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        index=True,
        help="Leave empty to apply the policy in every company.",
    )
    res_model = fields.Selection(
        [("aftersales.request", "Service Request"), ("aftersales.repair", "Repair Order")],
        string="Applies to",
        required=True,
        default="aftersales.request",
        ondelete={"aftersales.request": "cascade", "aftersales.repair": "cascade"},
    )
    # Filters: empty means "any".
    request_type = fields.Selection(
        lambda self: self.env["aftersales.request"]._fields["request_type"].selection,
        help="Only requests of this type (any when empty).",
    )
    team_ids = fields.Many2many("aftersales.team", string="Teams", help="Only records of these teams (any when empty).")
    customer_tier = fields.Selection(AFTERSALES_TIERS, help="Only customers of this tier (any when empty).")
    priority = fields.Selection(
        lambda self: self.env["aftersales.request"]._fields["priority"].selection,
        string="Minimum Priority",
        help="Only records of at least this priority (any when empty).",
    )
    start_event = fields.Selection(SLA_EVENTS, required=True, default="created")
    stop_event = fields.Selection(SLA_EVENTS, required=True, default="resolved")
    pause_state_ids = fields.Many2many(
        "ir.model.fields.selection",
        string="Pause States",
        domain="[('field_id.model', '=', res_model), ('field_id.name', '=', 'state')]",
        help="While the record is in one of these states (waiting for the customer's approval, "
        "payment or parts) the clock does not consume time.",
    )
    target_value = fields.Float(string="Target", required=True, default=1.0)
    target_unit = fields.Selection(TARGET_UNITS, required=True, default="days")
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        help="Calendar the target is counted on; the record's team calendar when empty.",
    )
    at_risk_percent = fields.Float(
        string="At Risk Below (%)",
        default=20.0,
        help="A running clock is at risk when less than this share of its target is left.",
    )
    second_escalation_hours = fields.Float(
        string="Second Escalation After (hours)",
        default=4.0,
        help="Hours after a breach before the team manager is escalated to a second time (0: never).",
    )
    clock_ids = fields.One2many("aftersales.sla.clock", "policy_id", string="Clocks")

    @api.constrains(
        "target_value", "at_risk_percent", "second_escalation_hours", "start_event", "stop_event", "res_model"
    )
    def _check_events_and_target(self):
        labels = dict(self._fields["start_event"]._description_selection(self.env))
        for policy in self:
            if policy.target_value <= 0:
                raise ValidationError(_("The target of %(policy)s must be positive.", policy=policy.display_name))
            if not 0 <= policy.at_risk_percent < 100:
                raise ValidationError(
                    _("The at-risk share of %(policy)s must be between 0 and 100%%.", policy=policy.display_name)
                )
            if policy.second_escalation_hours < 0:
                raise ValidationError(
                    _("The second-escalation delay of %(policy)s cannot be negative.", policy=policy.display_name)
                )
            if policy.start_event == policy.stop_event:
                raise ValidationError(
                    _(
                        "%(policy)s starts and stops on the same event (%(event)s): choose another stop event.",
                        policy=policy.display_name,
                        event=labels[policy.start_event],
                    )
                )
            allowed = SLA_MODEL_EVENTS.get(policy.res_model, set())
            for event in (policy.start_event, policy.stop_event):
                if event not in allowed:
                    raise ValidationError(
                        _(
                            "%(policy)s: the event %(event)s does not happen on %(model)s.",
                            policy=policy.display_name,
                            event=labels[event],
                            model=self.env["ir.model"]._get(policy.res_model).name,
                        )
                    )

    @api.constrains("pause_state_ids", "res_model")
    def _check_pause_states(self):
        for policy in self:
            wrong = policy.pause_state_ids.filtered(
                lambda s, p=policy: s.field_id.model != p.res_model or s.field_id.name != "state"
            )
            if wrong:
                raise ValidationError(
                    _(
                        "%(policy)s: pause states must be states of the records it applies to.",
                        policy=policy.display_name,
                    )
                )

    def write(self, vals):
        res = super().write(vals)
        if {"target_value", "target_unit", "calendar_id", "at_risk_percent"} & set(vals):
            # Open clocks follow the new target; finished ones keep their history.
            self.env["aftersales.sla.clock"].sudo().search(
                [("policy_id", "in", self.ids), ("reached_date", "=", False), ("status", "!=", "cancelled")]
            )._apply_policy_change()
        return res

    def _target_hours(self, calendar):
        """Target in working hours on ``calendar`` (a working day counts as its average day)."""
        self.ensure_one()
        if self.target_unit == "days":
            return self.target_value * (calendar.hours_per_day or 8.0)
        return self.target_value

    def _matches(self, record):
        """Whether this policy applies to ``record`` (filters left empty match anything)."""
        self.ensure_one()
        if self.res_model != record._name or (self.company_id and self.company_id != record.company_id):
            return False
        if self.request_type and "request_type" in record._fields and record.request_type != self.request_type:
            return False
        if self.team_ids and record.team_id not in self.team_ids:
            return False
        if self.customer_tier and record._sla_customer_tier() != self.customer_tier:
            return False
        if self.priority and (record.priority or "0") < self.priority:
            return False
        return True
