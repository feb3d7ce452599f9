from odoo import api, models


class ResourceCalendarWorkingTimeMixin(models.AbstractModel):
    """Records that make the working time of schedules (time off, extra working days, attendances):
    creating, changing (one of ``_working_time_fields``) or deleting them calls the schedules'
    ``_working_time_changed`` once, with the span that changed."""

    _name = "resource.calendar.working.time.mixin"
    _description = "Working Time Change Notifier"
    _working_time_fields = frozenset()

    def _get_working_time_spans(self, spans=None):
        """Add to ``spans`` ({calendar: (from, to)}, naive UTC, ``None`` when unbounded) the schedules
        and the span whose working time these records make; return it."""
        raise NotImplementedError

    def _notify_working_time_spans(self, spans):
        self.env["resource.calendar"]._notify_working_time_changed(spans)

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._notify_working_time_spans(records._get_working_time_spans())
        return records

    def write(self, vals):
        if not self._working_time_fields & set(vals):
            return super().write(vals)
        spans = self._get_working_time_spans()
        res = super().write(vals)
        self._notify_working_time_spans(self._get_working_time_spans(spans))
        return res

    def unlink(self):
        spans = self._get_working_time_spans()
        res = super().unlink()
        self._notify_working_time_spans(spans)
        return res
