"""A local stand-in of Tencent Cloud SMS and Alibaba Cloud SMS for the tests.

It checks each request's signature as the provider does, recomputing it from what it received and the secret
it knows (written here from the providers' documentation, independently of the add-on's client), answers in
the providers' shapes (error codes included; the next answer can be forced), records what it accepted, and
builds the delivery reports each provider posts back.
"""

import hashlib
import hmac
import json
import uuid
from datetime import datetime, timezone
from urllib.parse import parse_qsl, quote, urlsplit

from odoo.addons.aftersales_service.tests.standin import StandInServer


def _sha256(data):
    return hashlib.sha256(data if isinstance(data, bytes) else data.encode()).hexdigest()


def _hmac(key, message):
    return hmac.new(key, message.encode(), hashlib.sha256)


class SmsStandIn(StandInServer):
    def __init__(self, tencent_keys, aliyun_keys, app_id, sign_name, templates):
        """``tencent_keys``/``aliyun_keys``: {id: secret}; ``templates``: the approved template ids."""
        self.tencent_keys, self.aliyun_keys = dict(tencent_keys), dict(aliyun_keys)
        self.app_id, self.sign_name, self.templates = app_id, sign_name, set(templates)
        self.sent = []  # accepted messages: {provider, number, template, params, context, ref}
        self.refused = []  # (provider, code)
        self.next_error = None  # (code, http status) forced on the next request
        super().__init__()

    def handle(self, handler, method):
        body = handler.body()
        headers = {name.lower(): value for name, value in handler.headers.items()}
        if "x-tc-action" in headers:
            return handler.reply(*self._tencent(handler.path, headers, body))
        if "x-acs-action" in headers:
            return handler.reply(*self._aliyun(handler.path, headers, body))
        return handler.reply({"error": "unknown API"}, 404)

    def _forced(self):
        forced, self.next_error = self.next_error, None
        return forced

    # ------------------------------------------------------------------
    # Tencent Cloud SMS 2021-01-11
    # ------------------------------------------------------------------

    def _tencent_error(self, code, message, status=200):
        self.refused.append(("tencent", code))
        return {"Response": {"Error": {"Code": code, "Message": message}, "RequestId": str(uuid.uuid4())}}, status

    def _tencent_signature_ok(self, headers, body):
        """TC3-HMAC-SHA256 as Tencent checks it: the headers listed in SignedHeaders, the body's hash, the
        credential scope of X-TC-Timestamp's UTC date, the key derived from the SecretKey."""
        try:
            algorithm, fields = headers["authorization"].split(" ", 1)
            parts = dict(part.strip().split("=", 1) for part in fields.split(","))
            secret_id, date, service, terminal = parts["Credential"].split("/")
        except (KeyError, ValueError):
            return "AuthFailure.InvalidAuthorization"
        if algorithm != "TC3-HMAC-SHA256" or terminal != "tc3_request" or service != "sms":
            return "AuthFailure.InvalidAuthorization"
        if secret_id not in self.tencent_keys:
            return "AuthFailure.SecretIdNotFound"
        timestamp = int(headers.get("x-tc-timestamp") or 0)
        if datetime.fromtimestamp(timestamp, tz=timezone.utc).strftime("%Y-%m-%d") != date:
            return "AuthFailure.SignatureFailure"
        signed = parts["SignedHeaders"].split(";")
        if "content-type" not in signed or "host" not in signed:
            return "AuthFailure.SignatureFailure"
        canonical_headers = "".join(f"{name}:{headers.get(name, '').strip().lower()}\n" for name in signed)
        canonical = f"POST\n/\n\n{canonical_headers}\n{';'.join(signed)}\n{_sha256(body)}"
        string_to_sign = f"TC3-HMAC-SHA256\n{timestamp}\n{date}/sms/tc3_request\n{_sha256(canonical)}"
        key = _hmac(("TC3" + self.tencent_keys[secret_id]).encode(), date).digest()
        key = _hmac(_hmac(key, "sms").digest(), "tc3_request").digest()
        if not hmac.compare_digest(_hmac(key, string_to_sign).hexdigest(), parts.get("Signature", "")):
            return "AuthFailure.SignatureFailure"
        return None

    def _tencent(self, path, headers, body):
        if headers.get("x-tc-action") != "SendSms" or headers.get("x-tc-version") != "2021-01-11":
            return self._tencent_error("InvalidAction", "The action or version is not valid.")
        if error := self._tencent_signature_ok(headers, body):
            return self._tencent_error(error, "The provided credentials could not be validated.")
        forced = self._forced()
        if forced and forced[1] >= 500:
            return {"message": "internal server error"}, forced[1]
        payload = json.loads(body)
        if payload.get("SmsSdkAppId") != self.app_id:
            return self._tencent_error("UnauthorizedOperation.SmsSdkAppIdVerifyFail", "SmsSdkAppId verify fail.")
        number = payload["PhoneNumberSet"][0]
        status = {"SerialNo": "", "PhoneNumber": number, "Fee": 0, "SessionContext": payload.get("SessionContext")}
        code = forced[0] if forced else None
        if not code and payload.get("SignName") != self.sign_name:
            code = "FailedOperation.SignatureIncorrectOrUnapproved"
        if not code and payload.get("TemplateId") not in self.templates:
            code = "FailedOperation.TemplateIncorrectOrUnapproved"
        if code:
            self.refused.append(("tencent", code))
            status.update(Code=code, Message=code)
        else:
            ref = f"2433:{uuid.uuid4().int % 10**20}"
            status.update(SerialNo=ref, Fee=1, Code="Ok", Message="send success", IsoCode="CN")
            self.sent.append(
                {
                    "provider": "tencent",
                    "number": number,
                    "template": payload["TemplateId"],
                    "params": payload.get("TemplateParamSet") or [],
                    "context": payload.get("SessionContext"),
                    "ref": ref,
                }
            )
        return {"Response": {"SendStatusSet": [status], "RequestId": str(uuid.uuid4())}}, 200

    @staticmethod
    def tencent_report(sent, success=True, errmsg=None):
        """Tencent's status callback for ``sent`` (a record of ``self.sent``)."""
        return [
            {
                "user_receive_time": "2026-05-06 10:00:00",
                "nationcode": "86",
                "mobile": sent["number"].removeprefix("+86"),
                "report_status": "SUCCESS" if success else "FAIL",
                "errmsg": errmsg or ("DELIVRD" if success else "MK:0001"),
                "description": "用户短信送达成功" if success else "用户短信接收失败",
                "sid": sent["ref"],
            }
        ]

    # ------------------------------------------------------------------
    # Alibaba Cloud SMS (Dysmsapi) 2017-05-25, signature V3
    # ------------------------------------------------------------------

    def _aliyun_error(self, code, message, status):
        self.refused.append(("aliyun", code))
        request_id = str(uuid.uuid4())
        return {"RequestId": request_id, "HostId": "dysmsapi.aliyuncs.com", "Code": code, "Message": message}, status

    def _aliyun_signature_ok(self, query_string, headers, body):
        """ACS3-HMAC-SHA256 as Alibaba checks it: the sorted, RFC 3986-encoded query, the signed headers (host,
        x-acs-*), the body's hash (which x-acs-content-sha256 must be), HMAC-SHA256 with the AccessKey secret."""
        try:
            algorithm, fields = headers["authorization"].split(" ", 1)
            parts = dict(part.strip().split("=", 1) for part in fields.split(","))
        except (KeyError, ValueError):
            return "IncompleteSignature", 400
        if algorithm != "ACS3-HMAC-SHA256" or parts.get("Credential") not in self.aliyun_keys:
            return "InvalidAccessKeyId.NotFound", 404
        if headers.get("x-acs-content-sha256") != _sha256(body):
            return "SignatureDoesNotMatch", 400
        signed = parts.get("SignedHeaders", "").split(";")
        if not {"host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce"} <= set(signed):
            return "IncompleteSignature", 400
        pairs = sorted(parse_qsl(query_string, keep_blank_values=True))
        canonical_query = "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in pairs)
        canonical_headers = "".join(f"{name}:{headers.get(name, '').strip()}\n" for name in sorted(signed))
        canonical = "\n".join(
            ["POST", "/", canonical_query, canonical_headers, ";".join(sorted(signed)), headers["x-acs-content-sha256"]]
        )
        string_to_sign = f"ACS3-HMAC-SHA256\n{_sha256(canonical)}"
        expected = _hmac(self.aliyun_keys[parts["Credential"]].encode(), string_to_sign).hexdigest()
        if not hmac.compare_digest(expected, parts.get("Signature", "")):
            return "SignatureDoesNotMatch", 400
        return None

    def _aliyun(self, path, headers, body):
        split = urlsplit(path)
        if headers.get("x-acs-action") != "SendSms" or headers.get("x-acs-version") != "2017-05-25":
            return self._aliyun_error("InvalidAction.NotFound", "Specified api is not found.", 404)
        if error := self._aliyun_signature_ok(split.query, headers, body):
            return self._aliyun_error(error[0], "Specified signature does not match our calculation.", error[1])
        forced = self._forced()
        if forced and forced[1] >= 500:
            return self._aliyun_error("ServiceUnavailable", "The request has failed due to a temporary failure.", 503)
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        request_id = str(uuid.uuid4())
        code = forced[0] if forced else None
        if not code and query.get("SignName") != self.sign_name:
            code = "isv.SMS_SIGNATURE_ILLEGAL"
        if not code and query.get("TemplateCode") not in self.templates:
            code = "isv.SMS_TEMPLATE_ILLEGAL"
        if code:
            self.refused.append(("aliyun", code))
            return {"Code": code, "Message": code, "RequestId": request_id}, 200
        ref = f"{uuid.uuid4().int % 10**15}^0"
        self.sent.append(
            {
                "provider": "aliyun",
                "number": query["PhoneNumbers"],
                "template": query["TemplateCode"],
                "params": json.loads(query.get("TemplateParam") or "{}"),
                "context": query.get("OutId"),
                "ref": ref,
            }
        )
        return {"Code": "OK", "Message": "OK", "BizId": ref, "RequestId": request_id}, 200

    @staticmethod
    def aliyun_report(sent, success=True):
        """Alibaba's SmsReport push for ``sent`` (a record of ``self.sent``)."""
        return [
            {
                "phone_number": sent["number"],
                "send_time": "2026-05-06 10:00:00",
                "report_time": "2026-05-06 10:00:05",
                "success": success,
                "err_code": "DELIVERED" if success else "MN:0001",
                "err_msg": "用户接收成功" if success else "用户接收失败",
                "sms_size": "1",
                "biz_id": sent["ref"],
                "out_id": sent["context"],
            }
        ]
