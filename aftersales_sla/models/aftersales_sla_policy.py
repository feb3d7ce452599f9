from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

# The one event every document has. Documents add theirs (and their model to
# ``res_model``) with ``selection_add``, in the add-on that defines them.
SLA_EVENTS = [
    ("created", "Record Created"),
]

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
    res_model = fields.Selection([], string="Applies to", required=True)
    filter_domain = fields.Char(
        string="Applies When",
        help="Only records matching this domain (any when empty), e.g. requests of type repair.",
    )
    start_event = fields.Selection(SLA_EVENTS, required=True, default="created")
    stop_event = fields.Selection(SLA_EVENTS, required=True)
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
        help="Calendar the target is counted on; the document's own calendar when empty.",
    )
    at_risk_percent = fields.Float(
        string="At Risk Below (%)",
        default=20.0,
        help="A running clock is at risk when less than this share of its target is left.",
    )
    second_escalation_hours = fields.Float(
        string="Second Escalation After (hours)",
        default=4.0,
        help="Hours after a breach before the escalation user is notified a second time (0: never).",
    )
    customer_label = fields.Char(
        string="Shown to the Customer as",
        translate=True,
        help="For a promise made to the customer (a reply, a repair cycle, a return): the customer sees the "
        "deadline under this label, e.g. 'Reply by'. Internal targets (escalation, dispatch) have none.",
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
            allowed = set(policy._get_document_model()._sla_events)
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

    @api.constrains("filter_domain", "res_model")
    def _check_filter_domain(self):
        for policy in self:
            try:
                policy._get_document_model().search_count(policy._get_filter_domain(), limit=1)
            except Exception as error:
                raise ValidationError(
                    _(
                        "%(policy)s: the condition %(domain)s is not a valid domain on %(model)s: %(error)s",
                        policy=policy.display_name,
                        domain=policy.filter_domain,
                        model=self.env["ir.model"]._get(policy.res_model).name,
                        error=error,
                    )
                ) from error

    @api.constrains("pause_state_ids", "res_model")
    def _check_pause_states(self):
        for policy in self:
            state_field = policy._get_document_model()._sla_state_field
            wrong = policy.pause_state_ids.filtered(
                lambda s, p=policy, f=state_field: s.field_id.model != p.res_model or s.field_id.name != f
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

    def _register_hook(self):
        super()._register_hook()
        self._check_document_models()

    @api.model
    def _check_document_models(self, models_list=None):
        """Refuse to load a registry where a policy may apply to a model that has no service-level clocks:
        every key of ``res_model`` must be a model inheriting ``aftersales.sla.mixin``."""
        if models_list is None:
            models_list = [key for key, _label in self._fields["res_model"].selection]
        mixin = self.pool["aftersales.sla.mixin"]
        wrong = [model for model in models_list if model not in self.pool or not issubclass(self.pool[model], mixin)]
        if wrong:
            raise ValidationError(
                _(
                    "Service levels cannot apply to %(models)s: these models do not inherit the service-level "
                    "mixin (aftersales.sla.mixin).",
                    models=", ".join(wrong),
                )
            )
        return True

    def _get_document_model(self):
        """The (empty) model of the documents this policy applies to."""
        self.ensure_one()
        self._check_document_models([self.res_model])
        return self.env[self.res_model]

    def _target_hours(self, calendar):
        """Target in working hours on ``calendar`` (a working day counts as its average day)."""
        self.ensure_one()
        if self.target_unit == "days":
            return self.target_value * (calendar.hours_per_day or 8.0)
        return self.target_value

    def _get_filter_domain(self):
        self.ensure_one()
        return safe_eval(self.filter_domain or "[]")

    def _filter_matching(self, records):
        """The ``records`` this policy applies to: its company (any when empty) and its domain.

        Add-ons that give policies more filters extend it with ``super()``."""
        self.ensure_one()
        if self.res_model != records._name:
            return records.browse()
        if self.company_id:
            records = records.filtered(lambda record: record._sla_company() == self.company_id)
        domain = self._get_filter_domain()
        return records.filtered_domain(domain) if domain else records
