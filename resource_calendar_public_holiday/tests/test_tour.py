from datetime import date
from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from .chinese_calendar_pin import pin_chinese_calendar


@tagged("post_install", "-at_install")
class TestPublicHolidaySyncTour(HttpCase):
    def test_fill_a_schedule_of_china(self):
        # 2025-2026 as the package publishes them, seen from June 2026 (2027 is not published yet).
        pin_chinese_calendar(self)
        Calendar = type(self.env["resource.calendar"])
        self.startPatcher(patch.object(Calendar, "_get_public_holiday_today", lambda calendar: date(2026, 6, 1)))
        calendar = self.env["resource.calendar"].create(
            {
                "name": "China Office (tour)",
                "tz": "Asia/Shanghai",
                "public_holiday_country_id": self.env.ref("base.cn").id,
                "global_leave_ids": [(5, 0, 0)],
            }
        )
        # An administrator in English (the demo data may set the admin's language to another one).
        self.env["res.users"].create(
            {
                "name": "Tour Administrator",
                "login": "public_holiday_tour_admin",
                "password": "public_holiday_tour_admin",
                "lang": "en_US",
                "tz": "Asia/Shanghai",
                "groups_id": [(6, 0, [self.env.ref("base.group_user").id, self.env.ref("base.group_system").id])],
            }
        )
        action = self.env.ref("resource.action_resource_calendar_form")
        self.start_tour(
            f"/odoo/action-{action.id}/{calendar.id}", "public_holiday_sync_tour", login="public_holiday_tour_admin"
        )
        keys = set(calendar.global_leave_ids.mapped("public_holiday_key"))
        self.assertIn("CN:2026-10-01", keys, "the one-click import")
        self.assertIn("CN:2025-10-01", keys, "the wizard's import")
        self.assertFalse([key for key in keys if key.startswith("CN:2027")])
        self.assertTrue({date(2025, 9, 28), date(2026, 9, 20)} <= set(calendar.workday_ids.mapped("date")))
