from datetime import date, timedelta

from pytz import utc

from odoo.tests import tagged

from .common import SHANGHAI, WorkdayCommon, local


@tagged("post_install", "-at_install")
class TestPlanBatch(WorkdayCommon):
    """Many deadlines and working-hour counts at once, as plan_hours and get_work_hours_count give them."""

    def _requests(self):
        requests = []
        start = local(2026, 9, 17, 7, 20)
        for step in range(60):
            for hours in (0.0, 0.5, 2.0, 4.0, 8.0, 40.0, 48.0):
                requests.append((start + timedelta(hours=7 * step, minutes=13 * step), hours))
        return requests

    def test_plan_hours_batch_matches_plan_hours(self):
        """Across Mid-Autumn, National Day and their make-up days, on 420 pairs of start and target."""
        requests = self._requests()
        planned = self.calendar._plan_hours_batch(requests)
        same = 0
        for (when, hours), result in zip(requests, planned, strict=True):
            expected = self.calendar.plan_hours(hours, when, compute_leaves=True).replace(microsecond=0)
            if abs(result - expected) <= timedelta(seconds=1):
                same += 1
                continue
            # plan_hours subtracts interval by interval: by rounding, it may pass the end of a working
            # day (where the batch ends) for the start of the next one, with no working time between.
            self.assertLess(result, expected, f"{hours} h from {when}")
            self.assertAlmostEqual(
                self.calendar.get_work_hours_count(result, expected), 0.0, 4, f"{hours} h from {when}"
            )
            self.assertEqual(result.astimezone(utc).astimezone(SHANGHAI).hour, 17, "the end of a day")
        self.assertGreater(same, len(requests) * 0.9)

    def test_plan_hours_batch_values(self):
        values = self.calendar._plan_hours_batch(
            [
                (local(2026, 9, 18, 15), 8),
                (local(2026, 9, 30, 15), 8),
                (local(2026, 9, 25, 10), 48),
                (local(2026, 10, 9, 10), -4),
            ]
        )
        self.assertEqual(
            values,
            [local(2026, 9, 20, 15), local(2026, 10, 8, 15), local(2026, 10, 10, 17), local(2026, 10, 8, 15)],
            "a make-up Sunday and Saturday work; National Day does not; negative hours plan backwards",
        )
        self.assertEqual(self.plain_calendar._plan_hours_batch([(local(2026, 9, 18, 15), 8)]), [local(2026, 9, 21, 15)])

    def test_plan_hours_batch_without_working_time(self):
        empty = self.env["resource.calendar"].create({"name": "Never", "attendance_ids": [(5, 0, 0)]})
        self.assertEqual(empty._plan_hours_batch([(local(2026, 9, 18, 15), 8)]), [False], "as plan_hours: False")

    def test_work_hours_batch_matches_get_work_hours_count(self):
        spans = [(when, when + timedelta(hours=hours * 3 + 1)) for when, hours in self._requests()]
        spans += [(local(2026, 10, 2), local(2026, 10, 1)), (False, local(2026, 10, 1))]
        counts = self.calendar._work_hours_batch(spans)
        for (start, end), count in zip(spans[:-2], counts, strict=False):
            self.assertAlmostEqual(
                count,
                self.calendar.get_work_hours_count(start, end, compute_leaves=True),
                4,
                f"{start} to {end}",
            )
        self.assertEqual(counts[-2:], [0.0, 0.0], "a reversed or open span counts nothing")

    def test_time_zone_helpers(self):
        self.assertEqual(self.calendar._local_to_utc(date(2026, 10, 1)), local(2026, 10, 1))
        self.assertEqual(self.calendar._local_to_utc(local(2026, 10, 1, 9) + timedelta(hours=8)), local(2026, 10, 1, 9))
        self.assertEqual(self.calendar._utc_to_local(local(2026, 10, 1, 9)).hour, 9)
