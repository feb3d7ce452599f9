from odoo import api, models
from odoo.tools.sql import column_exists, create_column


class ProjectTask(models.Model):
    """Tasks on the SLA engine, through its hooks only.

    - First response: a clock may stop at the first message an internal user
      posts on the task or at its first assignment, whichever comes first
      (``task_responded``).
    - Resolution: a clock may stop when the task is done (``task_done``),
      pause while it waits (``04_waiting_normal``, a state Project computes
      from the task's dependencies); cancelling the task cancels its clocks,
      and reopening it never restarts a clock already met.
    - Targets count on the project's working hours. A private task (no
      project) or a task without a company has none, hence no clock.
    - Breaches: the assignees get an activity; the task's chatter tells the
      project manager, who gets an activity when the breach lasts.
    """

    _name = "project.task"
    _inherit = ["project.task", "aftersales.sla.mixin"]

    _sla_events = ("created", "task_responded", "task_done")
    _sla_state_events = {"1_done": "task_done"}
    _sla_final_states = ("1_done",)
    _sla_cancel_states = ("1_canceled",)

    def _auto_init(self):
        # The stored deadline is empty on every existing task (they have no clock yet): create its column
        # rather than let Odoo compute it task by task at install.
        if not column_exists(self.env.cr, self._table, "sla_deadline"):
            create_column(self.env.cr, self._table, "sla_deadline", "timestamp")
        return super()._auto_init()

    @api.model_create_multi
    def create(self, vals_list):
        tasks = super().create(vals_list)
        tasks.filtered("user_ids")._sla_fire("task_responded")
        return tasks

    def write(self, vals):
        unassigned = self.filtered(lambda task: not task.user_ids) if "user_ids" in vals else self.browse()
        res = super().write(vals)
        unassigned.filtered("user_ids")._sla_fire("task_responded")
        return res

    def _message_post_after_hook(self, message, msg_values):
        res = super()._message_post_after_hook(message, msg_values)
        author_users = message.author_id.user_ids
        if message.message_type == "comment" and author_users and not author_users[0].share:
            self._sla_fire("task_responded", when=message.date)
        return res

    # ------------------------------------------------------------------
    # Service-level hooks
    # ------------------------------------------------------------------

    def _sla_calendar(self):
        """The project's working hours; none for a private task or a task without a company."""
        self.ensure_one()
        if not (self.project_id and self.company_id):
            return self.env["resource.calendar"]
        return self.project_id.resource_calendar_id

    def _sla_responsible_user(self):
        """The assignees."""
        self.ensure_one()
        return self.user_ids

    def _sla_escalation_user(self):
        """The project manager."""
        self.ensure_one()
        return self.project_id.user_id
