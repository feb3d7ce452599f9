from datetime import timedelta

from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.service.model import _as_validation_error
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import RepairCommon


@tagged("post_install", "-at_install")
class TestRepairOperation(RepairCommon):
    """Repair, exchange (换货) and refund (退货) of a unit sent in (policy 3.2, 4.3, R6), without stock."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.aftersales_repair_requires_payment = False
        cls.r6 = cls.env.ref("aftersales_service.sla_policy_return_standard")
        cls.r5 = cls.env.ref("aftersales_service.sla_policy_repair")
        cls.fee = cls.env["product.product"].create(
            {"name": "Restocking fee", "type": "service", "lst_price": 100.0, "taxes_id": [Command.set([])]}
        )

    def _clock(self, repair, policy):
        return repair.sla_clock_ids.filtered(lambda clock: clock.policy_id == policy)

    def _ship(self, repair):
        repair.write({"outbound_carrier": "SF Express", "outbound_tracking_ref": f"SF-{repair.id}"})
        repair.action_ship()

    def _sold_invoice(self, price=1000.0, quantity=2):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": fields.Date.today() - relativedelta(months=3),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.device.id,
                            "quantity": quantity,
                            "price_unit": price,
                            "tax_ids": [Command.set(self.tax_sale_a.ids)],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    # ------------------------------------------------------------------
    # Exchange
    # ------------------------------------------------------------------

    def test_exchange_under_warranty(self):
        request = self.env["aftersales.request"].create(
            {
                "subject": "Dead on arrival",
                "request_type": "repair",
                "partner_id": self.customer.id,
                "equipment_id": self.unit_in_warranty.id,
                "team_id": self.team.id,
            }
        )
        request.with_user(self.agent).action_create_repair()
        repair = request.repair_ids.with_user(self.agent)
        repair.action_receive()
        repair.action_diagnose()
        repair.write({"operation": "exchange", "replacement_serial_number": "PC500-RPL1"})
        self.assertEqual(request.resolution, "exchange", "the request's resolution follows the operation")
        self.assertEqual(repair.replacement_product_id, self.device, "the same product by default")
        self._add_lines(repair)
        self.assertEqual(repair.amount_total, 0.0, "an exchange under warranty costs the customer nothing")
        repair.action_start_repair()
        repair.action_finish_repair()
        self._ship(repair)

        new_unit = repair.replacement_equipment_id
        original = self.unit_in_warranty
        self.assertEqual(
            (new_unit.product_id, new_unit.serial_number, new_unit.partner_id),
            (self.device, "PC500-RPL1", self.customer),
        )
        minimum_end = fields.Date.today() + timedelta(days=89)
        self.assertEqual(new_unit.warranty_end_date, max(original.warranty_end_date, minimum_end))
        self.assertEqual(new_unit.warranty_state, "in_warranty")
        self.assertEqual((original.replaced_by_id, new_unit.replaced_equipment_id), (new_unit, original))
        self.assertIn("Replaced by", original.message_ids[0].body)
        self.assertIn("Replacement for", new_unit.message_ids[0].body)
        self.assertEqual(self._clock(repair, self.r6).status, "met", "R6 ends when the replacement ships")
        self.assertEqual(repair.settled_date, repair.shipped_date)
        with self.assertRaises(UserError):
            repair.write({"operation": "repair"})

    def test_exchange_out_of_warranty_gets_the_minimum_warranty(self):
        self.env.company.aftersales_replacement_warranty_days = 180
        repair = self._repair(self.unit_expired, operation="exchange")
        repair.action_receive()
        repair.write({"line_ids": [Command.create({"line_type": "fee", "product_id": self.fee.id})]})
        with self.assertRaisesRegex(UserError, "send the quotation"):
            repair.action_start_repair()
        self._send_and_accept(repair)
        repair.action_start_repair()
        repair.action_finish_repair()
        self._ship(repair)
        self.assertEqual(
            repair.replacement_equipment_id.warranty_end_date,
            fields.Date.today() + timedelta(days=179),
            "the original's warranty had ended: the company's minimum from the shipment",
        )
        self.assertFalse(repair.replacement_equipment_id.serial_number)

    def test_exchange_needs_a_replacement_product_and_a_free_serial(self):
        repair = self._repair(self.unit_in_warranty, operation="exchange")
        repair.action_receive()
        repair.replacement_product_id = False
        with self.assertRaisesRegex(UserError, "replacement product"):
            repair.action_start_repair()
        self.assertEqual(repair.state, "received")
        repair.replacement_product_id = self.device
        repair.replacement_serial_number = self.unit_expired.serial_number
        repair.action_start_repair()
        repair.action_finish_repair()
        with self.assertRaisesRegex(UserError, "already held"):
            self._ship(repair)
        self.assertEqual((repair.state, repair.replacement_equipment_id.id), ("repaired", False))

    def test_serial_is_unique_among_units_in_service(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught, self.cr.savepoint():
            self.env["aftersales.equipment"].create(
                {"product_id": self.device.id, "serial_number": self.unit_expired.serial_number}
            )
        self.assertIn("already held", str(_as_validation_error(self.env, caught.exception)))
        # Once replaced, its serial may be registered again (a refurbished unit sold anew).
        spare = self.env["aftersales.equipment"].create({"product_id": self.device.id, "serial_number": "SPARE"})
        self.unit_expired.replaced_by_id = spare
        self.unit_expired.flush_recordset()
        reused = self.env["aftersales.equipment"].create(
            {"product_id": self.device.id, "serial_number": self.unit_expired.serial_number}
        )
        self.assertTrue(reused)

    # ------------------------------------------------------------------
    # Refund
    # ------------------------------------------------------------------

    def test_refund_reverses_the_invoice_that_sold_the_unit(self):
        invoice = self._sold_invoice()
        self._pay(invoice)
        self.unit_in_warranty.sales_reference = invoice.name
        repair = self._repair(self.unit_in_warranty)
        repair.action_receive()
        self.assertFalse(repair.can_create_refund)
        repair.operation = "refund"
        self._add_lines(repair)
        self.assertTrue(repair.can_create_refund)
        self.assertFalse(repair.can_start_repair, "a refunded unit is not repaired")
        self.assertEqual(repair.payment_state, "not_required")
        repair.action_create_refund()

        refund = repair.refund_ids
        self.assertEqual(repair.state, "refunded")
        self.assertEqual((refund.move_type, refund.state, refund.reversed_entry_id), ("out_refund", "draft", invoice))
        self.assertEqual(refund.amount_untaxed, 1000.0, "one unit at the invoice line's price, nothing deducted")
        self.assertEqual(refund.amount_total, 1150.0)
        self.assertEqual(refund.invoice_line_ids.tax_ids, self.tax_sale_a)
        self.assertFalse(repair.invoice_ids, "the refund is not a repair fee")
        self.assertEqual(self._clock(repair, self.r6).status, "running", "R6 runs until the refund is paid")
        self.assertFalse(repair.can_done)
        with self.assertRaisesRegex(UserError, "not paid"):
            repair.action_done()

        refund.with_user(self.accountant).action_post()
        self.assertEqual(repair.refund_payment_state, "not_paid")
        self._pay(refund)
        self.assertIn(repair.refund_payment_state, ("paid", "in_payment"))
        self.assertTrue(repair.settled_date)
        self.assertEqual(self._clock(repair, self.r6).status, "met")
        repair.action_done()
        self.assertEqual(repair.state, "done")

    def test_refund_out_of_warranty_deducts_the_accepted_charges(self):
        repair = self._repair(self.unit_expired, operation="refund", refund_price=800.0)
        repair.action_receive()
        self.assertFalse(repair.under_warranty)
        repair.write({"line_ids": [Command.create({"line_type": "fee", "product_id": self.fee.id})]})
        self.assertFalse(repair.can_create_refund, "the charges must be accepted first")
        self._send_and_accept(repair)
        self.assertFalse(repair.can_create_invoice, "the charges are deducted from the refund")
        repair.action_create_refund()
        refund = repair.refund_ids
        self.assertFalse(refund.reversed_entry_id)
        self.assertEqual(refund.amount_untaxed, 700.0, "800 refundable minus the 100 fee")
        self.assertEqual(sorted(refund.invoice_line_ids.mapped("quantity")), [-1.0, 1.0], "the fee is a negative line")

    def test_refund_needs_an_invoice_or_a_price(self):
        self.unit_in_warranty.sales_reference = "INV/NOT/THERE"
        repair = self._repair(self.unit_in_warranty, operation="refund")
        repair.action_receive()
        with self.assertRaisesRegex(UserError, "Nothing to refund"):
            repair.action_create_refund()
        self.assertEqual((repair.state, repair.refund_ids.ids), ("received", []))

    def test_refunds_in_batch(self):
        invoice = self._sold_invoice(price=500.0, quantity=3)
        units = self.env["aftersales.equipment"].create(
            [
                {
                    "product_id": self.device.id,
                    "serial_number": f"BATCH-{n}",
                    "partner_id": self.customer.id,
                    "purchase_date": fields.Date.today() - relativedelta(months=2),
                    "sales_reference": invoice.name,
                }
                for n in range(3)
            ]
        )
        repairs = self.env["aftersales.repair"].union(*(self._repair(unit, operation="refund") for unit in units))
        repairs.action_receive()
        repairs.action_create_refund()
        self.assertEqual(repairs.refund_ids.reversed_entry_id, invoice)
        self.assertEqual(repairs.refund_ids.mapped("amount_untaxed"), [500.0] * 3)

    # ------------------------------------------------------------------
    # Waiting for parts
    # ------------------------------------------------------------------

    def test_waiting_for_parts_pauses_the_repair_clock(self):
        repair = self._repair(self.unit_in_warranty)
        repair.action_receive()
        repair.action_start_repair()
        self.assertEqual(self._clock(repair, self.r5).status, "running")
        repair.action_wait_parts()
        self.assertEqual(repair.state, "waiting_parts")
        self.assertEqual(self._clock(repair, self.r5).status, "paused")
        self.assertNotEqual(self._clock(repair, self.r6).status, "paused", "the customer still waits (R6)")
        repair.action_start_repair()
        self.assertEqual((repair.state, self._clock(repair, self.r5).status), ("in_repair", "running"))


@tagged("post_install", "-at_install")
class TestRepairInvoicePosting(RepairCommon):
    """Who posts the invoice the desk creates: the desk itself, or accounting (a company setting)."""

    def _approved(self):
        return self._approved_repair().with_env(self.env)

    def test_accounting_posts_the_draft_with_an_activity(self):
        self.env.company.aftersales_invoice_user_id = self.accountant
        repair = self._approved()
        repair.with_user(self.agent).action_create_invoice()
        invoice = repair.invoice_ids
        self.assertEqual(invoice.state, "draft")
        activity = invoice.activity_ids
        self.assertEqual(
            (activity.activity_type_id, activity.user_id),
            (self.env.ref("aftersales_service.mail_activity_type_post_repair_invoice"), self.accountant),
        )
        self.assertIn(f"{self.accountant.name} posts it", repair.message_ids[0].body, "the agent is told who")
        invoice.with_user(self.accountant).action_post()
        self.assertFalse(invoice.activity_ids, "done once posted")
        self.assertEqual(repair.payment_state, "not_paid")

    def test_desk_posts_so_the_customer_can_pay(self):
        self.env.company.aftersales_post_repair_invoices = True
        repair = self._approved()
        repair.with_user(self.agent).action_create_invoice()
        invoice = repair.invoice_ids
        self.assertEqual((invoice.state, invoice.payment_state), ("posted", "not_paid"))
        self.assertFalse(invoice.activity_ids)
        self.assertEqual(repair.payment_state, "not_paid")
        self.assertIn("the customer can pay it", repair.message_ids[0].body)
