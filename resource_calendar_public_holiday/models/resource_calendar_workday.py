from odoo import fields, models


class ResourceCalendarWorkday(models.Model):
    _inherit = "resource.calendar.workday"

    public_holiday_key = fields.Char(
        index=True,
        readonly=True,
        help="Set on the days imported from a public holiday library (country code and date, such as "
        "CN:2026-09-20): the next import updates or removes them.",
    )
