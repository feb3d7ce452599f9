from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import TaskSlaCommon


@tagged("post_install", "-at_install")
class TestTaskSla(TaskSlaCommon):
    """Project tasks on the SLA engine, with no change to the engine."""

    def test_clocks_on_the_projects_working_hours(self):
        task = self._task()
        response, done = self._clock(task, self.policy_response), self._clock(task, self.policy_done)
        self.assertEqual(response.calendar_id, self.calendar)
        self.assertEqual(response.deadline, datetime(2026, 12, 7, 13), "4 working hours after Monday 09:00")
        self.assertEqual(done.deadline, datetime(2026, 12, 8, 17), "2 working days of 8 hours")
        self.assertEqual(response.company_id, self.company)
        self.assertEqual(task.sla_deadline, datetime(2026, 12, 7, 13))
        # The status is read against the clock: at 10:00, three hours before the deadline.
        with freeze_time(datetime(2026, 12, 7, 10)):
            task.invalidate_recordset(["sla_status"])
            self.assertEqual(task.sla_status, "on_track")

    def test_no_calendar_no_clock(self):
        private = self.env["project.task"].create({"name": "Buy a ladder", "user_ids": False})
        self.assertFalse(private.sla_clock_ids, "a private task has no working hours")
        shared = self.env["project.project"].create({"name": "Shared", "company_id": False})
        self.assertFalse(self.env["project.task"].create({"name": "Plan", "project_id": shared.id}).sla_clock_ids)

    def test_first_internal_message_responds(self):
        task = self._task()
        customer = self.env["res.partner"].create({"name": "Customer Li", "email": "li@example.com"})
        with freeze_time(datetime(2026, 12, 7, 10)):
            task.message_post(body="Any news?", author_id=customer.id, message_type="comment")
        response = self._clock(task, self.policy_response)
        self.assertEqual(response.status, "running", "a customer's message is no response")
        with freeze_time(datetime(2026, 12, 7, 11, 30)):
            task.with_user(self.developer).message_post(body="On it.", message_type="comment")
        self.assertEqual(response.status, "met")
        self.assertEqual(response.reached_date, datetime(2026, 12, 7, 11, 30))
        self.assertAlmostEqual(response.consumed_hours, 2.5)

    def test_first_assignment_responds(self):
        task = self._task()
        with freeze_time(datetime(2026, 12, 7, 12)):
            task.user_ids = self.developer
        response = self._clock(task, self.policy_response)
        self.assertEqual((response.status, response.consumed_hours), ("met", 3.0))
        late = self._task()
        with freeze_time(datetime(2026, 12, 7, 16)):
            late.user_ids = self.developer
        self.assertEqual(self._clock(late, self.policy_response).status, "breached", "assigned after 7 working hours")
        assigned = self._task(user_ids=[Command.set(self.developer.ids)])
        self.assertEqual(self._clock(assigned, self.policy_response).status, "met", "assigned at creation")

    def test_waiting_pauses_a_stored_computed_state(self):
        """Project computes ``state`` from the task's dependencies: the engine sees it change."""
        blocker = self._task(name="Order the part")
        task = self._task()
        done = self._clock(task, self.policy_done)
        with freeze_time(datetime(2026, 12, 7, 11)):
            task.depend_on_ids = blocker
            self.env.flush_all()
        self.assertEqual(task.state, "04_waiting_normal")
        self.assertEqual((done.status, done.consumed_hours), ("paused", 2.0))
        with freeze_time(datetime(2026, 12, 8, 9)):
            blocker.state = "1_done"
            self.env.flush_all()
        self.assertEqual(task.state, "01_in_progress")
        self.assertEqual(done.status, "running")
        self.assertEqual(done.deadline, datetime(2026, 12, 9, 15), "14 working hours left from Tuesday 09:00")

    def test_done_meets_reopen_does_not_restart(self):
        task = self._task()
        done = self._clock(task, self.policy_done)
        with freeze_time(datetime(2026, 12, 8, 10)):
            task.state = "1_done"
        self.assertEqual((done.status, done.consumed_hours), ("met", 9.0))
        self.assertEqual(
            self._clock(task, self.policy_response).status, "breached", "done without a response: that target ends late"
        )
        with freeze_time(datetime(2026, 12, 10, 10)):
            task.state = "01_in_progress"
        self.assertEqual(done.status, "met")
        self.assertEqual(len(task.sla_clock_ids), 2, "no clock started again")

    def test_cancel_cancels_open_clocks(self):
        task = self._task()
        task.state = "1_canceled"
        self.assertEqual(set(task.sla_clock_ids.mapped("status")), {"cancelled"})
        task.state = "01_in_progress"
        self.assertEqual(set(task.sla_clock_ids.mapped("status")), {"cancelled"})

    def test_breach_notifies_assignees_and_project_manager(self):
        task = self._task(user_ids=[Command.set(self.developer.ids)])
        other = self._task(name="Other")
        Clock = self.env["aftersales.sla.clock"]
        with freeze_time(datetime(2026, 12, 8, 18)):
            Clock._cron_sla_sweep()
        done = self._clock(task, self.policy_done)
        self.assertEqual(done.status, "breached")
        breach = self.env.ref("aftersales_sla.mail_activity_type_sla_breach")
        activities = task.activity_ids.filtered(lambda activity: activity.activity_type_id == breach)
        self.assertEqual(activities.user_id, self.developer, "the assignee")
        note = task.message_ids.filtered(lambda message: "Service-level targets breached" in (message.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn(self.manager.partner_id, note.partner_ids, "addressed to the project manager")
        self.assertEqual(task.sla_status, "breached")
        breached = self.env["project.task"].search([("sla_status", "=", "breached"), ("id", "in", (task | other).ids)])
        self.assertEqual(breached, task | other, "the breached filter")
        with freeze_time(datetime(2026, 12, 9, 9)):
            Clock._cron_sla_sweep()
        later = task.activity_ids.filtered(lambda activity: activity.activity_type_id == breach)
        self.assertEqual(later.user_id, self.developer | self.manager, "the manager after the grace period")

    def test_clocks_read_as_their_task(self):
        task = self._task()
        private_project = self.env["project.project"].create(
            {"name": "Board", "privacy_visibility": "followers", "company_id": self.company.id}
        )
        hidden = self._task(project_id=private_project.id)
        Clock = self.env["aftersales.sla.clock"]
        ours = (task | hidden).sla_clock_ids
        visible = Clock.with_user(self.developer).search([("id", "in", ours.ids)])
        self.assertEqual(visible, task.sla_clock_ids, "the clocks of the tasks the user reads")
        self.assertFalse(hidden.with_user(self.developer).has_access("read"), "a task of a followers-only project")
        self._clock(task, self.policy_done).with_user(self.developer).check_access("read")
        with self.assertRaises(AccessError):
            self._clock(hidden, self.policy_done).with_user(self.developer).check_access("read")
        portal = new_test_user(self.env, "sla_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            Clock.with_user(portal).search([("id", "in", ours.ids)])
