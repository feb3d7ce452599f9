import time
from unittest.mock import patch
from urllib.parse import urlencode

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.aftersales_service.tests.common import AftersalesCommon

from ..tools import wecom
from .wecom_standin import WeComStandIn

CORP_ID, SECRET, TOKEN, OPEN_KFID = "ww0a1b2c3d4e5f6a7b", "kf-secret", "cbToken42", "wkAJ2GCAAAZSfhHCt7IFSvLKtMPxyJTw"
AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
CUSTOMER = "wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw"
JOB_LOGGER = "odoo.addons.aftersales_service.models.aftersales_job_mixin"


@tagged("post_install", "-at_install")
class TestWeCom(AftersalesCommon, HttpCase):
    """WeCom customer service against a local stand-in of WeCom: callbacks, messages pulled into requests, replies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.standin = WeComStandIn(CORP_ID, SECRET, TOKEN, AES_KEY, OPEN_KFID).start()
        cls.addClassCleanup(cls.standin.stop)
        cls.account = cls.env["aftersales.wecom.account"].create(
            {
                "name": "澜拓售后客服",
                "corp_id": CORP_ID,
                "secret": SECRET,
                "token": TOKEN,
                "encoding_aes_key": AES_KEY,
                "open_kfid": OPEN_KFID,
                "api_base_url": cls.standin.url,
                "team_id": cls.team_centre.id,
            }
        )
        cls.standin.nicknames[CUSTOMER] = "杨帆"
        cls.Job = cls.env["aftersales.wecom.job"]

    def setUp(self):
        super().setUp()
        self.standin.messages.clear()
        self.standin.sent.clear()
        self.standin.errors.clear()

    def _callback(self, plain, query=None, body=None, method="POST", uuid=None):
        envelope_query, envelope = self.standin.crypto.envelope(plain) if plain else ({}, "")
        url = f"/aftersales/wecom/callback/{uuid or self.account.webhook_uuid}"
        query = query or envelope_query
        qs = urlencode(query)
        if method == "GET":
            return self.url_open(f"{url}?{qs}")
        return self.url_open(f"{url}?{qs}", data=body if body is not None else envelope.encode())

    def _customer_writes(self, text="屏幕不亮了", **kwargs):
        response = self._callback(self.standin.customer_says(CUSTOMER, content=text, **kwargs))
        self.assertEqual((response.status_code, response.text), (200, "success"))
        self.Job._job_cron_process()

    def _request(self):
        return self.env["aftersales.request"].search([("wecom_identity_id.external_userid", "=", CUSTOMER)])

    def _agent_replies(self, request, text="请长按电源键10秒重启。"):
        request.with_user(self.agent).message_post(body=text, message_type="comment", subtype_xmlid="mail.mt_comment")
        self.Job._job_cron_process()

    def test_url_verification(self):
        query, _body = self.standin.crypto.envelope("1616140317555161061")
        encrypted = self.standin.crypto.encrypt("1616140317555161061")
        query["msg_signature"] = self.standin.crypto.signature(query["timestamp"], query["nonce"], encrypted)
        query["echostr"] = encrypted
        response = self._callback(None, query=query, method="GET")
        self.assertEqual((response.status_code, response.text), (200, "1616140317555161061"))
        with mute_logger("odoo.addons.aftersales_service_wecom.controllers.wecom"):
            self.assertEqual(
                self._callback(None, query={**query, "msg_signature": "0" * 40}, method="GET").status_code, 403
            )
        self.assertEqual(self._callback(None, query=query, method="GET", uuid="unknown").status_code, 404)

    def test_message_opens_a_request_and_the_reply_reaches_wechat(self):
        self.standin.media["MEDIA_1"] = (b"\xff\xd8\xff\xe0fake-jpeg", "screen.jpg", "image/jpeg")
        self._customer_writes("屏幕不亮了，型号 LT-200")
        self._callback(self.standin.customer_says(CUSTOMER, msgtype="image", media_id="MEDIA_1"))
        self.Job._job_cron_process()
        request = self._request()
        self.assertEqual(len(request), 1, "the second message threads into the open request")
        self.assertEqual(request.channel, "wecom")
        self.assertEqual(request.team_id, self.team_centre)
        self.assertEqual(request.partner_id.name, "杨帆", "the customer is named after their WeChat nickname")
        self.assertIn("LT-200", request.subject)
        customer_messages = request.message_ids.filtered(lambda m: m.author_id == request.partner_id)
        self.assertEqual(len(customer_messages), 2)
        attachment = customer_messages.attachment_ids
        self.assertEqual(
            (attachment.name, attachment.mimetype, attachment.res_id), ("screen.jpg", "image/jpeg", request.id)
        )

        self._agent_replies(request)
        self.assertEqual(len(self.standin.sent), 1)
        sent = self.standin.sent[0]
        self.assertEqual(
            (sent["touser"], sent["open_kfid"], sent["msgtype"], sent["text"]["content"]),
            (CUSTOMER, OPEN_KFID, "text", "请长按电源键10秒重启。"),
        )
        self.assertEqual(request.wecom_replies_left, 4)
        # An internal note stays internal.
        request.with_user(self.agent).message_post(
            body="客户很急", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.Job._job_cron_process()
        self.assertEqual(len(self.standin.sent), 1)

    def test_callback_sent_twice_is_stored_once(self):
        plain = self.standin.customer_says(CUSTOMER, content="你好")
        for _attempt in range(3):
            # WeCom encrypts each retry anew: same event, other ciphertext.
            self.assertEqual(self._callback(plain).text, "success")
        self.assertEqual(self.Job.search_count([("kind", "=", "callback")]), 1)
        self.Job._job_cron_process()
        # A message WeCom serves again (a cursor lost) is not taken twice either.
        self.account.sudo().sync_cursor = False
        self._customer_writes("还在吗")
        request = self._request()
        self.assertEqual(len(request.message_ids.filtered(lambda m: m.author_id == request.partner_id)), 2)

    def test_bad_callbacks_are_refused_and_store_nothing(self):
        plain = self.standin.customer_says(CUSTOMER, content="你好")
        query, body = self.standin.crypto.envelope(plain)
        encrypted = body.split("<Encrypt><![CDATA[")[1].split("]]>")[0]
        truncated = encrypted[:48]
        truncated_query = {
            **query,
            "msg_signature": self.standin.crypto.signature(query["timestamp"], query["nonce"], truncated),
        }
        with mute_logger("odoo.addons.aftersales_service_wecom.controllers.wecom"):
            self.assertEqual(
                self._callback(plain, query={**query, "msg_signature": "f" * 40}, body=body.encode()).status_code, 403
            )
            self.assertEqual(
                self._callback(
                    plain, query=truncated_query, body=body.replace(encrypted, truncated).encode()
                ).status_code,
                400,
            )
            self.assertEqual(self._callback(plain, query=query, body=b"<xml><Encrypt>").status_code, 400)
        self.assertEqual(self._callback(plain, uuid="unknown").status_code, 404)
        self.assertEqual(self._callback(plain, body=b"<xml>" + b" " * 70_000 + b"</xml>").status_code, 413)
        self.assertFalse(self.Job.search_count([]))

    def test_expired_token_is_renewed_once(self):
        self._customer_writes()
        requests_before = self.standin.token_requests
        self.standin.expire_tokens()
        self._agent_replies(self._request())
        self.assertEqual(len(self.standin.sent), 1, "sent with the renewed token")
        self.assertEqual(self.standin.token_requests, requests_before + 1)
        # Every worker reads the token from the database: no renewal while it is valid.
        self._agent_replies(self._request(), "还有别的问题吗？")
        self.assertEqual(self.standin.token_requests, requests_before + 1)

    def test_provider_refusals_are_not_retried(self):
        self._customer_writes()
        request = self._request()
        for code, words in ((95018, "session is closed"), (45009, "too many calls")):
            self.standin.errors["kf/send_msg"] = [code]
            with mute_logger(JOB_LOGGER):
                self._agent_replies(request)
            job = self.Job.search([("kind", "=", "send")], limit=1, order="id desc")
            self.assertEqual((job.state, job.attempts), ("failed", 1), f"{code} is given up at once")
            self.assertIn(words, request.message_ids[0].body)
        self.assertFalse(self.standin.sent)
        # A wrong secret: the token is asked for once, not in a loop.
        self.account.sudo().secret = "wrong"
        self.env["aftersales.wecom.token"].sudo().search([]).access_token = False
        requests_before = self.standin.token_requests
        with mute_logger(JOB_LOGGER):
            self._customer_writes("又坏了")
        job = self.Job.search([("kind", "=", "callback")], limit=1, order="id desc")
        self.assertEqual((job.state, job.attempts), ("failed", 1))
        self.assertIn("40001", job.error)
        self.assertEqual(self.standin.token_requests, requests_before + 1)

    def test_outside_the_window_the_agent_is_told(self):
        self._customer_writes(send_time=time.time() - 49 * 3600)
        request = self._request()
        self._agent_replies(request)
        self.assertFalse(self.standin.sent)
        self.assertFalse(self.Job.search_count([("kind", "=", "send")]))
        self.assertIn("48 hours", request.message_ids[0].body)
        self.assertIn("SMS or email", request.message_ids[0].body)
        # A new message from the customer opens it again, for 5 replies.
        self._customer_writes("在吗？")
        for index in range(6):
            self._agent_replies(request, f"回复 {index}")
        self.assertEqual(len(self.standin.sent), 5)
        self.assertIn("5 messages", request.message_ids[0].body)

    def _attachment(self, name, mimetype, content):
        # As the chatter's composer uploads them, before the message is posted.
        return (
            self.env["ir.attachment"]
            .with_user(self.agent)
            .create(
                {"name": name, "mimetype": mimetype, "raw": content, "res_model": "mail.compose.message", "res_id": 0}
            )
        )

    def test_reply_attachments_reach_wechat_as_images_and_files(self):
        self._customer_writes("说明书在哪里？")
        request = self._request()
        photo = self._attachment("reset-button.png", "image/png", b"\x89PNG\r\n\x1a\nfake-png")
        manual = self._attachment("LT-200 manual.pdf", "application/pdf", b"%PDF-1.4 manual")
        request.with_user(self.agent).message_post(
            body="请看附件。",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=(photo | manual).ids,
        )
        self.Job._job_cron_process()
        self.assertEqual([sent["msgtype"] for sent in self.standin.sent], ["text", "image", "file"])
        uploaded = self.standin.uploaded
        self.assertEqual(
            [uploaded[sent[sent["msgtype"]]["media_id"]] for sent in self.standin.sent[1:]],
            [
                ("image", "reset-button.png", b"\x89PNG\r\n\x1a\nfake-png"),
                ("file", "LT-200 manual.pdf", b"%PDF-1.4 manual"),
            ],
        )
        self.assertEqual(len({sent["msgid"] for sent in self.standin.sent}), 3, "one msgid per WeCom message")
        self.assertEqual(request.wecom_replies_left, 2, "the text and each attachment count as one message")
        log = self.env["aftersales.wecom.message"].search([("request_id", "=", request.id), ("direction", "=", "out")])
        self.assertEqual(sorted(log.mapped("msgtype")), ["file", "image", "text"])

    def test_reply_failing_half_way_sends_the_rest_only(self):
        """WeCom takes the text, then is busy for the photo: the retry sends the photo, not the text again."""
        self._customer_writes("有图吗？")
        request = self._request()
        photo = self._attachment("label.jpg", "image/jpeg", b"\xff\xd8\xff\xe0fake-jpeg")
        self.standin.errors["media/upload"] = [-1]
        with mute_logger(JOB_LOGGER):
            request.with_user(self.agent).message_post(
                body="序列号在标签上。",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                attachment_ids=photo.ids,
            )
            self.Job._job_cron_process()
        job = self.Job.search([("kind", "=", "send"), ("request_id", "=", request.id)])
        self.assertEqual((job.state, job.attempts), ("queued", 1))
        self.assertEqual([sent["msgtype"] for sent in self.standin.sent], ["text"])
        job.retry_after = fields.Datetime.now()
        self.Job._job_cron_process()
        self.assertEqual(job.state, "done")
        self.assertEqual([sent["msgtype"] for sent in self.standin.sent], ["text", "image"], "the text went once")
        log = self.env["aftersales.wecom.message"].search([("request_id", "=", request.id), ("direction", "=", "out")])
        self.assertEqual(sorted(log.mapped("msgtype")), ["image", "text"])

    def test_reply_attachments_beyond_wecom_limits_are_not_sent(self):
        self._customer_writes("能发视频吗？")
        request = self._request()
        video = self._attachment("repair.mp4", "video/mp4", b"\x00" * 64)
        with patch.dict(wecom.MEDIA_LIMITS, {"video": 32}):
            request.with_user(self.agent).message_post(
                body="视频如下。", message_type="comment", subtype_xmlid="mail.mt_comment", attachment_ids=video.ids
            )
            self.Job._job_cron_process()
        self.assertEqual([sent["msgtype"] for sent in self.standin.sent], ["text"])
        self.assertIn("repair.mp4", request.message_ids[0].body)
        self.assertIn("larger than WeCom takes", request.message_ids[0].body)
        self.assertEqual(request.wecom_replies_left, 4)

        # Three messages left: a reply of four (text and three files) is not sent at all, and the agent is told.
        request.wecom_identity_id.sudo().replies_in_window = 2
        files = [self._attachment(f"page-{n}.pdf", "application/pdf", b"%PDF-1.4 page") for n in range(3)]
        request.with_user(self.agent).message_post(
            body="三页说明书。",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=[attachment.id for attachment in files],
        )
        self.Job._job_cron_process()
        self.assertEqual(len(self.standin.sent), 1)
        self.assertIn("makes 4 WeChat messages", request.message_ids[0].body)
        self.assertEqual(request.wecom_replies_left, 3)

    def test_worker_killed_before_processing_loses_nothing(self):
        plain = self.standin.customer_says(CUSTOMER, content="设备无法开机")
        self.assertEqual(self._callback(plain).text, "success")
        # The worker dies half-way: what it did is rolled back, the event stays queued.
        with (
            patch.object(type(self.Job), "_open_request", side_effect=RuntimeError("worker killed")),
            mute_logger(JOB_LOGGER),
        ):
            self.Job._job_cron_process()
        job = self.Job.search([])
        self.assertEqual((job.state, job.attempts), ("queued", 1))
        self.assertFalse(self.env["aftersales.wecom.message"].search_count([]), "nothing half-written")
        self.account.invalidate_recordset()
        self.assertFalse(self.account.sudo().sync_cursor, "the cursor did not move")
        job.retry_after = fields.Datetime.now()
        self.Job._job_cron_process()
        self.assertEqual(job.state, "done")
        self.assertEqual(len(self._request()), 1)

    def test_send_failure_event_is_noted(self):
        self._customer_writes()
        request = self._request()
        self._agent_replies(request)
        failed_msgid = self.standin.sent[0]["msgid"]
        self.standin.messages.append(
            {
                "msgid": "evt-1",
                "send_time": int(time.time()),
                "origin": 4,
                "msgtype": "event",
                "event": {
                    "event_type": "msg_send_fail",
                    "open_kfid": OPEN_KFID,
                    "external_userid": CUSTOMER,
                    "fail_msgid": failed_msgid,
                    "fail_type": 10,
                },
            }
        )
        self._callback(self.standin.kf_event("callback-token-evt"))
        self.Job._job_cron_process()
        self.assertIn("refuses messages", request.message_ids[0].body)

    def test_secrets_and_purge(self):
        with self.assertRaises(AccessError):
            self.account.with_user(self.service_manager).read(["secret"])
        with self.assertRaises(AccessError):
            self.account.with_user(self.service_manager).read(["encoding_aes_key"])
        self._customer_writes()
        self.env.flush_all()
        self.env.cr.execute("UPDATE aftersales_wecom_job SET create_date = create_date - interval '31 days'")
        self.env.cr.execute("UPDATE aftersales_wecom_message SET create_date = create_date - interval '31 days'")
        self.env.invalidate_all()
        self.env["aftersales.wecom.account"]._cron_purge()
        self.assertFalse(self.Job.search_count([]))
        self.assertFalse(self.env["aftersales.wecom.message"].search_count([]))
        self.assertTrue(self._request().message_ids, "the conversation stays on the request")
