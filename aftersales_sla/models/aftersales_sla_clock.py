import functools
import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import create_index, split_every

_logger = logging.getLogger(__name__)

CLOCK_STATUSES = [
    ("running", "Running"),
    ("paused", "Paused"),
    ("met", "Met"),
    ("breached", "Breached"),
    ("cancelled", "Cancelled"),
]


class AftersalesSlaClock(models.Model):
    """One service-level clock per policy and record.

    Working time is accumulated in ``consumed_hours`` at each pause and stop;
    while running, ``running_since`` holds when the current stretch began and
    ``deadline`` is planned on the calendar from there with what remains.
    Nothing stored depends on the current time: the sweep flags breaches
    explicitly, and "at risk" / "late" are computed on read.
    """

    _name = "aftersales.sla.clock"
    _description = "Service-Level Clock"
    _order = "deadline, id"
    _rec_name = "policy_id"

    policy_id = fields.Many2one("aftersales.sla.policy", required=True, ondelete="restrict", index=True)
    # Indexed together with res_id (see ``init``): the documents find their clocks by both.
    res_model = fields.Selection(selection="_selection_document_model", string="Document Type", required=True)
    res_id = fields.Many2oneReference(string="Document ID", model_field="res_model", required=True)
    res_name = fields.Char(
        string="Document", compute="_compute_res_name", store=True, help="The document's name when its clock started."
    )
    document_ref = fields.Reference(
        selection="_selection_document_model", string="Open Document", compute="_compute_document_ref"
    )
    company_id = fields.Many2one("res.company", index=True)
    calendar_id = fields.Many2one("resource.calendar", string="Working Hours", required=True)
    target_hours = fields.Float(string="Target (working hours)", required=True)
    start_date = fields.Datetime(string="Started", required=True)
    running_since = fields.Datetime(help="Start of the current running stretch; empty while paused or stopped.")
    consumed_hours = fields.Float(
        string="Consumed at Last Change",
        help="Working time consumed up to the last pause or stop; at the stop, the working hours it took to reach.",
    )
    consumed_hours_now = fields.Float(
        string="Working Hours Consumed",
        compute="_compute_consumed_hours_now",
        help="Working time consumed so far: a running clock counts up to now.",
    )
    deadline = fields.Datetime(index=True)
    at_risk_date = fields.Datetime(index=True, help="When less than the policy's at-risk share of the target is left.")
    status = fields.Selection(CLOCK_STATUSES, required=True, default="running", index=True)
    reached_date = fields.Datetime(string="Reached", help="When the stop event happened.")
    escalation_level = fields.Integer(
        default=0, help="0: not notified; 1: breach notified; 2: escalated a second time."
    )
    is_late = fields.Boolean(compute="_compute_is_late", search="_search_is_late")
    is_at_risk = fields.Boolean(compute="_compute_is_late", search="_search_is_at_risk")

    def _tz_label(self):
        """The name of the time zone of this clock's working calendar, as a customer reads it (北京时间)."""
        self.ensure_one()
        tz = self.calendar_id.tz or "UTC"
        labels = {
            "Asia/Shanghai": _("Beijing Time"),
            "Asia/Chongqing": _("Beijing Time"),
            "Asia/Harbin": _("Beijing Time"),
            "Asia/Hong_Kong": _("Hong Kong Time"),
            "Asia/Macau": _("Macau Time"),
            "Asia/Taipei": _("Taipei Time"),
            "UTC": _("UTC"),
        }
        return labels.get(tz, tz)

    _sql_constraints = [
        (
            "policy_document_uniq",
            "unique(policy_id, res_model, res_id)",
            "A document has one clock per service level.",
        ),
    ]

    def init(self):
        res = super().init()
        create_index(self.env.cr, "aftersales_sla_clock_res_model_res_id_index", self._table, ["res_model", "res_id"])
        return res

    # ------------------------------------------------------------------
    # Access: whoever may read a document reads its clocks
    # ------------------------------------------------------------------

    @api.model
    def _document_models(self):
        """The models service levels may apply to."""
        return [model for model, _label in self.env["aftersales.sla.policy"]._fields["res_model"].selection]

    @api.model
    def _get_document_access_domain(self):
        """The clocks of the documents the user may read, as one condition per document model: the model,
        and the document among those its record rules let the user read (a subquery, not a list)."""
        domains = []
        for model in self._document_models():
            Document = self.env[model].with_context(active_test=False)
            if not Document.has_access("read"):
                continue
            condition = [("res_model", "=", model)]
            if self.env["ir.rule"]._compute_domain(model, "read"):
                condition.append(("res_id", "in", Document._search([]).subselect()))
            domains.append(condition)
        return expression.OR(domains) if domains else expression.FALSE_DOMAIN

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        if not self.env.su:
            domain = expression.AND([domain, self._get_document_access_domain()])
        return super()._search(domain, offset=offset, limit=limit, order=order, **kwargs)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if result or self.env.su or not any(self._ids):
            return result
        forbidden = self.browse()
        for model, clocks in self.sudo().exists().grouped("res_model").items():
            if model not in self.env:
                forbidden |= clocks
                continue
            documents = self.env[model].browse(clocks.mapped("res_id")).exists()
            allowed = set(documents.with_env(self.env)._filtered_access("read")._ids)
            forbidden |= clocks.filtered(lambda clock, allowed=allowed: clock.res_id not in allowed)
        if not forbidden:
            return None
        forbidden = forbidden.with_env(self.env)
        return forbidden, functools.partial(self.env["ir.rule"]._make_access_error, operation, forbidden)

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.model
    def _selection_document_model(self):
        return self.env["aftersales.sla.policy"]._fields["res_model"]._description_selection(self.env)

    @api.depends("res_model", "res_id")
    def _compute_res_name(self):
        documents = self._documents()
        for clock in self:
            clock.res_name = documents[clock].display_name or False

    @api.depends("res_model", "res_id")
    def _compute_document_ref(self):
        documents = self._documents()
        for clock in self:
            document = documents[clock]
            clock.document_ref = f"{document._name},{document.id}" if document else False

    @api.depends("deadline", "at_risk_date", "status", "reached_date")
    def _compute_is_late(self):
        now = fields.Datetime.now()
        for clock in self:
            is_open = not clock.reached_date and clock.status != "cancelled"
            clock.is_late = clock.status == "breached" or bool(is_open and clock.deadline and clock.deadline < now)
            clock.is_at_risk = bool(
                is_open
                and not clock.is_late
                and clock.status == "running"
                and clock.at_risk_date
                and clock.at_risk_date <= now
            )

    @api.depends("consumed_hours", "running_since", "reached_date", "calendar_id")
    def _compute_consumed_hours_now(self):
        now = fields.Datetime.now()
        cache = {}
        for clock in self:
            running = clock.running_since and not clock.reached_date
            extra = self._work_hours(clock.calendar_id, clock.running_since, now, cache) if running else 0.0
            clock.consumed_hours_now = clock.consumed_hours + extra

    @api.model
    def _late_domain(self):
        return [
            "|",
            ("status", "=", "breached"),
            "&",
            "&",
            ("status", "=", "running"),
            ("reached_date", "=", False),
            ("deadline", "<", fields.Datetime.now()),
        ]

    @api.model
    def _at_risk_domain(self):
        now = fields.Datetime.now()
        return [
            ("status", "=", "running"),
            ("reached_date", "=", False),
            ("at_risk_date", "<=", now),
            ("deadline", ">=", now),
        ]

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(_("Unsupported search on late clocks."))
        positive = (operator == "=") == value
        return self._late_domain() if positive else ["!", *self._late_domain()]

    def _search_is_at_risk(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(_("Unsupported search on clocks at risk."))
        positive = (operator == "=") == value
        return self._at_risk_domain() if positive else ["!", *self._at_risk_domain()]

    # ------------------------------------------------------------------
    # Engine
    # ------------------------------------------------------------------

    @api.model
    def _plan(self, calendar, hours, start, cache):
        """Datetime ``hours`` working hours after ``start`` on ``calendar`` (naive UTC).

        ``cache`` memoises the planning within a batch: records created or
        changed together share their start, calendar and target.
        """
        key = (calendar.id, start, round(hours, 6))
        if key not in cache:
            cache[key] = self._plan_batch(calendar, [(start, hours)])[0]
        return cache[key]

    @api.model
    def _plan_in_plain_hours(self, calendar, hours, start):
        """The deadline of a calendar with no working time ahead (an empty calendar): plain hours."""
        _logger.warning("Calendar %s cannot plan %s hours from %s", calendar.display_name, hours, start)
        return (start + timedelta(hours=hours)).replace(microsecond=0)

    @api.model
    def _work_hours(self, calendar, start, end, cache):
        """Working hours between ``start`` and ``end`` on ``calendar``, leaves excluded."""
        if not start or not end or end <= start:
            return 0.0
        key = ("count", calendar.id, start, end)
        if key not in cache:
            cache[key] = calendar.get_work_hours_count(start, end, compute_leaves=True)
        return cache[key]

    def _deadline_values(self, running_since, consumed, target, calendar, at_risk_percent, cache):
        remaining = target - consumed
        deadline = self._plan(calendar, remaining, running_since, cache)
        risk_left = target * (at_risk_percent or 0.0) / 100.0
        at_risk = (
            self._plan(calendar, remaining - risk_left, running_since, cache)
            if remaining > risk_left
            else running_since
        )
        return {"deadline": deadline, "at_risk_date": at_risk}

    def _apply_policy_change(self):
        """Open clocks follow their policy's new target, calendar or at-risk share: the target in working
        hours and the calendar change, running clocks are planned again from what they consumed."""
        for (policy, calendar), clocks in self.grouped(
            lambda clock: (clock.policy_id, clock.policy_id.calendar_id or clock.calendar_id)
        ).items():
            clocks.write({"target_hours": policy._target_hours(calendar), "calendar_id": calendar.id})
        self._replan()

    @api.model
    def _plan_batch(self, calendar, requests):
        """Plan many deadlines on one calendar (``requests``: a list of (start, hours), naive UTC) with the
        calendar's batch planner; where it finds no working time, count plain hours."""
        planned = calendar._plan_hours_batch(requests)
        return [
            deadline or self._plan_in_plain_hours(calendar, hours, start)
            for deadline, (start, hours) in zip(planned, requests, strict=True)
        ]

    def _replan(self):
        """Plan the deadline and at-risk date of these running clocks again on their calendar (after
        the calendar's working time changed), keeping what they consumed and their status."""
        clocks = self.filtered(lambda clock: clock.running_since and not clock.reached_date)
        for calendar, calendar_clocks in clocks.grouped("calendar_id").items():
            requests, risks = [], []
            for clock in calendar_clocks:
                remaining = clock.target_hours - clock.consumed_hours
                risk_left = clock.target_hours * (clock.policy_id.at_risk_percent or 0.0) / 100.0
                requests.append((clock.running_since, remaining))
                risks.append((clock.running_since, remaining - risk_left) if remaining > risk_left else None)
            deadlines = self._plan_batch(calendar, requests)
            at_risk_dates = iter(self._plan_batch(calendar, [risk for risk in risks if risk]))
            for clock, deadline, risk in zip(calendar_clocks, deadlines, risks, strict=True):
                at_risk = next(at_risk_dates) if risk else clock.running_since
                if clock.deadline != deadline or clock.at_risk_date != at_risk:
                    clock.write({"deadline": deadline, "at_risk_date": at_risk})

    @api.model
    def _replan_calendars(self, calendars, date_from=None, date_to=None, batch_size=2000):
        """Re-plan the running clocks on ``calendars`` whose deadline lies in or after the changed span
        ``date_from``-``date_to`` (naive UTC, ``None`` when unbounded), in batches. Paused and stopped
        clocks have no deadline to move; a breach already flagged stays flagged."""
        domain = [
            ("calendar_id", "in", calendars.ids),
            ("running_since", "!=", False),
            ("reached_date", "=", False),
            ("status", "in", ("running", "breached")),
        ]
        if date_from:
            domain.append(("deadline", ">=", date_from))
        if date_to:
            domain.append(("running_since", "<", date_to))
        Clock = self.sudo()
        clock_ids = Clock.search(domain, order="id").ids
        for batch_ids in split_every(batch_size, clock_ids):
            batch = Clock.browse(batch_ids)
            batch._replan()
            batch.flush_recordset()
            batch.invalidate_recordset()
        if clock_ids:
            _logger.info("Re-planned %s running SLA clocks on %s", len(clock_ids), calendars.mapped("display_name"))
        return len(clock_ids)

    def _pause(self, when):
        cache = {}
        for clock in self.filtered("running_since"):
            consumed = clock.consumed_hours + self._work_hours(clock.calendar_id, clock.running_since, when, cache)
            clock.write(
                {
                    "consumed_hours": consumed,
                    "running_since": False,
                    "deadline": False,
                    "at_risk_date": False,
                    "status": "breached" if clock.status == "breached" else "paused",
                }
            )

    def _resume(self, when):
        cache = {}
        for clock in self.filtered(lambda c: not c.running_since and not c.reached_date):
            vals = {"running_since": when, "status": "breached" if clock.status == "breached" else "running"}
            vals.update(
                clock._deadline_values(
                    when,
                    clock.consumed_hours,
                    clock.target_hours,
                    clock.calendar_id,
                    clock.policy_id.at_risk_percent,
                    cache,
                )
            )
            clock.write(vals)

    def _stop(self, when):
        cache = {}
        for clock in self.filtered(lambda c: not c.reached_date and c.status != "cancelled"):
            consumed = clock.consumed_hours
            if clock.running_since:
                consumed += self._work_hours(clock.calendar_id, clock.running_since, when, cache)
            late = clock.status == "breached" or consumed > clock.target_hours + 1e-6
            clock.write(
                {
                    "consumed_hours": consumed,
                    "running_since": False,
                    "reached_date": when,
                    "status": "breached" if late else "met",
                }
            )

    def _cancel(self):
        self.filtered(lambda c: not c.reached_date).write(
            {"status": "cancelled", "running_since": False, "at_risk_date": False}
        )

    def _documents(self):
        """The document of each clock, as {clock: record}, checked in one query per model.

        A clock whose document is gone (or whose model is uninstalled) maps to
        an empty recordset.
        """
        ids_by_model = {}
        for clock in self:
            if clock.res_model in self.env and clock.res_id:
                ids_by_model.setdefault(clock.res_model, []).append(clock.res_id)
        existing = {}
        for model, ids in ids_by_model.items():
            records = self.env[model].browse(ids).exists()
            existing[model] = (records, set(records._ids))
        empty = self.env["res.partner"].browse()
        documents = {}
        for clock in self:
            records, present = existing.get(clock.res_model, (empty, set()))
            found = clock.res_id in present
            documents[clock] = records.browse(clock.res_id).with_prefetch(records._ids) if found else empty
        return documents

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_open_document(self):
        """Open the document this clock runs for."""
        self.ensure_one()
        document = self._documents()[self]
        if not document:
            raise UserError(_("The document of this clock no longer exists."))
        return document.get_formview_action()
