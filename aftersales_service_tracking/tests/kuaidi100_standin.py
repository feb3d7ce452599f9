"""A local stand-in of Kuaidi100 for the tests: carrier detection, subscription and query, as the provider
answers them, with the signature checked; it records what it was asked and builds signed pushes."""

import json
from urllib.parse import parse_qs

from odoo.addons.aftersales_service.tests.standin import StandInServer
from odoo.addons.aftersales_service_tracking.tools.kuaidi100 import dumps, sign


class Kuaidi100StandIn(StandInServer):
    def __init__(self, customer, key):
        self.customer, self.key = customer, key
        self.subscriptions = []
        self.queries = []
        self.routes = {}  # number -> lastResult answered by query.do
        self.carriers = {}  # number -> carrier code
        super().__init__()

    def handle(self, handler, method):
        reply = handler.reply
        form = {k: v[0] for k, v in parse_qs(handler.body().decode()).items()}
        if handler.path == "/autonumber/auto":
            if form.get("key") != self.key:
                return reply({"returnCode": "601", "message": "key 已过期", "result": False})
            carrier = self.carriers.get(form.get("num"))
            return reply([{"comCode": carrier, "lengthPre": 12}] if carrier else [])
        if handler.path == "/poll":
            param = json.loads(form["param"])
            if param.get("key") != self.key:
                return reply({"result": False, "returnCode": "600", "message": "您不是合法的订阅者"})
            self.subscriptions.append(param)
            return reply({"result": True, "returnCode": "200", "message": "提交成功"})
        if handler.path == "/poll/query.do":
            if form.get("sign") != sign(form["param"], self.key, form.get("customer", "")):
                return reply({"result": False, "returnCode": "400", "message": "找不到对应公司"})
            param = json.loads(form["param"])
            self.queries.append(param)
            result = self.routes.get(param["num"])
            if result is None:
                return reply({"result": False, "returnCode": "500", "message": "查询无结果，请隔段时间再查"})
            return reply({"message": "ok", "status": "200", "returnCode": "200", **result})
        return reply({"result": False, "returnCode": "404", "message": "not found"}, 404)

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
