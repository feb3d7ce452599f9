from datetime import datetime, time, timedelta

from odoo import api, models

# Fields of an attendance that decide the working time of its schedule.
WORKING_TIME_FIELDS = {
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


class ResourceCalendarAttendance(models.Model):
    _inherit = "resource.calendar.attendance"

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

    @api.model_create_multi
    def create(self, vals_list):
        attendances = super().create(vals_list)
        self.env["resource.calendar"]._notify_working_time_changed(attendances._get_working_time_spans())
        return attendances

    def write(self, vals):
        if not WORKING_TIME_FIELDS & set(vals):
            return super().write(vals)
        spans = self._get_working_time_spans()
        res = super().write(vals)
        self.env["resource.calendar"]._notify_working_time_changed(self._get_working_time_spans(spans))
        return res

    def unlink(self):
        spans = self._get_working_time_spans()
        res = super().unlink()
        self.env["resource.calendar"]._notify_working_time_changed(spans)
        return res
