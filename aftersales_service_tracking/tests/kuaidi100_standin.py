"""A local stand-in of Kuaidi100 for the tests: carrier detection, subscription and query, as the provider
answers them, with the signature checked; it records what it was asked and builds signed pushes."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from odoo.addons.aftersales_service_tracking.tools.kuaidi100 import dumps, sign


class Kuaidi100StandIn:
    def __init__(self, customer, key):
        self.customer, self.key = customer, key
        self.subscriptions = []
        self.queries = []
        self.routes = {}  # number -> lastResult answered by query.do
        self.carriers = {}  # number -> carrier code
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, payload, status=200):
                body = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=UTF-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                form = {
                    k: v[0] for k, v in parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode()).items()
                }
                if self.path == "/autonumber/auto":
                    if form.get("key") != standin.key:
                        return self._reply({"returnCode": "601", "message": "key 已过期", "result": False})
                    carrier = standin.carriers.get(form.get("num"))
                    return self._reply([{"comCode": carrier, "lengthPre": 12}] if carrier else [])
                if self.path == "/poll":
                    param = json.loads(form["param"])
                    if param.get("key") != standin.key:
                        return self._reply({"result": False, "returnCode": "600", "message": "您不是合法的订阅者"})
                    standin.subscriptions.append(param)
                    return self._reply({"result": True, "returnCode": "200", "message": "提交成功"})
                if self.path == "/poll/query.do":
                    if form.get("sign") != sign(form["param"], standin.key, form.get("customer", "")):
                        return self._reply({"result": False, "returnCode": "400", "message": "找不到对应公司"})
                    param = json.loads(form["param"])
                    standin.queries.append(param)
                    result = standin.routes.get(param["num"])
                    if result is None:
                        return self._reply(
                            {"result": False, "returnCode": "500", "message": "查询无结果，请隔段时间再查"}
                        )
                    return self._reply({"message": "ok", "status": "200", "returnCode": "200", **result})
                return self._reply({"result": False, "returnCode": "404", "message": "not found"}, 404)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @staticmethod
    def last_result(number, carrier, state, events):
        """A lastResult as Kuaidi100 sends it: events (Beijing time, text), newest first."""
        return {
            "message": "ok",
            "state": str(state),
            "status": "200",
            "ischeck": "1" if str(state) == "3" else "0",
            "com": carrier,
            "nu": number,
            "data": [
                {"time": when, "ftime": when, "context": text, "areaName": "广东,深圳市"} for when, text in events
            ],
        }

    @staticmethod
    def push(salt, last_result, status="polling"):
        """The form Kuaidi100 posts to the callback URL: param and its signature."""
        param = dumps({"status": status, "billstatus": "got", "message": "", "lastResult": last_result})
        return {"param": param, "sign": sign(param, salt)}
