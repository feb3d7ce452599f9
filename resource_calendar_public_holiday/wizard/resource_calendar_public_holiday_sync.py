import re

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..models.resource_calendar import SYNC_COUNTRY_CODES

OPERATIONS = [("create", "Create"), ("update", "Update"), ("remove", "Remove")]
# Removals come first in the preview: a make-up day whose key changed is removed, then created again.
OPERATION_ORDER = ["remove", "update", "create"]
KINDS = [("holiday", "Public holiday"), ("workday", "Extra working day")]
# Years are separated by commas, semicolons (also Chinese ones) or spaces; a range joins two years with a dash.
YEAR_SEPARATORS = re.compile(r"[\s,;，；、]+")
YEAR_RANGE_DASH = re.compile(r"\s*[-–~至]\s*")
YEAR_TOKEN = re.compile(r"^(\d{4})(?:-(\d{4}))?$")


class ResourceCalendarPublicHolidaySync(models.TransientModel):
    _name = "resource.calendar.public.holiday.sync"
    _description = "Sync Public Holidays"

    calendar_ids = fields.Many2many(
        "resource.calendar",
        relation="resource_calendar_public_holiday_sync_calendar_rel",
        column1="wizard_id",
        column2="calendar_id",
        string="Working Schedules",
        required=True,
        domain=[("public_holiday_country_id", "!=", False)],
        default=lambda self: self._default_calendar_ids(),
    )
    years = fields.Char(
        required=True,
        default=lambda self: self._default_years(),
        help="The years to import, separated by commas (such as 2026, 2027) or as a range (such as 2026-2027).",
    )
    state = fields.Selection([("choose", "Choose"), ("preview", "Preview")], required=True, default="choose")
    line_ids = fields.One2many(
        "resource.calendar.public.holiday.sync.line", "wizard_id", string="Changes", readonly=True
    )
    line_count = fields.Integer(compute="_compute_line_count")

    @api.depends("line_ids")
    def _compute_line_count(self):
        for wizard in self:
            wizard.line_count = len(wizard.line_ids)

    @api.model
    def _default_calendar_ids(self):
        """The schedules the wizard is opened from, or else every schedule of a country that can be imported."""
        context = self.env.context
        Calendar = self.env["resource.calendar"]
        if context.get("active_model") == "resource.calendar" and context.get("active_ids"):
            return Calendar.browse(context["active_ids"]).exists()
        return Calendar.search([("public_holiday_country_id.code", "in", SYNC_COUNTRY_CODES)])

    @api.model
    def _default_years(self):
        """The years the one-click import takes for the first schedule: the current and, once published, the
        next one (the current one alone when it is not published: the preview then says so)."""
        calendar = (
            self._default_calendar_ids()[:1] or self.env.company.resource_calendar_id or self.env["resource.calendar"]
        )
        calendar = calendar or calendar.new({})
        try:
            years = calendar._get_public_holiday_sync_years()
        except UserError:
            years = calendar._get_public_holiday_default_years()[:1]
        return self._format_years(years)

    @api.model
    def _format_years(self, years):
        return ", ".join(str(year) for year in years)

    @api.model
    def _parse_years(self, text):
        """Return the sorted years of ``text`` (such as "2026, 2027" or "2026-2027"), or raise a UserError."""
        years = set()
        tokens = [token for token in YEAR_SEPARATORS.split(YEAR_RANGE_DASH.sub("-", (text or "").strip())) if token]
        for token in tokens:
            match = YEAR_TOKEN.match(token)
            first, last = (int(match[1]), int(match[2] or match[1])) if match else (0, 0)
            if not match or first > last:
                raise UserError(
                    self.env._(
                        "“%(years)s” is not a valid list of years: enter years of four digits separated by "
                        "commas, such as 2026, 2027, or a range, such as 2026-2027.",
                        years=text,
                    )
                )
            years.update(range(first, last + 1))
        if not years:
            raise UserError(self.env._("Enter the years to import, separated by commas, such as 2026, 2027."))
        return sorted(years)

    def _get_public_holiday_changes(self):
        """Return [(schedule, changes)]: what importing the years into each schedule changes now."""
        self.ensure_one()
        if not self.calendar_ids:
            raise UserError(self.env._("Choose the working schedules to import the public holidays into."))
        years = self._parse_years(self.years)
        self.calendar_ids._check_public_holiday_country()
        plans = [(calendar, calendar._get_public_holiday_sync_years(years)) for calendar in self.calendar_ids]
        return [(calendar, calendar._get_public_holiday_changes(calendar_years)) for calendar, calendar_years in plans]

    @api.model
    def _prepare_line_values(self, calendar, change):
        return {
            "calendar_id": calendar.id,
            "operation": change["operation"],
            "kind": change["kind"],
            "name": change["name"],
            "date_from": change["date_from"],
            "date_to": change["date_to"],
            "key": change["key"],
        }

    def _reopen(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Sync Public Holidays"),
            "res_model": self._name,
            "res_id": self.id,
            "views": [(False, "form")],
            "target": "new",
            "context": self.env.context,
        }

    def action_preview(self):
        """List what the import would create, update and remove, without changing anything."""
        self.ensure_one()
        commands = [Command.clear()]
        for calendar, changes in self._get_public_holiday_changes():
            changes = sorted(
                changes,
                key=lambda change: (change["date_from"], change["kind"], OPERATION_ORDER.index(change["operation"])),
            )
            commands += [Command.create(self._prepare_line_values(calendar, change)) for change in changes]
        self.write({"state": "preview", "line_ids": commands})
        return self._reopen()

    def action_back(self):
        self.ensure_one()
        self.write({"state": "choose", "line_ids": [Command.clear()]})
        return self._reopen()

    def action_apply(self):
        """Import the years into the schedules. The changes are computed again: the preview may be stale."""
        self.ensure_one()
        counts = dict.fromkeys(("create", "update", "remove"), 0)
        for calendar, changes in self._get_public_holiday_changes():
            calendar._apply_public_holiday_changes(changes)
            for change in changes:
                counts[change["operation"]] += 1
        if any(counts.values()):
            title = self.env._("Public holidays imported")
            message = self.env._(
                "%(created)s created, %(updated)s updated and %(removed)s removed (public holidays and extra "
                "working days).",
                created=counts["create"],
                updated=counts["update"],
                removed=counts["remove"],
            )
        else:
            title = self.env._("Public holidays up to date")
            message = self.env._("Nothing to change: the working schedules already have these public holidays.")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": title,
                "message": message,
                "type": "success" if any(counts.values()) else "info",
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }


class ResourceCalendarPublicHolidaySyncLine(models.TransientModel):
    _name = "resource.calendar.public.holiday.sync.line"
    _description = "Sync Public Holidays: Change"
    _order = "wizard_id, id"

    wizard_id = fields.Many2one("resource.calendar.public.holiday.sync", required=True, ondelete="cascade")
    calendar_id = fields.Many2one("resource.calendar", string="Working Schedule", ondelete="cascade")
    operation = fields.Selection(OPERATIONS, required=True)
    kind = fields.Selection(KINDS, string="Type", required=True)
    name = fields.Char()
    date_from = fields.Date(string="First Day")
    date_to = fields.Date(string="Last Day")
    key = fields.Char(string="Public Holiday Key")
