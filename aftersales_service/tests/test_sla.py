from datetime import datetime

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import SlaCommon


@tagged("post_install", "-at_install")
class TestSla(SlaCommon):
    """Service-level clocks on working calendars (R1, R3, R4)."""

    # ------------------------------------------------------------------
    # Deadlines on the calendar
    # ------------------------------------------------------------------

    @freeze_time("2026-06-05 17:00:00")  # a Friday
    def test_deadline_across_weekend(self):
        request = self._request()
        clock = self._clock(request, self.policy_escalate)
        self.assertEqual(clock.status, "running")
        self.assertEqual(clock.target_hours, 2)
        self.assertEqual(clock.deadline, datetime(2026, 6, 8, 10, 0), "1h on Friday, 1h on Monday morning")
        self.assertEqual(request.sla_deadline, clock.deadline, "nearest open deadline")

    @freeze_time("2026-06-05 17:00:00")
    def test_deadline_across_public_holiday(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Dragon Boat Festival",
                "calendar_id": self.calendar_utc.id,
                "date_from": "2026-06-08 00:00:00",
                "date_to": "2026-06-08 23:59:59",
            }
        )
        request = self._request()
        self.assertEqual(self._clock(request, self.policy_escalate).deadline, datetime(2026, 6, 9, 10, 0))

    @freeze_time("2026-06-05 09:00:00")  # 17:00 in Shanghai, a Friday
    def test_calendar_in_shanghai_on_utc_server(self):
        self.team_south.resource_calendar_id = self.calendar_sh
        request = self._request()
        # 17:00-18:00 Friday, then 09:00-10:00 Monday Shanghai time = 02:00 UTC.
        self.assertEqual(self._clock(request, self.policy_escalate).deadline, datetime(2026, 6, 8, 2, 0))

    @freeze_time("2026-06-03 10:00:00")  # a Wednesday
    def test_target_in_working_days(self):
        request = self._request()
        clock = self._clock(request, self.policy_reply)
        self.assertEqual(clock.target_hours, 8, "a working day is the calendar's average day")
        self.assertEqual(clock.deadline, datetime(2026, 6, 4, 10, 0), "same time the next working day")

    def test_policy_calendar_overrides_team(self):
        self.policy_escalate.calendar_id = self.calendar_sh
        with freeze_time("2026-06-05 09:00:00"):
            request = self._request()
        self.assertEqual(self._clock(request, self.policy_escalate).calendar_id, self.calendar_sh)

    # ------------------------------------------------------------------
    # Events, pause and resume
    # ------------------------------------------------------------------

    def test_met_before_deadline(self):
        with freeze_time("2026-06-08 09:00:00"):
            request = self._request()
        with freeze_time("2026-06-08 10:30:00"):
            request.action_escalate()
        clock = self._clock(request, self.policy_escalate)
        self.assertEqual(clock.status, "met")
        self.assertEqual(clock.reached_date, datetime(2026, 6, 8, 10, 30))
        self.assertAlmostEqual(clock.consumed_hours, 1.5)
        dispatch = self._clock(request, self.policy_dispatch)
        self.assertEqual(dispatch.status, "running", "escalation starts the dispatch clock")
        self.assertEqual(dispatch.deadline, datetime(2026, 6, 8, 15, 30), "lunch hour excluded")

    def test_reached_late_is_breached(self):
        with freeze_time("2026-06-08 09:00:00"):
            request = self._request()
        with freeze_time("2026-06-08 14:30:00"):
            request.action_escalate()
        clock = self._clock(request, self.policy_escalate)
        self.assertEqual(clock.status, "breached")
        self.assertAlmostEqual(clock.consumed_hours, 4.5)

    def test_reply_stops_first_reply_clock(self):
        with freeze_time("2026-06-08 09:00:00"):
            request = self._request()
        with freeze_time("2026-06-08 09:45:00"):
            request.with_user(self.agent).message_post(
                body="We are looking into it.", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        with freeze_time("2026-06-08 09:50:00"):
            request.with_user(self.agent).message_post(body="Internal note", subtype_xmlid="mail.mt_note")
        clock = self._clock(request, self.policy_reply)
        self.assertEqual(clock.status, "met")
        self.assertEqual(clock.reached_date, datetime(2026, 6, 8, 9, 45))

    def test_internal_note_is_no_reply(self):
        with freeze_time("2026-06-08 09:00:00"):
            request = self._request()
            request.with_user(self.agent).message_post(body="Internal note", subtype_xmlid="mail.mt_note")
        self.assertEqual(self._clock(request, self.policy_reply).status, "running")

    def test_pause_and_resume_in_working_time(self):
        escalated = self.env.ref("aftersales_service.field_aftersales_request__state").selection_ids.filtered(
            lambda s: s.value == "escalated"
        )
        policy = self.env["aftersales.sla.policy"].create(
            {
                "name": "Resolve in 4h, paused while escalated",
                "start_event": "created",
                "stop_event": "resolved",
                "target_value": 4,
                "target_unit": "hours",
                "pause_state_ids": [(6, 0, escalated.ids)],
            }
        )
        with freeze_time("2026-06-08 09:00:00"):  # Monday
            request = self._request()
        clock = self._clock(request, policy)
        self.assertEqual(clock.deadline, datetime(2026, 6, 8, 13, 0))
        with freeze_time("2026-06-08 11:00:00"):
            request.action_escalate()
        self.assertEqual(clock.status, "paused")
        self.assertAlmostEqual(clock.consumed_hours, 2)
        self.assertFalse(clock.deadline)
        with freeze_time("2026-06-09 09:00:00"):
            request.technician_id = self.technician
            request.action_dispatch()
        self.assertEqual(clock.status, "running")
        self.assertEqual(clock.deadline, datetime(2026, 6, 9, 11, 0), "2h left, counted from the resume")
        with freeze_time("2026-06-09 10:00:00"):
            request.resolution = "onsite"
            request.action_resolve()
        self.assertEqual(clock.status, "met")
        self.assertAlmostEqual(clock.consumed_hours, 3, msg="the paused night does not count")

    def test_cancel_and_remote_resolution(self):
        with freeze_time("2026-06-08 09:00:00"):
            cancelled = self._request()
            solved = self._request()
        with freeze_time("2026-06-08 10:00:00"):
            cancelled.action_cancel()
            solved.resolution = "remote"
            solved.action_resolve()
        self.assertEqual(set(cancelled.sla_clock_ids.mapped("status")), {"cancelled"})
        self.assertFalse(cancelled.sla_status)
        self.assertEqual(set(solved.sla_clock_ids.mapped("status")), {"met"}, "resolving ends every clock")
        self.assertEqual(solved.sla_status, "met")
        self.assertFalse(solved.sla_deadline)

    def test_filters_only_matching_policies(self):
        with freeze_time("2026-06-08 09:00:00"):
            consultation = self._request(request_type="consultation")
        self.assertEqual(consultation.sla_clock_ids.policy_id, self.policy_reply)
        self.policy_reply.customer_tier = "major_project"
        with freeze_time("2026-06-08 09:00:00"):
            other = self._request(request_type="consultation")
        self.assertFalse(other.sla_clock_ids, "a key account is not a major project")

    # ------------------------------------------------------------------
    # Status on read, filters
    # ------------------------------------------------------------------

    def test_status_at_risk_and_breached_on_read_and_search(self):
        with freeze_time("2026-06-08 09:00:00"):
            request = self._request()
        Request = self.env["aftersales.request"]
        mine = [("id", "=", request.id)]
        with freeze_time("2026-06-08 10:00:00"):
            self.env.invalidate_all()
            self.assertEqual(request.sla_status, "on_track")
            self.assertEqual(Request.search(mine + [("sla_status", "=", "on_track")]), request)
        with freeze_time("2026-06-08 10:40:00"):  # less than 20% of 2h left
            self.env.invalidate_all()
            self.assertEqual(request.sla_status, "at_risk")
            self.assertEqual(Request.search(mine + [("sla_status", "=", "at_risk")]), request)
        with freeze_time("2026-06-08 11:30:00"):  # late, not swept yet
            self.env.invalidate_all()
            self.assertEqual(request.sla_status, "breached")
            self.assertEqual(Request.search(mine + [("sla_status", "=", "breached")]), request)
            self.assertFalse(Request.search(mine + [("sla_status", "=", "at_risk")]))

    # ------------------------------------------------------------------
    # Breach sweep
    # ------------------------------------------------------------------

    def _breach_activities(self, request):
        breach = self.env.ref("aftersales_sla.mail_activity_type_sla_breach")
        return request.activity_ids.filtered(lambda a: a.activity_type_id == breach)

    def test_breached_exactly_once_then_escalated_once(self):
        Clock = self.env["aftersales.sla.clock"]
        with freeze_time("2026-06-08 09:00:00"):
            request = self._request()
            request.user_id = self.agent
        clock = self._clock(request, self.policy_escalate)
        team_messages = self.team_south.message_ids
        with freeze_time("2026-06-08 10:59:00"):
            Clock._cron_sla_sweep()
        self.assertEqual(clock.status, "running", "not due yet")
        with freeze_time("2026-06-08 11:05:00"):
            Clock._cron_sla_sweep()
            Clock._cron_sla_sweep()  # a second run finds nothing left to flag
        self.assertEqual(clock.status, "breached")
        self.assertEqual(clock.escalation_level, 1)
        activity = self._breach_activities(request)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.agent)
        new_messages = self.team_south.message_ids - team_messages
        self.assertEqual(len(new_messages), 1)
        self.assertIn(request.name, new_messages.body)
        self.assertIn(self.service_manager.partner_id, new_messages.partner_ids)
        # Second escalation after the 4-hour grace, once.
        with freeze_time("2026-06-08 14:59:00"):
            Clock._cron_sla_sweep()
        self.assertEqual(clock.escalation_level, 1)
        with freeze_time("2026-06-08 15:01:00"):
            Clock._cron_sla_sweep()
            Clock._cron_sla_sweep()
        self.assertEqual(clock.escalation_level, 2)
        manager_activities = self._breach_activities(request).filtered(lambda a: a.user_id == self.service_manager)
        self.assertEqual(len(manager_activities), 1)
        self.assertEqual(len(self.team_south.message_ids - team_messages), 2)
        # Reaching the milestone late keeps the breach on record.
        with freeze_time("2026-06-08 16:00:00"):
            request.action_escalate()
        self.assertEqual(clock.status, "breached")
        self.assertEqual(clock.reached_date, datetime(2026, 6, 8, 16, 0))

    def test_second_sweep_finds_nothing(self):
        """A sweep that runs after (or while) another flagged the clocks sends nothing more."""
        Clock = self.env["aftersales.sla.clock"]
        with freeze_time("2026-06-08 09:00:00"):
            requests = self._request() | self._request()
        ours = requests.sla_clock_ids.filtered(lambda clock: clock.policy_id == self.policy_escalate)
        with freeze_time("2026-06-08 12:00:00"):
            Clock._cron_sla_sweep()
            self.assertEqual(ours.mapped("status"), ["breached", "breached"], "two escalation clocks were due")
            activities = self.env["mail.activity"].search_count(
                [("res_model", "=", "aftersales.request"), ("res_id", "in", requests.ids)]
            )
            self.assertEqual(activities, 2)
            flagged = Clock._flag_breaches(fields.Datetime.now(), 100)
            self.assertFalse(flagged & ours, "a second sweep takes none of them again")
            Clock._cron_sla_sweep()
            self.assertEqual(
                self.env["mail.activity"].search_count(
                    [("res_model", "=", "aftersales.request"), ("res_id", "in", requests.ids)]
                ),
                activities,
            )

    # ------------------------------------------------------------------
    # Policy changes and bad data
    # ------------------------------------------------------------------

    def test_policy_change_recomputes_open_clocks_only(self):
        with freeze_time("2026-06-08 09:00:00"):
            open_request = self._request()
            done_request = self._request()
        with freeze_time("2026-06-08 10:00:00"):
            done_request.action_escalate()
        done_clock = self._clock(done_request, self.policy_escalate)
        self.assertEqual(done_clock.status, "met")
        self.policy_escalate.write({"target_value": 3})
        open_clock = self._clock(open_request, self.policy_escalate)
        self.assertEqual(open_clock.target_hours, 3)
        self.assertEqual(open_clock.deadline, datetime(2026, 6, 8, 12, 0))
        self.assertEqual(done_clock.target_hours, 2, "history is kept")
        self.assertEqual(done_clock.status, "met")
        # On another calendar: 17:00-18:00 Monday in Shanghai, then 09:00-11:00 Tuesday (03:00 UTC).
        self.policy_escalate.calendar_id = self.calendar_sh
        self.assertEqual(open_clock.calendar_id, self.calendar_sh)
        self.assertEqual(open_clock.deadline, datetime(2026, 6, 9, 3, 0))
        self.assertEqual(done_clock.calendar_id, self.calendar_utc)

    def test_bad_policy_data_refused(self):
        Policy = self.env["aftersales.sla.policy"]
        base = {"name": "Bad", "start_event": "created", "stop_event": "resolved", "target_value": 1}
        count = Policy.search_count([])
        with self.assertRaisesText(ValidationError, "must be positive"):
            Policy.create(dict(base, target_value=-2))
        with self.assertRaisesText(ValidationError, "same event"):
            Policy.create(dict(base, stop_event="created"))
        with self.assertRaisesText(ValidationError, "does not happen"):
            Policy.create(dict(base, stop_event="shipped"))
        with self.assertRaisesText(ValidationError, "between 0 and 100"):
            Policy.create(dict(base, at_risk_percent=120))
        self.assertEqual(Policy.search_count([]), count)
        with self.assertRaisesText(ValidationError, "must be positive"):
            self.policy_escalate.target_value = 0
        self.assertEqual(self.policy_escalate.target_value, 2)

    def test_shipped_defaults(self):
        reply = self.env.ref("aftersales_service.sla_policy_first_reply")
        self.assertEqual(
            (reply.start_event, reply.stop_event, reply.target_value, reply.target_unit),
            ("created", "replied", 1, "days"),
        )
        escalate = self.env.ref("aftersales_service.sla_policy_escalation")
        self.assertEqual((escalate.stop_event, escalate.target_value, escalate.target_unit), ("escalated", 2, "hours"))
        dispatch = self.env.ref("aftersales_service.sla_policy_dispatch")
        self.assertEqual(
            (dispatch.start_event, dispatch.stop_event, dispatch.target_value), ("escalated", "dispatched", 4)
        )
