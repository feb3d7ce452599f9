from odoo import fields, models


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    public_holiday_key = fields.Char(
        index=True,
        readonly=True,
        help="Set on the public holidays imported from a public holiday library (country code and first day, "
        "such as CN:2026-10-01): the next import updates or removes them. Time off without it is never touched.",
    )
