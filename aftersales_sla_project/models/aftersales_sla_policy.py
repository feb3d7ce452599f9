from odoo import fields, models

# The events a task fires (besides "created"): see ``project.task._sla_events``.
TASK_EVENTS = [
    ("task_responded", "Task: First Response"),
    ("task_done", "Task: Done"),
]
TASK_EVENTS_ONDELETE = {key: "cascade" for key, _label in TASK_EVENTS}


class AftersalesSlaPolicy(models.Model):
    _inherit = "aftersales.sla.policy"

    res_model = fields.Selection(selection_add=[("project.task", "Task")], ondelete={"project.task": "cascade"})
    start_event = fields.Selection(selection_add=TASK_EVENTS, ondelete=TASK_EVENTS_ONDELETE)
    stop_event = fields.Selection(selection_add=TASK_EVENTS, ondelete=TASK_EVENTS_ONDELETE)
