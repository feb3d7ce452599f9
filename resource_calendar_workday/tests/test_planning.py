from datetime import date

from odoo.tests import tagged

from .common import WorkdayCommon, aware, local


@tagged("post_install", "-at_install")
class TestPlanning(WorkdayCommon):
    """Make-up working days count as working time wherever Odoo plans on the schedule."""

    def test_plan_hours_works_the_make_up_day(self):
        self.assertEqual(
            self.calendar.plan_hours(8, local(2026, 9, 18, 15), compute_leaves=True), local(2026, 9, 20, 15)
        )
        self.assertEqual(
            self.plain_calendar.plan_hours(8, local(2026, 9, 18, 15), compute_leaves=True), local(2026, 9, 21, 15)
        )
        self.assertEqual(
            self.calendar.plan_hours(8, local(2025, 9, 26, 15), compute_leaves=True), local(2025, 9, 28, 15)
        )

    def test_plan_hours_skips_public_holidays(self):
        self.assertEqual(
            self.calendar.plan_hours(8, local(2026, 9, 30, 15), compute_leaves=True), local(2026, 10, 8, 15)
        )
        self.assertEqual(
            self.calendar.plan_hours(48, local(2026, 9, 25, 10), compute_leaves=True), local(2026, 10, 10, 17)
        )

    def test_plan_hours_backwards(self):
        self.assertEqual(
            self.calendar.plan_hours(-8, local(2026, 9, 21, 15), compute_leaves=True), local(2026, 9, 20, 15)
        )

    def test_work_hours_count(self):
        self.assertEqual(self.calendar.get_work_hours_count(aware(2026, 9, 18), aware(2026, 9, 21)), 16)
        self.assertEqual(self.plain_calendar.get_work_hours_count(aware(2026, 9, 18), aware(2026, 9, 21)), 8)
        # A make-up day is no work when not counted as such: the holidays week still has none.
        self.assertEqual(self.calendar.get_work_hours_count(aware(2026, 9, 25), aware(2026, 9, 28)), 0)
        # A range ending the day before a make-up day (inside the search margin) gains nothing from it.
        self.assertEqual(self.calendar.get_work_hours_count(aware(2026, 9, 19), aware(2026, 9, 20)), 0)
        self.assertEqual(self.calendar.get_work_hours_count(aware(2026, 9, 21), aware(2026, 9, 21, 12)), 4)

    def test_work_duration_data(self):
        self.assertEqual(
            self.calendar.get_work_duration_data(aware(2026, 9, 18), aware(2026, 9, 21)), {"days": 2, "hours": 16}
        )
        self.assertEqual(
            self.plain_calendar.get_work_duration_data(aware(2026, 9, 18), aware(2026, 9, 21)),
            {"days": 1, "hours": 8},
        )

    def test_plan_days(self):
        # plan_days ends at the end of the first period of the last day, as in Odoo.
        self.assertEqual(self.calendar.plan_days(2, local(2026, 9, 18), compute_leaves=True), local(2026, 9, 20, 12))
        self.assertEqual(
            self.plain_calendar.plan_days(2, local(2026, 9, 18), compute_leaves=True), local(2026, 9, 21, 12)
        )
        # 30 September, 8, 9, 10 (make-up Saturday), 12 and 13 October.
        self.assertEqual(self.calendar.plan_days(6, local(2026, 9, 30), compute_leaves=True), local(2026, 10, 13, 12))
        self.assertEqual(
            self.plain_calendar.plan_days(6, local(2026, 9, 30), compute_leaves=True), local(2026, 10, 14, 12)
        )

    def test_works_on_date(self):
        self.assertTrue(self.calendar._works_on_date(date(2026, 9, 20)))
        self.assertFalse(self.calendar._works_on_date(date(2026, 9, 27)))
        self.assertFalse(self.plain_calendar._works_on_date(date(2026, 9, 20)))
        self.assertTrue(self.calendar._works_on_date(date(2026, 9, 21)))

    def test_unusual_days(self):
        days = self.calendar._get_unusual_days(aware(2026, 9, 19), aware(2026, 9, 28))
        self.assertFalse(days["2026-09-20"], "the make-up Sunday is a working day")
        self.assertTrue(days["2026-09-19"])
        self.assertTrue(days["2026-09-25"], "Mid-Autumn Festival is a holiday")
        self.assertTrue(days["2026-09-27"])
        self.assertTrue(self.plain_calendar._get_unusual_days(aware(2026, 9, 19), aware(2026, 9, 21))["2026-09-20"])

    def test_resource_works_the_make_up_day(self):
        resource = self.env["resource.resource"].create(
            {"name": "Wang Technician", "calendar_id": self.calendar.id, "tz": "Asia/Shanghai"}
        )
        self.assertEqual(
            self.calendar.plan_hours(8, local(2026, 9, 18, 15), compute_leaves=True, resource=resource),
            local(2026, 9, 20, 15),
        )
        intervals = self.calendar._work_intervals_batch(aware(2026, 9, 20), aware(2026, 9, 21), resources=resource)
        self.assertEqual(
            [(start, stop) for start, stop, _meta in intervals[resource.id]],
            [(aware(2026, 9, 20, 8), aware(2026, 9, 20, 12)), (aware(2026, 9, 20, 13), aware(2026, 9, 20, 17))],
        )
        work_intervals, _calendar_intervals = resource._get_valid_work_intervals(aware(2026, 9, 18), aware(2026, 9, 21))
        self.assertEqual(
            sum((stop - start).total_seconds() / 3600 for start, stop, _meta in work_intervals[resource.id]), 16
        )

    def test_time_off_on_the_make_up_day_still_subtracts(self):
        resource = self.env["resource.resource"].create(
            {"name": "Li Engineer", "calendar_id": self.calendar.id, "tz": "Asia/Shanghai"}
        )
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Sick in the morning",
                "calendar_id": self.calendar.id,
                "resource_id": resource.id,
                "date_from": local(2026, 9, 20, 8),
                "date_to": local(2026, 9, 20, 12),
            }
        )
        self.assertEqual(
            self.calendar.plan_hours(8, local(2026, 9, 18, 15), compute_leaves=True, resource=resource),
            local(2026, 9, 21, 10),
        )

    def test_two_weeks_calendar_follows_the_week_type(self):
        calendar = self._create_calendar("Alternating weeks", two_weeks=True)
        Attendance = self.env["resource.calendar.attendance"]
        saturdays = [date(2026, 10, 10), date(2026, 10, 17)]
        self.env["resource.calendar.workday"].create([{"calendar_id": calendar.id, "date": day} for day in saturdays])
        self.assertEqual(calendar.workday_ids.mapped("weekday"), ["4", "4"], "a Saturday follows Friday")
        for day in saturdays:
            intervals = calendar._attendance_intervals_batch(
                aware(day.year, day.month, day.day), aware(day.year, day.month, day.day + 1)
            )[False]
            # First week: 08:00-12:00; second week: 13:00-17:00.
            hour_from = 13 if Attendance.get_week_type(day) else 8
            self.assertEqual(
                [(start, stop) for start, stop, _meta in intervals],
                [(aware(day.year, day.month, day.day, hour_from), aware(day.year, day.month, day.day, hour_from + 4))],
            )
        self.assertNotEqual(Attendance.get_week_type(saturdays[0]), Attendance.get_week_type(saturdays[1]))
