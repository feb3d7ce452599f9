from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import WorkdayCommon, aware


@tagged("post_install", "-at_install")
class TestWorkday(WorkdayCommon):
    """The extra working days themselves: defaults, uniqueness, access and the form."""

    def test_defaults(self):
        self.assertEqual(self.workday.source, "manual")
        self.assertEqual(self.workday.company_id, self.calendar.company_id)
        weekdays = {workday.date: workday.weekday for workday in self.calendar.workday_ids}
        self.assertEqual(weekdays[date(2026, 9, 20)], "0", "a Sunday follows Monday")
        self.assertEqual(weekdays[date(2026, 10, 10)], "4", "a Saturday follows Friday")

    def test_chosen_weekday_applies(self):
        calendar = self._create_calendar("Short Fridays")
        calendar.attendance_ids.filtered(lambda a: a.dayofweek == "4" and a.day_period == "afternoon").unlink()
        workday = self.env["resource.calendar.workday"].create(
            {"calendar_id": calendar.id, "date": date(2026, 9, 19), "weekday": "4"}
        )
        self.assertEqual(calendar.get_work_hours_count(aware(2026, 9, 19), aware(2026, 9, 20)), 4)
        workday.weekday = "0"
        self.assertEqual(calendar.get_work_hours_count(aware(2026, 9, 19), aware(2026, 9, 20)), 8)

    def test_one_workday_per_calendar_and_date(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as error:
            self.env["resource.calendar.workday"].create({"calendar_id": self.calendar.id, "date": date(2026, 9, 20)})
        self.assertIn("resource_calendar_workday_calendar_date_uniq", str(error.exception))

    def test_same_date_on_another_calendar(self):
        workday = self.env["resource.calendar.workday"].create(
            {"calendar_id": self.plain_calendar.id, "date": date(2026, 9, 20)}
        )
        self.assertEqual(workday.weekday, "0")

    def test_calendar_deletion_cascades(self):
        workdays = self.calendar.workday_ids
        self.calendar.unlink()
        self.assertFalse(workdays.exists())

    def test_access(self):
        user = new_test_user(self.env, login="ph_employee", groups="base.group_user")
        self.assertEqual(self.workday.with_user(user).date, date(2026, 9, 20))
        with self.assertRaises(AccessError):
            self.env["resource.calendar.workday"].with_user(user).create(
                {"calendar_id": self.calendar.id, "date": date(2026, 12, 26)}
            )
        admin = new_test_user(self.env, login="ph_admin", groups="base.group_user,base.group_system")
        self.workday.with_user(admin).name = "Moved"
        self.assertEqual(self.workday.name, "Moved")

    def test_form_page(self):
        with Form(self.plain_calendar) as calendar_form:
            with calendar_form.workday_ids.new() as line:
                line.date = date(2026, 10, 10)
                self.assertEqual(line.weekday, "4")
                line.name = "National Day make-up"
        self.assertEqual(self.plain_calendar.workday_ids.date, date(2026, 10, 10))
        self.assertTrue(self.plain_calendar._works_on_date(date(2026, 10, 10)))
