from datetime import datetime, time, timedelta
from itertools import chain

from pytz import timezone, utc

from odoo import api, fields, models
from odoo.osv import expression

from odoo.addons.resource.models.resource_calendar import WorkIntervals
from odoo.addons.resource.models.utils import float_to_time

from ..tools import WorkingTimeLine

# plan_hours gives up after this many days without working time.
PLAN_HORIZON_DAYS = 1400


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    workday_ids = fields.One2many("resource.calendar.workday", "calendar_id", string="Extra Working Days", copy=True)

    def _attendance_intervals_batch(self, start_dt, end_dt, resources=None, domain=None, tz=None, lunch=False):
        """On an extra working day, the attendances of the weekday it follows (of the date's week type
        in a two-week schedule) replace the date's own, for the schedule and each of its resources."""
        result = super()._attendance_intervals_batch(
            start_dt, end_dt, resources=resources, domain=domain, tz=tz, lunch=lunch
        )
        # A margin of one day on each side covers every time zone the intervals are expressed in. The
        # schedule's extra working days are read once per transaction (a few a year), not per call.
        low, high = start_dt.date() - timedelta(days=1), end_dt.date() + timedelta(days=1)
        workdays = self.sudo().workday_ids.filtered(lambda workday: low <= workday.date <= high)
        if not workdays:
            return result
        resources_list = [*(resources or []), self.env["resource.resource"]]
        workday_intervals = self._get_workday_naive_intervals(workdays, resources_list, domain, lunch)
        workday_dates = set(workdays.mapped("date"))
        for resource in resources_list:
            if resource and (resource._is_fully_flexible() or resource.calendar_id.flexible_hours):
                continue
            # The same time zone as the base method gives this resource's intervals.
            resource_tz = tz or timezone((resource or self).tz)
            low, high = start_dt.astimezone(resource_tz), end_dt.astimezone(resource_tz)
            kept = [
                interval
                for interval in result[resource.id]
                if interval[0].astimezone(resource_tz).date() not in workday_dates
            ]
            added = []
            for day_from, day_to, attendance in workday_intervals:
                if attendance.resource_id not in (resource, self.env["resource.resource"]):
                    continue
                # Clipped to the range asked for; a day in the margin only may fall outside it.
                start, stop = max(low, resource_tz.localize(day_from)), min(high, resource_tz.localize(day_to))
                if start < stop:
                    added.append((start, stop, attendance))
            result[resource.id] = WorkIntervals(chain(kept, added))
        return result

    def _get_workday_naive_intervals(self, workdays, resources_list, domain, lunch):
        """Return the naive (day_from, day_to, attendance) intervals the extra working days add."""
        resource_ids = {resource.id for resource in resources_list}
        if domain:
            attendances = self.env["resource.calendar.attendance"].search(
                expression.AND(
                    [
                        domain,
                        [
                            ("calendar_id", "=", self.id),
                            ("resource_id", "in", list(resource_ids)),
                            ("display_type", "=", False),
                            ("day_period", "=" if lunch else "!=", "lunch"),
                        ],
                    ]
                )
            )
        else:
            # Without a domain, the schedule's attendances read once per transaction do: no query.
            attendances = self.sudo().attendance_ids.filtered(
                lambda attendance: attendance.resource_id.id in resource_ids
                and not attendance.display_type
                and (attendance.day_period == "lunch") == bool(lunch)
            )
        intervals = []
        for workday in workdays:
            day = workday.date
            week_type = str(self.env["resource.calendar.attendance"].get_week_type(day))
            for attendance in attendances:
                if (
                    attendance.dayofweek != workday.weekday
                    or (self.two_weeks_calendar and attendance.week_type != week_type)
                    or (attendance.date_from and day < attendance.date_from)
                    or (attendance.date_to and attendance.date_to < day)
                ):
                    continue
                intervals.append(
                    (
                        datetime.combine(day, float_to_time(attendance.hour_from)),
                        datetime.combine(day, float_to_time(attendance.hour_to)),
                        attendance,
                    )
                )
        return intervals

    # Working time changes

    def _working_time_changed(self, date_from=None, date_to=None):
        """Hook called when the working time of these schedules changes between ``date_from`` and
        ``date_to`` (naive UTC datetimes, ``None`` when unbounded): time off of the whole schedule, extra
        working days or attendances added, changed or removed, or the time zone changed.

        It does nothing here. Applications that keep dates planned on schedules (deadlines, for instance)
        override it to plan them again. Changes made with the context key
        ``skip_working_time_changed`` do not call it: whoever sets it calls it once afterwards."""
        return True

    def _notify_working_time_changed(self, spans):
        """Call ``_working_time_changed`` once per schedule of ``spans`` ({calendar: (from, to)}), unless
        the context says the caller does it."""
        if self.env.context.get("skip_working_time_changed"):
            return
        for calendar, (date_from, date_to) in spans.items():
            calendar._working_time_changed(date_from, date_to)

    @api.model
    def _merge_working_time_spans(self, spans, calendars, date_from, date_to):
        """Widen the span of each of ``calendars`` in ``spans`` to cover ``date_from``-``date_to``."""
        for calendar in calendars:
            if calendar in spans:
                low, high = spans[calendar]
                date_from = None if low is None or date_from is None else min(low, date_from)
                date_to = None if high is None or date_to is None else max(high, date_to)
            spans[calendar] = (date_from, date_to)
        return spans

    def write(self, vals):
        res = super().write(vals)
        if {"tz", "two_weeks_calendar", "flexible_hours"} & set(vals):
            self._notify_working_time_changed(dict.fromkeys(self, (None, None)))
        return res

    def _works_on_date(self, date):
        """An extra working day works when the weekday it follows does."""
        self.ensure_one()
        day = date.date() if isinstance(date, datetime) else date
        workday = self.sudo().workday_ids.filtered(lambda workday: workday.date == day)[:1]
        if workday:
            # The same week, hence the same week type in a two-week schedule.
            date = date + timedelta(days=int(workday.weekday) - day.weekday())
        return super()._works_on_date(date)

    # Time zone

    def _get_tz(self):
        """The schedule's time zone (UTC when it has none)."""
        self.ensure_one()
        return timezone(self.tz or "UTC")

    def _local_to_utc(self, moment):
        """The naive UTC datetime of ``moment``, a wall-clock datetime of the schedule (or a date: its
        local midnight)."""
        if not isinstance(moment, datetime):
            moment = datetime.combine(moment, time.min)
        return self._get_tz().localize(moment).astimezone(utc).replace(tzinfo=None)

    def _utc_to_local(self, moment):
        """The schedule's wall-clock (naive) datetime of ``moment``, a naive UTC datetime."""
        return utc.localize(moment).astimezone(self._get_tz()).replace(tzinfo=None)

    def _get_today(self):
        """Today in the schedule's time zone."""
        return self._utc_to_local(fields.Datetime.now()).date()

    # Planning many deadlines

    def _get_working_time_line(self, date_from, date_to):
        """The ``WorkingTimeLine`` of the schedule's working intervals (time off excluded) between two
        naive UTC datetimes: one query for the time off, whatever is planned or counted on it."""
        self.ensure_one()
        intervals = self._work_intervals_batch(date_from.replace(tzinfo=utc), date_to.replace(tzinfo=utc))[False]
        return WorkingTimeLine(intervals)

    def _plan_hours_batch(self, requests):
        """Plan many deadlines on this schedule, time off excluded: ``requests`` is a list of (start,
        hours) in naive UTC; return the list of naive UTC datetimes ``plan_hours(hours, start,
        compute_leaves=True)`` would give, and ``False`` where it finds no working time.

        The working intervals are computed once for the span of all the requests, then each deadline is
        found by bisection; a span too short for some requests is doubled for them, up to plan_hours'
        horizon. Negative hours (backwards) go through ``plan_hours``."""
        self.ensure_one()
        results = [None] * len(requests)
        todo = [index for index, (_start, hours) in enumerate(requests) if hours >= 0]
        for index in set(range(len(requests))) - set(todo):
            start, hours = requests[index]
            results[index] = self.plan_hours(hours, start, compute_leaves=True)
        horizon = timedelta(days=14, hours=max((requests[index][1] for index in todo), default=0) * 2)
        while todo and horizon <= timedelta(days=PLAN_HORIZON_DAYS):
            low = min(requests[index][0] for index in todo)
            line = self._get_working_time_line(low, max(requests[index][0] for index in todo) + horizon)
            for index in todo:
                results[index] = line.plan(*requests[index])
            todo = [index for index in todo if results[index] is None]
            horizon *= 2
        for index in todo:
            start, hours = requests[index]
            results[index] = self.plan_hours(hours, start, compute_leaves=True)
        return [result.replace(microsecond=0) if result else False for result in results]

    def _work_hours_batch(self, spans):
        """The working hours of each (start, end) of ``spans`` (naive UTC), time off excluded: what
        ``get_work_hours_count(start, end, compute_leaves=True)`` counts, from the intervals of the whole
        range read once. A span with a missing or reversed end counts 0."""
        self.ensure_one()
        valid = [(start, end) for start, end in spans if start and end and end > start]
        if not valid:
            return [0.0] * len(spans)
        line = self._get_working_time_line(min(s for s, _e in valid), max(e for _s, e in valid))
        return [line.hours_between(start, end) if start and end else 0.0 for start, end in spans]
