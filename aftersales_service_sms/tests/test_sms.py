import json
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.aftersales_service.tests.common import RepairCommon
from odoo.addons.sms.tools.sms_api import SmsApi

from ..tools import phone
from .sms_standin import SmsStandIn

MOBILE = "+8613800138000"
TEMPLATES = {
    "tencent": {"received": "1000001", "quote": "1000002", "shipped": "1000003"},
    "aliyun": {"received": "SMS_100001", "quote": "SMS_100002", "shipped": "SMS_100003"},
}


@tagged("post_install", "-at_install")
class TestAftersalesSms(RepairCommon, HttpCase):
    """The notices sent through a local stand-in of Tencent Cloud SMS and Alibaba Cloud SMS, and their delivery
    reports posted back to our routes. Nothing reaches IAP: the company uses the stand-in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        approved = {code for codes in TEMPLATES.values() for code in codes.values()}
        cls.standin = SmsStandIn(
            {"AKIDTEST": "tencent-secret"}, {"LTAITEST": "aliyun-secret"}, "1400000001", "售后服务中心", approved
        ).start()
        cls.addClassCleanup(cls.standin.stop)
        cls.company = cls.env.company
        cls.company.sudo().write(
            {
                "country_id": cls.env.ref("base.cn").id,
                "aftersales_sms_sign_name": "【售后服务中心】",
                "aftersales_sms_api_url": cls.standin.url,
                "aftersales_sms_param_max_length": 35,
                "aftersales_tencent_secret_id": "AKIDTEST",
                "aftersales_tencent_secret_key": "tencent-secret",
                "aftersales_tencent_sdk_app_id": "1400000001",
                "aftersales_aliyun_access_key_id": "LTAITEST",
                "aftersales_aliyun_access_key_secret": "aliyun-secret",
                "aftersales_repair_requires_payment": False,
            }
        )
        cls.webhook = cls.company.sudo().aftersales_sms_webhook
        cls.template_received = cls.env.ref("aftersales_service_sms.sms_template_request_received")
        cls.template_quote = cls.env.ref("aftersales_service_sms.sms_template_quote_ready")
        cls.template_shipped = cls.env.ref("aftersales_service_sms.sms_template_shipped")
        cls._use_provider("tencent")
        cls.customer.write({"mobile": "+86 138 0013 8000", "country_id": cls.env.ref("base.cn").id})
        cls.team.write(
            {
                "aftersales_sms_request_received": True,
                "aftersales_sms_quote_ready": True,
                "aftersales_sms_shipped": True,
            }
        )

    def setUp(self):
        super().setUp()
        self.standin.sent.clear()
        self.standin.refused.clear()
        self.standin.next_error = None

    @classmethod
    def _use_provider(cls, provider):
        cls.company.sudo().aftersales_sms_provider = provider
        for key, template in (
            ("received", cls.template_received),
            ("quote", cls.template_quote),
            ("shipped", cls.template_shipped),
        ):
            template.with_company(cls.company).aftersales_provider_template = TEMPLATES[provider][key]

    def _request(self):
        return self.env["aftersales.request"].create(
            {"subject": "No power", "request_type": "repair", "partner_id": self.customer.id, "team_id": self.team.id}
        )

    def _sms_message(self, record):
        return record.sudo().message_ids.filtered(lambda message: message.message_type == "sms")

    def _send_queue(self):
        """Run the SMS queue on our SMS (the scheduled action the notices trigger)."""
        SMS = self.env["sms.sms"].sudo()
        queued = SMS.search(
            [("state", "=", "outgoing"), ("mail_message_id.model", "in", ["aftersales.request", "aftersales.repair"])]
        )
        SMS._process_queue(queued.ids)
        self.env.invalidate_all()

    def _report(self, provider, payload=None, webhook=None, data=None):
        response = self.url_open(
            f"/aftersales/sms/{provider}/report/{webhook or self.webhook}",
            data=data if data is not None else json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        self.env.invalidate_all()
        return response.status_code, response.json()

    def _sms_of(self, message):
        return self.env["sms.sms"].sudo().search([("mail_message_id", "=", message.id)])

    # ------------------------------------------------------------------
    # End to end
    # ------------------------------------------------------------------

    def test_request_received_reaches_tencent_and_is_delivered(self):
        request = self._request()
        message = self._sms_message(request)
        self.assertEqual(len(message), 1, "the notice is in the chatter")
        self.assertIn(request.name, message.body)
        notification = message.notification_ids
        self.assertEqual((notification.notification_type, notification.res_partner_id), ("sms", self.customer))
        self.assertEqual(notification.notification_status, "ready", "queued: the desk does not wait for Tencent")
        self.assertFalse(self.standin.sent)
        self._send_queue()
        sent = self.standin.sent[-1]
        self.assertEqual(
            (sent["provider"], sent["number"], sent["template"], sent["params"]),
            ("tencent", MOBILE, "1000001", [request.name]),
        )
        tracker = notification.sms_tracker_ids
        self.assertEqual(sent["context"], tracker.sms_uuid, "the SMS's uuid is the SessionContext")
        self.assertEqual((tracker.aftersales_provider, tracker.aftersales_provider_ref), ("tencent", sent["ref"]))
        self.assertEqual(notification.notification_status, "pending")
        self.assertTrue(self._sms_of(message).to_delete, "sent SMS rows are deleted, as Odoo does")
        # Tencent's status callback, keyed by the SerialNo (sid).
        self.assertEqual(self._report("tencent", SmsStandIn.tencent_report(sent)), (200, {"result": 0, "errmsg": "OK"}))
        self.assertEqual(notification.notification_status, "sent")

    def test_failed_delivery_report_marks_the_notification_failed(self):
        message = self._sms_message(self._request())
        self._send_queue()
        status, _answer = self._report("tencent", SmsStandIn.tencent_report(self.standin.sent[-1], success=False))
        self.assertEqual(status, 200)
        notification = message.notification_ids
        self.assertEqual(
            (notification.notification_status, notification.failure_type), ("exception", "sms_not_delivered")
        )
        self.assertIn("MK:0001", notification.failure_reason)
        # A report of a message we do not know is acknowledged (else the provider retries) and changes nothing.
        unknown = SmsStandIn.tencent_report({"number": MOBILE, "ref": "2433:unknown"})
        self.assertEqual(self._report("tencent", unknown)[0], 200)

    def test_quote_ready_through_aliyun(self):
        self._use_provider("aliyun")
        repair = self._repair(self.unit_expired)
        repair.action_receive()
        self._add_lines(repair)
        repair.action_send_quote()
        message = self._sms_message(repair)
        self.assertIn("/my/repairs", message.body, "the preview shows the template's fixed link")
        self._send_queue()
        sent = self.standin.sent[-1]
        self.assertEqual(
            (sent["provider"], sent["number"], sent["template"], sent["params"]),
            ("aliyun", "13800138000", "SMS_100002", {"ref": repair.name}),
        )
        notification = message.notification_ids
        self.assertEqual(sent["context"], notification.sms_tracker_ids.sms_uuid, "the SMS's uuid is the OutId")
        self.assertEqual(self._report("aliyun", SmsStandIn.aliyun_report(sent)), (200, {"code": 0, "msg": "接收成功"}))
        self.assertEqual(notification.notification_status, "sent")

    def test_aliyun_failed_report(self):
        self._use_provider("aliyun")
        message = self._sms_message(self._request())
        self._send_queue()
        self.assertEqual(self._report("aliyun", SmsStandIn.aliyun_report(self.standin.sent[-1], success=False))[0], 200)
        self.assertEqual(message.notification_ids.notification_status, "exception")
        self.assertIn("MN:0001", message.notification_ids.failure_reason)

    def test_device_shipped_with_carrier_and_tracking_number(self):
        repair = self._approved_repair()
        repair.action_start_repair()
        repair.action_finish_repair()
        repair.write({"outbound_carrier": "顺丰速运", "outbound_tracking_ref": "SF1234567890"})
        repair.action_ship()
        quotation, message = self._sms_message(repair)[1], self._sms_message(repair)[0]
        self.assertIn("/my/repairs", quotation.body, "the quotation notice, sent by _approved_repair")
        self.assertIn("SF1234567890", message.body)
        self._send_queue()
        self.assertEqual(self.standin.sent[-1]["params"], [repair.name, "顺丰速运", "SF1234567890"])

    def test_team_switch_off_sends_nothing(self):
        self.team.aftersales_sms_request_received = False
        request = self._request()
        self.assertFalse(self._sms_message(request))
        self._send_queue()
        self.assertFalse(self.standin.sent)

    # ------------------------------------------------------------------
    # Refusals: a failure type, never a loop
    # ------------------------------------------------------------------

    def test_free_text_to_a_chinese_number_is_refused(self):
        request = self._request()
        message = request._message_sms("Please call us back.", partner_ids=self.customer.ids)
        self.env.invalidate_all()
        notification = message.notification_ids
        self.assertEqual(
            (notification.notification_status, notification.failure_type), ("exception", "sms_cn_template")
        )
        self.assertEqual(notification.format_failure_reason(), "Approved Template Required")
        self.assertIn("Mainland China numbers", notification.failure_reason)
        sms = self._sms_of(message)
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_cn_template"))
        self.assertIn("free text", sms.aftersales_failure_reason)
        self.assertTrue(request.message_has_sms_error)
        self.assertFalse(self.standin.sent)

    def test_wrong_secret_key_is_a_failure_not_a_loop(self):
        self.company.sudo().aftersales_tencent_secret_key = "not-the-secret"
        message = self._sms_message(self._request())
        self._send_queue()
        self.assertEqual(self.standin.refused, [("tencent", "AuthFailure.SignatureFailure")])
        notification = message.notification_ids
        self.assertEqual((notification.notification_status, notification.failure_type), ("exception", "sms_cn_auth"))
        self.assertEqual(self._sms_of(message).state, "error")
        self._send_queue()
        self.assertEqual(len(self.standin.refused), 1, "not retried by the queue")
        # Fixed, the notice is resent from the chatter with its template.
        self.company.sudo().aftersales_tencent_secret_key = "tencent-secret"
        wizard = self.env["sms.resend"].with_context(default_mail_message_id=message.id).create({})
        wizard.action_resend()
        self.env.invalidate_all()
        self.assertEqual(self.standin.sent[-1]["template"], "1000001")
        self.assertEqual(message.notification_ids.notification_status, "pending")

    def test_aliyun_wrong_secret(self):
        self._use_provider("aliyun")
        self.company.sudo().aftersales_aliyun_access_key_secret = "not-the-secret"
        message = self._sms_message(self._request())
        self._send_queue()
        self.assertEqual(self.standin.refused, [("aliyun", "SignatureDoesNotMatch")])
        self.assertEqual(message.notification_ids.failure_type, "sms_cn_auth")

    def test_provider_codes_map_to_failure_types(self):
        cases = [
            ("tencent", ("LimitExceeded.PhoneNumberDailyLimit", 200), "sms_cn_throttled"),
            ("tencent", ("FailedOperation.InsufficientBalanceInSmsPackage", 200), "sms_credit"),
            ("tencent", ("FailedOperation.TemplateIncorrectOrUnapproved", 200), "sms_cn_template_unapproved"),
            ("tencent", (None, 502), "sms_server"),
            ("aliyun", ("isv.BUSINESS_LIMIT_CONTROL", 200), "sms_cn_throttled"),
            ("aliyun", ("isv.SMS_SIGNATURE_ILLEGAL", 200), "sms_cn_signature"),
            ("aliyun", ("isv.SOMETHING_NEW", 200), "unknown"),
            ("aliyun", (None, 503), "sms_server"),
        ]
        for provider, error, failure_type in cases:
            with self.subTest(provider=provider, error=error):
                self._use_provider(provider)
                self.standin.next_error = error
                message = self._sms_message(self._request())
                self._send_queue()
                notification = message.notification_ids
                self.assertEqual(
                    (notification.notification_status, notification.failure_type), ("exception", failure_type)
                )
                self.assertEqual(self._sms_of(message).state, "error", "final: the queue does not take it again")
        self.assertFalse(self.standin.sent)

    def test_variables_follow_the_provider_rules(self):
        # An individually verified Tencent account: 12 characters at most; SR/2026/00001 has 13.
        self.company.sudo().aftersales_sms_param_max_length = 12
        message = self._sms_message(self._request())
        self._send_queue()
        self.assertEqual(message.notification_ids.failure_type, "sms_cn_param")
        self.assertIn("at most", self._sms_of(message).aftersales_failure_reason)
        # No web address in a variable: a link is fixed text of the template.
        self.company.sudo().aftersales_sms_param_max_length = 35
        repair = self._approved_repair()
        repair.action_start_repair()
        repair.action_finish_repair()
        repair.write({"outbound_carrier": "顺丰速运", "outbound_tracking_ref": "www.sf-express.com/SF1"})
        repair.action_ship()
        message = self._sms_message(repair)[:1]
        self._send_queue()
        self.assertEqual(message.notification_ids.failure_type, "sms_cn_param")
        self.assertIn("web address", self._sms_of(message).aftersales_failure_reason)
        self.assertEqual([sent["template"] for sent in self.standin.sent], ["1000002"], "only the quotation notice")

    # ------------------------------------------------------------------
    # Report routes
    # ------------------------------------------------------------------

    def test_bad_reports_are_refused(self):
        report = [{"sid": "2433:1", "report_status": "SUCCESS", "errmsg": "DELIVRD"}]
        self.assertEqual(self._report("tencent", report, webhook="unknown")[0], 404)
        self.assertEqual(self._report("aliyun", [], webhook=self.webhook)[0], 404, "the company uses Tencent")
        self.assertEqual(self._report("tencent", data="x" * 300_000)[0], 413)
        with mute_logger("odoo.addons.aftersales_service_sms.controllers.report"):
            self.assertEqual(
                self._report("tencent", data="not json"), (400, {"result": 1, "errmsg": "malformed report"})
            )
            self.assertEqual(self._report("tencent", [{"sid": 1, "report_status": "SUCCESS"}])[0], 400)
            self.assertEqual(self._report("tencent", [{"sid": "1", "report_status": "MAYBE"}])[0], 400)
            self._use_provider("aliyun")
            self.assertEqual(self._report("aliyun", [{"out_id": "x", "success": "perhaps"}])[0], 400)

    # ------------------------------------------------------------------
    # Numbers, IAP companies, retention
    # ------------------------------------------------------------------

    def test_phone_numbers(self):
        self.assertEqual(phone.to_e164("138 0013 8000", "CN"), MOBILE)
        self.assertEqual(phone.to_e164("0086 138-0013-8000"), None, "no region, no +: not a number")
        self.assertEqual(phone.sms_number("+86 10 1234 5678"), None, "a landline receives no SMS")
        self.assertEqual(phone.national_digits(MOBILE), "13800138000")
        # A customer with a landline only gets no notice.
        self.customer.mobile = False
        self.customer.phone = "+86 10 1234 5678"
        self.assertFalse(self._sms_message(self._request()))

    def test_iap_companies_keep_odoo_path(self):
        self.company.sudo().aftersales_sms_provider = "iap"
        request = self._request()

        def fake_batch(api, messages, delivery_reports_url=False):
            return [{"uuid": number["uuid"], "state": "success"} for m in messages for number in m["numbers"]]

        with patch.object(SmsApi, "_send_sms_batch", fake_batch):
            self._send_queue()
        self.assertEqual(self._sms_message(request).notification_ids.notification_status, "pending")
        self.assertFalse(self.standin.sent)

    def test_old_sms_data_is_purged(self):
        message = self._sms_message(self._request())
        self._send_queue()
        request = self._request()
        request._message_sms("free text", partner_ids=self.customer.ids)  # an error row, which Odoo keeps
        self.env.flush_all()
        old = fields.Datetime.now() - timedelta(days=181)
        self.env.cr.execute("UPDATE sms_sms SET create_date = %s", [old])
        self.env.cr.execute("UPDATE sms_tracker SET create_date = %s", [old])
        self.env.cr.execute("UPDATE mail_message SET date = %s WHERE message_type = 'sms'", [old])
        self.env.invalidate_all()
        self.env["sms.sms"]._aftersales_cron_purge()
        self.assertEqual(
            self.env["sms.sms"].sudo().search([("mail_message_id.model", "=", "aftersales.request")]).mapped("state"),
            ["outgoing"],
            "the queue is not touched",
        )
        self.assertFalse(message.notification_ids.sms_number)
        self.assertFalse(message.notification_ids.sms_tracker_ids)
