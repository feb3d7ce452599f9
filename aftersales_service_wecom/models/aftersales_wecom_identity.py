from datetime import timedelta

from odoo import _, api, fields, models

# WeCom's rule for customer-service messages: at most 5 messages in the 48 hours after the customer's last one.
WINDOW = timedelta(hours=48)
WINDOW_MESSAGES = 5


class AftersalesWecomIdentity(models.Model):
    """A WeChat user writing to a customer-service account: its external user id, tied to a customer."""

    _name = "aftersales.wecom.identity"
    _description = "WeCom Customer"
    _order = "last_customer_message desc, id desc"

    account_id = fields.Many2one("aftersales.wecom.account", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="account_id.company_id", store=True, index=True)
    external_userid = fields.Char("External User ID", required=True, readonly=True)
    name = fields.Char("WeChat Nickname")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, ondelete="cascade", index=True)
    last_customer_message = fields.Datetime(readonly=True)
    replies_in_window = fields.Integer(
        readonly=True, help="Messages sent to the customer since their last one (WeCom allows 5 in 48 hours)."
    )
    window_end = fields.Datetime("Replies Possible Until", compute="_compute_window")
    replies_left = fields.Integer(compute="_compute_window")

    _sql_constraints = [
        ("external_userid_uniq", "unique(account_id, external_userid)", "A WeChat user is one customer per account."),
    ]

    @api.depends("last_customer_message", "replies_in_window")
    def _compute_window(self):
        now = fields.Datetime.now()
        for identity in self:
            end = identity.last_customer_message and identity.last_customer_message + WINDOW
            identity.window_end = end
            open_ = bool(end and end > now)
            identity.replies_left = max(WINDOW_MESSAGES - identity.replies_in_window, 0) if open_ else 0

    def _window_closed_reason(self, needed=1):
        """Why WeCom would refuse ``needed`` messages to this customer now, or None."""
        self.ensure_one()
        if not self.last_customer_message or self.last_customer_message + WINDOW <= fields.Datetime.now():
            return _("more than 48 hours have passed since the customer's last WeChat message")
        if self.replies_in_window >= WINDOW_MESSAGES:
            return _("5 messages were already sent since the customer's last WeChat message")
        if self.replies_in_window + needed > WINDOW_MESSAGES:
            return _(
                "this reply makes %(needed)s WeChat messages (its text and each attachment count as one), and only "
                "%(left)s of the 5 allowed since the customer's last message are left",
                needed=needed,
                left=WINDOW_MESSAGES - self.replies_in_window,
            )
        return None

    @api.model
    def _identify(self, account, external_userid):
        """The identity of a WeChat user, created with a customer (named after their nickname) when unknown."""
        identity = self.search([("account_id", "=", account.id), ("external_userid", "=", external_userid)])
        if identity:
            return identity
        nickname = False
        try:
            nickname = account._client().customers([external_userid]).get(external_userid, {}).get("nickname")
        except Exception:  # a nickname is a comfort: the message is not lost for it
            nickname = False
        name = nickname or _("WeChat customer %(suffix)s", suffix=external_userid[-6:])
        partner = self.env["res.partner"].create(
            {"name": name, "company_id": False, "comment": _("Wrote through WeCom customer service.")}
        )
        return self.create(
            {"account_id": account.id, "external_userid": external_userid, "name": nickname, "partner_id": partner.id}
        )


class AftersalesWecomMessage(models.Model):
    """The log of WeCom messages exchanged: each message of WeCom taken once (its msgid), each reply sent once."""

    _name = "aftersales.wecom.message"
    _description = "WeCom Message"
    _order = "id desc"

    account_id = fields.Many2one("aftersales.wecom.account", required=True, ondelete="cascade", index=True)
    msgid = fields.Char(required=True)
    direction = fields.Selection([("in", "From the customer"), ("out", "To the customer")], required=True)
    identity_id = fields.Many2one("aftersales.wecom.identity", ondelete="cascade", index=True)
    request_id = fields.Many2one("aftersales.request", ondelete="set null", index=True)
    mail_message_id = fields.Many2one("mail.message", ondelete="set null", index="btree_not_null")
    msgtype = fields.Char()

    _sql_constraints = [("msgid_uniq", "unique(account_id, msgid)", "A WeCom message is taken once.")]
