from email.header import Header
from email.mime.text import MIMEText

from odoo.tests import tagged

from odoo.addons.mail.tests.common import MailCase

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestRequestMail(AftersalesCommon, MailCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._init_mail_gateway()
        cls.team_centre.write({"alias_name": "service", "alias_contact": "everyone"})

    def _raw_mail(self, subject, body, email_from, msg_id, to=None, in_reply_to=None):
        message = MIMEText(body, "plain", "utf-8")
        message["Subject"] = Header(subject, "utf-8")
        message["From"] = email_from
        message["To"] = to or f"service@{self.alias_domain}"
        message["Message-Id"] = msg_id
        if in_reply_to:
            message["In-Reply-To"] = in_reply_to
            message["References"] = in_reply_to
        return message.as_string()

    def _process(self, raw):
        return self.env["mail.thread"].sudo().message_process(None, raw)

    def test_team_alias(self):
        self.assertEqual(self.team_centre.alias_email, f"service@{self.alias_domain}")
        self.assertEqual(self.team_centre.alias_id.alias_model_id.model, "aftersales.request")

    def test_chinese_mail_creates_request_and_reply_threads(self):
        Request = self.env["aftersales.request"]
        raw = self._raw_mail(
            "数据采集器无法开机",
            "您好,\n我们的数据采集器 DL-200(序列号 DL200-0001)按电源键后没有任何反应。\n联系电话:0755-86198173",
            f'"深圳重点客户" <{self.key_account.email}>',
            "<first-contact@key-account.example.com>",
        )
        with self.mock_mail_gateway():
            request_id = self._process(raw)
        request = Request.browse(request_id)
        self.assertEqual(request.subject, "数据采集器无法开机")
        self.assertTrue(request.name.startswith("SR/"))
        self.assertEqual(request.channel, "email")
        self.assertEqual(request.team_id, self.team_centre)
        self.assertEqual(request.partner_id, self.key_account, "customer matched by address")
        self.assertEqual(request.email, self.key_account.email)
        self.assertFalse(request.user_id, "nobody is assigned by the gateway")
        self.assertIn("按电源键后没有任何反应", request.description)
        self.assertIn(self.key_account, request.message_partner_ids)

        reply = self._raw_mail(
            "Re: 数据采集器无法开机",
            "补充:购买日期是 2025 年 3 月 15 日。",
            self.key_account.email,
            "<second-contact@key-account.example.com>",
            in_reply_to="<first-contact@key-account.example.com>",
        )
        count = Request.search_count([])
        with self.mock_mail_gateway():
            thread_id = self._process(reply)
        self.assertEqual(thread_id, request.id)
        self.assertEqual(Request.search_count([]), count, "the reply created no new request")
        self.assertIn("购买日期", request.message_ids[0].body)

    def test_unknown_sender(self):
        raw = self._raw_mail(
            "Question about the warranty",
            "How long is the warranty of the PC-1?",
            '"Zhang San" <zhang.san@example.org>',
            "<unknown-sender@example.org>",
        )
        request = self.env["aftersales.request"].browse(self._process(raw))
        self.assertFalse(request.partner_id)
        self.assertEqual(request.contact_name, "Zhang San")
        self.assertEqual(request.email, "zhang.san@example.org")

    def test_suggestion_thanks_customer(self):
        request = self.env["aftersales.request"].create(
            self._complete_request_vals(
                request_type="suggestion", subject="Add a carrying case", channel="email", equipment_id=False
            )
        )
        with self.mock_mail_gateway():
            request.with_user(self.agent).action_resolve()
        self.assertEqual(request.state, "resolved")
        thanks = request.message_ids.filtered(lambda m: "Thank you for your suggestion" in (m.subject or ""))
        self.assertEqual(len(thanks), 1)
        self.assertIn(self.key_account, thanks.partner_ids)
        sent = [m for m in self._mails if m["subject"] == f"Thank you for your suggestion ({request.name})"]
        self.assertEqual(len(sent), 1)
        self.assertIn(self.key_account.email, sent[0]["email_to"][0])

    def test_other_types_do_not_thank(self):
        request = self.env["aftersales.request"].create(
            self._complete_request_vals(request_type="consultation", equipment_id=False)
        )
        with self.mock_mail_gateway():
            request.action_resolve()
        self.assertFalse(request.message_ids.filtered(lambda m: "Thank you" in (m.subject or "")))
