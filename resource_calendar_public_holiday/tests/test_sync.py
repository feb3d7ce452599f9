import logging
from datetime import date
from unittest.mock import patch

from chinese_calendar import constants

from odoo.exceptions import UserError
from odoo.tests import tagged

from .chinese_calendar_pin import pin_chinese_calendar
from .common import CHINA_WORKDAYS, PublicHolidayCommon, local

LOGGER = "odoo.addons.resource_calendar_public_holiday.models.resource_calendar"


@tagged("post_install", "-at_install")
class TestSync(PublicHolidayCommon):
    """Importing China's public holidays and make-up working days with the chinesecalendar package."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sync_calendar = cls._create_calendar("China Office (imported)")
        # Only what the import brings: no pinned time off.
        cls.sync_calendar.global_leave_ids.unlink()

    def setUp(self):
        super().setUp()
        # The package's output for 2025-2026, pinned; test_sync_china_2026 runs the installed package.
        if self._testMethodName != "test_sync_china_2026":
            pin_chinese_calendar(self)

    def _imported(self, calendar=None):
        calendar = calendar or self.sync_calendar
        leaves = self.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", calendar.id), ("public_holiday_key", "!=", False)]
        )
        return leaves, calendar.workday_ids.filtered(lambda w: w.source == "imported")

    def test_sync_china_2026(self):
        """Integration: the installed chinesecalendar package."""
        self.assertTrue(self.sync_calendar.action_sync_public_holidays(years=[2026]))
        leaves, workdays = self._imported()
        national_day = leaves.filtered(lambda leave: leave.public_holiday_key == "CN:2026-10-01")
        self.assertEqual(len(national_day), 1)
        self.assertEqual(national_day.name, "国庆节 (National Day)")
        self.assertEqual(national_day.date_from, local(2026, 10, 1))
        self.assertEqual(national_day.date_to, local(2026, 10, 8))
        self.assertFalse(national_day.resource_id)
        self.assertFalse(
            leaves.filtered(lambda leave: date(2026, 10, 2) <= leave.date_from.date() <= date(2026, 10, 7))
        )
        self.assertTrue(all(leave.date_from.year == 2026 or leave.date_to.year == 2026 for leave in leaves))
        for day in (date(2026, 9, 20), date(2026, 10, 10)):
            workday = workdays.filtered(lambda w, day=day: w.date == day)
            self.assertEqual(workday.public_holiday_key, f"CN:{day.isoformat()}")
            self.assertEqual(workday.name, "国庆节调休 (National Day make-up working day)")
        # Only this schedule gets them.
        self.assertFalse(self._imported(self.calendar)[0])
        self.assertFalse(self._imported(self.calendar)[1])

    def test_consecutive_holidays_make_one_time_off(self):
        """In 2025 the Mid-Autumn Festival (6 October) falls inside National Day: one time off, which
        Time Off (hr_holidays) accepts where two touching ones are refused."""
        self.sync_calendar.action_sync_public_holidays(years=[2025])
        leaves = self._imported()[0].filtered(lambda leave: leave.date_from >= local(2025, 9, 1))
        self.assertEqual(len(leaves), 1)
        self.assertEqual(leaves.public_holiday_key, "CN:2025-10-01")
        self.assertEqual(leaves.name, "国庆节、中秋 (National Day, Mid-autumn Festival)")
        self.assertEqual((leaves.date_from, leaves.date_to), (local(2025, 10, 1), local(2025, 10, 9)))

    def test_sync_twice_changes_nothing(self):
        self.sync_calendar.action_sync_public_holidays(years=[2026])
        leaves, workdays = self._imported()
        self.assertTrue(leaves and workdays)
        values = leaves.read(["name", "date_from", "date_to", "write_date"])
        self.sync_calendar.action_sync_public_holidays(years=[2026])
        leaves2, workdays2 = self._imported()
        self.assertEqual(leaves2, leaves)
        self.assertEqual(workdays2, workdays)
        self.assertEqual(leaves2.read(["name", "date_from", "date_to", "write_date"]), values)

    def test_manual_entries_survive(self):
        manual_leave = self.env["resource.calendar.leaves"].create(
            {
                "name": "Company anniversary",
                "calendar_id": self.sync_calendar.id,
                "date_from": local(2026, 10, 12),
                "date_to": local(2026, 10, 13),
            }
        )
        manual_workday = self.env["resource.calendar.workday"].create(
            {"calendar_id": self.sync_calendar.id, "name": "Inventory", "date": date(2026, 10, 10)}
        )
        self.sync_calendar.action_sync_public_holidays(years=[2026])
        self.sync_calendar.action_sync_public_holidays(years=[2026])
        self.assertTrue(manual_leave.exists())
        self.assertEqual(manual_leave.name, "Company anniversary")
        self.assertTrue(manual_workday.exists())
        self.assertEqual(manual_workday.source, "manual")
        self.assertEqual(manual_workday.name, "Inventory")
        _leaves, workdays = self._imported()
        self.assertIn(date(2026, 9, 20), workdays.mapped("date"))
        self.assertNotIn(date(2026, 10, 10), workdays.mapped("date"))

    def test_dropped_workday_is_removed(self):
        self.sync_calendar.action_sync_public_holidays(years=[2026])
        dropped = self._imported()[1].filtered(lambda w: w.date == date(2026, 10, 10))
        self.assertTrue(dropped)
        with patch.dict(constants.workdays):
            del constants.workdays[date(2026, 10, 10)]
            self.sync_calendar.action_sync_public_holidays(years=[2026])
        self.assertFalse(dropped.exists())
        self.assertIn(date(2026, 9, 20), self._imported()[1].mapped("date"))

    def test_changed_holiday_is_updated(self):
        self.sync_calendar.action_sync_public_holidays(years=[2026])
        national_day = self._imported()[0].filtered(lambda leave: leave.public_holiday_key == "CN:2026-10-01")
        with patch.dict(constants.holidays):
            del constants.holidays[date(2026, 10, 7)]
            self.sync_calendar.action_sync_public_holidays(years=[2026])
            self.assertEqual(national_day.date_to, local(2026, 10, 7))
        self.sync_calendar.action_sync_public_holidays(years=[2026])
        self.assertEqual(national_day.date_to, local(2026, 10, 8))

    def test_unpublished_year_refused(self):
        with self.assertRaisesRegex(UserError, "upgrade the chinesecalendar"):
            self.sync_calendar.with_context(lang="en_US").action_sync_public_holidays(years=[2031])
        if self.env["res.lang"]._lang_get("zh_CN"):
            with self.assertRaisesRegex(UserError, "升级 chinesecalendar"):
                self.sync_calendar.with_context(lang="zh_CN").action_sync_public_holidays(years=[2031])
        self.assertFalse(self._imported()[0])

    def test_non_china_calendar_refused(self):
        self.sync_calendar.public_holiday_country_id = self.env.ref("base.fr")
        with self.assertRaisesRegex(UserError, "only the public holidays of China"):
            self.sync_calendar.with_context(lang="en_US").action_sync_public_holidays(years=[2026])
        self.sync_calendar.public_holiday_country_id = False
        with self.assertRaises(UserError):
            self.sync_calendar.action_sync_public_holidays(years=[2026])

    def test_plan_hours_after_sync(self):
        self.sync_calendar.action_sync_public_holidays(years=[2026])
        self.assertEqual(
            self.sync_calendar.plan_hours(8, local(2026, 9, 18, 15), compute_leaves=True), local(2026, 9, 20, 15)
        )
        # National Day is time off: from the eve to the day after it.
        self.assertEqual(
            self.sync_calendar.plan_hours(8, local(2026, 9, 30, 15), compute_leaves=True), local(2026, 10, 8, 15)
        )

    def _run_cron(self, today):
        calendar_class = type(self.env["resource.calendar"])
        with patch.object(calendar_class, "_get_public_holiday_today", lambda self: today):
            self.env["resource.calendar"]._cron_sync_public_holidays()

    def test_cron_skips_unpublished_years(self):
        # Another schedule of China, with a manual extra working day; one of another country.
        self.plain_calendar.global_leave_ids.unlink()
        manual = self.env["resource.calendar.workday"].create(
            {"calendar_id": self.plain_calendar.id, "name": "Inventory", "date": date(2026, 10, 10)}
        )
        self.calendar.public_holiday_country_id = self.env.ref("base.be")
        # In June 2026, 2027 is not published yet: 2026 is imported, without warning.
        with self.assertNoLogs(LOGGER, logging.WARNING):
            self._run_cron(date(2026, 6, 1))
        leaves, workdays = self._imported()
        self.assertIn("CN:2026-10-01", leaves.mapped("public_holiday_key"))
        self.assertIn(date(2026, 9, 20), workdays.mapped("date"))
        self.assertFalse([key for key in leaves.mapped("public_holiday_key") if not key.startswith("CN:2026-")])
        # Every schedule of China gets them, beside its manual entries; the others do not.
        self.assertEqual(
            self._imported(self.plain_calendar)[0].mapped("public_holiday_key"), leaves.mapped("public_holiday_key")
        )
        self.assertEqual(len(self.plain_calendar.workday_ids), len(workdays))
        self.assertEqual(manual.source, "manual", "the manual day on 10 October stays")
        self.assertFalse(self._imported(self.calendar)[0])
        self.assertEqual(len(self.calendar.workday_ids), len(CHINA_WORKDAYS))
        # A second run changes nothing.
        self._run_cron(date(2026, 6, 1))
        self.assertEqual(self._imported(), (leaves, workdays))

    def test_cron_warns_in_december(self):
        with self.assertLogs(LOGGER, logging.WARNING) as logs:
            self._run_cron(date(2030, 12, 5))
        self.assertEqual(len(logs.records), 1)
        self.assertIn("upgrade", logs.output[0])
        self.assertFalse(self._imported()[0])
        self.assertFalse(self._imported()[1])
