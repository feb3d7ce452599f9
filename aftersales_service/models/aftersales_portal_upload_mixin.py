from odoo import models


class AftersalesPortalUploadMixin(models.AbstractModel):
    """Documents whose chatter customers post to from the portal: what they attach is checked as their
    request form checks it (images, PDF and office documents only, see ``ir.attachment``)."""

    _name = "aftersales.portal.upload.mixin"
    _inherit = ["mail.thread"]
    _description = "After-Sales Portal Uploads"

    def _process_attachments_for_post(self, attachments, attachment_ids, message_values):
        # What customers upload (the portal chatter uploads first, then posts the attachments' ids); files the
        # server makes (``attachments``: a signed quotation, a mail's parts) are not uploads.
        if attachment_ids and not self.env.user._is_internal():
            self.env["ir.attachment"].browse(attachment_ids)._aftersales_check_uploads()
        return super()._process_attachments_for_post(attachments, attachment_ids, message_values)
