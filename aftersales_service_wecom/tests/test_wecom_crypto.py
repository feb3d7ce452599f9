from odoo.tests import BaseCase, tagged

from odoo.addons.aftersales_service_wecom.tools.wecom import WeComCrypto, WeComCryptoError, WeComError, parse_xml

# WeCom's published example of URL verification (企业微信 加解密方案说明 / 回调配置).
TOKEN = "QDG6eK"
CORP_ID = "wx5823bf96d3bd56c7"
AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
TIMESTAMP, NONCE = "1409659589", "263014780"
ECHOSTR = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="
SIGNATURE = "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3"


@tagged("post_install", "-at_install")
class TestWeComCrypto(BaseCase):
    """The callback crypto, on the cryptography version the set-up installs, against WeCom's published vector."""

    def setUp(self):
        super().setUp()
        self.crypto = WeComCrypto(TOKEN, AES_KEY, CORP_ID)

    def test_published_vector(self):
        self.assertEqual(self.crypto.signature(TIMESTAMP, NONCE, ECHOSTR), SIGNATURE)
        self.crypto.check_signature(SIGNATURE, TIMESTAMP, NONCE, ECHOSTR)
        self.assertEqual(self.crypto.decrypt(ECHOSTR), "1616140317555161061")

    def test_round_trip_with_chinese_text(self):
        message = "<xml><Content><![CDATA[屏幕不亮了，怎么办？]]></Content></xml>"
        query, body = self.crypto.envelope(message, timestamp=TIMESTAMP, nonce=NONCE)
        encrypted = parse_xml(body)["Encrypt"]
        self.crypto.check_signature(query["msg_signature"], TIMESTAMP, NONCE, encrypted)
        self.assertEqual(self.crypto.decrypt(encrypted), message)
        # Padding is on 32-byte blocks, not AES's 16.
        self.assertEqual(len(__import__("base64").b64decode(encrypted)) % 32, 0)

    def test_what_is_not_wecoms_is_refused(self):
        cases = {
            "wrong signature": lambda: self.crypto.check_signature("0" * 40, TIMESTAMP, NONCE, ECHOSTR),
            "missing signature": lambda: self.crypto.check_signature("", TIMESTAMP, NONCE, ECHOSTR),
            "truncated ciphertext": lambda: self.crypto.decrypt(ECHOSTR[:40]),
            "not base64": lambda: self.crypto.decrypt("%%%"),
            "another corp": lambda: WeComCrypto(TOKEN, AES_KEY, "wwanothercorp").decrypt(ECHOSTR),
            "another key": lambda: WeComCrypto(TOKEN, "a" * 43, CORP_ID).decrypt(ECHOSTR),
            "not XML": lambda: parse_xml("<xml><Encrypt>"),
        }
        for name, call in cases.items():
            with self.subTest(name), self.assertRaises(WeComCryptoError):
                call()
        with self.assertRaises(WeComCryptoError):
            WeComCrypto(TOKEN, "short", CORP_ID)
        # No external entity is read into a callback.
        xxe = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Encrypt>&e;</Encrypt></xml>'
        self.assertNotIn("root:", parse_xml(xxe)["Encrypt"])

    def test_error_codes_from_wecoms_own_table(self):
        kinds = {code: WeComError(code, "").kind for code in (40014, 42001, 40001, 45009, 95018, -1, None, 60011)}
        self.assertEqual(
            kinds,
            {
                40014: "token",
                42001: "token",
                40001: "config",  # in WeCom, an invalid secret (not the Official Account's invalid token)
                45009: "quota",
                95018: "window",
                -1: "busy",
                None: "busy",
                60011: "rejected",
            },
        )
        self.assertFalse(WeComError(45009, "").retryable, "a rate limit is not retried in a loop")
