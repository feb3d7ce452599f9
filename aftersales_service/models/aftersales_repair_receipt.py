from odoo import _, fields, models
from odoo.exceptions import UserError


class AftersalesRepair(models.Model):
    """The device's arrival (R10, R11), its diagnosis and the warranty decision kept with its evidence (R7,
    R8)."""

    _inherit = "aftersales.repair"

    def action_receive(self):
        """Record the device's arrival (R10, R11) and decide the warranty (R7).

        The decision uses the unit's purchase date and warranty (or, for a
        unit without equipment record, those given at intake) on the day of
        receipt, and keeps that evidence on the order.
        """
        self._check_transition("receive")
        self._action_receive()
        return True

    def _action_receive(self):
        now = fields.Datetime.now()
        Equipment = self.env["aftersales.equipment"]
        for repair in self:
            received = repair.received_date or now
            day = fields.Date.context_today(repair, received)
            evidence = repair._warranty_evidence()
            repair.write(
                {
                    "received_date": received,
                    "state": "received",
                    "under_warranty": Equipment._warranty_state_on(evidence, day) == "in_warranty",
                    "warranty_checked_on": day,
                    "warranty_purchase_date": evidence["purchase_date"],
                    "warranty_months": evidence["months"],
                    "warranty_end_date": evidence["end_date"],
                }
            )
            if not evidence["purchase_date"]:
                repair.message_post(
                    body=_("No purchase date is known for this unit: the repair is out of warranty."),
                    subtype_xmlid="mail.mt_note",
                )
            if repair.accessory_warning:
                repair.message_post(body=repair.accessory_warning, subtype_xmlid="mail.mt_note")

    def _warranty_evidence(self):
        """The purchase date and warranty the receipt decides on: the unit's, else the request's."""
        self.ensure_one()
        if self.equipment_id and (self.equipment_id.purchase_date or not self.request_id):
            return self.equipment_id._warranty_evidence()
        if self.request_id:
            return self.request_id._warranty_evidence()
        # An order opened directly for a product: no purchase date is known.
        return self.env["aftersales.equipment"]._warranty_evidence_for(self.product_id, False)

    def action_diagnose(self):
        """Start the diagnosis of a received device."""
        self._check_transition("diagnose")
        self._action_diagnose()
        return True

    def _action_diagnose(self):
        self.write({"state": "diagnosis"})

    def action_void_warranty(self):
        """Charge the repair although the unit is in warranty (human damage, special request: R8).

        The reason must be written on the order first.
        """
        self._check_transition("void_warranty")
        without = self.filtered(lambda r: not r.warranty_void_reason)
        if without:
            raise UserError(
                _("Give the reason for voiding the warranty of %(repairs)s.", repairs=", ".join(without.mapped("name")))
            )
        self._action_void_warranty()
        return True

    def _action_void_warranty(self):
        self.write({"under_warranty": False})
