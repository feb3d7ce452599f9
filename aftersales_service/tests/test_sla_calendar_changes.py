from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time
from pytz import timezone, utc

from odoo.tests import tagged

from .common import SlaCommon

SHANGHAI = timezone("Asia/Shanghai")


def local(year, month, day, hour=0, minute=0):
    """Naive UTC datetime of a Shanghai wall-clock time."""
    return SHANGHAI.localize(datetime(year, month, day, hour, minute)).astimezone(utc).replace(tzinfo=None)


@tagged("post_install", "-at_install")
class TestSlaCalendarChanges(SlaCommon):
    """Running clocks follow their calendar when its working time changes: China's public holidays
    and make-up working days (Mon-Fri 08-12 and 13-17, Asia/Shanghai)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar_cn = cls._make_calendar("China 8-12 13-17", "Asia/Shanghai", ((8, 12), (13, 17)))
        cls.team_south.resource_calendar_id = cls.calendar_cn
        # The reply clock (1 working day) only: the request's deadline is its deadline.
        (cls.policy_escalate | cls.policy_dispatch).active = False
        cls.Leave = cls.env["resource.calendar.leaves"]
        cls.Workday = cls.env["resource.calendar.workday"]

    def _national_day(self):
        return self.Leave.create(
            {
                "name": "National Day",
                "calendar_id": self.calendar_cn.id,
                "date_from": local(2026, 10, 1),
                "date_to": local(2026, 10, 8),
            }
        )

    @freeze_time(local(2026, 9, 30, 15))  # a Wednesday, 15:00 in Shanghai
    def test_deadline_moves_with_national_day_and_back(self):
        request = self._request()
        clock = self._clock(request, self.policy_reply)
        self.assertEqual(clock.target_hours, 8)
        self.assertEqual(clock.deadline, local(2026, 10, 1, 15), "without the holiday: Thursday 15:00")
        self.assertEqual(request.sla_deadline, local(2026, 10, 1, 15))

        national_day = self._national_day()
        self.assertEqual(clock.deadline, local(2026, 10, 8, 15), "after National Day: Thursday 8 October")
        self.assertEqual(request.sla_deadline, local(2026, 10, 8, 15), "the request's deadline follows")
        self.assertEqual(clock.status, "running")
        self.assertEqual(clock.consumed_hours, 0.0, "what was consumed stays")

        national_day.unlink()
        self.assertEqual(clock.deadline, local(2026, 10, 1, 15), "back when the holiday is removed")
        self.assertEqual(request.sla_deadline, local(2026, 10, 1, 15))

    @freeze_time(local(2026, 9, 30, 15))
    def test_changed_dates_of_a_holiday_move_the_deadline(self):
        national_day = self._national_day()
        clock = self._clock(self._request(), self.policy_reply)
        self.assertEqual(clock.deadline, local(2026, 10, 8, 15))
        national_day.date_to = local(2026, 10, 9)  # one more day off: Thursday 8 October
        self.assertEqual(clock.deadline, local(2026, 10, 9, 15))

    @freeze_time(local(2026, 9, 18, 15))  # a Friday
    def test_make_up_day_added_and_removed(self):
        clock = self._clock(self._request(), self.policy_reply)
        self.assertEqual(clock.deadline, local(2026, 9, 21, 15), "Monday without the make-up day")
        workday = self.Workday.create({"calendar_id": self.calendar_cn.id, "date": date(2026, 9, 20)})
        self.assertEqual(clock.deadline, local(2026, 9, 20, 15), "Sunday 20 September is a working day")
        workday.date = date(2026, 9, 19)
        self.assertEqual(clock.deadline, local(2026, 9, 19, 15), "moved to the Saturday")
        workday.unlink()
        self.assertEqual(clock.deadline, local(2026, 9, 21, 15))

    @freeze_time(local(2026, 9, 30, 15))
    def test_edited_attendances_move_the_deadline(self):
        clock = self._clock(self._request(), self.policy_reply)
        thursday_afternoon = self.calendar_cn.attendance_ids.filtered(
            lambda a: a.dayofweek == "3" and a.day_period == "afternoon"
        )
        thursday_afternoon.hour_to = 14  # Thursday afternoons 13-14: 3 working hours less
        self.assertEqual(clock.deadline, local(2026, 10, 2, 9), "the last hour on Friday morning")

    def test_paused_met_and_earlier_clocks_are_left_alone(self):
        escalated = self.env.ref("aftersales_service.field_aftersales_request__state").selection_ids.filtered(
            lambda s: s.value == "escalated"
        )
        self.policy_reply.pause_state_ids = escalated
        with freeze_time(local(2026, 9, 28, 9)):  # Monday
            early, paused, met = self._request(), self._request(), self._request()
        with freeze_time(local(2026, 9, 28, 10)):
            paused.action_escalate()
            met.with_user(self.agent).message_post(
                body="We are looking into it.", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        early_clock, paused_clock, met_clock = (self._clock(r, self.policy_reply) for r in (early, paused, met))
        self.assertEqual(early_clock.deadline, local(2026, 9, 29, 9), "before National Day")
        self.assertEqual(paused_clock.status, "paused")
        self.assertEqual(met_clock.status, "met")
        self.env.flush_all()
        before = {
            clock: (clock.deadline, clock.at_risk_date, clock.write_date, clock.status)
            for clock in (early_clock, paused_clock, met_clock)
        }
        with freeze_time(local(2026, 9, 28, 11)):
            self._national_day()
        for clock, values in before.items():
            self.assertEqual(
                (clock.deadline, clock.at_risk_date, clock.write_date, clock.status), values, clock.res_name
            )

    def test_breach_already_flagged_stays(self):
        with freeze_time(local(2026, 9, 29, 9)):  # Tuesday
            clock = self._clock(self._request(), self.policy_reply)
        with freeze_time(local(2026, 9, 30, 10)):
            self.env["aftersales.sla.clock"]._cron_sla_sweep()
            self.assertEqual(clock.status, "breached")
            # The day of the deadline becomes a holiday: the deadline moves, the breach stays.
            self.Leave.create(
                {
                    "name": "Closed",
                    "calendar_id": self.calendar_cn.id,
                    "date_from": local(2026, 9, 29),
                    "date_to": local(2026, 9, 30),
                }
            )
        self.assertEqual(clock.deadline, local(2026, 9, 30, 17), "a working day from Wednesday 08:00")
        self.assertEqual(clock.status, "breached")
        self.assertEqual(clock.escalation_level, 1, "no second notification")

    @freeze_time(local(2026, 9, 30, 15))
    def test_other_calendars_and_resource_leaves_are_left_alone(self):
        self.team_centre.resource_calendar_id = self.calendar_utc
        utc_clock = self._clock(self._request(team_id=self.team_centre.id), self.policy_reply)
        cn_clock = self._clock(self._request(), self.policy_reply)
        self.assertEqual(utc_clock.calendar_id, self.calendar_utc)
        self.assertNotEqual(utc_clock.calendar_id, self.calendar_cn)
        deadline = utc_clock.deadline
        self._national_day()
        self.assertEqual(utc_clock.deadline, deadline)
        self.assertEqual(cn_clock.deadline, local(2026, 10, 8, 15))
        resource = self.env["resource.resource"].create({"name": "Technician", "calendar_id": self.calendar_cn.id})
        self.Leave.create(
            {
                "name": "Technician's time off",
                "calendar_id": self.calendar_cn.id,
                "resource_id": resource.id,
                "date_from": local(2026, 10, 8),
                "date_to": local(2026, 10, 9),
            }
        )
        self.assertEqual(cn_clock.deadline, local(2026, 10, 8, 15), "a resource's time off is not the team's")

    @freeze_time(local(2026, 9, 30, 15))
    def test_public_holiday_import_replans_once(self):
        clock = self._clock(self._request(), self.policy_reply)
        self.calendar_cn.public_holiday_country_id = self.env.ref("base.cn")
        Clock = type(self.env["aftersales.sla.clock"])
        calls = []
        replan = Clock._replan_calendars

        def counting(model, calendars, date_from=None, date_to=None, batch_size=2000):
            calls.append((calendars, date_from, date_to))
            return replan(model, calendars, date_from, date_to, batch_size)

        Calendar = type(self.calendar_cn)
        # The library's output, pinned: National Day and its two make-up days.
        pinned = (
            {"CN:2026-10-01": ("National Day", date(2026, 10, 1), date(2026, 10, 7))},
            {
                "CN:2026-09-20": ("National Day", date(2026, 9, 20)),
                "CN:2026-10-10": ("National Day", date(2026, 10, 10)),
            },
        )
        with (
            patch.object(Clock, "_replan_calendars", counting),
            patch.object(Calendar, "_get_public_holiday_data", lambda calendar, years: pinned),
        ):
            self.calendar_cn.action_sync_public_holidays(years=[2026])
        self.assertEqual(len(self.calendar_cn.workday_ids), 2)
        self.assertEqual(len(calls), 1, "one re-plan for the whole import")
        self.assertEqual(calls[0][0], self.calendar_cn)
        self.assertEqual(clock.deadline, local(2026, 10, 8, 15))
