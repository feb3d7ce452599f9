from odoo import fields, models

from .sms_sms import CN_FAILURE_ONDELETE, CN_FAILURE_TYPES


class MailNotification(models.Model):
    _inherit = "mail.notification"

    failure_type = fields.Selection(selection_add=CN_FAILURE_TYPES, ondelete=CN_FAILURE_ONDELETE)
