"""A local stand-in of WeCom for the tests: it issues access tokens, serves kf/sync_msg, kf/send_msg,
kf/customer/batchget and media/get as WeCom answers them (errcode/errmsg, token checks), lets a test inject error
codes, and builds the encrypted callbacks WeCom posts."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from odoo.addons.aftersales_service_wecom.tools.wecom import WeComCrypto

OK = {"errcode": 0, "errmsg": "ok"}


class WeComStandIn:
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
        self.errors = {}  # path -> error codes to answer next, one per call
        self.lock = threading.Lock()
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, payload, status=200, content_type="application/json", headers=()):
                body = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def _route(self, method):
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                path = url.path.removeprefix("/cgi-bin/")
                body = {}
                if method == "POST":
                    body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
                with standin.lock:
                    if path == "gettoken":
                        standin.token_requests += 1
                        if query.get("corpid") != standin.corp_id or query.get("corpsecret") != standin.secret:
                            return self._reply({"errcode": 40001, "errmsg": "invalid secret"})
                        token = f"TOKEN-{standin.token_requests}"
                        standin.tokens.add(token)
                        return self._reply({**OK, "access_token": token, "expires_in": 7200})
                    if query.get("access_token") not in standin.tokens:
                        return self._reply({"errcode": 42001, "errmsg": "access_token expired"})
                    queued = standin.errors.get(path)
                    if queued:
                        code = queued.pop(0)
                        return self._reply({"errcode": code, "errmsg": f"injected error {code}"})
                    handler = getattr(self, "_" + path.replace("/", "_"), None)
                    if not handler:
                        return self._reply({"errcode": 404, "errmsg": "unknown api"}, 404)
                    return handler(query, body)

            def do_GET(self):
                self._route("GET")

            def do_POST(self):
                self._route("POST")

            def _kf_sync_msg(self, query, body):
                standin.sync_requests.append(body)
                if body.get("open_kfid") != standin.open_kfid:
                    return self._reply({"errcode": 95000, "errmsg": "invalid open_kfid"})
                start = int(body.get("cursor") or 0)
                limit = min(int(body.get("limit") or 1000), 1000)
                page = standin.messages[start : start + limit]
                end = start + len(page)
                has_more = int(end < len(standin.messages))
                return self._reply({**OK, "next_cursor": str(end), "has_more": has_more, "msg_list": page})

            def _kf_send_msg(self, query, body):
                standin.sent.append(body)
                return self._reply({**OK, "msgid": body.get("msgid") or f"srv-{len(standin.sent)}"})

            def _kf_customer_batchget(self, query, body):
                customers = [
                    {"external_userid": uid, "nickname": standin.nicknames[uid], "gender": 0}
                    for uid in body.get("external_userid_list", [])
                    if uid in standin.nicknames
                ]
                return self._reply({**OK, "customer_list": customers, "invalid_external_userid": []})

            def _media_get(self, query, body):
                content, name, mimetype = standin.media[query["media_id"]]
                return self._reply(
                    content, content_type=mimetype, headers=[("Content-Disposition", f'attachment; filename="{name}"')]
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

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
