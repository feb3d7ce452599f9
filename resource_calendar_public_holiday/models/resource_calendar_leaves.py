from odoo import api, fields, models

# Fields of a time off that decide the working time of the schedules it applies to.
WORKING_TIME_FIELDS = {"date_from", "date_to", "calendar_id", "resource_id", "time_type", "company_id"}


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    public_holiday_key = fields.Char(
        index=True,
        readonly=True,
        help="Set on the public holidays imported from a public holiday library (country code and first day, "
        "such as CN:2026-10-01): the next import updates or removes them. Time off without it is never touched.",
    )

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

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        self.env["resource.calendar"]._notify_working_time_changed(leaves._get_working_time_spans())
        return leaves

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
