import logging
from datetime import date, timedelta

from pytz import timezone, utc

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

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

    # Public holidays import

    def _get_public_holiday_today(self):
        """Today in the time zone of the schedule."""
        self.ensure_one()
        return self._get_today()

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

        Consecutive days make one holiday, owned by the year of its first day, even of two holidays (such
        as National Day and the Mid-Autumn Festival in 2025): time off that touches other time off is
        refused by Time Off (hr_holidays)."""
        holidays, workdays = {}, {}
        runs = []
        for day in sorted(chinese_calendar_constants.holidays):
            name = chinese_calendar_constants.holidays[day]
            if runs and runs[-1][2] + timedelta(days=1) == day:
                runs[-1][2] = day
                if name not in runs[-1][0]:
                    runs[-1][0].append(name)
            else:
                runs.append([[name], day, day])
        for names, first, last in runs:
            if first.year in years:
                holidays[f"CN:{first.isoformat()}"] = (self._get_public_holiday_name(names), first, last)
        for day, name in chinese_calendar_constants.workdays.items():
            if day.year in years:
                workdays[f"CN:{day.isoformat()}"] = (self._get_public_holiday_name([name], workday=True), day)
        return holidays, workdays

    @api.model
    def _get_public_holiday_name(self, names, workday=False):
        """The name of an imported entry, in Chinese and in English whoever imports it: 国庆节 (National
        Day), 国庆节、中秋 (National Day, Mid-autumn Festival), or 国庆节调休 (National Day make-up working
        day) for an extra working day."""
        members = {member.value: member for member in chinese_calendar_constants.Holiday}
        chinese = "、".join(members[name].chinese if name in members else name for name in names)
        english = ", ".join(names)
        if workday:
            return f"{chinese}调休 ({english} make-up working day)"
        return f"{chinese} ({english})"

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

    def _get_public_holiday_sync_years(self, years=None):
        """Return the years to import into the schedule: ``years``, or the current and (once published)
        the next one. Raise a UserError naming the years the chinesecalendar package has not published."""
        self.ensure_one()
        if years:
            years = sorted({int(year) for year in years})
        else:
            current, following = self._get_public_holiday_default_years()
            years = [current] + ([following] if self._is_public_holiday_year_published(following) else [])
        missing = [year for year in years if not self._is_public_holiday_year_published(year)]
        if missing:
            raise UserError(
                _(
                    "The public holidays of China of %(years)s are not published in the installed "
                    "chinesecalendar package: upgrade the chinesecalendar Python package "
                    "(pip install --upgrade chinesecalendar) and try again.",
                    years=", ".join(str(year) for year in missing),
                )
            )
        return years

    def action_sync_public_holidays(self, years=None):
        """Import the public holidays (global time off of the schedule) and make-up working days (extra
        working days) of China of the given years, by default the current and the next one.

        Imported entries carry a key; entries without one (manual) are never touched. Running it twice
        changes nothing. A year given that the chinesecalendar package has not published is refused; by
        default the next year is skipped while it is not published."""
        self._check_public_holiday_country()
        plans = [(calendar, calendar._get_public_holiday_sync_years(years)) for calendar in self]
        for calendar, calendar_years in plans:
            calendar._sync_public_holidays(calendar_years)
        return True

    def _sync_public_holidays(self, years):
        """Create, update and remove the imported entries of the schedule for those (published) years."""
        self.ensure_one()
        self._apply_public_holiday_changes(self._get_public_holiday_changes(years))

    def _public_holiday_utc(self, day):
        """The naive UTC datetime of the schedule's local midnight starting ``day``."""
        return self._local_to_utc(day)

    def _get_public_holiday_changes(self, years):
        """Return what an import of those (published) years would change in the schedule, as a list of
        dicts: ``operation`` (create, update, remove), ``kind`` (holiday, workday), ``key``, ``name``,
        ``date_from`` and ``date_to`` (first and last day), ``record`` (the existing entry) and ``vals``."""
        self.ensure_one()
        holidays, workdays = self._get_public_holiday_data(years)
        key_domain = expression.OR([[("public_holiday_key", "=like", f"CN:{year}-%")] for year in years])
        return self._get_public_holiday_leave_changes(holidays, key_domain) + self._get_public_holiday_workday_changes(
            workdays, key_domain
        )

    @api.model
    def _public_holiday_change(self, kind, key, name, date_from, date_to, record, vals=None):
        """One change: a removal of ``record`` without ``vals``, else its update, or a creation."""
        return {
            "operation": "remove" if vals is None else "update" if record else "create",
            "kind": kind,
            "key": key,
            "name": name,
            "date_from": date_from,
            "date_to": date_to,
            "record": record,
            "vals": vals or {},
        }

    def _get_public_holiday_leave_changes(self, holidays, key_domain):
        """Public holidays ({key: (name, first, last)}) as global time off of this schedule only."""
        leaves = self.env["resource.calendar.leaves"].search(
            expression.AND([[("calendar_id", "=", self.id), ("resource_id", "=", False)], key_domain])
        )
        changes, existing = [], {}
        for leave in leaves:
            if leave.public_holiday_key in holidays and leave.public_holiday_key not in existing:
                existing[leave.public_holiday_key] = leave
                continue
            first = self._utc_to_local(leave.date_from).date()
            last = (self._utc_to_local(leave.date_to) - timedelta(seconds=1)).date()
            changes.append(
                self._public_holiday_change("holiday", leave.public_holiday_key, leave.name, first, last, leave)
            )
        for key, (name, first, last) in holidays.items():
            date_from, date_to = self._public_holiday_utc(first), self._public_holiday_utc(last + timedelta(days=1))
            leave = existing.get(key)
            if leave and (leave.name, leave.date_from, leave.date_to) == (name, date_from, date_to):
                continue
            vals = {"name": name, "date_from": date_from, "date_to": date_to}
            if not leave:
                vals.update(calendar_id=self.id, resource_id=False, time_type="leave", public_holiday_key=key)
            changes.append(self._public_holiday_change("holiday", key, name, first, last, leave, vals))
        return changes

    def _get_public_holiday_workday_changes(self, workdays, key_domain):
        """Make-up working days ({key: (name, date)}) as imported extra working days; a manual one on the
        same date wins."""
        calendar_workdays = self.env["resource.calendar.workday"].search([("calendar_id", "=", self.id)])
        imported = calendar_workdays.filtered_domain(expression.AND([[("source", "=", "imported")], key_domain]))
        manual_dates = set((calendar_workdays - imported).mapped("date"))
        changes, existing = [], {}
        for workday in imported:
            key = workday.public_holiday_key
            if key in workdays and key not in existing and workday.date not in manual_dates:
                existing[key] = workday
                continue
            changes.append(
                self._public_holiday_change("workday", key, workday.name, workday.date, workday.date, workday)
            )
        for key, (name, day) in workdays.items():
            workday = existing.get(key)
            if (workday and workday.name == name) or (not workday and day in manual_dates):
                continue
            vals = {"name": name}
            if not workday:
                vals.update(calendar_id=self.id, date=day, source="imported", public_holiday_key=key)
            changes.append(self._public_holiday_change("workday", key, name, day, day, workday, vals))
        return changes

    def _apply_public_holiday_changes(self, changes):
        """Apply the changes ``_get_public_holiday_changes`` returned, then tell the schedule its working
        time changed once, over the span of all the changes."""
        self.ensure_one()
        if not changes:
            return
        quiet = self.with_context(skip_working_time_changed=True)
        Leave, Workday = quiet.env["resource.calendar.leaves"], quiet.env["resource.calendar.workday"]
        models_of = {"holiday": Leave, "workday": Workday}
        for kind, model in models_of.items():
            of_kind = [change for change in changes if change["kind"] == kind]
            model.union(*(c["record"] for c in of_kind if c["operation"] == "remove")).with_env(model.env).unlink()
            try:
                for change in of_kind:
                    if change["operation"] == "update":
                        change["record"].with_env(model.env).write(change["vals"])
                new_vals = [change["vals"] for change in of_kind if change["operation"] == "create"]
                if kind == "holiday":
                    new_vals = quiet._prepare_public_holiday_leave_values(new_vals)
                model.create(new_vals)
            except ValidationError as error:
                if kind != "holiday":
                    raise
                # Time Off (hr_holidays) refuses public holidays that overlap another one.
                raise UserError(self._get_public_holiday_conflict_message(of_kind, error)) from error
        self._working_time_changed(
            self._public_holiday_utc(min(change["date_from"] for change in changes) - timedelta(days=1)),
            self._public_holiday_utc(max(change["date_to"] for change in changes) + timedelta(days=2)),
        )

    def _get_public_holiday_conflict_message(self, changes, error):
        """A message naming the time off the imported public holidays overlap, when another module
        (Time Off) refused them, or the module's own message."""
        conflicts = []
        for change in changes:
            if change["operation"] not in ("create", "update"):
                continue
            overlapping = self.env["resource.calendar.leaves"].search(
                [
                    ("calendar_id", "in", [False, self.id]),
                    ("resource_id", "=", False),
                    ("public_holiday_key", "!=", change["key"]),
                    # Touching counts: Time Off refuses time off that ends when another one starts.
                    ("date_from", "<=", self._public_holiday_utc(change["date_to"] + timedelta(days=1))),
                    ("date_to", ">=", self._public_holiday_utc(change["date_from"])),
                ]
            )
            for leave in overlapping:
                conflicts.append(
                    _("%(holiday)s overlaps %(time_off)s", holiday=change["name"], time_off=leave.display_name)
                )
        if not conflicts:
            return str(error.args[0] if error.args else error)
        return _(
            "The public holidays cannot be imported into the working schedule %(calendar)s: %(conflicts)s. "
            "Change or remove that time off, then import again.",
            calendar=self.display_name,
            conflicts="; ".join(conflicts),
        )

    def _prepare_public_holiday_leave_values(self, vals_list):
        """Return the values that create the public holidays at the instants of ``vals_list``.

        Time Off (hr_holidays) reads the dates of a new global time off as the creating user typed them
        in the user's time zone, and moves them to the schedule's: give them in that form, so that they
        land on the schedule's local midnights whoever imports them."""
        Leave = self.env["resource.calendar.leaves"]
        if not hasattr(Leave, "_prepare_public_holidays_values"):
            return vals_list
        user_tz = timezone(self.env.user.tz or "UTC")
        if user_tz == self._get_tz():
            return vals_list
        result = []
        for vals in vals_list:
            vals = dict(vals)
            for field in ("date_from", "date_to"):
                vals[field] = user_tz.localize(self._utc_to_local(vals[field])).astimezone(utc).replace(tzinfo=None)
            result.append(vals)
        return result

    def _cron_sync_public_holidays(self):
        """Import the public holidays of the current and the next year into every schedule of China.

        Years the chinesecalendar package has not published are skipped. From 1 December on, when the
        next year is still missing, ``_notify_public_holiday_year_missing`` tells to upgrade the package:
        nothing is created for that year."""
        calendars = self.search([("public_holiday_country_id.code", "in", SYNC_COUNTRY_CODES)])
        missing = {}
        for calendar in calendars:
            current, following = calendar._get_public_holiday_default_years()
            years = [year for year in (current, following) if calendar._is_public_holiday_year_published(year)]
            if years:
                # One schedule that cannot take its holidays does not keep the others from theirs.
                try:
                    with self.env.cr.savepoint():
                        calendar._sync_public_holidays(years)
                except (UserError, ValidationError) as error:
                    _logger.warning("Public holidays not imported into %s: %s", calendar.display_name, error)
            if calendar._get_public_holiday_today() >= date(current, 12, 1) and following not in years:
                missing[following] = missing.get(following, self) | calendar
        for year, year_calendars in missing.items():
            year_calendars._notify_public_holiday_year_missing(year)

    def _notify_public_holiday_year_missing(self, year):
        """Tell that the public holidays of ``year`` of these schedules are not published in the
        installed package. This add-on depends on Resource only: it writes a warning in the server log.
        With Discuss, ``resource_calendar_public_holiday_mail`` also notifies the administrators."""
        _logger.warning(
            "The public holidays of China of %s are not published in the installed chinesecalendar "
            "package: upgrade it (pip install --upgrade chinesecalendar) so that the working "
            "schedules %s get them.",
            year,
            ", ".join(self.mapped("display_name")),
        )
