import hmac
import json
import logging

from odoo import http
from odoo.http import request

from ..tools.kuaidi100 import sign

_logger = logging.getLogger(__name__)

MAX_BODY = 256 * 1024  # a push holds a parcel's whole route: a few kilobytes


def _answer(ok, code, message, status=200):
    body = json.dumps({"result": ok, "returnCode": str(code), "message": message}, ensure_ascii=False)
    return request.make_response(body, headers=[("Content-Type", "application/json")], status=status)


class Kuaidi100Push(http.Controller):
    @http.route("/aftersales/kuaidi100/push/<string:webhook>", type="http", auth="public", methods=["POST"], csrf=False)
    def kuaidi100_push(self, webhook, **post):
        """Kuaidi100's push: verified (``sign = MD5(param + salt)``), stored once, acknowledged at once; a job
        applies it. Kuaidi100 retries what is not acknowledged, so a refusal is only for what is not theirs."""
        if (request.httprequest.content_length or 0) > MAX_BODY:
            return _answer(False, 413, "body too large", status=413)
        company = (
            request.env["res.company"].sudo().search([("aftersales_kuaidi100_webhook", "=", webhook)], limit=1)
            if webhook
            else None
        )
        if not company:
            return _answer(False, 404, "unknown push address", status=404)
        param, signature = post.get("param") or "", (post.get("sign") or "").upper()
        expected = sign(param, company.aftersales_kuaidi100_salt or "")
        if not param or not hmac.compare_digest(signature, expected):
            _logger.warning("Kuaidi100 push with a wrong signature refused (company %s)", company.id)
            return _answer(False, 400, "bad sign", status=400)
        try:
            json.loads(param)
        except ValueError:
            return _answer(False, 400, "param is not JSON", status=400)
        request.env["aftersales.parcel.job"].sudo()._store_push(company, param)
        return _answer(True, 200, "成功")
