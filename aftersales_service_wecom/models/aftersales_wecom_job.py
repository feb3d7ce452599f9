import hashlib
import logging
from datetime import datetime

import psycopg2
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.tools import SQL, html2plaintext

from odoo.addons.aftersales_service.models.aftersales_job_mixin import JobGiveUp
from odoo.addons.aftersales_service.models.aftersales_request import OPEN_STATES

from ..tools.wecom import MEDIA_LIMITS, WeComError, media_kind

_logger = logging.getLogger(__name__)

JOB_KINDS = [("callback", "Callback"), ("send", "Reply")]
ORIGIN_CUSTOMER, ORIGIN_SYSTEM, ORIGIN_AGENT = 3, 4, 5
MEDIA_TYPES = ("image", "voice", "video", "file")
# WeCom's reasons for a reply it could not deliver (event msg_send_fail, fail_type).
SEND_FAIL_TYPES = {
    1: "the customer service account was deleted",
    2: "the application was closed",
    4: "the session expired (more than 48 hours)",
    5: "the session was closed",
    6: "more than 5 messages",
    10: "the customer refuses messages",
}


class AftersalesWecomJob(models.Model):
    """WeCom work done out of the provider's and the agent's way: a callback (acknowledged at once by the route)
    pulls the new messages with kf/sync_msg; an agent's reply is sent with kf/send_msg. The shared queue pattern."""

    _name = "aftersales.wecom.job"
    _inherit = "aftersales.job.mixin"
    _description = "WeCom Job"
    _job_cron = "aftersales_service_wecom.ir_cron_wecom_jobs"
    _job_batch = 50
    _sync_page = 100  # messages pulled per transaction

    kind = fields.Selection(JOB_KINDS, required=True, readonly=True)
    account_id = fields.Many2one("aftersales.wecom.account", required=True, ondelete="cascade", index=True)
    event_key = fields.Char(readonly=True, help="A callback WeCom sends again is stored once.")
    payload = fields.Text(readonly=True, help="The decrypted callback.")
    sync_token = fields.Char(readonly=True, help="The callback's token: lifts kf/sync_msg's rate limit for 10 minutes.")
    request_id = fields.Many2one("aftersales.request", ondelete="cascade", index="btree_not_null", readonly=True)
    mail_message_id = fields.Many2one("mail.message", ondelete="set null", readonly=True)
    identity_id = fields.Many2one("aftersales.wecom.identity", ondelete="cascade", readonly=True)

    _sql_constraints = [("event_uniq", "unique(account_id, event_key)", "A callback is stored once.")]

    # Inbound

    @api.model
    def _store_callback(self, account, plain, event):
        """Store a verified callback once, keyed by its id, and wake the queue up; False for one already stored."""
        key = event.get("MsgId") or event.get("Token") or hashlib.sha256(plain.encode()).hexdigest()
        try:
            with self.env.cr.savepoint(flush=False):
                stored = self._insert_callback(account, key, plain, event)
        except psycopg2.errors.SerializationFailure:
            # The same callback, stored by a concurrent request that committed first (a retry of WeCom's).
            return False
        if stored:
            self.env.ref(self._job_cron)._trigger()
        return stored

    def _insert_callback(self, account, key, plain, event):
        self.env.cr.execute(
            """INSERT INTO aftersales_wecom_job (kind, account_id, event_key, payload, sync_token, state, attempts,
                                                 create_date, write_date, create_uid, write_uid)
               VALUES ('callback', %s, %s, %s, %s, 'queued', 0, now() at time zone 'UTC', now() at time zone 'UTC',
                       %s, %s)
               ON CONFLICT (account_id, event_key) DO NOTHING RETURNING id""",
            [account.id, key, plain, event.get("Token") or None, self.env.uid, self.env.uid],
            log_exceptions=False,
        )
        return bool(self.env.cr.fetchone())

    def _job_run(self):
        if self.kind == "send":
            return self._send()
        account = self.account_id
        # One puller per account at a time: the sync cursor moves in this transaction. The others wait, then find
        # nothing new (callbacks come in bursts: the first pull takes what the next ones announce). NO KEY UPDATE:
        # the callbacks' inserts (a foreign key to the account) are not blocked meanwhile.
        self.env.cr.execute(
            SQL("SELECT id FROM aftersales_wecom_account WHERE id = %s FOR NO KEY UPDATE", account.id),
        )
        account.invalidate_recordset(["sync_cursor", "sync_covered_job_id"])
        if self.id <= account.sync_covered_job_id:
            # Stored before a pull that went to the end started: WeCom had its messages then, they are taken.
            return
        # Every job numbered up to now was stored before this pull (ids come from a sequence, in time order).
        self.env.cr.execute(
            SQL(
                "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM %s", SQL.identifier(f"{self._table}_id_seq")
            )
        )
        covered = self.env.cr.fetchone()[0]
        pull_started = fields.Datetime.now()
        try:
            data = account._client().sync_msg(
                account.open_kfid, cursor=account.sudo().sync_cursor, token=self.sync_token, limit=self._sync_page
            )
        except WeComError as error:
            if not error.retryable:
                raise JobGiveUp(str(error)) from error
            raise
        for message in data.get("msg_list", []):
            self._take_message(account, message)
        if data.get("next_cursor"):
            account.sudo().sync_cursor = data["next_cursor"]
        if data.get("has_more"):
            # One page a transaction: the rest in a job of its own, so that no transaction grows long.
            self._job_enqueue([{"kind": "callback", "account_id": account.id, "sync_token": self.sync_token}])
        else:
            account.write({"last_sync_date": pull_started, "sync_covered_job_id": covered})

    def _job_failed(self, error):
        # After the failed work was rolled back: the account's form shows what to fix, the agent what happened.
        self.account_id.last_error = str(error)
        cause = error.__cause__ if isinstance(error.__cause__, WeComError) else error
        if self.kind == "send" and self.request_id:
            self.request_id.message_post(
                body=self._refusal_note(cause), message_type="comment", subtype_xmlid="mail.mt_note"
            )

    def _take_message(self, account, message):
        Log = self.env["aftersales.wecom.message"]
        msgid = message.get("msgid")
        if not msgid or Log.search_count([("account_id", "=", account.id), ("msgid", "=", msgid)], limit=1):
            return
        log = Log.create({"account_id": account.id, "msgid": msgid, "direction": "in", "msgtype": message["msgtype"]})
        origin = message.get("origin")
        if message.get("msgtype") == "event":
            self._take_event(account, message.get("event") or {})
        elif origin == ORIGIN_CUSTOMER and message.get("external_userid"):
            self._take_customer_message(account, message, log)
        elif origin == ORIGIN_AGENT and message.get("external_userid"):
            self._take_agent_message(account, message, log)

    def _take_customer_message(self, account, message, log):
        identity = self.env["aftersales.wecom.identity"]._identify(account, message["external_userid"])
        send_time = int(message.get("send_time") or 0)
        sent = datetime.utcfromtimestamp(send_time) if send_time else fields.Datetime.now()
        if not identity.last_customer_message or sent >= identity.last_customer_message:
            identity.write({"last_customer_message": sent, "replies_in_window": 0})
        body, attachments = self._message_content(account, message)
        request = self._open_request(account, identity, body)
        posted = request.with_context(aftersales_wecom_inbound=True).message_post(
            body=body,
            author_id=identity.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=attachments.ids,
        )
        attachments.write({"res_model": request._name, "res_id": request.id})
        log.write({"identity_id": identity.id, "request_id": request.id, "mail_message_id": posted.id})

    def _take_agent_message(self, account, message, log):
        """A reply an agent typed in the WeCom client: kept on the request as a note, so that the desk sees it."""
        identity = self.env["aftersales.wecom.identity"].search(
            [("account_id", "=", account.id), ("external_userid", "=", message["external_userid"])]
        )
        request = identity and self._customer_requests(account, identity)[:1]
        if not request:
            return
        body, attachments = self._message_content(account, message)
        posted = request.message_post(
            body=Markup("<p>%s</p>%s") % (_("Answered in the WeCom client:"), body),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachment_ids=attachments.ids,
        )
        attachments.write({"res_model": request._name, "res_id": request.id})
        log.write({"identity_id": identity.id, "request_id": request.id, "mail_message_id": posted.id})

    def _take_event(self, account, event):
        if event.get("event_type") != "msg_send_fail":
            return
        sent = self.env["aftersales.wecom.message"].search(
            [("account_id", "=", account.id), ("msgid", "=", event.get("fail_msgid")), ("direction", "=", "out")]
        )
        if sent.request_id:
            reason = SEND_FAIL_TYPES.get(event.get("fail_type"), "unknown reason")
            sent.request_id.message_post(
                body=_(
                    "WeCom could not deliver a reply to the customer (%(reason)s). "
                    "Reach them by SMS, phone or email instead.",
                    reason=reason,
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )

    def _message_content(self, account, message):
        """The body (HTML) and the attachments of a customer's message."""
        msgtype = message.get("msgtype")
        Attachment = self.env["ir.attachment"]
        if msgtype == "text":
            return Markup("<p>%s</p>") % message.get("text", {}).get("content", ""), Attachment
        if msgtype in MEDIA_TYPES:
            media = account._client().media(message[msgtype]["media_id"], account.max_media_mb * 1024 * 1024)
            attachment = Attachment.create(
                {
                    "name": media["name"],
                    "raw": media["content"],
                    "mimetype": media["mimetype"] or None,
                    "res_model": "aftersales.request",
                    "res_id": 0,
                }
            )
            return Markup("<p>%s</p>") % _("Sent a %(kind)s through WeChat.", kind=msgtype), attachment
        if msgtype == "location":
            location = message.get("location", {})
            text = " ".join(filter(None, [location.get("name"), location.get("address")]))
            return Markup("<p>%s</p>") % _("Location: %(place)s", place=text), Attachment
        if msgtype == "link":
            link = message.get("link", {})
            return Markup('<p><a href="%s">%s</a></p>') % (link.get("url"), link.get("title") or link.get("url")), (
                Attachment
            )
        return Markup("<p>%s</p>") % _("Sent a WeChat message of type %(kind)s.", kind=msgtype), Attachment

    def _customer_requests(self, account, identity):
        return self.env["aftersales.request"].search(
            [
                ("partner_id", "=", identity.partner_id.id),
                ("company_id", "=", account.company_id.id),
                ("state", "in", OPEN_STATES),
            ],
            order="create_date desc, id desc",
        )

    def _open_request(self, account, identity, body):
        """The customer's open request, or a new one on channel WeCom."""
        request = self._customer_requests(account, identity)[:1]
        if request:
            if not request.wecom_identity_id:
                # Opened by phone or email: the answers now reach the customer's WeChat as well.
                request.wecom_identity_id = identity
            return request
        text = html2plaintext(body).strip()
        vals = {
            "company_id": account.company_id.id,
            "channel": "wecom",
            "partner_id": identity.partner_id.id,
            "contact_name": identity.partner_id.name,
            "subject": _("WeChat: %(text)s", text=text[:60]) if text else _("WeChat message"),
            "description": body,
            "wecom_identity_id": identity.id,
            "user_id": False,
        }
        if account.team_id:
            vals["team_id"] = account.team_id.id
        request = self.env["aftersales.request"].with_context(mail_create_nolog=False).create(vals)
        return request

    # Outbound

    @api.model
    def _reply_parts(self, message):
        """What WeCom carries of an agent's message, one WeCom message each: [(kind, text, attachment)], its text
        first, then each attachment as an image, voice, video or file; and the attachments too large for WeCom."""
        parts, too_large = [], self.env["ir.attachment"]
        text = html2plaintext(message.body or "").strip()
        if text:
            parts.append(("text", text, None))
        for attachment in message.sudo().attachment_ids.sorted("id"):
            kind = media_kind(attachment.mimetype)
            if attachment.file_size > MEDIA_LIMITS[kind]:
                too_large |= attachment
            else:
                parts.append((kind, None, attachment))
        return parts, too_large

    def _send(self):
        """Send the reply's parts not sent yet. Should WeCom refuse one, the parts it took are logged and kept: a
        retry sends the rest only."""
        request, identity, mail_message = self.request_id, self.identity_id, self.mail_message_id
        if not (identity and mail_message):
            return None
        account = identity.account_id
        client = account._client()
        Log = self.env["aftersales.wecom.message"]
        logged = set(Log.search([("mail_message_id", "=", mail_message.id), ("direction", "=", "out")]).mapped("msgid"))
        sent, failure = [], None
        for kind, text, attachment in self._reply_parts(mail_message)[0]:
            # Our msgid makes a resent message idempotent on WeCom's side too.
            msgid = f"odoo-{mail_message.id}" + (f"-{attachment.id}" if attachment else "")
            if msgid in logged:
                continue
            try:
                if attachment:
                    media_id = client.upload_media(kind, attachment.name, attachment.raw, attachment.mimetype)
                    client.send_media(account.open_kfid, identity.external_userid, kind, media_id, msgid=msgid)
                else:
                    client.send_text(account.open_kfid, identity.external_userid, text, msgid=msgid)
            except WeComError as error:
                failure = error
                if not error.retryable:
                    failure = JobGiveUp(str(error))
                    failure.__cause__ = error  # the refusal note reads WeCom's error
                break
            sent.append((msgid, kind))
        Log.create(
            [
                {
                    "account_id": account.id,
                    "msgid": msgid,
                    "direction": "out",
                    "msgtype": kind,
                    "identity_id": identity.id,
                    "request_id": request.id,
                    "mail_message_id": mail_message.id,
                }
                for msgid, kind in sent
            ]
        )
        # Returned, not raised: what WeCom took stays logged.
        return failure

    @api.model
    def _refusal_note(self, error):
        kind = getattr(error, "kind", None)
        if kind == "window":
            return _(
                "WeCom did not deliver this reply: the customer's WeChat session is closed (%(error)s). "
                "Send it by SMS or email instead.",
                error=getattr(error, "message", error),
            )
        if kind == "quota":
            return _(
                "WeCom did not deliver this reply: too many calls (%(error)s). Send it again later, or by SMS or "
                "email.",
                error=getattr(error, "message", error),
            )
        return _(
            "WeCom did not deliver this reply (%(error)s). An administrator should check the WeCom account; "
            "meanwhile send it by SMS or email.",
            error=error,
        )
