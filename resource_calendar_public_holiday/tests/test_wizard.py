from datetime import date
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from .chinese_calendar_pin import pin_chinese_calendar
from .common import PublicHolidayCommon, local

ND_MAKEUP = "国庆节调休 (National Day make-up working day)"


@tagged("post_install", "-at_install")
class TestSyncWizard(PublicHolidayCommon):
    """The wizard that previews, then applies, an import of China's public holidays."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sync_calendar = cls._create_calendar("China Office (wizard)")
        cls.sync_calendar.global_leave_ids.unlink()

    def setUp(self):
        super().setUp()
        pin_chinese_calendar(self)

    def _wizard(self, calendars=None, years="2026"):
        calendars = calendars or self.sync_calendar
        return (
            self.env["resource.calendar.public.holiday.sync"]
            .with_context(lang="en_US", active_model="resource.calendar", active_ids=calendars.ids)
            .create({"years": years})
        )

    def _lines(self, wizard):
        return {(line.operation, line.kind, line.name, line.date_from, line.date_to) for line in wizard.line_ids}

    def _patch_today(self, today):
        calendar_class = type(self.env["resource.calendar"])
        self.startPatcher(patch.object(calendar_class, "_get_public_holiday_today", lambda self: today))

    def test_preview_lists_creations(self):
        wizard = self._wizard()
        wizard.action_preview()
        self.assertEqual(wizard.state, "preview")
        self.assertEqual(wizard.line_ids.calendar_id, self.sync_calendar)
        lines = self._lines(wizard)
        self.assertIn(("create", "holiday", "国庆节 (National Day)", date(2026, 10, 1), date(2026, 10, 7)), lines)
        self.assertIn(("create", "holiday", "春节 (Spring Festival)", date(2026, 2, 15), date(2026, 2, 23)), lines)
        self.assertIn(("create", "workday", ND_MAKEUP, date(2026, 9, 20), date(2026, 9, 20)), lines)
        self.assertIn(("create", "workday", ND_MAKEUP, date(2026, 10, 10), date(2026, 10, 10)), lines)
        # 7 public holidays and 6 make-up working days, nothing else.
        self.assertEqual(len(wizard.line_ids), 13)
        self.assertEqual(set(wizard.line_ids.mapped("operation")), {"create"})
        self.assertEqual(wizard.line_ids.mapped("date_from"), sorted(wizard.line_ids.mapped("date_from")))
        # The preview changes nothing.
        self.assertFalse(self.sync_calendar.workday_ids)
        self.assertFalse(self.sync_calendar.global_leave_ids)
        # Back to the choice.
        wizard.action_back()
        self.assertEqual(wizard.state, "choose")
        self.assertFalse(wizard.line_ids)

    def test_apply_then_nothing_to_change(self):
        wizard = self._wizard()
        wizard.action_preview()
        action = wizard.action_apply()
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("13 created, 0 updated and 0 removed", action["params"]["message"])
        self.assertEqual(action["params"]["next"], {"type": "ir.actions.act_window_close"})
        national_day = self.sync_calendar.global_leave_ids.filtered(lambda leave: leave.name == "国庆节 (National Day)")
        self.assertEqual((national_day.date_from, national_day.date_to), (local(2026, 10, 1), local(2026, 10, 8)))
        self.assertEqual(
            self.sync_calendar.workday_ids.filtered(lambda w: w.source == "imported").mapped("date"),
            [
                date(2026, 1, 4),
                date(2026, 2, 14),
                date(2026, 2, 28),
                date(2026, 5, 9),
                date(2026, 9, 20),
                date(2026, 10, 10),
            ],
        )
        # A second preview shows nothing to change; applying it says so.
        wizard = self._wizard()
        wizard.action_preview()
        self.assertEqual(wizard.state, "preview")
        self.assertFalse(wizard.line_ids)
        self.assertEqual(wizard.line_count, 0)
        action = wizard.action_apply()
        self.assertEqual(action["params"]["type"], "info")
        self.assertIn("Nothing to change", action["params"]["message"])

    def test_apply_recomputes_stale_preview(self):
        wizard = self._wizard()
        wizard.action_preview()
        # Imported meanwhile, by the button or the scheduled action.
        self.sync_calendar.action_sync_public_holidays(years=[2026])
        leaves = self.sync_calendar.global_leave_ids
        action = wizard.action_apply()
        self.assertIn("Nothing to change", action["params"]["message"])
        self.assertEqual(self.sync_calendar.global_leave_ids, leaves)
        self.assertEqual(len(leaves), 7)

    def test_update_and_remove_listed(self):
        self.sync_calendar.action_sync_public_holidays(years=[2026])
        national_day = self.sync_calendar.global_leave_ids.filtered(lambda leave: leave.name == "国庆节 (National Day)")
        national_day.name = "国庆节 (old)"
        dropped = self.sync_calendar.workday_ids.filtered(lambda w: w.date == date(2026, 10, 10))
        dropped.public_holiday_key = "CN:2026-10-11"
        wizard = self._wizard()
        wizard.action_preview()
        self.assertEqual(
            self._lines(wizard),
            {
                ("update", "holiday", "国庆节 (National Day)", date(2026, 10, 1), date(2026, 10, 7)),
                ("remove", "workday", ND_MAKEUP, date(2026, 10, 10), date(2026, 10, 10)),
                ("create", "workday", ND_MAKEUP, date(2026, 10, 10), date(2026, 10, 10)),
            },
        )
        self.assertEqual(wizard.line_ids.mapped("operation"), ["update", "remove", "create"])
        labels = dict(
            self.env["resource.calendar.public.holiday.sync.line"].fields_get(["operation"])["operation"]["selection"]
        )
        self.assertEqual(labels, {"create": "Create", "update": "Update", "remove": "Remove"})
        self.assertIn("1 created, 1 updated and 1 removed", wizard.action_apply()["params"]["message"])
        self.assertEqual(national_day.name, "国庆节 (National Day)")
        self.assertFalse(dropped.exists())

    def test_manual_leave_survives(self):
        # Not next to an imported holiday: Time Off (hr_holidays), when installed, refuses that.
        manual_leave = self.env["resource.calendar.leaves"].create(
            {
                "name": "Company anniversary",
                "calendar_id": self.sync_calendar.id,
                "date_from": local(2026, 10, 12),
                "date_to": local(2026, 10, 13),
            }
        )
        # As stored (Time Off, when installed, reads it in the time zone of the user creating it).
        values = manual_leave.read(["name", "date_from", "date_to"])
        wizard = self._wizard()
        wizard.action_preview()
        self.assertNotIn("Company anniversary", wizard.line_ids.mapped("name"))
        wizard.action_apply()
        self.assertTrue(manual_leave.exists())
        self.assertEqual(manual_leave.read(["name", "date_from", "date_to"]), values)
        wizard = self._wizard()
        wizard.action_preview()
        self.assertFalse(wizard.line_ids)

    def test_several_schedules(self):
        other = self._create_calendar("China Office 2 (wizard)")
        other.global_leave_ids.unlink()
        manual = self.env["resource.calendar.workday"].create(
            {"calendar_id": other.id, "name": "Inventory", "date": date(2026, 10, 10)}
        )
        wizard = self._wizard(self.sync_calendar | other)
        wizard.action_preview()
        self.assertEqual(wizard.line_ids.calendar_id, self.sync_calendar | other)
        self.assertEqual(len(wizard.line_ids), 13 + 12)
        # The manual extra working day wins: no make-up day is listed for that date of that schedule.
        self.assertFalse(
            wizard.line_ids.filtered(lambda line: line.calendar_id == other and line.date_from == date(2026, 10, 10))
        )
        self.assertIn("25 created", wizard.action_apply()["params"]["message"])
        self.assertEqual(manual.name, "Inventory")
        for calendar in self.sync_calendar | other:
            self.assertFalse(calendar._get_public_holiday_changes([2026]))

    def test_non_china_schedule_refused(self):
        self.sync_calendar.public_holiday_country_id = self.env.ref("base.fr")
        wizard = self._wizard()
        with self.assertRaisesRegex(UserError, "only the public holidays of China"):
            wizard.action_preview()
        with self.assertRaisesRegex(UserError, "only the public holidays of China"):
            wizard.action_apply()
        self.assertFalse(self.sync_calendar.global_leave_ids)

    def test_unpublished_year_refused(self):
        wizard = self._wizard(years="2026, 2027")
        with self.assertRaisesRegex(UserError, "2027 are not published.*upgrade the chinesecalendar"):
            wizard.action_preview()
        with self.assertRaisesRegex(UserError, "upgrade the chinesecalendar"):
            wizard.action_apply()
        self.assertFalse(self.sync_calendar.global_leave_ids)

    def test_years_text(self):
        Wizard = self.env["resource.calendar.public.holiday.sync"]
        self.assertEqual(Wizard._parse_years("2026"), [2026])
        self.assertEqual(Wizard._parse_years(" 2027, 2025;2026 "), [2025, 2026, 2027])
        self.assertEqual(Wizard._parse_years("2025 - 2026"), [2025, 2026])
        self.assertEqual(Wizard._parse_years("2026，2025"), [2025, 2026])
        for text in ("26", "2026, next year", "2027-2025", "2026.5", "-2026"):
            with self.subTest(text=text), self.assertRaisesRegex(UserError, "not a valid list of years"):
                Wizard.with_context(lang="en_US")._parse_years(text)
        wizard = self._wizard(years="twenty-six")
        with self.assertRaisesRegex(UserError, "“twenty-six” is not a valid list of years"):
            wizard.action_preview()
        wizard.years = " , "
        with self.assertRaisesRegex(UserError, "Enter the years"):
            wizard.action_preview()

    def test_defaults_from_context(self):
        self._patch_today(date(2026, 6, 1))
        Wizard = self.env["resource.calendar.public.holiday.sync"]
        wizard = Wizard.with_context(active_model="resource.calendar", active_ids=self.sync_calendar.ids).create({})
        self.assertEqual(wizard.calendar_ids, self.sync_calendar)
        # 2027 is not published yet.
        self.assertEqual(wizard.years, "2026")
        self.assertEqual(wizard.state, "choose")
        # In December 2025, 2026 is published.
        self._patch_today(date(2025, 12, 5))
        self.assertEqual(Wizard.default_get(["years"])["years"], "2025, 2026")
        # Opened from the menu (no schedules chosen): every schedule of China.
        wizard = Wizard.with_context(active_model="res.partner", active_ids=[self.env.user.partner_id.id]).create({})
        self.assertLessEqual(self.sync_calendar | self.calendar | self.plain_calendar, wizard.calendar_ids)
        self.assertEqual(set(wizard.calendar_ids.public_holiday_country_id.mapped("code")), {"CN"})
        # A current year not published either: the current year, which the preview refuses clearly.
        self._patch_today(date(2031, 3, 1))
        wizard = Wizard.with_context(active_model="resource.calendar", active_ids=self.sync_calendar.ids).create({})
        self.assertEqual(wizard.years, "2031")
        with self.assertRaisesRegex(UserError, "2031"):
            wizard.action_preview()
