from datetime import datetime, time, timedelta

from odoo import models

# Fields of an attendance that decide the working time of its schedule.
WORKING_TIME_FIELDS = frozenset(
    {
        "dayofweek",
        "hour_from",
        "hour_to",
        "date_from",
        "date_to",
        "week_type",
        "day_period",
        "display_type",
        "calendar_id",
        "resource_id",
    }
)


class ResourceCalendarAttendance(models.Model):
    _name = "resource.calendar.attendance"
    _inherit = ["resource.calendar.attendance", "resource.calendar.working.time.mixin"]
    _working_time_fields = WORKING_TIME_FIELDS

    def _get_working_time_spans(self, spans=None):
        """Add to ``spans`` ({calendar: (from, to)}) the dates the attendances apply on, a day wider on
        each side for every time zone; unbounded when they apply on every week."""
        Calendar = self.env["resource.calendar"]
        spans = {} if spans is None else spans
        for attendance in self:
            date_from = attendance.date_from and datetime.combine(attendance.date_from - timedelta(days=1), time.min)
            date_to = attendance.date_to and datetime.combine(attendance.date_to + timedelta(days=2), time.min)
            Calendar._merge_working_time_spans(spans, attendance.calendar_id, date_from or None, date_to or None)
        return spans
