from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class TaskSlaCommon(TransactionCase):
    """A project on a Monday-Friday 09:00-17:00 UTC schedule, with a first-response target of 4 working hours
    and a resolution target of 2 working days that waits while the task waits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, mail_create_nolog=False))
        cls.company = cls.env.company
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Project hours",
                "tz": "UTC",
                "attendance_ids": [(5, 0, 0)]
                + [
                    Command.create({"name": f"Day {day}", "dayofweek": str(day), "hour_from": 9, "hour_to": 17})
                    for day in range(5)
                ],
            }
        )
        cls.company.resource_calendar_id = cls.calendar
        cls.manager = new_test_user(cls.env, "sla_pm", groups="project.group_project_manager", name="PM Sun")
        cls.developer = new_test_user(cls.env, "sla_dev", groups="project.group_project_user", name="Dev Qian")
        cls.project = cls.env["project.project"].create(
            {
                "name": "Field service",
                "user_id": cls.manager.id,
                "company_id": cls.company.id,
                "allow_task_dependencies": True,
            }
        )
        # The shipped policies stay out of the way: the tests measure their own.
        cls.env["aftersales.sla.policy"].search([("res_model", "=", "project.task")]).active = False
        Policy = cls.env["aftersales.sla.policy"]
        cls.policy_response = Policy.create(
            {
                "name": "First response",
                "res_model": "project.task",
                "start_event": "created",
                "stop_event": "task_responded",
                "target_value": 4,
                "target_unit": "hours",
                "company_id": False,
            }
        )
        waiting = cls.env.ref("project.selection__project_task__state__04_waiting_normal")
        cls.policy_done = Policy.create(
            {
                "name": "Resolution",
                "res_model": "project.task",
                "start_event": "created",
                "stop_event": "task_done",
                "pause_state_ids": [Command.set(waiting.ids)],
                "target_value": 2,
                "target_unit": "days",
                "company_id": False,
            }
        )

    def _task(self, when=datetime(2026, 12, 7, 9), **vals):
        """A task created at ``when`` (a Monday 09:00 by default)."""
        with freeze_time(when):
            return self.env["project.task"].create(
                {"name": "Calibrate", "project_id": self.project.id, "user_ids": False, **vals}
            )

    def _clock(self, task, policy):
        return task.sudo().sla_clock_ids.filtered(lambda clock: clock.policy_id == policy)
