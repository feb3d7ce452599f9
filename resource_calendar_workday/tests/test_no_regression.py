from odoo.tests import tagged

from odoo.addons.resource.models.resource_calendar import ResourceCalendar as PlainResourceCalendar

from .common import WorkdayCommon, aware, local


@tagged("post_install", "-at_install")
class TestNoRegression(WorkdayCommon):
    """Without an extra working day in the period, the results are plain Odoo's."""

    def _plain_intervals(self, calendar, start, end, resources=None):
        # Odoo's own method, without this add-on's override.
        return PlainResourceCalendar._attendance_intervals_batch(calendar, start, end, resources=resources)

    def test_attendance_intervals_equal_odoo(self):
        resource = self.env["resource.resource"].create(
            {"name": "Zhao Agent", "calendar_id": self.plain_calendar.id, "tz": "Europe/Brussels"}
        )
        start, end = aware(2026, 9, 1), aware(2026, 11, 1)
        for calendar in self.calendar | self.plain_calendar:
            result = calendar._attendance_intervals_batch(aware(2026, 3, 2), aware(2026, 9, 19), resources=resource)
            plain = self._plain_intervals(calendar, aware(2026, 3, 2), aware(2026, 9, 19), resources=resource)
            for key in (resource.id, False):
                self.assertEqual(list(result[key]), list(plain[key]))
        result = self.plain_calendar._attendance_intervals_batch(start, end, resources=resource)
        plain = self._plain_intervals(self.plain_calendar, start, end, resources=resource)
        for key in (resource.id, False):
            self.assertEqual(list(result[key]), list(plain[key]))

    def test_plain_calendar_plans_as_odoo(self):
        self.assertEqual(
            self.plain_calendar.plan_hours(8, local(2026, 9, 30, 15), compute_leaves=True), local(2026, 10, 8, 15)
        )
        self.assertEqual(
            self.plain_calendar.plan_hours(48, local(2026, 9, 25, 10), compute_leaves=True), local(2026, 10, 12, 17)
        )
        self.assertEqual(self.plain_calendar.get_work_hours_count(aware(2026, 9, 14), aware(2026, 9, 21)), 40)
        self.assertEqual(self.calendar.get_work_hours_count(aware(2026, 9, 7), aware(2026, 9, 14)), 40)
