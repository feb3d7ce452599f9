"""WeCom (企业微信) customer service, the protocol: callback crypto and the few JSON calls the service desk makes.

Written on ``cryptography``, ``lxml`` and ``requests``, which Odoo already requires; no WeChat SDK (wechatpy's last
stable release is of 2021 and has no customer-service API).

Callbacks: ``msg_signature = sha1(sorted(token, timestamp, nonce, encrypted))``; the message is AES-256-CBC with
``key = b64decode(EncodingAESKey + "=")`` and ``IV = key[:16]``, padded PKCS#7 on 32-byte blocks, and reads
``16 random bytes | length (4 bytes, network order) | message | receive id (the corp id)``.
"""

import base64
import hashlib
import hmac
import os
import struct
import time

import requests
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from lxml import etree

BLOCK = 32
# What WeCom customer service takes from media/upload: the kind of message, its size limit in bytes, and (but for
# "file", which takes anything) the mimetypes it plays.
MEDIA_LIMITS = {
    "image": 10 * 1024 * 1024,
    "voice": 2 * 1024 * 1024,
    "video": 10 * 1024 * 1024,
    "file": 20 * 1024 * 1024,
}
MEDIA_MIMETYPES = {"image": ("image/jpeg", "image/png"), "voice": ("audio/amr",), "video": ("video/mp4",)}
XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


class WeComCryptoError(ValueError):
    """A callback that is not WeCom's: wrong signature, truncated or tampered ciphertext, another corp."""


class WeComCrypto:
    def __init__(self, token, encoding_aes_key, receive_id):
        if not encoding_aes_key or len(encoding_aes_key) != 43:
            raise WeComCryptoError("EncodingAESKey has 43 characters")
        try:
            self.key = base64.b64decode(encoding_aes_key + "=", validate=True)
        except ValueError as error:
            raise WeComCryptoError("EncodingAESKey is not base64") from error
        self.token, self.receive_id = token or "", receive_id or ""

    def signature(self, timestamp, nonce, encrypted):
        return hashlib.sha1("".join(sorted([self.token, str(timestamp), str(nonce), encrypted])).encode()).hexdigest()

    def check_signature(self, signature, timestamp, nonce, encrypted):
        if not (signature and timestamp and nonce and encrypted):
            raise WeComCryptoError("signature, timestamp, nonce or ciphertext missing")
        if not hmac.compare_digest(self.signature(timestamp, nonce, encrypted), signature.lower()):
            raise WeComCryptoError("wrong msg_signature")

    def _cipher(self):
        return Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16]))

    def decrypt(self, encrypted):
        """The plain message of a ciphertext, checked to be for our corp."""
        try:
            data = base64.b64decode(encrypted, validate=True)
        except ValueError as error:
            raise WeComCryptoError("ciphertext is not base64") from error
        if not data or len(data) % 16:
            raise WeComCryptoError("truncated ciphertext")
        decryptor = self._cipher().decryptor()
        plain = decryptor.update(data) + decryptor.finalize()
        pad = plain[-1]
        if not 1 <= pad <= BLOCK or plain[-pad:] != bytes([pad]) * pad:
            raise WeComCryptoError("bad padding")
        plain = plain[16:-pad]
        if len(plain) < 4:
            raise WeComCryptoError("truncated message")
        (length,) = struct.unpack("!I", plain[:4])
        message, receive_id = plain[4 : 4 + length], plain[4 + length :]
        if len(message) != length:
            raise WeComCryptoError("truncated message")
        if receive_id.decode(errors="replace") != self.receive_id:
            raise WeComCryptoError("message for another corp")
        return message.decode()

    def encrypt(self, message, random_prefix=None):
        """The ciphertext of a message (what WeCom sends; the tests' stand-in uses it)."""
        body = message.encode()
        plain = (random_prefix or os.urandom(16)) + struct.pack("!I", len(body)) + body + self.receive_id.encode()
        pad = BLOCK - len(plain) % BLOCK
        plain += bytes([pad]) * pad
        encryptor = self._cipher().encryptor()
        return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()

    def envelope(self, message, timestamp=None, nonce=None):
        """A callback as WeCom posts it: the query (signature, timestamp, nonce) and the XML body."""
        timestamp, nonce = str(timestamp or int(time.time())), str(nonce or int.from_bytes(os.urandom(4), "big"))
        encrypted = self.encrypt(message)
        query = {"msg_signature": self.signature(timestamp, nonce, encrypted), "timestamp": timestamp, "nonce": nonce}
        body = f"<xml><ToUserName><![CDATA[{self.receive_id}]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt>"
        return query, body + "<AgentID><![CDATA[]]></AgentID></xml>"


def parse_xml(text):
    """A dict of an XML message's first-level elements (WeCom's envelopes and events are flat)."""
    try:
        root = etree.fromstring(text.encode() if isinstance(text, str) else text, parser=XML_PARSER)
    except etree.XMLSyntaxError as error:
        raise WeComCryptoError("body is not XML") from error
    if root is None:
        raise WeComCryptoError("body is not XML")
    return {child.tag: (child.text or "") for child in root if isinstance(child.tag, str)}


# WeCom's own global error codes (企业微信 全局错误码, developer.work.weixin.qq.com/devtool/query), not the Official
# Account's: in WeCom, 40001 is an invalid *secret*.
TOKEN_CODES = {40014, 41001, 42001}  # invalid, missing or expired access_token: refreshed and retried once
CONFIG_CODES = {40001, 40013, 40056, 48002, 60020, 95000, 95004}  # secret, corp id, open_kfid, API rights, IP
QUOTA_CODES = {45009, 45033, 45035}  # call frequency, concurrency, daily quota
WINDOW_CODES = {95018, 45015, 95013}  # the customer's session: out of the 48 h / 5 messages window, or closed
BUSY_CODES = {-1}  # system busy: tried again later


