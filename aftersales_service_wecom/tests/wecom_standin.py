"""A local stand-in of WeCom for the tests: it issues access tokens, serves kf/sync_msg, kf/send_msg,
kf/customer/batchget, media/get and media/upload as WeCom answers them (errcode/errmsg, token checks), lets a test
inject error codes, and builds the encrypted callbacks WeCom posts."""

import json
import threading
import time
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qs, urlparse

from odoo.addons.aftersales_service.tests.standin import StandInServer
from odoo.addons.aftersales_service_wecom.tools.wecom import MEDIA_LIMITS, WeComCrypto

OK = {"errcode": 0, "errmsg": "ok"}


class WeComStandIn(StandInServer):
    def __init__(self, corp_id, secret, token, encoding_aes_key, open_kfid):
        self.corp_id, self.secret, self.open_kfid = corp_id, secret, open_kfid
        self.crypto = WeComCrypto(token, encoding_aes_key, corp_id)
        self.tokens = set()
        self.token_requests = 0
        self.messages = []  # what kf/sync_msg serves, in order; the cursor is an index
        self.sent = []  # kf/send_msg bodies received
        self.sync_requests = []
        self.nicknames = {}
        self.media = {}  # media_id -> (bytes, file name, mimetype)
        self.uploaded = {}  # media_id -> (type, file name, bytes) of media/upload
        self.errors = {}  # path -> error codes to answer next, one per call
        self.lock = threading.Lock()
        super().__init__()

    def handle(self, handler, method):
        url = urlparse(handler.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        path = url.path.removeprefix("/cgi-bin/")
        raw = handler.body() if method == "POST" else b""
        multipart = (handler.headers.get("Content-Type") or "").startswith("multipart/form-data")
        body = raw if multipart else json.loads(raw or b"{}")
        with self.lock:
            if path == "gettoken":
                self.token_requests += 1
                if query.get("corpid") != self.corp_id or query.get("corpsecret") != self.secret:
                    return handler.reply({"errcode": 40001, "errmsg": "invalid secret"})
                token = f"TOKEN-{self.token_requests}"
                self.tokens.add(token)
                return handler.reply({**OK, "access_token": token, "expires_in": 7200})
            if query.get("access_token") not in self.tokens:
                return handler.reply({"errcode": 42001, "errmsg": "access_token expired"})
            queued = self.errors.get(path)
            if queued:
                code = queued.pop(0)
                return handler.reply({"errcode": code, "errmsg": f"injected error {code}"})
            api = getattr(self, "_" + path.replace("/", "_"), None)
            if not api:
                return handler.reply({"errcode": 404, "errmsg": "unknown api"}, 404)
            return api(handler, query, body)

    def _kf_sync_msg(self, handler, query, body):
        self.sync_requests.append(body)
        if body.get("open_kfid") != self.open_kfid:
            return handler.reply({"errcode": 95000, "errmsg": "invalid open_kfid"})
        start = int(body.get("cursor") or 0)
        limit = min(int(body.get("limit") or 1000), 1000)
        page = self.messages[start : start + limit]
        end = start + len(page)
        has_more = int(end < len(self.messages))
        return handler.reply({**OK, "next_cursor": str(end), "has_more": has_more, "msg_list": page})

    def _kf_send_msg(self, handler, query, body):
        msgtype = body.get("msgtype")
        if msgtype != "text" and body.get(msgtype, {}).get("media_id") not in self.uploaded:
            return handler.reply({"errcode": 40007, "errmsg": "invalid media_id"})
        self.sent.append(body)
        return handler.reply({**OK, "msgid": body.get("msgid") or f"srv-{len(self.sent)}"})

    def _media_upload(self, handler, query, body):
        """A multipart form with one file, field "media", as WeCom takes it; its size within the type's limit."""
        kind = query.get("type")
        if kind not in MEDIA_LIMITS:
            return handler.reply({"errcode": 40004, "errmsg": "invalid media type"})
        head = f"Content-Type: {handler.headers['Content-Type']}\r\n\r\n".encode()
        form = BytesParser(policy=HTTP).parsebytes(head + body)
        media = next(
            (p for p in form.iter_parts() if p.get_param("name", header="content-disposition") == "media"), None
        )
        if media is None:
            return handler.reply({"errcode": 41005, "errmsg": "media data missing"})
        content = media.get_payload(decode=True)
        if not 5 < len(content) <= MEDIA_LIMITS[kind]:
            return handler.reply({"errcode": 40006, "errmsg": "invalid file size"})
        media_id = f"UPLOADED_{len(self.uploaded) + 1}"
        self.uploaded[media_id] = (kind, media.get_filename(), content)
        return handler.reply({**OK, "type": kind, "media_id": media_id, "created_at": str(int(time.time()))})

    def _kf_customer_batchget(self, handler, query, body):
        customers = [
            {"external_userid": uid, "nickname": self.nicknames[uid], "gender": 0}
            for uid in body.get("external_userid_list", [])
            if uid in self.nicknames
        ]
        return handler.reply({**OK, "customer_list": customers, "invalid_external_userid": []})

    def _media_get(self, handler, query, body):
        content, name, mimetype = self.media[query["media_id"]]
        disposition = [("Content-Disposition", f'attachment; filename="{name}"')]
        return handler.reply(content, content_type=mimetype, headers=disposition)

    def expire_tokens(self):
        self.tokens.clear()

    def customer_says(self, external_userid, msgtype="text", content=None, send_time=None, **extra):
        """A customer's message, as kf/sync_msg will serve it; returns the callback event announcing it."""
        message = {
            "msgid": f"msg-{len(self.messages) + 1}",
            "open_kfid": self.open_kfid,
            "external_userid": external_userid,
            "send_time": int(send_time or time.time()),
            "origin": 3,
            "msgtype": msgtype,
        }
        message[msgtype] = {"content": content} if msgtype == "text" else extra
        self.messages.append(message)
        return self.kf_event(f"callback-token-{len(self.messages)}")

    def kf_event(self, token):
        """The plain event WeCom posts (encrypted) when messages wait: kf_msg_or_event."""
        return (
            f"<xml><ToUserName><![CDATA[{self.corp_id}]]></ToUserName><CreateTime>{int(time.time())}</CreateTime>"
            "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event>"
            f"<Token><![CDATA[{token}]]></Token><OpenKfId><![CDATA[{self.open_kfid}]]></OpenKfId></xml>"
        )
