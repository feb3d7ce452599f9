from datetime import date, datetime

from odoo.tests import tagged

from .common import RecordWorkingTimeChanged, WorkdayCommon, local


@tagged("post_install", "-at_install")
class TestWorkingTimeChanged(RecordWorkingTimeChanged, WorkdayCommon):
    """Schedules tell when their working time changes, with the span that changed."""

    def test_global_time_off(self):
        leave = self.env["resource.calendar.leaves"].create(
            {
                "name": "Company day",
                "calendar_id": self.calendar.id,
                "date_from": local(2026, 11, 2),
                "date_to": local(2026, 11, 3),
            }
        )
        self.assertEqual(self.calls, [(self.calendar, local(2026, 11, 2), local(2026, 11, 3))])
        leave.write({"date_to": local(2026, 11, 4)})
        self.assertEqual(self.calls[-1], (self.calendar, local(2026, 11, 2), local(2026, 11, 4)), "old and new span")
        leave.name = "Renamed"
        self.assertEqual(len(self.calls), 2, "a new name changes no working time")
        leave.unlink()
        self.assertEqual(self.calls[-1], (self.calendar, local(2026, 11, 2), local(2026, 11, 4)))

    def test_time_off_of_every_schedule_and_of_a_resource(self):
        self.env["resource.calendar.leaves"].create(
            {"name": "Everyone", "calendar_id": False, "date_from": local(2026, 11, 2), "date_to": local(2026, 11, 3)}
        )
        self.assertIn(self.calendar, [calendar for calendar, _from, _to in self.calls])
        self.assertIn(self.plain_calendar, [calendar for calendar, _from, _to in self.calls])
        self.calls.clear()
        resource = self.env["resource.resource"].create({"name": "Technician", "calendar_id": self.calendar.id})
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Sick",
                "calendar_id": self.calendar.id,
                "resource_id": resource.id,
                "date_from": local(2026, 11, 2),
                "date_to": local(2026, 11, 3),
            }
        )
        self.assertFalse(self.calls, "a resource's time off is not the schedule's working time")

    def test_extra_working_day_and_attendance(self):
        Workday = self.env["resource.calendar.workday"]
        workday = Workday.create({"calendar_id": self.calendar.id, "date": date(2026, 11, 7)})
        self.assertEqual(self.calls, [(self.calendar, datetime(2026, 11, 6), datetime(2026, 11, 9))])
        workday.name = "Inventory"
        self.assertEqual(len(self.calls), 1)
        self.calendar.attendance_ids[:1].hour_to = 11
        self.assertEqual(self.calls[-1], (self.calendar, None, None), "every week: unbounded")
        self.plain_calendar.tz = "UTC"
        self.assertEqual(self.calls[-1], (self.plain_calendar, None, None))
