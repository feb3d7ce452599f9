"""Tencent Cloud SMS and Alibaba Cloud SMS, signed by hand on ``requests`` (no cloud SDK: Alibaba's pulls in
aiohttp, APScheduler and a pinned ``cryptography``; both are a few dozen lines of HMAC).

- Tencent Cloud SMS, API 2021-01-11, ``SendSms``: a JSON POST signed with TC3-HMAC-SHA256 (signing key derived
  from ``"TC3" + SecretKey``, the UTC date, the service ``sms`` and ``tc3_request``).
- Alibaba Cloud SMS (Dysmsapi), API 2017-05-25, ``SendSms``: RPC parameters in the query string, signed with
  Alibaba's signature V3, ACS3-HMAC-SHA256 (the older RPC signature V2, HMAC-SHA1, is being retired by Alibaba).

Both send one message per call: a template id, its parameters and the approved signature name (签名). Each
answer is a ``SendResult``; a provider that cannot be reached or answers 5xx raises ``ProviderServerError``.
"""

import hashlib
import hmac
import json
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import quote, urlparse

import requests

from . import phone

TIMEOUT = 10

# No web address in a variable: both providers refuse them (Tencent ProhibitedUseUrlInTemplateParameter,
# Alibaba isv.PARAM_NOT_SUPPORT_URL); a link is fixed text of the approved template.
URL_PATTERN = re.compile(
    r"(?i)(https?://|www\.|\b[\w-]+\.(com|cn|net|org|info|top|xyz|vip|cc|io|me|co|link|site|shop)\b)"
)


class ProviderServerError(Exception):
    """The provider could not be reached, or answered with a server error (5xx, or not JSON)."""


@dataclass
class SendResult:
    ok: bool
    code: str
    message: str = ""
    ref: str = ""  # Tencent SerialNo, Alibaba BizId: the delivery report's key


def sha256_hex(data):
    return hashlib.sha256(data if isinstance(data, bytes) else data.encode()).hexdigest()


def hmac_sha256(key, message):
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


def _failure_of(table, code):
    """The Odoo failure type of a provider code: exact codes, or families (``LimitExceeded`` for
    ``LimitExceeded.PhoneNumberDailyLimit``)."""
    code = code or ""
    for prefix, failure_type in table:
        if code == prefix or code.startswith(prefix + "."):
            return failure_type
    return "unknown"


class SmsProvider:
    """What both providers share: the signature name, the endpoint and the variable rules."""

    name = None
    label = None
    default_url = None
    # The longest variable the provider accepts by default (characters, a Chinese character counting one).
    max_param_length = None
    failures = ()

    def __init__(self, sign_name, base_url=None, max_param_length=0, timeout=TIMEOUT):
        # The signature is approved without its brackets: 【售后服务中心】 is sent as 售后服务中心.
        self.sign_name = (sign_name or "").strip().strip("【】[]")
        self.base_url = (base_url or self.default_url).rstrip("/")
        self.max_length = max_param_length or self.max_param_length
        self.timeout = timeout

    @classmethod
    def failure_type(cls, code):
        return _failure_of(cls.failures, code)

    def check_params(self, params):
        """Why ``params`` (``[[name, value], ...]``) break the provider's rules, as ``(name, problem, value)``
        with problem ``empty``, ``url`` or ``length``; None when they do not. Nothing is truncated: a cut
        reference or tracking number would send the customer wrong information."""
        for name, value in params:
            value = value or ""
            if not value.strip():
                return name, "empty", value
            if URL_PATTERN.search(value):
                return name, "url", value
            if self.max_length and len(value) > self.max_length:
                return name, "length", value
        return None

    def _post(self, url, body, headers):
        try:
            response = requests.post(url, data=body, headers=headers, timeout=self.timeout)
        except requests.RequestException as error:
            raise ProviderServerError(f"{self.label}: {error}") from error
        if response.status_code >= 500:
            raise ProviderServerError(f"{self.label}: HTTP {response.status_code} {response.text[:200]}")
        try:
            return response.json()
        except ValueError as error:
            raise ProviderServerError(
                f"{self.label}: HTTP {response.status_code}, not JSON: {response.text[:200]}"
            ) from error


