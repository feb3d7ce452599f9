from odoo import fields, models


class AftersalesTeam(models.Model):
    """Which SMS notices the team's customers receive. Off by default: a notice needs its template approved on
    the provider's console first (and costs money)."""

    _inherit = "aftersales.team"

    aftersales_sms_request_received = fields.Boolean(
        "SMS: Request Received", help="Text the customer the reference of each new request."
    )
    aftersales_sms_quote_ready = fields.Boolean(
        "SMS: Quotation Ready", help="Text the customer when a repair quotation is sent, with the portal link."
    )
    aftersales_sms_shipped = fields.Boolean(
        "SMS: Device Shipped", help="Text the customer the carrier and tracking number of the return shipment."
    )
