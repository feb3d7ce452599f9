from odoo import models


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _working_time_changed(self, date_from=None, date_to=None):
        """Service-level deadlines follow the working time of their calendar."""
        res = super()._working_time_changed(date_from=date_from, date_to=date_to)
        self.env["aftersales.sla.clock"]._replan_calendars(self, date_from, date_to)
        return res