class TencentSms(SmsProvider):
    """Tencent Cloud SMS, API 2021-01-11."""

    name = "tencent"
    label = "Tencent Cloud SMS"
    default_url = "https://sms.tencentcloudapi.com"
    service = "sms"
    version = "2021-01-11"
    action = "SendSms"
    # A service centre's account is company-verified: no length limit. Individually verified accounts are limited
    # to 12 characters (InvalidParameterValue.TemplateParameterLengthLimit): set it in the settings.
    max_param_length = 0
    failures = (
        ("LimitExceeded", "sms_cn_throttled"),
        ("RequestLimitExceeded", "sms_cn_throttled"),
        ("FailedOperation.InsufficientBalanceInSmsPackage", "sms_credit"),
        ("UnauthorizedOperation.SerivceSuspendDueToArrears", "sms_credit"),
        ("FailedOperation.SignatureIncorrectOrUnapproved", "sms_cn_signature"),
        ("FailedOperation.TemplateIncorrectOrUnapproved", "sms_cn_template_unapproved"),
        ("FailedOperation.TemplateUnapprovedOrNotExist", "sms_cn_template_unapproved"),
        ("FailedOperation.TemplateParamSetNotMatchApprovedTemplate", "sms_cn_param"),
        ("InvalidParameterValue.TemplateParameterLengthLimit", "sms_cn_param"),
        ("InvalidParameterValue.TemplateParameterFormatError", "sms_cn_param"),
        ("InvalidParameterValue.ProhibitedUseUrlInTemplateParameter", "sms_cn_param"),
        ("InvalidParameterValue.ContentLengthLimit", "sms_cn_param"),
        ("InvalidParameterValue.IncorrectPhoneNumber", "sms_number_format"),
        ("FailedOperation.PhoneNumberParseFail", "sms_number_format"),
        ("UnsupportedOperation.UnsupportedRegion", "sms_country_not_supported"),
        ("FailedOperation.PhoneNumberInBlacklist", "sms_cn_rejected"),
        ("FailedOperation.ContainSensitiveWord", "sms_cn_rejected"),
        ("FailedOperation.MarketingSendTimeConstraint", "sms_cn_rejected"),
        ("AuthFailure", "sms_cn_auth"),
        ("UnauthorizedOperation", "sms_cn_auth"),
        ("InternalError", "sms_server"),
    )

    def __init__(self, secret_id, secret_key, app_id, region, sign_name, **kwargs):
        super().__init__(sign_name, **kwargs)
        self.secret_id, self.secret_key = secret_id or "", secret_key or ""
        self.app_id, self.region = app_id or "", region or "ap-guangzhou"

    def sign(self, host, body, timestamp, action=None):
        """The request headers of ``body`` (bytes) at ``timestamp`` (epoch seconds), Authorization included."""
        action = action or self.action
        content_type = "application/json; charset=utf-8"
        date = datetime.fromtimestamp(timestamp, tz=timezone.utc).strftime("%Y-%m-%d")
        signed_headers = "content-type;host;x-tc-action"
        canonical_request = "\n".join(
            [
                "POST",
                "/",
                "",
                f"content-type:{content_type}\nhost:{host}\nx-tc-action:{action.lower()}\n",
                signed_headers,
                sha256_hex(body),
            ]
        )
        scope = f"{date}/{self.service}/tc3_request"
        string_to_sign = f"TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{sha256_hex(canonical_request)}"
        key = hmac_sha256(("TC3" + self.secret_key).encode(), date)
        key = hmac_sha256(key, self.service)
        key = hmac_sha256(key, "tc3_request")
        signature = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
        return {
            "Authorization": f"TC3-HMAC-SHA256 Credential={self.secret_id}/{scope}, "
            f"SignedHeaders={signed_headers}, Signature={signature}",
            "Content-Type": content_type,
            "Host": host,
            "X-TC-Action": action,
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Version": self.version,
            "X-TC-Region": self.region,
        }

    def send(self, number, template, params, context, timestamp=None):
        """Send template ``template`` with ``params`` (their order fills ``{1}``, ``{2}``...) to ``number``
        (E.164); ``context`` (the SMS's uuid) goes as SessionContext. Tencent's status reports carry the
        SerialNo (``sid``), not the context: the SerialNo is the report's key."""
        payload = {
            "PhoneNumberSet": [number],
            "SmsSdkAppId": self.app_id,
            "SignName": self.sign_name,
            "TemplateId": template,
            "TemplateParamSet": [value for _name, value in params],
            "SessionContext": context,
        }
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        timestamp = int(timestamp or datetime.now(tz=timezone.utc).timestamp())
        headers = self.sign(urlparse(self.base_url).netloc, body, timestamp)
        answer = self._post(self.base_url + "/", body, headers).get("Response") or {}
        if error := answer.get("Error"):
            return SendResult(False, error.get("Code") or "", error.get("Message") or "")
        status = (answer.get("SendStatusSet") or [{}])[0]
        code = status.get("Code") or ""
        return SendResult(code == "Ok", code, status.get("Message") or "", status.get("SerialNo") or "")


def acs_encode(value):
    """RFC 3986 percent-encoding, as Alibaba's canonical query string wants it (space %20, ``*`` %2A, ``~``
    kept)."""
    return quote(str(value), safe="-_.~")


