from odoo import api, models


class AftersalesRequest(models.Model):
    _inherit = "aftersales.request"

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        self.env["sms.template"]._aftersales_notify(
            "aftersales_service_sms.sms_template_request_received",
            requests.filtered(lambda request: request.team_id.aftersales_sms_request_received),
        )
        return requests

    def _aftersales_sms_numbers(self):
        # The number typed on the request (an unknown caller's) after the customer's mobile.
        self.ensure_one()
        return [self.partner_id.mobile, self.phone, self.partner_id.phone]
