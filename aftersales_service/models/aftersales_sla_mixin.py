from odoo import api, fields, models

SLA_STATUSES = [
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("breached", "Breached"),
    ("met", "Met"),
]


class AftersalesSlaMixin(models.AbstractModel):
    """Service-level clocks for any document with a ``state`` and a ``company_id``.

    The engine knows no document. A document that inherits this mixin:

    - registers its model and its business events on ``aftersales.sla.policy``
      (``selection_add`` on ``res_model``, ``start_event`` and ``stop_event``)
      and lists the event keys it fires in ``_sla_events``;
    - maps states to events in ``_sla_state_events`` and names the states
      that end every clock (``_sla_final_states``) or cancel them
      (``_sla_cancel_states``); other events are fired with ``_sla_fire``;
    - answers the hooks ``_sla_responsible_user``, and ``_sla_customer``,
      ``_sla_team`` or ``_sla_calendar`` where its own fields differ from the
      defaults (``partner_id``, ``team_id``, the team's calendar); and
      ``_sla_event_time`` when an event has its own recorded time.

    Its clocks link to it by model and id (``sla_clock_ids``). They start and
    stop on those events, pause in the policy's pause states, and are
    created in batches.
    """

    _name = "aftersales.sla.mixin"
    _description = "Service-Level Clocks Mixin"

    _sla_events = ("created",)
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
            deadlines = [c.deadline for c in record.sla_clock_ids if c.running_since and c.deadline]
            record.sla_deadline = min(deadlines) if deadlines else False

    def _compute_sla_status(self):
        for record in self:
            clocks = record.sla_clock_ids.filtered(lambda c: c.status != "cancelled")
            if not clocks:
                record.sla_status = False
            elif any(clocks.mapped("is_late")):
                record.sla_status = "breached"
            elif any(clocks.mapped("is_at_risk")):
                record.sla_status = "at_risk"
            elif clocks.filtered(lambda c: not c.reached_date):
                record.sla_status = "on_track"
            else:
                record.sla_status = "met"

    def _search_sla_status(self, operator, value):
        if operator == "in":
            domains = [self._search_sla_status("=", v) for v in value]
            return ["|"] * (len(domains) - 1) + [leaf for d in domains for leaf in d] if domains else [(0, "=", 1)]
        if operator != "=":
            raise NotImplementedError
        Clock = self.env["aftersales.sla.clock"]
        late = [("sla_clock_ids", "any", Clock._late_domain())]
        at_risk = [("sla_clock_ids", "any", Clock._at_risk_domain())]
        open_clock = [("sla_clock_ids", "any", [("reached_date", "=", False), ("status", "!=", "cancelled")])]
        has_clock = [("sla_clock_ids", "any", [("status", "!=", "cancelled")])]
        if value == "breached":
            return late
        if value == "at_risk":
            return at_risk + ["!", *late]
        if value == "on_track":
            return open_clock + ["!", *late] + ["!", *at_risk]
        if value == "met":
            return has_clock + ["!", *open_clock] + ["!", *late]
        return [("sla_clock_ids", "not any", [("status", "!=", "cancelled")])]

    # ------------------------------------------------------------------
    # Hooks for the inheriting model
    # ------------------------------------------------------------------

    def _sla_customer(self):
        """The customer (``res.partner``) this record serves; its service tier selects targets.

        By default the record's ``partner_id``, the name every document uses
        so far; a document with another field overrides it.
        """
        self.ensure_one()
        return self["partner_id"] if "partner_id" in self._fields else self.env["res.partner"]

    def _sla_team(self):
        """The ``aftersales.team`` accountable for this record: its manager hears of breaches.

        By default the record's ``team_id``; a document with another field overrides it.
        """
        self.ensure_one()
        return self["team_id"] if "team_id" in self._fields else self.env["aftersales.team"]

    def _sla_responsible_user(self):
        """The user who gets the activity when a clock of this record is breached."""
        self.ensure_one()
        return self._sla_team().manager_id

    def _sla_calendar(self):
        """The working calendar targets are counted on: the team's, else the company's."""
        self.ensure_one()
        return self._sla_team().resource_calendar_id or self.company_id.resource_calendar_id

    def _sla_event_time(self, event):
        """When ``event`` actually happened on this record, if recorded (naive UTC); else None."""
        self.ensure_one()
        return None

    def _sla_customer_tier(self):
        self.ensure_one()
        return self._sla_customer().commercial_partner_id.aftersales_tier or "standard"

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._sla_fire("created")
        # Records created in a later state (imports, demo) reach its milestone too.
        records._sla_on_state_change()
        return records

    def write(self, vals):
        if "state" not in vals:
            return super().write(vals)
        old_states = {record.id: record.state for record in self}
        res = super().write(vals)
        changed = self.filtered(lambda r: old_states[r.id] != r.state)
        if changed:
            changed._sla_on_state_change(old_states)
        return res

    def unlink(self):
        # Clocks link by model and id, with no foreign key to cascade: they go
        # with their document (only cancelled documents can be deleted).
        self.env["aftersales.sla.clock"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        ).unlink()
        return super().unlink()

    # ------------------------------------------------------------------
    # Engine
    # ------------------------------------------------------------------

    def _sla_open_clocks(self):
        return self.sudo().sla_clock_ids.filtered(lambda c: not c.reached_date and c.status != "cancelled")

    def _sla_on_state_change(self, old_states=None):
        """Fire the events of the records' new states, stop, cancel, pause or resume their clocks."""
        now = fields.Datetime.now()
        cancelled = self.filtered(lambda r: r.state in self._sla_cancel_states)
        cancelled._sla_open_clocks()._cancel()
        final = (self - cancelled).filtered(lambda r: r.state in self._sla_final_states)
        for state, event in self._sla_state_events.items():
            reached = (self - cancelled).filtered(lambda r, s=state: r.state == s)
            # Records whose event has its own recorded time (a receipt
            # entered after the fact) are clocked from that time.
            for when, records in reached.grouped(lambda r, e=event: r._sla_event_time(e) or now).items():
                records._sla_fire(event, when=min(when, now))
        final._sla_open_clocks()._stop(now)
        to_pause = self.env["aftersales.sla.clock"].sudo()
        to_resume = to_pause
        for record in self - cancelled - final:
            for clock in record._sla_open_clocks():
                in_pause = record.state in clock.policy_id.pause_state_ids.mapped("value")
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
        when = when or fields.Datetime.now()
        Clock = self.env["aftersales.sla.clock"].sudo()
        open_clocks = self._sla_open_clocks()
        open_clocks.filtered(lambda c: c.policy_id.stop_event == event)._stop(when)

        policies = (
            self.env["aftersales.sla.policy"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("start_event", "=", event),
                    ("company_id", "in", [*self.company_id.ids, False]),
                ]
            )
        )
        if not policies:
            return
        # Do not restart a clock this record already had for the policy.
        existing = {(c.policy_id.id, c.res_id) for c in self.sudo().sla_clock_ids}
        matching = {policy: set(policy._filter_matching(self).ids) for policy in policies}
        cache = {}
        vals_list = []
        for record in self:
            state = record.state
            calendar = None
            for policy in policies:
                if (policy.id, record.id) in existing or record.id not in matching[policy]:
                    continue
                calendar = calendar or record._sla_calendar()
                cal = policy.calendar_id or calendar
                target = policy._target_hours(cal)
                vals = {
                    "policy_id": policy.id,
                    "res_model": record._name,
                    "res_id": record.id,
                    "company_id": record.company_id.id,
                    "team_id": record._sla_team().id,
                    "customer_tier": record._sla_customer_tier(),
                    "calendar_id": cal.id,
                    "target_hours": target,
                    "start_date": when,
                    "consumed_hours": 0.0,
                }
                if state in policy.pause_state_ids.mapped("value"):
                    vals.update(status="paused", running_since=False)
                else:
                    vals.update(status="running", running_since=when)
                    vals.update(Clock._deadline_values(when, 0.0, target, cal, policy.at_risk_percent, cache))
                vals_list.append(vals)
        if vals_list:
            Clock.create(vals_list)
