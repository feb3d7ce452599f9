from odoo import fields, models

from .res_partner import AFTERSALES_TIERS

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
    # Repair orders: the repaired or replacement unit shipped, or the refund paid (R6).
    ("settled", "Settled"),
    ("done", "Done"),
    # Follow-up calls: made, or the customer proved unreachable.
    ("called", "Customer Called"),
]
# Uninstalling the add-on that declares an event removes the policies using it.
DOCUMENT_EVENTS_ONDELETE = {key: "cascade" for key, _label in DOCUMENT_EVENTS}


class AftersalesSlaPolicy(models.Model):
    """The service centre's documents as the SLA engine sees them (their models and business events), and
    the filters by team and customer tier of their policies.

    A bridge add-on registers its own document the same way, in its own
    inherited file, and its document model lists the keys in ``_sla_events``.
    """

    _inherit = "aftersales.sla.policy"

    res_model = fields.Selection(
        selection_add=[
            ("aftersales.request", "Service Request"),
            ("aftersales.repair", "Repair Order"),
            ("aftersales.followup", "Follow-up Call"),
        ],
        ondelete={"aftersales.request": "cascade", "aftersales.repair": "cascade", "aftersales.followup": "cascade"},
        default="aftersales.request",
    )
    start_event = fields.Selection(selection_add=DOCUMENT_EVENTS, ondelete=DOCUMENT_EVENTS_ONDELETE)
    stop_event = fields.Selection(selection_add=DOCUMENT_EVENTS, ondelete=DOCUMENT_EVENTS_ONDELETE, default="resolved")
    # Filters: empty means "any".
    team_ids = fields.Many2many("aftersales.team", string="Teams", help="Only records of these teams (any when empty).")
    customer_tier = fields.Selection(AFTERSALES_TIERS, help="Only customers of this tier (any when empty).")

    def _filter_matching(self, records):
        """Also the policy's teams and customer tier, on the service centre's documents."""
        records = super()._filter_matching(records)
        if not (self.team_ids or self.customer_tier) or not isinstance(records, self.pool["aftersales.sla.team.mixin"]):
            return records
        return records.filtered(
            lambda record: (not self.team_ids or record._sla_team() in self.team_ids)
            and (not self.customer_tier or record._sla_customer_tier() == self.customer_tier)
        )
