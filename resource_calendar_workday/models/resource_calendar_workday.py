from datetime import datetime, time, timedelta

from odoo import api, fields, models

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]
# Fields of an extra working day that decide the working time of its schedule.
WORKING_TIME_FIELDS = frozenset({"calendar_id", "date", "weekday"})
# Offsets tried, in this order, to find the working weekday an extra working
# day follows by default: the day itself, then the nearest ones, later first.
NEAREST_OFFSETS = (0, 1, -1, 2, -2, 3, -3)


class ResourceCalendarWorkday(models.Model):
    _name = "resource.calendar.workday"
    _inherit = ["resource.calendar.working.time.mixin"]
    _description = "Extra Working Day"
    _order = "date, id"
    _working_time_fields = WORKING_TIME_FIELDS

    name = fields.Char(string="Reason")
    calendar_id = fields.Many2one(
        "resource.calendar", string="Working Schedule", required=True, ondelete="cascade", index=True
    )
    date = fields.Date(required=True, index=True)
    weekday = fields.Selection(
        WEEKDAYS,
        string="Works As",
        required=True,
        compute="_compute_weekday",
        store=True,
        readonly=False,
        precompute=True,
        help="The weekday whose working hours apply on this date. By default the working weekday nearest "
        "to the date (Friday for a Saturday, Monday for a Sunday in a Monday-Friday schedule).",
    )
    source = fields.Selection(
        [("manual", "Manual"), ("imported", "Imported")],
        required=True,
        default="manual",
        help="Imported days come from a public holiday library (an add-on) and may be replaced by its next import.",
    )
    company_id = fields.Many2one(related="calendar_id.company_id", store=True)

    _sql_constraints = [
        (
            "calendar_date_uniq",
            "unique(calendar_id, date)",
            "A working schedule has at most one extra working day per date.",
        ),
    ]

    @api.depends("calendar_id", "date")
    def _compute_weekday(self):
        for workday in self:
            workday.weekday = workday._get_nearest_working_weekday()

    def _get_nearest_working_weekday(self):
        """Return the working weekday of the calendar nearest to the date, or Monday when there is none."""
        self.ensure_one()
        if not self.date or not self.calendar_id:
            return "0"
        calendar = self.calendar_id
        week_type = str(self.env["resource.calendar.attendance"].get_week_type(self.date))
        working_weekdays = {
            attendance.dayofweek
            for attendance in calendar.attendance_ids
            if not attendance.display_type
            and not attendance.resource_id
            and attendance.day_period != "lunch"
            and (not calendar.two_weeks_calendar or attendance.week_type == week_type)
        }
        own = self.date.weekday()
        for offset in NEAREST_OFFSETS:
            weekday = str((own + offset) % 7)
            if weekday in working_weekdays:
                return weekday
        return "0"

    def _get_working_time_spans(self, spans=None):
        """Add to ``spans`` ({calendar: (from, to)}) the dates of the extra working days, a day wider on
        each side for every time zone."""
        Calendar = self.env["resource.calendar"]
        spans = {} if spans is None else spans
        for workday in self:
            date_from = datetime.combine(workday.date - timedelta(days=1), time.min)
            Calendar._merge_working_time_spans(spans, workday.calendar_id, date_from, date_from + timedelta(days=3))
        return spans
