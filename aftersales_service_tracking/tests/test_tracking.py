from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.aftersales_service.tests.common import RepairCommon

from .kuaidi100_standin import Kuaidi100StandIn

NUMBER = "SF1460837520133"


@tagged("post_install", "-at_install")
class TestParcelTracking(RepairCommon, HttpCase):
    """Parcels of repair orders followed through a local stand-in of Kuaidi100."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.standin = Kuaidi100StandIn("CUST-TEST", "KEY-TEST")
        cls.standin.carriers[NUMBER] = "shunfeng"
        cls.standin.start()
        cls.addClassCleanup(cls.standin.stop)
        cls.company = cls.env.company
        cls.company.sudo().write(
            {
                "aftersales_kuaidi100_customer": "CUST-TEST",
                "aftersales_kuaidi100_key": "KEY-TEST",
                "aftersales_kuaidi100_api_url": cls.standin.url,
                "aftersales_kuaidi100_autonumber_url": cls.standin.url,
            }
        )
        cls.salt = cls.company.sudo().aftersales_kuaidi100_salt
        cls.webhook = cls.company.sudo().aftersales_kuaidi100_webhook
        cls.customer.phone = "+86 571 8821 4520"
        cls.Job = cls.env["aftersales.parcel.job"]

    def _repair_with_parcel(self):
        repair = self._repair(self.unit_expired)
        repair.write({"inbound_carrier": "顺丰速运", "inbound_tracking_ref": NUMBER})
        self.Job._job_cron_process()
        return repair, repair.parcel_ids

    def _push(self, last_result, status="polling", webhook=None, form=None):
        response = self.url_open(
            f"/aftersales/kuaidi100/push/{webhook or self.webhook}",
            data=form or Kuaidi100StandIn.push(self.salt, last_result, status),
        )
        return response.status_code, response.json()

    def test_tracking_number_subscribes_its_parcel(self):
        repair, parcel = self._repair_with_parcel()
        self.assertEqual(
            (parcel.direction, parcel.tracking_number, parcel.carrier_code), ("inbound", NUMBER, "shunfeng")
        )
        self.assertTrue(parcel.subscribed)
        subscription = self.standin.subscriptions[-1]
        self.assertEqual((subscription["company"], subscription["number"]), ("shunfeng", NUMBER))
        self.assertEqual(subscription["parameters"]["salt"], self.salt)
        self.assertEqual(subscription["parameters"]["phone"], "4520", "SF shows a route only with the last 4 digits")
        self.assertTrue(
            subscription["parameters"]["callbackurl"].endswith(f"/aftersales/kuaidi100/push/{self.webhook}")
        )
        # The order's tracking fields are the master: a new number, a parcel followed again; none, no parcel.
        repair.inbound_tracking_ref = "SF1460837520999"
        self.assertEqual(repair.parcel_ids.tracking_number, "SF1460837520999")
        self.assertFalse(repair.parcel_ids.subscribed)
        repair.inbound_tracking_ref = False
        self.assertFalse(repair.parcel_ids)

    def test_signed_push_asks_the_technician_to_receive(self):
        repair, parcel = self._repair_with_parcel()
        events = [("2026-12-05 09:12:00", "顺丰速运 已收取快件"), ("2026-12-06 15:40:00", "快件已签收，签收人：前台")]
        # Each push carries the whole route so far: the events already stored are not stored again.
        self._push(Kuaidi100StandIn.last_result(NUMBER, "shunfeng", 0, events[:1]))
        self.Job._job_cron_process()
        self.assertEqual((len(parcel.event_ids), parcel.state), (1, "in_transit"))
        result = Kuaidi100StandIn.last_result(NUMBER, "shunfeng", 3, events)
        self.assertEqual(
            self._push(result, status="shutdown"), (200, {"result": True, "returnCode": "200", "message": "成功"})
        )
        # Kuaidi100 retries what it believes lost: the same push again is acknowledged, stored once.
        self.assertEqual(self._push(result, status="shutdown")[0], 200)
        self.assertEqual(self.Job.search_count([("kind", "=", "push")]), 2)
        self.Job._job_cron_process()
        self.assertEqual(len(parcel.event_ids), 2)
        self.assertEqual(parcel.state, "delivered")
        # 15:40 Beijing time is 07:40 UTC.
        self.assertEqual(repair.parcel_arrived_date, fields.Datetime.to_datetime("2026-12-06 07:40:00"))
        activity = repair.activity_ids.filtered(lambda a: "Receive the device" in (a.summary or ""))
        self.assertEqual(len(activity), 1)
        self.assertEqual(repair.state, "draft", "received by the technician, not by the courier")

    def test_signed_push_receives_when_the_company_says_so(self):
        self.company.aftersales_parcel_auto_receive = True
        repair, _parcel = self._repair_with_parcel()
        result = Kuaidi100StandIn.last_result(NUMBER, "shunfeng", 3, [("2026-12-06 15:40:00", "已签收")])
        self._push(result, status="shutdown")
        self.Job._job_cron_process()
        self.assertEqual(repair.state, "received")

    def test_bad_pushes_are_refused_and_change_nothing(self):
        repair, parcel = self._repair_with_parcel()
        result = Kuaidi100StandIn.last_result(NUMBER, "shunfeng", 0, [("2026-12-05 09:12:00", "已收取快件")])
        form = Kuaidi100StandIn.push(self.salt, result)
        with mute_logger("odoo.addons.aftersales_service_tracking.controllers.kuaidi100"):
            self.assertEqual(self._push(None, form={**form, "sign": "0" * 32})[0], 400, "wrong signature")
            self.assertEqual(self._push(None, form=Kuaidi100StandIn.push("another salt", result))[0], 400)
        self.assertEqual(self._push(None, webhook="unknown", form=form)[0], 404)
        self.assertEqual(self._push(None, form={**form, "padding": "x" * 300_000})[0], 413, "oversized body")
        self.assertFalse(self.Job.search_count([("kind", "=", "push")]))
        self.Job._job_cron_process()
        self.assertFalse(parcel.event_ids)

    def test_silent_parcels_are_queried(self):
        repair, parcel = self._repair_with_parcel()
        parcel.sudo().subscribe_date = fields.Datetime.now() - timedelta(hours=7)
        self.standin.routes[NUMBER] = Kuaidi100StandIn.last_result(
            NUMBER, "shunfeng", 0, [("2026-12-05 09:12:00", "顺丰速运 已收取快件")]
        )
        self.env["aftersales.parcel"]._cron_poll()
        self.assertEqual(self.standin.queries[-1]["num"], NUMBER)
        self.assertEqual(parcel.event_ids.description, "顺丰速运 已收取快件")
        self.assertEqual(parcel.state, "in_transit")

    def test_old_personal_data_is_purged(self):
        repair, parcel = self._repair_with_parcel()
        result = Kuaidi100StandIn.last_result(NUMBER, "shunfeng", 3, [("2026-01-05 09:12:00", "已签收")])
        self._push(result, status="shutdown")
        self.Job._job_cron_process()
        parcel.sudo().delivered_date = fields.Datetime.now() - timedelta(days=91)
        self.env.flush_all()
        self.env.cr.execute("UPDATE aftersales_parcel_job SET create_date = create_date - interval '91 days'")
        self.env.invalidate_all()
        self.env["aftersales.parcel"]._cron_purge()
        self.assertFalse(parcel.event_ids)
        self.assertFalse(parcel.phone_last4)
        self.assertFalse(self.Job.search_count([]))
