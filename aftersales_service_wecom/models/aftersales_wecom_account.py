import base64
import binascii
import logging
import uuid
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.wecom import WeComClient, WeComCrypto, WeComCryptoError, WeComError, get_token

_logger = logging.getLogger(__name__)

# A token is renewed this long before WeCom says it expires, so that a call never races its expiry.
TOKEN_MARGIN = timedelta(minutes=5)


class AftersalesWecomAccount(models.Model):
    """A WeCom customer-service account (微信客服帐号) of a company: its customers' messages open or continue
    service requests, and agents answer them from the request."""

    _name = "aftersales.wecom.account"
    _description = "WeCom Customer Service Account"
    _order = "company_id, name"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    team_id = fields.Many2one(
        "aftersales.team",
        string="Service Team",
        check_company=True,
        help="The team of the requests its messages open; the usual routing when empty.",
    )
    corp_id = fields.Char("Corp ID", required=True, help="企业ID (My Company > Company Information).")
    open_kfid = fields.Char(
        "Customer Service Account ID", required=True, help="open_kfid of the account (wk...), from kf/account/list."
    )
    # Secrets: administrators only.
    secret = fields.Char(groups="base.group_system", help="The Secret of the 微信客服 application's API.")
    token = fields.Char("Callback Token", groups="base.group_system", help="The Token of the callback settings.")
    encoding_aes_key = fields.Char(
        "EncodingAESKey",
        groups="base.group_system",
        help="The EncodingAESKey of the callback settings (43 characters).",
    )
    webhook_uuid = fields.Char(
        "Callback Path",
        groups="base.group_system",
        required=True,
        copy=False,
        index=True,
        default=lambda self: uuid.uuid4().hex,
        help="The secret part of the callback URL (/aftersales/wecom/callback/<this>).",
    )
    callback_url = fields.Char("Callback URL", compute="_compute_callback_url", groups="base.group_system")
    api_base_url = fields.Char("API URL", required=True, default="https://qyapi.weixin.qq.com")
    sync_cursor = fields.Char(readonly=True, copy=False, groups="base.group_system", help="Where kf/sync_msg goes on.")
    last_sync_date = fields.Datetime(
        readonly=True, copy=False, help="When the last pull that took every message waiting started."
    )
    sync_covered_job_id = fields.Integer(
        readonly=True,
        copy=False,
        help="Callbacks up to this job were stored before the last pull that went to the end.",
    )
    retention_days = fields.Integer(
        "Keep Raw Events (days)",
        default=30,
        help="Callbacks and the log of messages exchanged (WeChat ids: personal data under China's PIPL) are deleted "
        "after this many days. The messages themselves stay in the requests' chatter.",
    )
    max_media_mb = fields.Integer("Largest Attachment (MB)", default=20)
    last_error = fields.Text(readonly=True, copy=False)
    identity_count = fields.Integer("WeChat Customers", compute="_compute_identity_count")

    _sql_constraints = [
        ("webhook_uuid_uniq", "unique(webhook_uuid)", "Each account has its own callback path."),
        ("open_kfid_uniq", "unique(corp_id, open_kfid)", "This customer service account is already connected."),
        ("retention_positive", "CHECK(retention_days > 0)", "Raw events are kept at least one day."),
    ]

    @api.depends("webhook_uuid")
    def _compute_callback_url(self):
        for account in self:
            base = account.company_id.get_base_url().rstrip("/") if account.company_id else ""
            account.callback_url = f"{base}/aftersales/wecom/callback/{account.webhook_uuid}"

    def _compute_identity_count(self):
        counts = dict(
            self.env["aftersales.wecom.identity"]._read_group(
                [("account_id", "in", self.ids)], ["account_id"], ["__count"]
            )
        )
        for account in self:
            account.identity_count = counts.get(account, 0)

    @api.constrains("encoding_aes_key")
    def _check_encoding_aes_key(self):
        for account in self.sudo():
            key = account.encoding_aes_key
            if not key:
                continue
            try:
                valid = len(key) == 43 and len(base64.b64decode(key + "=", validate=True)) == 32
            except (binascii.Error, ValueError):
                valid = False
            if not valid:
                raise ValidationError(
                    _(
                        "The EncodingAESKey of %(account)s is not valid: WeCom gives 43 letters and digits. "
                        "Copy it again from the callback settings.",
                        account=account.name,
                    )
                )

    def _crypto(self):
        self.ensure_one()
        account = self.sudo()
        return WeComCrypto(account.token, account.encoding_aes_key, account.corp_id)

    def _client(self):
        self.ensure_one()
        return WeComClient(self.api_base_url, self._access_token)

    def _access_token(self, stale=None):
        """The access token all workers share, kept in the database. Renewed under a row lock on a cursor of its
        own that commits at once: the renewal is neither lost with the caller's transaction nor made twice by two
        workers (the second one waits, then finds the new token). ``stale`` is a token WeCom refused: renewed
        only if it is still the current one."""
        self.ensure_one()
        account = self.sudo()
        if not stale:
            # The usual case, without a cursor of its own: a valid token already shared.
            self.env.cr.execute(
                "SELECT access_token FROM aftersales_wecom_token WHERE account_id = %s AND expires_at > %s",
                [account.id, fields.Datetime.now() + TOKEN_MARGIN],
            )
            row = self.env.cr.fetchone()
            if row and row[0]:
                return row[0]
        with self.env.registry.cursor() as cr:
            cr.execute("SELECT 1 FROM aftersales_wecom_account WHERE id = %s", [account.id])
            if not cr.fetchone():
                # An account not committed yet (created in this transaction): nothing to share a token with.
                return get_token(account.api_base_url, account.corp_id, account.secret or "")[0]
            cr.execute(
                "INSERT INTO aftersales_wecom_token (account_id, create_date, write_date) "
                "VALUES (%s, now() at time zone 'UTC', now() at time zone 'UTC') ON CONFLICT (account_id) DO NOTHING",
                [account.id],
            )
            cr.execute(
                "SELECT access_token, expires_at FROM aftersales_wecom_token WHERE account_id = %s FOR UPDATE",
                [account.id],
            )
            current, expires_at = cr.fetchone()
            now = fields.Datetime.now()
            if current and current != stale and expires_at and expires_at > now + TOKEN_MARGIN:
                return current
            token, lifetime = get_token(account.api_base_url, account.corp_id, account.secret or "")
            cr.execute(
                "UPDATE aftersales_wecom_token SET access_token = %s, expires_at = %s, "
                "write_date = now() at time zone 'UTC' WHERE account_id = %s",
                [token, now + timedelta(seconds=lifetime), account.id],
            )
            # The point of this cursor: the renewal is shared at once, whatever becomes of the caller's transaction.
            cr.commit()  # pylint: disable=invalid-commit
            _logger.info("WeCom access token of account %s renewed", account.id)
            return token

    def action_test_connection(self):
        """Fetch an access token: proves the corp id, the secret and the API URL."""
        self.ensure_one()
        account = self.sudo()
        try:
            get_token(account.api_base_url, account.corp_id, account.secret or "")
            account._crypto()
        except (WeComError, WeComCryptoError) as error:
            raise UserError(_("WeCom refused the account %(account)s: %(error)s", account=self.name, error=error))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("WeCom accepted the corp id and the secret of %(account)s.", account=self.name),
            },
        }

    def action_view_identities(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service_wecom.aftersales_wecom_identity_action"
        )
        action["domain"] = [("account_id", "=", self.id)]
        return action

    @api.model
    def _cron_purge(self):
        """Delete raw callbacks and the log of messages older than each account's retention (PIPL)."""
        for account in self.sudo().with_context(active_test=False).search([]):
            limit = fields.Datetime.now() - timedelta(days=account.retention_days)
            self.env["aftersales.wecom.job"].sudo().search(
                [("account_id", "=", account.id), ("create_date", "<", limit), ("state", "!=", "queued")]
            ).unlink()
            self.env["aftersales.wecom.message"].sudo().search(
                [("account_id", "=", account.id), ("create_date", "<", limit)]
            ).unlink()


class AftersalesWecomToken(models.Model):
    """The access token of an account, apart from the account: it is renewed on a cursor of its own while the
    caller's transaction may have written the account (its sync cursor); on one row they would wait for each
    other."""

    _name = "aftersales.wecom.token"
    _description = "WeCom Access Token"

    account_id = fields.Many2one("aftersales.wecom.account", required=True, ondelete="cascade")
    access_token = fields.Char()
    expires_at = fields.Datetime()

    _sql_constraints = [("account_uniq", "unique(account_id)", "One token per account.")]
