from odoo import models


class AftersalesSlaTeamMixin(models.AbstractModel):
    """The service centre's documents (requests, repair orders, follow-up calls) on the SLA engine: they
    answer its hooks from their team (``_sla_team``, the record's ``team_id`` here, where every one of
    them has it): its calendar, its manager for escalations, its chatter for breach notes; their
    clocks keep the team and the customer's tier (``_sla_customer``, the record's ``partner_id``)."""

    _name = "aftersales.sla.team.mixin"
    _inherit = ["aftersales.sla.mixin"]
    _description = "Service-Level Clocks of the Service Centre"

    def _sla_team(self):
        """The ``aftersales.team`` accountable for this record."""
        self.ensure_one()
        return self.team_id

    def _sla_customer(self):
        """The customer (``res.partner``) this record serves; its service tier selects targets."""
        self.ensure_one()
        return self.partner_id

    def _sla_customer_tier(self):
        self.ensure_one()
        return self._sla_customer().commercial_partner_id.aftersales_tier or "standard"

    def _sla_calendar(self):
        """The team's working calendar, else the company's."""
        self.ensure_one()
        return self._sla_team().resource_calendar_id or self.company_id.resource_calendar_id

    def _sla_escalation_user(self):
        """The team manager."""
        self.ensure_one()
        return self._sla_team().manager_id

    def _sla_breach_note_target(self):
        """The team: its chatter lists the breaches of its documents for its manager."""
        self.ensure_one()
        return self._sla_team() or None

    def _sla_clock_values(self, policy):
        return {
            **super()._sla_clock_values(policy),
            "team_id": self._sla_team().id,
            "customer_tier": self._sla_customer_tier(),
        }
