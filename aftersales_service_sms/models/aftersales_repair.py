from odoo import models


class AftersalesRepair(models.Model):
    _inherit = "aftersales.repair"

    def _action_mark_quote_sent(self):
        # Every way a quotation is sent: emailed at once, from the composer, or recorded as sent otherwise (the
        # portal shows it in each case).
        res = super()._action_mark_quote_sent()
        self.env["sms.template"]._aftersales_notify(
            "aftersales_service_sms.sms_template_quote_ready",
            self.filtered(lambda repair: repair.team_id.aftersales_sms_quote_ready),
        )
        return res

    def _action_ship(self):
        res = super()._action_ship()
        self.env["sms.template"]._aftersales_notify(
            "aftersales_service_sms.sms_template_shipped",
            self.filtered(lambda repair: repair.team_id.aftersales_sms_shipped),
        )
        return res

    def _aftersales_sms_numbers(self):
        self.ensure_one()
        return [self.partner_id.mobile, self.partner_id.phone]
