from datetime import date, datetime, timedelta
from unittest.mock import patch

from pytz import timezone, utc

from odoo.tests import TransactionCase

SHANGHAI = timezone("Asia/Shanghai")

# China's schedule, pinned: public holidays (first, last day) and make-up working days.
CHINA_HOLIDAYS = [
    ("National Day 2025", date(2025, 10, 1), date(2025, 10, 8)),
    ("Mid-Autumn Festival 2026", date(2026, 9, 25), date(2026, 9, 27)),
    ("National Day 2026", date(2026, 10, 1), date(2026, 10, 7)),
]
CHINA_WORKDAYS = [
    ("Make-up day for National Day 2025", date(2025, 9, 28)),
    ("Make-up day for National Day 2025", date(2025, 10, 11)),
    ("Make-up day for Spring Festival 2026", date(2026, 2, 14)),
    ("Make-up day for Spring Festival 2026", date(2026, 2, 28)),
    ("Make-up day for National Day 2026", date(2026, 9, 20)),
    ("Make-up day for National Day 2026", date(2026, 10, 10)),
]


def local(year, month, day, hour=0, minute=0):
    """Naive UTC datetime, as Odoo expects, of a Shanghai wall-clock time."""
    return SHANGHAI.localize(datetime(year, month, day, hour, minute)).astimezone(utc).replace(tzinfo=None)


def aware(year, month, day, hour=0, minute=0):
    """Aware Shanghai datetime."""
    return SHANGHAI.localize(datetime(year, month, day, hour, minute))


class WorkdayCommon(TransactionCase):
    """Two Monday-Friday 08:00-12:00 and 13:00-17:00 schedules in Shanghai with China's public
    holidays as global time off: one with China's make-up working days as extra working days, one
    without."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The test user types the pinned holidays in the schedules' time zone (Time Off, when installed,
        # reads a new global time off in the creating user's time zone).
        cls.env.user.tz = "Asia/Shanghai"
        cls.calendar = cls._create_calendar("China Office")
        cls.plain_calendar = cls._create_calendar("China Office without make-up days")
        cls.env["resource.calendar.workday"].create(
            [{"calendar_id": cls.calendar.id, "name": name, "date": day} for name, day in CHINA_WORKDAYS]
        )
        cls.workday = cls.calendar.workday_ids.filtered(lambda w: w.date == date(2026, 9, 20))

    @classmethod
    def _create_calendar(cls, name, two_weeks=False):
        attendances = []
        for week_type in ("0", "1") if two_weeks else (False,):
            for weekday in range(5):
                periods = [(8, 12, "morning"), (13, 17, "afternoon")]
                if two_weeks:
                    # First week: mornings only; second week: afternoons only.
                    periods = [periods[int(week_type)]]
                attendances += [
                    (
                        0,
                        0,
                        {
                            "name": f"{weekday} {period}",
                            "dayofweek": str(weekday),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": period,
                            "week_type": week_type,
                        },
                    )
                    for hour_from, hour_to, period in periods
                ]
        calendar = cls.env["resource.calendar"].create(
            {
                "name": name,
                "tz": "Asia/Shanghai",
                "two_weeks_calendar": two_weeks,
                "attendance_ids": [(5, 0, 0), *attendances],
                "global_leave_ids": [(5, 0, 0)],
            }
        )
        cls.env["resource.calendar.leaves"].create(
            [
                {
                    "name": name,
                    "calendar_id": calendar.id,
                    "date_from": local(first.year, first.month, first.day),
                    # Until the next local midnight.
                    "date_to": local(*(last + timedelta(days=1)).timetuple()[:3]),
                }
                for name, first, last in CHINA_HOLIDAYS
            ]
        )
        return calendar


class RecordWorkingTimeChanged:
    """Records the calls of ``resource.calendar._working_time_changed`` in ``self.calls`` as (schedule,
    date_from, date_to), instead of running it."""

    def setUp(self):
        super().setUp()
        self.calls = []
        calls = self.calls

        def record(calendar, date_from=None, date_to=None):
            calls.append((calendar, date_from, date_to))
            return True

        self.startPatcher(patch.object(type(self.env["resource.calendar"]), "_working_time_changed", record))
