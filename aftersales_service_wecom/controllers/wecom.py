import logging

from odoo import http
from odoo.http import request

from ..tools.wecom import WeComCryptoError, parse_xml

_logger = logging.getLogger(__name__)

# A callback is an envelope of a few hundred bytes (the messages themselves are pulled with kf/sync_msg).
MAX_BODY = 64 * 1024


def _text(body, status=200):
    # WeCom wants the bare text: no quotes, no BOM, no newline.
    return request.make_response(body, headers=[("Content-Type", "text/plain; charset=utf-8")], status=status)


class WeComCallback(http.Controller):
    @http.route(
        "/aftersales/wecom/callback/<string:webhook_uuid>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        csrf=False,
        save_session=False,
    )
    def wecom_callback(self, webhook_uuid, **query):
        """WeCom's callback. GET verifies the URL (answers the decrypted echostr); POST is an event, verified,
        decrypted, stored once and answered ``success`` at once (WeCom waits 5 s); a job does the work.

        What is not WeCom's is refused without a trace of it: unknown path 404, oversized body 413, wrong signature
        403, a body or ciphertext that does not decrypt 400. WeCom retries anything but a 200."""
        if (request.httprequest.content_length or 0) > MAX_BODY:
            return _text("body too large", 413)
        account = (
            request.env["aftersales.wecom.account"].sudo().search([("webhook_uuid", "=", webhook_uuid)], limit=1)
            if webhook_uuid
            else None
        )
        if not account:
            return _text("unknown callback", 404)
        try:
            crypto = account._crypto()
            if request.httprequest.method == "GET":
                echostr = query.get("echostr") or ""
                crypto.check_signature(query.get("msg_signature"), query.get("timestamp"), query.get("nonce"), echostr)
                return _text(crypto.decrypt(echostr))
            body = request.httprequest.get_data(cache=False)
            if len(body) > MAX_BODY:
                return _text("body too large", 413)
            encrypted = parse_xml(body).get("Encrypt") or ""
            crypto.check_signature(query.get("msg_signature"), query.get("timestamp"), query.get("nonce"), encrypted)
            plain = crypto.decrypt(encrypted)
            event = parse_xml(plain)
        except WeComCryptoError as error:
            _logger.warning("WeCom callback refused (account %s): %s", account.id, error)
            status = 403 if "signature" in str(error) else 400
            return _text("refused", status)
        request.env["aftersales.wecom.job"].sudo()._store_callback(account, plain, event)
        return _text("success")
