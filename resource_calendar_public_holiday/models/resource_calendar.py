import logging
from datetime import date, datetime, time, timedelta
from itertools import chain

from pytz import timezone, utc

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from odoo.addons.resource.models.resource_calendar import WorkIntervals
from odoo.addons.resource.models.utils import float_to_time

_logger = logging.getLogger(__name__)

try:
    import chinese_calendar
    from chinese_calendar import constants as chinese_calendar_constants
except ImportError:  # pragma: no cover, an external dependency of the manifest
    _logger.debug("The chinesecalendar package is not installed.")
    chinese_calendar = chinese_calendar_constants = None

# Countries whose public holidays can be imported, by country code.
SYNC_COUNTRY_CODES = ("CN",)


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

    # Public holidays import

    def _get_public_holiday_today(self):
        """Today in the time zone of the schedule."""
        self.ensure_one()
        return datetime.now(utc).astimezone(timezone(self.tz or "UTC")).date()

    def _get_public_holiday_default_years(self):
        """The current and the next year, in the time zone of the schedule."""
        year = self._get_public_holiday_today().year
        return [year, year + 1]

    def _is_public_holiday_year_published(self, year):
        """Whether the installed chinesecalendar package has the public holidays of that year."""
        if chinese_calendar is None:
            return False
        if not any(day.year == year for day in chinese_calendar_constants.holidays):
            return False
        try:
            chinese_calendar.is_holiday(date(year, 1, 1))
        except NotImplementedError:
            return False
        return True

    def _get_public_holiday_data(self, years):
        """Return the public holidays ({key: (name, first day, last day)}) and the make-up working days
        ({key: (name, date)}) of China for those years, from the chinesecalendar package.

        Consecutive days of the same holiday make one holiday, owned by the year of its first day."""
        holidays, workdays = {}, {}
        runs = []
        for day in sorted(chinese_calendar_constants.holidays):
            name = chinese_calendar_constants.holidays[day]
            if runs and runs[-1][0] == name and runs[-1][2] + timedelta(days=1) == day:
                runs[-1][2] = day
            else:
                runs.append([name, day, day])
        for name, first, last in runs:
            if first.year in years:
                holidays[f"CN:{first.isoformat()}"] = (name, first, last)
        for day, name in chinese_calendar_constants.workdays.items():
            if day.year in years:
                workdays[f"CN:{day.isoformat()}"] = (name, day)
        return holidays, workdays

    def _check_public_holiday_country(self):
        for calendar in self:
            if calendar.public_holiday_country_id.code not in SYNC_COUNTRY_CODES:
                raise UserError(
                    _(
                        "The public holidays of the working schedule %(calendar)s cannot be imported: only "
                        "the public holidays of China can, set China as its Public Holidays Country.",
                        calendar=calendar.display_name,
                    )
                )

    def action_sync_public_holidays(self, years=None):
        """Import the public holidays (global time off of the schedule) and make-up working days (extra
        working days) of China of the given years, by default the current and the next one.

        Imported entries carry a key; entries without one (manual) are never touched. Running it twice
        changes nothing. A year given that the chinesecalendar package has not published is refused; by
        default the next year is skipped while it is not published."""
        self._check_public_holiday_country()
        for calendar in self:
            if years:
                calendar_years = sorted(set(years))
            else:
                current, following = calendar._get_public_holiday_default_years()
                calendar_years = [current] + ([following] if self._is_public_holiday_year_published(following) else [])
            missing = [year for year in calendar_years if not self._is_public_holiday_year_published(year)]
            if missing:
                raise UserError(
                    _(
                        "The public holidays of China of %(years)s are not published in the installed "
                        "chinesecalendar package: upgrade the chinesecalendar Python package "
                        "(pip install --upgrade chinesecalendar) and try again.",
                        years=", ".join(str(year) for year in missing),
                    )
                )
            calendar._sync_public_holidays(calendar_years)
        return True

    def _sync_public_holidays(self, years):
        """Create, update and remove the imported entries of the schedule for those (published) years."""
        self.ensure_one()
        holidays, workdays = self._get_public_holiday_data(years)
        key_domain = expression.OR([[("public_holiday_key", "=like", f"CN:{year}-%")] for year in years])
        tz = timezone(self.tz or "UTC")

        def to_utc(day):
            return tz.localize(datetime.combine(day, time.min)).astimezone(utc).replace(tzinfo=None)

        # Public holidays: global time off of this schedule only.
        Leave = self.env["resource.calendar.leaves"]
        leaves = Leave.search(
            expression.AND([[("calendar_id", "=", self.id), ("resource_id", "=", False)], key_domain])
        )
        to_unlink = Leave
        existing = {}
        for leave in leaves:
            if leave.public_holiday_key in holidays and leave.public_holiday_key not in existing:
                existing[leave.public_holiday_key] = leave
            else:
                to_unlink |= leave
        to_unlink.unlink()
        leave_vals = []
        for key, (name, first, last) in holidays.items():
            vals = {"name": name, "date_from": to_utc(first), "date_to": to_utc(last + timedelta(days=1))}
            leave = existing.get(key)
            if not leave:
                leave_vals.append(
                    {
                        **vals,
                        "calendar_id": self.id,
                        "resource_id": False,
                        "time_type": "leave",
                        "public_holiday_key": key,
                    }
                )
            elif (leave.name, leave.date_from, leave.date_to) != (vals["name"], vals["date_from"], vals["date_to"]):
                leave.write(vals)
        Leave.create(leave_vals)

        # Make-up working days: imported extra working days; a manual one on the same date wins.
        Workday = self.env["resource.calendar.workday"]
        calendar_workdays = Workday.search([("calendar_id", "=", self.id)])
        imported = calendar_workdays.filtered_domain(expression.AND([[("source", "=", "imported")], key_domain]))
        manual_dates = set((calendar_workdays - imported).mapped("date"))
        to_unlink = Workday
        existing = {}
        for workday in imported:
            key = workday.public_holiday_key
            if key in workdays and key not in existing and workday.date not in manual_dates:
                existing[key] = workday
            else:
                to_unlink |= workday
        to_unlink.unlink()
        workday_vals = []
        for key, (name, day) in workdays.items():
            workday = existing.get(key)
            if workday:
                if workday.name != name:
                    workday.name = name
            elif day not in manual_dates:
                workday_vals.append(
                    {"calendar_id": self.id, "name": name, "date": day, "source": "imported", "public_holiday_key": key}
                )
        Workday.create(workday_vals)

    def _cron_sync_public_holidays(self):
        """Import the public holidays of the current and the next year into every schedule of China.

        Years the chinesecalendar package has not published are skipped. From 1 December on, when the
        next year is still missing, a warning in the server log tells to upgrade the package (this
        add-on depends on Resource only, without Discuss to post a message): nothing is created."""
        calendars = self.search([("public_holiday_country_id.code", "in", SYNC_COUNTRY_CODES)])
        warned = set()
        for calendar in calendars:
            current, following = calendar._get_public_holiday_default_years()
            years = [year for year in (current, following) if calendar._is_public_holiday_year_published(year)]
            if years:
                calendar._sync_public_holidays(years)
            if (
                calendar._get_public_holiday_today() >= date(current, 12, 1)
                and following not in years
                and following not in warned
            ):
                warned.add(following)
                _logger.warning(
                    "The public holidays of China of %s are not published in the installed chinesecalendar "
                    "package: upgrade it (pip install --upgrade chinesecalendar) so that the working "
                    "schedules get them.",
                    following,
                )
