import json
import logging

from odoo import http
from odoo.http import request

_logger = logging.getLogger(__name__)

MAX_BODY = 256 * 1024  # a batch of reports: a few hundred bytes each
MAX_REPORTS = 1000

TENCENT_OK = {"result": 0, "errmsg": "OK"}
ALIYUN_OK = {"code": 0, "msg": "接收成功"}


def _answer(payload, status=200):
    body = json.dumps(payload, ensure_ascii=False)
    return request.make_response(body, headers=[("Content-Type", "application/json; charset=utf-8")], status=status)


def _tencent_error(message, status):
    return _answer({"result": 1, "errmsg": message}, status)


def _aliyun_error(message, status):
    return _answer({"code": 1, "msg": message}, status)


def _tencent_reports(items):
    """Tencent's status callback: ``[{user_receive_time, nationcode, mobile, report_status: SUCCESS|FAIL, errmsg,
    description, sid}]``, ``sid`` being the SerialNo SendSms returned (Tencent does not return SessionContext)."""
    reports = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("sid"), str) or not item["sid"]:
            return None
        if item.get("report_status") not in ("SUCCESS", "FAIL"):
            return None
        reports.append(
            {
                "ref": item["sid"],
                "delivered": item["report_status"] == "SUCCESS",
                "code": str(item.get("errmsg") or ""),
                "description": str(item.get("description") or ""),
            }
        )
    return reports


def _aliyun_reports(items):
    """Alibaba's SmsReport (HTTP batch push): ``[{phone_number, send_time, report_time, success, err_code,
    err_msg, sms_size, biz_id, out_id}]``, ``out_id`` being the SMS's uuid sent as OutId."""
    reports = []
    for item in items:
        if not isinstance(item, dict) or not (item.get("out_id") or item.get("biz_id")):
            return None
        success = item.get("success")
        if isinstance(success, str) and success.lower() in ("true", "false"):
            success = success.lower() == "true"
        if not isinstance(success, bool):
            return None
        reports.append(
            {
                "uuid": str(item.get("out_id") or ""),
                "ref": str(item.get("biz_id") or ""),
                "delivered": success,
                "code": str(item.get("err_code") or ""),
                "description": str(item.get("err_msg") or ""),
            }
        )
    return reports


class SmsReport(http.Controller):
    """Delivery reports of the Chinese providers, at a URL whose last part is the company's secret path. They are
    applied at once to Odoo's SMS trackers and not stored. A provider retries what is not acknowledged: a refusal
    is only for what is not a report of ours (unknown path, oversized or malformed body)."""

    def _receive(self, provider, secret, parse, ok, error):
        if (request.httprequest.content_length or 0) > MAX_BODY:
            return error("body too large", 413)
        company = (
            request.env["res.company"]
            .sudo()
            .search([("aftersales_sms_webhook", "=", secret), ("aftersales_sms_provider", "=", provider)], limit=1)
            if secret
            else None
        )
        if not company:
            return error("unknown report address", 404)
        data = request.httprequest.get_data()
        if len(data) > MAX_BODY:
            return error("body too large", 413)
        try:
            items = json.loads(data)
        except ValueError:
            items = None
        # A single report may come as an object rather than a list of one.
        items = [items] if isinstance(items, dict) else items
        reports = parse(items) if isinstance(items, list) and 0 < len(items) <= MAX_REPORTS else None
        if reports is None:
            _logger.warning("Malformed %s SMS report refused (company %s)", provider, company.id)
            return error("malformed report", 400)
        request.env["sms.tracker"].sudo()._aftersales_apply_reports(provider, reports)
        return _answer(ok)

    @http.route(
        "/aftersales/sms/tencent/report/<string:secret>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def tencent_report(self, secret, **kwargs):
        return self._receive("tencent", secret, _tencent_reports, TENCENT_OK, _tencent_error)

    @http.route(
        "/aftersales/sms/aliyun/report/<string:secret>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def aliyun_report(self, secret, **kwargs):
        return self._receive("aliyun", secret, _aliyun_reports, ALIYUN_OK, _aliyun_error)
