from odoo.tests import tagged

from odoo.addons.resource_calendar_workday.tests.common import RecordWorkingTimeChanged

from .chinese_calendar_pin import pin_chinese_calendar
from .common import PublicHolidayCommon, local


@tagged("post_install", "-at_install")
class TestImportWorkingTimeChanged(RecordWorkingTimeChanged, PublicHolidayCommon):
    """An import tells the schedule its working time changed once, over the span of its changes."""

    def test_import_calls_once(self):
        pin_chinese_calendar(self)
        calendar = self._create_calendar("China Office (import)")
        calendar.global_leave_ids.unlink()
        self.calls.clear()
        calendar.action_sync_public_holidays(years=[2026])
        self.assertEqual(len(self.calls), 1)
        called, date_from, date_to = self.calls[0]
        self.assertEqual(called, calendar)
        self.assertLessEqual(date_from, local(2026, 1, 1))
        self.assertGreaterEqual(date_to, local(2026, 10, 11))
        calendar.action_sync_public_holidays(years=[2026])
        self.assertEqual(len(self.calls), 1, "nothing changed: no call")
