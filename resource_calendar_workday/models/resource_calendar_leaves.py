from odoo import models

# Fields of a time off that decide the working time of the schedules it applies to.
WORKING_TIME_FIELDS = frozenset({"date_from", "date_to", "calendar_id", "resource_id", "time_type", "company_id"})


class ResourceCalendarLeaves(models.Model):
    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "resource.calendar.working.time.mixin"]
    _working_time_fields = WORKING_TIME_FIELDS

    def _get_working_time_spans(self, spans=None):
        """Add to ``spans`` ({calendar: (from, to)}) the span of each time off of a whole schedule; a time
        off without a schedule applies to every schedule."""
        Calendar = self.env["resource.calendar"]
        spans = {} if spans is None else spans
        global_leaves = self.filtered(lambda leave: not leave.resource_id and leave.date_from and leave.date_to)
        all_calendars = None
        for leave in global_leaves:
            calendars = leave.calendar_id
            if not calendars:
                if all_calendars is None:
                    all_calendars = Calendar.with_context(active_test=False).search([])
                calendars = all_calendars
            Calendar._merge_working_time_spans(spans, calendars, leave.date_from, leave.date_to)
        return spans
