from datetime import datetime, timedelta
from itertools import chain

from pytz import timezone

from odoo import fields, models
from odoo.osv import expression

from odoo.addons.resource.models.resource_calendar import WorkIntervals
from odoo.addons.resource.models.utils import float_to_time


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    public_holiday_country_id = fields.Many2one(
        "res.country",
        string="Public Holidays Country",
        help="Country whose public holidays (time off of this schedule) and extra working days this schedule follows.",
    )
    workday_ids = fields.One2many("resource.calendar.workday", "calendar_id", string="Extra Working Days", copy=True)

    def _attendance_intervals_batch(self, start_dt, end_dt, resources=None, domain=None, tz=None, lunch=False):
        """On an extra working day, the attendances of the weekday it follows (of the date's week type
        in a two-week schedule) replace the date's own, for the schedule and each of its resources."""
        result = super()._attendance_intervals_batch(
            start_dt, end_dt, resources=resources, domain=domain, tz=tz, lunch=lunch
        )
        # A margin of one day on each side covers every time zone the intervals are expressed in.
        workdays = self.env["resource.calendar.workday"].search(
            [
                ("calendar_id", "=", self.id),
                ("date", ">=", start_dt.date() - timedelta(days=1)),
                ("date", "<=", end_dt.date() + timedelta(days=1)),
            ]
        )
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
        domain = expression.AND(
            [
                domain if domain is not None else [],
                [
                    ("calendar_id", "=", self.id),
                    ("resource_id", "in", [resource.id for resource in resources_list]),
                    ("display_type", "=", False),
                    ("day_period", "=" if lunch else "!=", "lunch"),
                ],
            ]
        )
        attendances = self.env["resource.calendar.attendance"].search(domain)
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

    def _works_on_date(self, date):
        """An extra working day works when the weekday it follows does."""
        self.ensure_one()
        day = date.date() if isinstance(date, datetime) else date
        workday = self.env["resource.calendar.workday"].search(
            [("calendar_id", "=", self.id), ("date", "=", day)], limit=1
        )
        if workday:
            # The same week, hence the same week type in a two-week schedule.
            date = date + timedelta(days=int(workday.weekday) - day.weekday())
        return super()._works_on_date(date)
