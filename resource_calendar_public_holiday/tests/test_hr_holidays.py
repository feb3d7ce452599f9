from datetime import datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from .chinese_calendar_pin import pin_chinese_calendar
from .common import PublicHolidayCommon


@tagged("post_install", "-at_install")
class TestHrHolidaysTimeZone(PublicHolidayCommon):
    """Time Off (hr_holidays) moves a new global time off from the creating user's time zone to the
    schedule's: the import still lands on the schedule's local midnights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sync_calendar = cls._create_calendar("China Office (Time Off)")
        cls.sync_calendar.global_leave_ids.unlink()
        cls.brussels_admin = cls.env["res.users"].create(
            {
                "name": "Brussels Administrator",
                "login": "brussels_admin_public_holidays",
                "email": "brussels.admin@example.com",
                "tz": "Europe/Brussels",
                "groups_id": [(6, 0, [cls.env.ref("base.group_user").id, cls.env.ref("base.group_system").id])],
            }
        )

    def setUp(self):
        super().setUp()
        if "holiday_id" not in self.env["resource.calendar.leaves"]._fields:
            self.skipTest("Time Off (hr_holidays) is not installed: its time zone conversion does not apply.")
        pin_chinese_calendar(self)

    def test_import_from_another_time_zone(self):
        calendar = self.sync_calendar.with_user(self.brussels_admin)
        self.assertEqual(calendar.env.user.tz, "Europe/Brussels")
        calendar.action_sync_public_holidays(years=[2026])
        national_day = self.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", self.sync_calendar.id), ("public_holiday_key", "=", "CN:2026-10-01")]
        )
        self.assertEqual(len(national_day), 1)
        # Shanghai midnights, in UTC.
        self.assertEqual(national_day.date_from, datetime(2026, 9, 30, 16, 0))
        self.assertEqual(national_day.date_to, datetime(2026, 10, 7, 16, 0))
        # New Year's Day, in winter (Brussels is then one hour behind its summer time).
        new_year = self.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", self.sync_calendar.id), ("public_holiday_key", "=", "CN:2026-01-01")]
        )
        self.assertEqual((new_year.date_from, new_year.date_to), (datetime(2025, 12, 31, 16), datetime(2026, 1, 3, 16)))
        # A second import changes nothing.
        self.assertFalse(calendar._get_public_holiday_changes([2026]))
        values = self.sync_calendar.global_leave_ids.read(["name", "date_from", "date_to", "write_date"])
        calendar.action_sync_public_holidays(years=[2026])
        self.assertEqual(
            self.sync_calendar.global_leave_ids.read(["name", "date_from", "date_to", "write_date"]), values
        )

    def test_overlapping_manual_time_off_is_named(self):
        """Time Off refuses public holidays that overlap: the import names the time off in the way."""
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Company anniversary",
                "calendar_id": self.sync_calendar.id,
                "date_from": datetime(2026, 9, 30, 16, 0),
                "date_to": datetime(2026, 10, 1, 16, 0),
            }
        )
        with self.assertRaisesRegex(UserError, "Company anniversary"):
            self.sync_calendar.action_sync_public_holidays(years=[2026])