class AliyunSms(SmsProvider):
    """Alibaba Cloud SMS (Dysmsapi), API 2017-05-25, signature V3."""

    name = "aliyun"
    label = "Alibaba Cloud SMS"
    default_url = "https://dysmsapi.aliyuncs.com"
    version = "2017-05-25"
    action = "SendSms"
    # Notification templates: a variable holds 1 to 35 characters unless the limit was lifted for the template.
    max_param_length = 35
    failures = (
        ("isv.BUSINESS_LIMIT_CONTROL", "sms_cn_throttled"),
        ("isv.DAY_LIMIT_CONTROL", "sms_cn_throttled"),
        ("isv.MONTH_LIMIT_CONTROL", "sms_cn_throttled"),
        ("Throttling", "sms_cn_throttled"),
        ("isv.AMOUNT_NOT_ENOUGH", "sms_credit"),
        ("isv.OUT_OF_SERVICE", "sms_credit"),
        ("isv.SMS_SIGNATURE_ILLEGAL", "sms_cn_signature"),
        ("isv.SMS_SIGN_ILLEGAL", "sms_cn_signature"),
        ("isv.SIGN_NAME_ILLEGAL", "sms_cn_signature"),
        ("isv.SMS_SIGNATURE_SCENE_ILLEGAL", "sms_cn_signature"),
        ("isv.SMS_TEMPLATE_ILLEGAL", "sms_cn_template_unapproved"),
        ("isv.TEMPLATE_MISSING_PARAMETERS", "sms_cn_param"),
        ("isv.TEMPLATE_PARAMS_ILLEGAL", "sms_cn_param"),
        ("isv.PARAM_LENGTH_LIMIT", "sms_cn_param"),
        ("isv.PARAM_NOT_SUPPORT_URL", "sms_cn_param"),
        ("isv.INVALID_JSON_PARAM", "sms_cn_param"),
        ("isv.MOBILE_NUMBER_ILLEGAL", "sms_number_format"),
        ("isv.MOBILE_COUNT_OVER_LIMIT", "sms_number_format"),
        ("isv.BLACK_KEY_CONTROL_LIMIT", "sms_cn_rejected"),
        ("isv.EXTEND_CODE_ERROR", "sms_cn_rejected"),
        ("SignatureDoesNotMatch", "sms_cn_auth"),
        ("IncompleteSignature", "sms_cn_auth"),
        ("InvalidAccessKeyId", "sms_cn_auth"),
        ("InvalidTimeStamp", "sms_cn_auth"),
        ("SignatureNonceUsed", "sms_cn_auth"),
        ("Forbidden", "sms_cn_auth"),
        ("isp.RAM_PERMISSION_DENY", "sms_cn_auth"),
        ("isv.ACCOUNT_NOT_EXISTS", "sms_cn_auth"),
        ("isv.ACCOUNT_ABNORMAL", "sms_cn_auth"),
        ("isv.DENY_IP_RANGE", "sms_cn_auth"),
        ("isp.SYSTEM_ERROR", "sms_server"),
        ("ServiceUnavailable", "sms_server"),
        ("InternalError", "sms_server"),
    )

    def __init__(self, access_key_id, access_key_secret, sign_name, **kwargs):
        super().__init__(sign_name, **kwargs)
        self.access_key_id, self.access_key_secret = access_key_id or "", access_key_secret or ""

    def sign(self, host, query, body=b"", date=None, nonce=None, action=None):
        """The canonical query string of ``query`` (a dict) and the request headers, Authorization included."""
        canonical_query = "&".join(f"{acs_encode(k)}={acs_encode(v)}" for k, v in sorted(query.items()))
        headers = {
            "host": host,
            "x-acs-action": action or self.action,
            "x-acs-version": self.version,
            "x-acs-date": date or datetime.now(tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "x-acs-signature-nonce": nonce or uuid.uuid4().hex,
            "x-acs-content-sha256": sha256_hex(body),
        }
        signed = sorted(headers)
        canonical_headers = "".join(f"{name}:{headers[name].strip()}\n" for name in signed)
        canonical_request = "\n".join(
            ["POST", "/", canonical_query, canonical_headers, ";".join(signed), headers["x-acs-content-sha256"]]
        )
        string_to_sign = f"ACS3-HMAC-SHA256\n{sha256_hex(canonical_request)}"
        signature = hmac.new(self.access_key_secret.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()
        headers["Authorization"] = (
            f"ACS3-HMAC-SHA256 Credential={self.access_key_id},SignedHeaders={';'.join(signed)},Signature={signature}"
        )
        return canonical_query, headers

    def send(self, number, template, params, context):
        """Send template ``template`` with ``params`` (``${name}`` of the template) to ``number`` (E.164:
        mainland numbers go as 11 digits, others as country code and number); ``context`` (the SMS's uuid) goes
        as OutId, which the delivery report returns as ``out_id``."""
        query = {
            "PhoneNumbers": phone.national_digits(number) if phone.is_mainland(number) else number.lstrip("+"),
            "SignName": self.sign_name,
            "TemplateCode": template,
            "TemplateParam": json.dumps(dict(params), ensure_ascii=False, separators=(",", ":")),
            "OutId": context,
        }
        canonical_query, headers = self.sign(urlparse(self.base_url).netloc, query)
        answer = self._post(f"{self.base_url}/?{canonical_query}", b"", headers)
        code = answer.get("Code") or ""
        return SendResult(code == "OK", code, answer.get("Message") or "", answer.get("BizId") or "")


PROVIDERS = {provider.name: provider for provider in (TencentSms, AliyunSms)}
