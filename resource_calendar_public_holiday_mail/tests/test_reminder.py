from datetime import date
from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from odoo.addons.resource_calendar_public_holiday.tests.chinese_calendar_pin import (
    PINNED_HOLIDAYS,
    pin_chinese_calendar,
)


@tagged("post_install", "-at_install")
class TestReminder(TransactionCase):
    """From 1 December, while the next year is not published, the weekly import reminds the
    administrators in Discuss."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "China Office (reminder)",
                "tz": "Asia/Shanghai",
                "public_holiday_country_id": cls.env.ref("base.cn").id,
                "global_leave_ids": [(5, 0, 0)],
            }
        )
        cls.admin_partner = cls.env.ref("base.user_admin").partner_id
        cls.other_admin = cls.env["res.users"].create(
            {
                "name": "Second Administrator",
                "login": "second_admin_public_holidays",
                "email": "second.admin@example.com",
                "notification_type": "inbox",
                "groups_id": [(6, 0, [cls.env.ref("base.group_user").id, cls.env.ref("base.group_system").id])],
            }
        )
        cls.employee = cls.env["res.users"].create(
            {
                "name": "Employee",
                "login": "employee_public_holidays",
                "email": "employee@example.com",
                "groups_id": [(6, 0, [cls.env.ref("base.group_user").id])],
            }
        )

    def setUp(self):
        super().setUp()
        # 2025 and 2026 are published, 2027 is not.
        pin_chinese_calendar(self)

    def _run_cron(self, today):
        calendar_class = type(self.env["resource.calendar"])
        with patch.object(calendar_class, "_get_public_holiday_today", lambda self: today):
            self.env["resource.calendar"]._cron_sync_public_holidays()

    def _reminders(self, partner):
        return self.env["mail.message"].search(
            [
                ("model", "=", "resource.calendar"),
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", partner.id),
            ]
        )

    def test_reminder_in_december(self):
        self._run_cron(date(2026, 12, 2))
        reminder = self._reminders(self.admin_partner)
        self.assertEqual(len(reminder), 1)
        self.assertIn("2027", reminder.subject)
        self.assertIn("2027", reminder.body)
        self.assertIn("pip install --upgrade chinesecalendar", reminder.body)
        self.assertIn("China Office (reminder)", reminder.body)
        self.assertEqual(self.env["resource.calendar"].browse(reminder.res_id).public_holiday_country_id.code, "CN")
        self.assertEqual(reminder.author_id, self.env.ref("base.partner_root"))
        self.assertTrue(
            self.env["mail.notification"].search(
                [("mail_message_id", "=", reminder.id), ("res_partner_id", "=", self.admin_partner.id)]
            )
        )
        # Every administrator, in the Discuss inbox when so configured, and no one else.
        other_reminder = self._reminders(self.other_admin.partner_id)
        self.assertTrue(other_reminder)
        notification = self.env["mail.notification"].search(
            [("mail_message_id", "in", other_reminder.ids), ("res_partner_id", "=", self.other_admin.partner_id.id)]
        )
        self.assertEqual(notification.notification_type, "inbox")
        self.assertFalse(self._reminders(self.employee.partner_id))
        # The current year is imported all the same.
        self.assertTrue(self.calendar.global_leave_ids.filtered(lambda leave: leave.public_holiday_key))

        # Run again by hand the same day: no second reminder.
        self._run_cron(date(2026, 12, 2))
        self.assertEqual(self._reminders(self.admin_partner), reminder)
        # The next weekly run reminds again.
        self._run_cron(date(2026, 12, 9))
        self.assertEqual(len(self._reminders(self.admin_partner)), 2)

    def test_new_administrator_reminded_same_day(self):
        self._run_cron(date(2026, 12, 2))
        self.assertEqual(len(self._reminders(self.admin_partner)), 1)
        newcomer = self.env["res.users"].create(
            {
                "name": "Third Administrator",
                "login": "third_admin_public_holidays",
                "email": "third.admin@example.com",
                "groups_id": [(6, 0, [self.env.ref("base.group_user").id, self.env.ref("base.group_system").id])],
            }
        )
        self._run_cron(date(2026, 12, 2))
        self.assertEqual(len(self._reminders(newcomer.partner_id)), 1)
        self.assertEqual(len(self._reminders(self.admin_partner)), 1)

    def test_no_reminder_before_december(self):
        self._run_cron(date(2026, 11, 20))
        self.assertFalse(self._reminders(self.admin_partner))

    def test_no_reminder_once_published(self):
        pin_chinese_calendar(self, holidays=(*PINNED_HOLIDAYS, ("New Year's Day", date(2027, 1, 1), date(2027, 1, 1))))
        self._run_cron(date(2026, 12, 2))
        self.assertFalse(self._reminders(self.admin_partner))
        self.assertIn(
            "CN:2027-01-01", self.calendar.global_leave_ids.filtered("public_holiday_key").mapped("public_holiday_key")
        )

    def test_reminder_in_recipient_language(self):
        if not self.env["res.lang"]._lang_get("zh_CN"):
            self.skipTest("Chinese (zh_CN) is not installed.")
        self.env.ref("base.user_admin").lang = "en_US"
        self.other_admin.lang = "zh_CN"
        self._run_cron(date(2026, 12, 2))
        # One message per language.
        reminder, other_reminder = self._reminders(self.admin_partner), self._reminders(self.other_admin.partner_id)
        self.assertEqual(len(reminder), 1)
        self.assertEqual(len(other_reminder), 1)
        self.assertNotEqual(reminder, other_reminder)
        self.assertIn("upgrade chinesecalendar", reminder.subject)
        self.assertIn("2027", other_reminder.subject)
