from odoo import _, fields, models


class AftersalesRequest(models.Model):
    _inherit = "aftersales.request"

    channel = fields.Selection(selection_add=[("wecom", "WeChat (WeCom)")], ondelete={"wecom": "set default"})
    wecom_identity_id = fields.Many2one(
        "aftersales.wecom.identity",
        string="WeChat Customer",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Replies posted with Send message go to this WeChat user through WeCom customer service.",
    )
    wecom_window_end = fields.Datetime(related="wecom_identity_id.window_end", string="WeChat Replies Until")
    wecom_replies_left = fields.Integer(related="wecom_identity_id.replies_left", string="WeChat Replies Left")

    def _message_post_after_hook(self, message, msg_values):
        result = super()._message_post_after_hook(message, msg_values)
        if (
            self.wecom_identity_id
            and not self.env.context.get("aftersales_wecom_inbound")
            and message.message_type == "comment"
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and message.author_id.user_ids.filtered(lambda u: not u.share)
        ):
            self._wecom_reply(message)
        return result

    def _wecom_reply(self, message):
        """Queue an agent's reply, text and attachments, for the customer's WeChat, within WeCom's window;
        otherwise say so at once."""
        self.ensure_one()
        identity = self.wecom_identity_id.sudo()
        parts, too_large = self.env["aftersales.wecom.job"]._reply_parts(message)
        if too_large:
            self._wecom_note(
                _(
                    "Not sent to the customer's WeChat: %(names)s, larger than WeCom takes (images and videos up to "
                    "10 MB, voice 2 MB, other files 20 MB). Send a link, or send it by email.",
                    names=", ".join(too_large.mapped("name")),
                )
            )
        if not parts:
            return
        reason = identity._window_closed_reason(len(parts))
        if reason:
            self._wecom_note(
                _(
                    "Not sent to the customer's WeChat: %(reason)s. Send it by SMS or email instead "
                    "(the customer can still read it on the portal).",
                    reason=reason,
                )
            )
            return
        identity.replies_in_window += len(parts)
        self.env["aftersales.wecom.job"]._job_enqueue(
            [
                {
                    "kind": "send",
                    "account_id": identity.account_id.id,
                    "request_id": self.id,
                    "identity_id": identity.id,
                    "mail_message_id": message.id,
                }
            ]
        )

    def _wecom_note(self, body):
        self.message_post(body=body, message_type="comment", subtype_xmlid="mail.mt_note")