class WeComError(Exception):
    """An answer of WeCom that is not a success. ``kind`` says what to do about it:
    ``token`` (refresh and retry once), ``config`` (an administrator must fix the account), ``quota`` (rate limit:
    reported, not retried), ``window`` (the customer cannot receive: tell the agent), ``busy`` (retry later),
    ``rejected`` (anything else: reported)."""

    def __init__(self, code, message):
        self.code, self.message = code, message
        super().__init__(f"WeCom error {code}: {message}")

    @property
    def kind(self):
        code = self.code
        if code in TOKEN_CODES:
            return "token"
        if code in CONFIG_CODES:
            return "config"
        if code in QUOTA_CODES:
            return "quota"
        if code in WINDOW_CODES:
            return "window"
        if code in BUSY_CODES or code is None:
            return "busy"
        return "rejected"

    @property
    def retryable(self):
        return self.kind in ("token", "busy")


def media_kind(mimetype):
    """The message kind WeCom sends a file of ``mimetype`` as: image, voice or video when it plays it, else file."""
    return next((kind for kind, mimetypes in MEDIA_MIMETYPES.items() if mimetype in mimetypes), "file")


def _decode(response):
    if response.status_code >= 500:
        raise WeComError(None, f"HTTP {response.status_code}")
    try:
        return response.json()
    except ValueError as error:
        raise WeComError(None, f"HTTP {response.status_code}, not JSON") from error


def get_token(base_url, corp_id, secret, timeout=10):
    """``gettoken``: a new access token and its lifetime in seconds."""
    try:
        response = requests.get(
            f"{base_url.rstrip('/')}/cgi-bin/gettoken",
            params={"corpid": corp_id, "corpsecret": secret},
            timeout=timeout,
        )
    except (TimeoutError, requests.RequestException) as error:
        raise WeComError(None, str(error)) from error
    data = _decode(response)
    if data.get("errcode"):
        raise WeComError(data["errcode"], data.get("errmsg", ""))
    return data["access_token"], int(data.get("expires_in") or 7200)


class WeComClient:
    """The customer-service calls, authenticated by ``token_getter(stale=None)``: it returns the shared access token,
    or a new one when ``stale`` (the token WeCom just refused) is still the current one."""

    def __init__(self, base_url, token_getter, timeout=10):
        self.base_url, self.token_getter, self.timeout = base_url.rstrip("/"), token_getter, timeout

    def _request(self, method, path, token, **kwargs):
        try:
            return requests.request(
                method,
                f"{self.base_url}/cgi-bin/{path}",
                params={"access_token": token, **kwargs.pop("params", {})},
                timeout=self.timeout,
                **kwargs,
            )
        except (TimeoutError, requests.RequestException) as error:
            raise WeComError(None, str(error)) from error

    def _call(self, method, path, decode=_decode, **kwargs):
        token = self.token_getter(None)
        try:
            return self._checked(decode(self._request(method, path, token, **kwargs)))
        except WeComError as error:
            if error.kind != "token":
                raise
        # Refused token (expired, or renewed by another process): once with a fresh one, never in a loop.
        token = self.token_getter(token)
        return self._checked(decode(self._request(method, path, token, **kwargs)))

    @staticmethod
    def _checked(data):
        if isinstance(data, dict) and data.get("errcode"):
            raise WeComError(data["errcode"], data.get("errmsg", ""))
        return data

    def sync_msg(self, open_kfid, cursor=None, token=None, limit=1000):
        payload = {"open_kfid": open_kfid, "limit": limit, "voice_format": 0}
        if cursor:
            payload["cursor"] = cursor
        if token:
            payload["token"] = token
        return self._call("POST", "kf/sync_msg", json=payload)

    def send_text(self, open_kfid, external_userid, content, msgid=None):
        return self._send_msg(open_kfid, external_userid, "text", {"content": content}, msgid)

    def send_media(self, open_kfid, external_userid, kind, media_id, msgid=None):
        """An image, voice, video or file message, of a ``media_id`` from :meth:`upload_media`."""
        return self._send_msg(open_kfid, external_userid, kind, {"media_id": media_id}, msgid)

    def _send_msg(self, open_kfid, external_userid, msgtype, content, msgid):
        payload = {"touser": external_userid, "open_kfid": open_kfid, "msgtype": msgtype, msgtype: content}
        if msgid:
            payload["msgid"] = msgid
        return self._call("POST", "kf/send_msg", json=payload)

    def upload_media(self, kind, name, content, mimetype):
        """``media/upload`` of a temporary media (kept 3 days by WeCom): its media_id."""
        files = {"media": (name, content, mimetype or "application/octet-stream")}
        return self._call("POST", "media/upload", params={"type": kind}, files=files)["media_id"]

    def customers(self, external_userids):
        data = self._call("POST", "kf/customer/batchget", json={"external_userid_list": list(external_userids)})
        return {customer["external_userid"]: customer for customer in data.get("customer_list", [])}

    def media(self, media_id, max_bytes):
        """A customer's image, voice, video or file: (content, file name, mimetype)."""

        def decode(response):
            mimetype = (response.headers.get("Content-Type") or "").split(";")[0].strip()
            if mimetype in ("application/json", "text/plain") or response.status_code >= 400:
                return _decode(response)
            if len(response.content) > max_bytes:
                raise WeComError("size", f"media {media_id} is larger than {max_bytes} bytes")
            disposition = response.headers.get("Content-Disposition") or ""
            name = disposition.split("filename=")[-1].strip('"; ') if "filename=" in disposition else media_id
            return {"content": response.content, "name": name, "mimetype": mimetype}

        return self._call("GET", "media/get", decode=decode, params={"media_id": media_id})
