from odoo import _, api, fields, models


class AftersalesQuoteMail(models.Model):
    """A quotation email waiting to leave with its PDF: the desk's *Send* stores a row and returns; the queue's
    scheduled action (triggered at once) renders the PDF and sends the email as its sender."""

    _name = "aftersales.quote.mail"
    _inherit = "aftersales.job.mixin"
    _description = "Quotation Email Queue"
    _job_cron = "aftersales_service.ir_cron_send_quotation_mails"

    repair_id = fields.Many2one("aftersales.repair", required=True, ondelete="cascade", index=True)
    user_id = fields.Many2one(
        "res.users", string="Sent by", required=True, default=lambda self: self.env.user, ondelete="cascade"
    )

    @api.model
    def _enqueue(self, repairs):
        """Queue the quotation emails of ``repairs``."""
        return self._job_enqueue([{"repair_id": repair.id, "user_id": self.env.uid} for repair in repairs])

    @api.model
    def _cron_send(self, batch=10):
        """Send one batch of the quotation emails due; returns the number sent."""
        return self._job_cron_process(batch)

    def _job_run(self):
        template = self.env.ref("aftersales_service.mail_template_repair_quotation")
        self.repair_id.with_user(self.user_id).message_post_with_source(template, subtype_xmlid="mail.mt_comment")

    def _job_failed(self, error):
        self.repair_id.sudo().message_post(body=_("The quotation email could not be sent: %(error)s", error=str(error)))
