from odoo import fields, models

# The business events requests and repair orders fire (besides "created"):
# see their ``_sla_events``.
DOCUMENT_EVENTS = [
    ("replied", "First Reply to the Customer"),
    ("escalated", "Escalated"),
    ("dispatched", "Technician Dispatched"),
    ("resolved", "Resolved"),
    ("received", "Device Received"),
    ("repair_finished", "Repair Finished"),
    ("shipped", "Shipped Back"),
    ("done", "Done"),
]
# Uninstalling the add-on that declares an event removes the policies using it.
DOCUMENT_EVENTS_ONDELETE = {key: "cascade" for key, _label in DOCUMENT_EVENTS}


class AftersalesSlaPolicy(models.Model):
    """The documents of this add-on as the SLA engine sees them: their models and business events.

    A bridge add-on registers its own document the same way, in its own
    inherited file, and its document model lists the keys in ``_sla_events``.
    """

    _inherit = "aftersales.sla.policy"

    res_model = fields.Selection(
        selection_add=[("aftersales.request", "Service Request"), ("aftersales.repair", "Repair Order")],
        ondelete={"aftersales.request": "cascade", "aftersales.repair": "cascade"},
        default="aftersales.request",
    )
    start_event = fields.Selection(selection_add=DOCUMENT_EVENTS, ondelete=DOCUMENT_EVENTS_ONDELETE)
    stop_event = fields.Selection(selection_add=DOCUMENT_EVENTS, ondelete=DOCUMENT_EVENTS_ONDELETE, default="resolved")
