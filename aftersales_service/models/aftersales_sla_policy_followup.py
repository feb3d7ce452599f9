from odoo import fields, models


class AftersalesSlaPolicy(models.Model):
    """Follow-up calls as the SLA engine sees them: their model and the call event.

    See ``aftersales.followup._sla_events``: a clock starts when the call is
    planned (``created``) and stops when it is made or the customer proves
    unreachable (``called``).
    """

    _inherit = "aftersales.sla.policy"

    res_model = fields.Selection(
        selection_add=[("aftersales.followup", "Follow-up Call")],
        ondelete={"aftersales.followup": "cascade"},
    )
    start_event = fields.Selection(selection_add=[("called", "Customer Called")], ondelete={"called": "cascade"})
    stop_event = fields.Selection(selection_add=[("called", "Customer Called")], ondelete={"called": "cascade"})
