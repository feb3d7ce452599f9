from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import ChineseRepairCommon

DIGITAL = "25442000000123456789"


@tagged("post_install", "-at_install")
class TestFapiao(ChineseRepairCommon):
    def setUp(self):
        super().setUp()
        repair = self._chinese_repair([(self.part, 1, 1000.0), (None, 1, 200.0)])
        repair.action_mark_quote_sent()
        self._attach_confirmation(repair)
        repair.action_accept_quote()
        self.repair = repair
        self.invoice = repair._action_create_invoice()
        if self.invoice.state == "draft":
            self.invoice.action_post()
        self.Fapiao = self.env["aftersales.fapiao"].with_user(self.accountant)

    def test_several_fapiao_per_invoice_found_from_the_repair(self):
        digital = self.Fapiao.create({"move_id": self.invoice.id, "number": DIGITAL, "amount_total": 1000.0})
        coded = self.Fapiao.create(
            {
                "move_id": self.invoice.id,
                "fapiao_type": "coded",
                "code": "044031900111",
                "number": "01234567",
                "amount_total": 356.0,
            }
        )
        self.assertEqual(self.invoice.aftersales_fapiao_ids, digital | coded)
        self.assertEqual(self.repair.fapiao_ids, digital | coded)
        self.assertEqual(coded.display_name, "044031900111 01234567")
        Repair = self.env["aftersales.repair"].with_user(self.agent)
        self.assertEqual(Repair.search([("fapiao_ids.number", "ilike", "23456789")]), self.repair)
        self.assertEqual(Repair.search([("fapiao_ids.code", "=", "044031900111")]), self.repair)
        # The service staff read them, from the order; the accountants keep them.
        self.assertEqual(sorted(self.repair.with_user(self.agent).fapiao_ids.mapped("number")), ["01234567", DIGITAL])
        with self.assertRaises(AccessError):
            self.env["aftersales.fapiao"].with_user(self.agent).create({"move_id": self.invoice.id, "number": "1" * 20})
        # Each one is noted on the invoice.
        self.flush_tracking()
        bodies = "".join(self.invoice.message_ids.mapped("body"))
        self.assertIn(f"Fapiao {DIGITAL} recorded.", bodies)
        self.assertIn("Fapiao 044031900111 01234567 recorded.", bodies)

    def test_bad_numbers_are_refused_and_change_nothing(self):
        cases = [
            ({"number": "2544200000012345678"}, "20-digit number"),  # 19 digits
            ({"number": "2544200000012345678X"}, "digits only"),
            ({"number": "２５４４２０００００００１２３４５６７８９"}, "digits only"),  # full-width digits
            ({"number": DIGITAL, "code": "044031900111"}, "no code"),
            ({"fapiao_type": "coded", "number": "0123456", "code": "044031900111"}, "8-digit number"),
            ({"fapiao_type": "coded", "number": "01234567", "code": "04403190011"}, "12-digit code"),
            ({"fapiao_type": "coded", "number": "01234567", "code": "04403190011A"}, "digits only"),
        ]
        for vals, message in cases:
            with self.subTest(vals=vals), self.assertRaisesText(ValidationError, message):
                self.Fapiao.create({"move_id": self.invoice.id, **vals})
        self.assertFalse(self.invoice.aftersales_fapiao_ids)
        fapiao = self.Fapiao.create({"move_id": self.invoice.id, "number": DIGITAL})
        with self.assertRaisesText(ValidationError, "already recorded"):
            self.Fapiao.create({"move_id": self.invoice.id, "number": DIGITAL})
        with self.assertRaisesText(ValidationError, "20-digit number"):
            fapiao.number = "123"
        self.assertEqual(fapiao.number, DIGITAL)

    def test_invoice_prints_as_bill_with_its_total_in_capitals(self):
        html = self.env["ir.actions.report"]._render_qweb_html("account.report_invoice", self.invoice.ids)[0].decode()
        self.assertIn("Bill", html)
        self.assertNotIn(">Invoice<", html)
        self.assertIn("Bill Date", html)
        self.assertIn("人民币壹仟叁佰伍拾陆元整", html)
