from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

SLA_STATUSES = [
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("breached", "Breached"),
    ("met", "Met"),
]


class AftersalesSlaMixin(models.AbstractModel):
    """Service-level clocks for any document with a state.

    The engine knows no document and no team. A document that inherits this mixin:

    - registers its model and its business events on ``aftersales.sla.policy``
      (``selection_add`` on ``res_model``, ``start_event`` and ``stop_event``)
      and lists the event keys it fires in ``_sla_events``;
    - names its state field (``_sla_state_field``, ``state`` by default: a
      stored field, computed or not), maps states to events in
      ``_sla_state_events`` and names the states that end every clock
      (``_sla_final_states``) or cancel them (``_sla_cancel_states``); other
      events are fired with ``_sla_fire``;
    - answers the hooks it needs: ``_sla_calendar`` (no calendar, no clock),
      ``_sla_company``, ``_sla_responsible_user``, ``_sla_escalation_user``,
      ``_sla_breach_note_target`` and ``_sla_event_time``. Their defaults read
      no field of the document but ``company_id`` when it is a company.

    Its clocks link to it by model and id (``sla_clock_ids``). They start and
    stop on those events, pause in the policy's pause states, and are created
    in batches. State changes are seen however the state is written: ``create``,
    ``write`` and the recomputation of a stored computed state.
    """

    _name = "aftersales.sla.mixin"
    _description = "Service-Level Clocks Mixin"

    _sla_events = ("created",)
    _sla_state_field = "state"
    _sla_state_events = {}
    _sla_final_states = ()
    _sla_cancel_states = ()

    sla_clock_ids = fields.One2many(
        "aftersales.sla.clock",
        "res_id",
        string="SLA Clocks",
        domain=lambda self: [("res_model", "=", self._name)],
    )
    sla_deadline = fields.Datetime(
        string="SLA Deadline",
        compute="_compute_sla_deadline",
        store=True,
        index=True,
        help="Nearest deadline of the running service-level clocks.",
    )
    sla_status = fields.Selection(
        SLA_STATUSES,
        string="SLA Status",
        compute="_compute_sla_status",
        search="_search_sla_status",
        help="As of now: breached when a clock is late, at risk when little time is left.",
    )

    @api.depends("sla_clock_ids.deadline", "sla_clock_ids.running_since")
    def _compute_sla_deadline(self):
        for record in self:
            deadlines = [c.deadline for c in record.sudo().sla_clock_ids if c.running_since and c.deadline]
            record.sla_deadline = min(deadlines) if deadlines else False

    def _sla_customer_clock(self):
        """The running clock of a promise to the customer (its policy has a customer label) that falls due
        first, or an empty recordset: what the customer is told to expect, never an internal target."""
        self.ensure_one()
        clocks = self.sudo().sla_clock_ids.filtered(
            lambda clock: clock.running_since and clock.deadline and clock.policy_id.customer_label
        )
        return clocks.sorted("deadline")[:1]

    def _compute_sla_status(self):
        """One query for the clocks of all the records, whatever their number: the clocks' own ``is_late``
        and ``is_at_risk``, in SQL (a list page reads the status of every row)."""
        flags = self._sla_clock_flags()
        for record in self:
            late, at_risk, has_open = flags.get(record.id, (None, None, None))
            if late is None:
                record.sla_status = False
            elif late:
                record.sla_status = "breached"
            elif at_risk:
                record.sla_status = "at_risk"
            elif has_open:
                record.sla_status = "on_track"
            else:
                record.sla_status = "met"

    def _sla_clock_flags(self):
        """``{record id: (late, at risk, open)}`` of the records' clocks not cancelled, as of now: a clock is
        late when breached or open past its deadline, at risk when running open past its at-risk date."""
        ids = tuple(record_id for record_id in self._ids if record_id)
        if not ids:
            return {}
        self.env["aftersales.sla.clock"].flush_model(
            ["res_model", "res_id", "status", "reached_date", "deadline", "at_risk_date"]
        )
        rows = self.env.execute_query(
            SQL(
                """SELECT res_id,
                          bool_or(status = 'breached' OR COALESCE(reached_date IS NULL AND deadline < %(now)s, FALSE)),
                          bool_or(COALESCE(status = 'running' AND reached_date IS NULL AND at_risk_date <= %(now)s,
                                           FALSE)),
                          bool_or(reached_date IS NULL)
                     FROM aftersales_sla_clock
                    WHERE res_model = %(model)s AND res_id IN %(ids)s AND status != 'cancelled'
                 GROUP BY res_id""",
                now=fields.Datetime.now(),
                model=self._name,
                ids=ids,
            )
        )
        return {row[0]: tuple(row[1:]) for row in rows}

    def _search_sla_status(self, operator, value):
        if operator == "in":
            domains = [self._search_sla_status("=", v) for v in value]
            return expression.OR(domains) if domains else expression.FALSE_DOMAIN
        if operator != "=":
            raise NotImplementedError
        Clock = self.env["aftersales.sla.clock"]
        late = self._sla_clock_condition(Clock._late_domain())
        at_risk = self._sla_clock_condition(Clock._at_risk_domain())
        open_clock = self._sla_clock_condition([("reached_date", "=", False), ("status", "!=", "cancelled")])
        has_clock = self._sla_clock_condition([("status", "!=", "cancelled")])
        if value == "breached":
            return late
        if value == "at_risk":
            return at_risk + ["!", *late]
        if value == "on_track":
            return open_clock + ["!", *late] + ["!", *at_risk]
        if value == "met":
            return has_clock + ["!", *open_clock] + ["!", *late]
        return ["!", *has_clock]

    @api.model
    def _sla_clock_condition(self, clock_domain):
        """A domain on these documents: those with a clock matching ``clock_domain``.

        One subquery on the clocks by (res_model, res_id), without the access check: the documents'
        own record rules apply to the documents searched."""
        Clock = self.env["aftersales.sla.clock"].sudo()
        query = Clock._search([("res_model", "=", self._name), *clock_domain])
        return [("id", "in", query.subselect("res_id"))]

    # ------------------------------------------------------------------
    # Hooks for the inheriting model
    # ------------------------------------------------------------------

    def _sla_calendar(self):
        """The working calendar targets are counted on (a policy may name its own). Without one, the
        record gets no clock of the policies that name none. Nothing by default."""
        self.ensure_one()
        return self.env["resource.calendar"]

    def _sla_company(self):
        """The company whose policies apply: the record's ``company_id`` when it is a company."""
        self.ensure_one()
        field = self._fields.get("company_id")
        if field and field.type == "many2one" and field.comodel_name == "res.company":
            return self.company_id
        return self.env["res.company"]

    def _sla_responsible_user(self):
        """The users (``res.users``) who get an activity when a clock of this record is breached."""
        self.ensure_one()
        return self.env["res.users"]

    def _sla_escalation_user(self):
        """The users (``res.users``) told of every breach and given an activity when a breach outlasts the
        policy's grace period."""
        self.ensure_one()
        return self.env["res.users"]

    def _sla_breach_note_target(self):
        """The record whose chatter lists the breaches of this one (for its escalation users): the record
        itself when it has a chatter."""
        self.ensure_one()
        return self if hasattr(self, "message_post") else None

    def _sla_event_time(self, event):
        """When ``event`` actually happened on this record, if recorded (naive UTC); else None."""
        self.ensure_one()
        return None

    def _sla_clock_values(self, policy):
        """Values of a new clock of ``policy`` on this record beyond the engine's own; add-ons extend it."""
        self.ensure_one()
        return {}

    # ------------------------------------------------------------------
    # CRUD: state changes, however the state is written
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._sla_start()
        return records

    def write(self, vals):
        state_field = self._sla_state_field
        if state_field not in vals:
            return super().write(vals)
        old_states = {record.id: record[state_field] for record in self}
        res = super().write(vals)
        self._sla_states_changed(old_states)
        return res

    def _compute_field_value(self, field):
        # A stored computed state changes when what it depends on does, at recomputation (as Odoo's
        # automated actions see it): read the old states before, compare after.
        state_field = self._fields.get(self._sla_state_field)
        if field is not state_field or not field.store:
            return super()._compute_field_value(field)
        records = self.filtered("id")
        old_states = {record.id: record[field.name] for record in records}
        res = super()._compute_field_value(field)
        records._sla_states_changed(old_states)
        return res

    def _sla_states_changed(self, old_states):
        changed = self.filtered(lambda record: old_states.get(record.id) != record[self._sla_state_field])
        if changed:
            changed._sla_on_state_change(old_states, when=self._sla_now())

    def unlink(self):
        # Clocks link by model and id, with no foreign key to cascade: they go with their document.
        self.env["aftersales.sla.clock"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        ).unlink()
        return super().unlink()

    # ------------------------------------------------------------------
    # Engine
    # ------------------------------------------------------------------

    def _sla_state(self):
        self.ensure_one()
        return self[self._sla_state_field]

    @api.model
    def _sla_now(self):
        """When the changes being made happen: now, or the moment a replay of history (a demo, an
        import) gives in the context key ``sla_now`` (naive UTC)."""
        return self.env.context.get("sla_now") or fields.Datetime.now()

    def _sla_start(self, when=None):
        """Start the clocks of new records: the creation event, then the milestone of the state they are
        created in (imports and demo data create records in a later state)."""
        when = when or self._sla_now()
        self._sla_fire("created", when=when)
        self._sla_on_state_change(when=when)

    def _sla_open_clocks(self):
        return self.sudo().sla_clock_ids.filtered(lambda c: not c.reached_date and c.status != "cancelled")

    def _sla_on_state_change(self, old_states=None, when=None):
        """Fire the events of the records' new states, stop, cancel, pause or resume their clocks, at
        ``when`` (naive UTC; now by default: a demo or an import replays history with it)."""
        now = when or self._sla_now()
        cancelled = self.filtered(lambda r: r._sla_state() in self._sla_cancel_states)
        cancelled._sla_open_clocks()._cancel()
        final = (self - cancelled).filtered(lambda r: r._sla_state() in self._sla_final_states)
        for state, event in self._sla_state_events.items():
            reached = (self - cancelled).filtered(lambda r, s=state: r._sla_state() == s)
            # Records whose event has its own recorded time (a receipt
            # entered after the fact) are clocked from that time.
            for event_time, records in reached.grouped(lambda r, e=event: r._sla_event_time(e) or now).items():
                records._sla_fire(event, when=min(event_time, now))
        final._sla_open_clocks()._stop(now)
        to_pause = self.env["aftersales.sla.clock"].sudo()
        to_resume = to_pause
        for record in self - cancelled - final:
            for clock in record._sla_open_clocks():
                in_pause = record._sla_state() in clock.policy_id.pause_state_ids.mapped("value")
                if in_pause and clock.running_since:
                    to_pause |= clock
                elif not in_pause and not clock.running_since:
                    to_resume |= clock
        to_pause._pause(now)
        to_resume._resume(now)

    def _sla_fire(self, event, when=None):
        """Record that ``event`` happened on these records: stop the clocks
        waiting for it, start the clocks of the policies starting on it."""
        if not self:
            return
        when = when or self._sla_now()
        Clock = self.env["aftersales.sla.clock"].sudo()
        open_clocks = self._sla_open_clocks()
        open_clocks.filtered(lambda c: c.policy_id.stop_event == event)._stop(when)
        policies = self._sla_policies_starting(event)
        if not policies:
            return
        # Do not restart a clock this record already had for the policy.
        existing = {(c.policy_id.id, c.res_id) for c in self.sudo().sla_clock_ids}
        matching = {policy: set(policy._filter_matching(self).ids) for policy in policies}
        cache = {}
        vals_list = []
        for record in self:
            state = record._sla_state()
            calendar = None
            for policy in policies:
                if (policy.id, record.id) in existing or record.id not in matching[policy]:
                    continue
                calendar = calendar if calendar is not None else record._sla_calendar()
                cal = policy.calendar_id or calendar
                if not cal:
                    continue
                target = policy._target_hours(cal)
                vals = {
                    "policy_id": policy.id,
                    "res_model": record._name,
                    "res_id": record.id,
                    "company_id": record._sla_company().id,
                    "calendar_id": cal.id,
                    "target_hours": target,
                    "start_date": when,
                    "consumed_hours": 0.0,
                    **record._sla_clock_values(policy),
                }
                if state in policy.pause_state_ids.mapped("value"):
                    vals.update(status="paused", running_since=False)
                else:
                    vals.update(status="running", running_since=when)
                    vals.update(Clock._deadline_values(when, 0.0, target, cal, policy.at_risk_percent, cache))
                vals_list.append(vals)
        if vals_list:
            Clock.create(vals_list)

    def _sla_policies_starting(self, event):
        """The active policies of these records' model and companies (or of every company) starting on
        ``event``."""
        companies = self.env["res.company"].union(*(record._sla_company() for record in self))
        return (
            self.env["aftersales.sla.policy"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("start_event", "=", event),
                    ("company_id", "in", [*companies.ids, False]),
                ]
            )
        )
