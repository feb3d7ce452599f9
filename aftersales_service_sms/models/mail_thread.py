from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _get_message_create_valid_field_names(self):
        # The provider template of an SMS notice, stored on its message (see mail.message).
        return super()._get_message_create_valid_field_names() | {
            "aftersales_sms_template_code",
            "aftersales_sms_template_params",
        }
