from odoo import fields, models


class MailMessage(models.Model):
    """An SMS message posted from a provider template keeps the template and its variables: each SMS created for
    it (the first send, a resend from the chatter) sends them, the body being only their preview."""

    _inherit = "mail.message"

    aftersales_sms_template_code = fields.Char("SMS Provider Template ID", readonly=True)
    aftersales_sms_template_params = fields.Json("SMS Template Variables", readonly=True)
