from datetime import date, datetime

from freezegun import freeze_time
from pytz import timezone, utc

from odoo.tests import TransactionCase, tagged

SHANGHAI = timezone("Asia/Shanghai")


def local(year, month, day, hour=0, minute=0):
    """Naive UTC datetime of a Beijing wall-clock time."""
    return SHANGHAI.localize(datetime(year, month, day, hour, minute)).astimezone(utc).replace(tzinfo=None)


@tagged("post_install", "-at_install")
class TestDemoCalendar(TransactionCase):
    """The demo's Beijing schedule (09-12 and 13-18) carries China's 2025-2026 public holidays and
    make-up working days, and the shipped service levels R1-R6 plan across National Day 2026 on it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env.ref("aftersales_service.resource_calendar_china", raise_if_not_found=False)
        cls.team = cls.env.ref("aftersales_service.team_service_centre", raise_if_not_found=False)

    def setUp(self):
        super().setUp()
        if not self.calendar:
            self.skipTest("Without demo data")

    def test_demo_schedule_has_china_2025_2026(self):
        leaves = self.calendar.global_leave_ids
        national_day = leaves.filtered(lambda leave: leave.public_holiday_key == "CN:2026-10-01")
        self.assertEqual((national_day.date_from, national_day.date_to), (local(2026, 10, 1), local(2026, 10, 8)))
        self.assertEqual(
            {key[3:7] for key in leaves.mapped("public_holiday_key")}, {"2025", "2026"}, "both years imported"
        )
        workdays = set(self.calendar.workday_ids.mapped("date"))
        for day in (date(2025, 9, 28), date(2025, 10, 11), date(2026, 2, 14), date(2026, 9, 20), date(2026, 10, 10)):
            self.assertIn(day, workdays)
        self.assertTrue(self.calendar._works_on_date(date(2026, 9, 20)))
        self.assertFalse(self.calendar._works_on_date(date(2026, 9, 27)))

    def test_service_levels_across_national_day(self):
        """What a request and a repair received on Wednesday 30 September 2026 at 15:00 must meet."""
        Clock = self.env["aftersales.sla.clock"]
        start = local(2026, 9, 30, 15)
        expected = {
            "aftersales_service.sla_policy_first_reply": local(2026, 10, 8, 15),  # R1: 1 working day
            "aftersales_service.sla_policy_escalation": local(2026, 9, 30, 17),  # R3: 2 working hours
            "aftersales_service.sla_policy_dispatch": local(2026, 10, 8, 10),  # R4: 4 working hours
            # R5: 5 working days, Saturday 10 October is a make-up working day.
            "aftersales_service.sla_policy_repair": local(2026, 10, 13, 15),
            "aftersales_service.sla_policy_return_key_account": local(2026, 10, 10, 15),  # R6: 3 days
            "aftersales_service.sla_policy_return_standard": local(2026, 10, 15, 15),  # R6: 7 days
        }
        for xmlid, deadline in expected.items():
            policy = self.env.ref(xmlid)
            hours = policy._target_hours(self.calendar)
            self.assertEqual(Clock._plan(self.calendar, hours, start, {}), deadline, policy.name)

        with freeze_time(start):
            request = self.env["aftersales.request"].create(
                {
                    "subject": "Analyser shows E12",
                    "request_type": "repair",
                    "channel": "phone",
                    "partner_id": self.env.ref("aftersales_service.partner_pengcheng_grid").id,
                    "team_id": self.team.id,
                }
            )
        clocks = {clock.policy_id: clock for clock in request.sla_clock_ids}
        for xmlid in ("aftersales_service.sla_policy_first_reply", "aftersales_service.sla_policy_escalation"):
            policy = self.env.ref(xmlid)
            self.assertEqual(clocks[policy].calendar_id, self.calendar)
            self.assertEqual(clocks[policy].deadline, expected[xmlid], policy.name)
