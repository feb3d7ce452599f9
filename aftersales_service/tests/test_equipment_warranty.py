from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.service.model import _as_validation_error
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestEquipmentWarranty(AftersalesCommon):
    def test_warranty_end_is_the_day_before_the_anniversary(self):
        self.assertEqual(self.equipment.warranty_months, 12)
        self.assertEqual(self.equipment.warranty_end_date, date(2026, 3, 14))

    def test_boundary_days(self):
        eq = self.equipment
        self.assertFalse(eq.is_under_warranty_on(date(2025, 3, 14)), "not covered before the purchase")
        self.assertTrue(eq.is_under_warranty_on(date(2025, 3, 15)), "covered on the purchase day")
        self.assertTrue(eq.is_under_warranty_on(date(2026, 3, 14)), "covered on the last day")
        self.assertFalse(eq.is_under_warranty_on(date(2026, 3, 15)), "not covered on the anniversary")
        self.assertFalse(eq.is_under_warranty_on(date(2026, 3, 16)))
        self.assertTrue(eq.is_under_warranty_on("2026-03-14"), "accepts a date string (RPC)")

    def test_month_end_purchase(self):
        eq = self.env["aftersales.equipment"].create(
            {"product_id": self.product.id, "serial_number": "DL200-EOM", "purchase_date": "2023-01-31"}
        )
        eq.warranty_months = 1
        self.assertEqual(eq.warranty_end_date, date(2023, 2, 27))
        self.assertTrue(eq.is_under_warranty_on(date(2023, 2, 27)))
        self.assertFalse(eq.is_under_warranty_on(date(2023, 2, 28)))

    def test_state_as_of_today_and_search(self):
        Equipment = self.env["aftersales.equipment"]
        domain = [("id", "=", self.equipment.id)]
        with freeze_time("2026-03-14 12:00:00"):
            self.equipment.invalidate_recordset(["warranty_state"])
            self.assertEqual(self.equipment.warranty_state, "in_warranty")
            self.assertEqual(Equipment.search(domain + [("warranty_state", "=", "in_warranty")]), self.equipment)
            self.assertFalse(Equipment.search(domain + [("warranty_state", "=", "expired")]))
        with freeze_time("2026-03-15 12:00:00"):
            self.equipment.invalidate_recordset(["warranty_state"])
            self.assertEqual(self.equipment.warranty_state, "expired")
            self.assertEqual(Equipment.search(domain + [("warranty_state", "!=", "in_warranty")]), self.equipment)

    def test_warranty_follows_product_and_can_be_extended(self):
        self.product.warranty_months = 24
        eq = self.env["aftersales.equipment"].create(
            {"product_id": self.product.id, "serial_number": "DL200-24M", "purchase_date": "2025-03-15"}
        )
        self.assertEqual(eq.warranty_end_date, date(2027, 3, 14))
        eq.warranty_end_date = date(2028, 3, 14)
        self.assertTrue(eq.is_under_warranty_on(date(2028, 1, 1)))

    def test_product_default_warranty_from_company(self):
        self.company.aftersales_warranty_months = 18
        template = self.env["product.template"].create({"name": "Controller PC-1"})
        self.assertEqual(template.warranty_months, 18)

    @freeze_time("2026-06-01")
    def test_future_purchase_date_refused(self):
        Equipment = self.env["aftersales.equipment"]
        count = Equipment.search_count([])
        with self.assertRaisesText(ValidationError, "in the future"):
            Equipment.create(
                {"product_id": self.product.id, "serial_number": "DL200-FUT", "purchase_date": "2026-06-02"}
            )
        self.assertEqual(Equipment.search_count([]), count)
        with self.assertRaisesText(ValidationError, "in the future"):
            self.equipment.purchase_date = date(2026, 7, 1)
        self.assertEqual(self.equipment.purchase_date, date(2025, 3, 15))

    def test_duplicate_serial_refused_with_clear_message(self):
        Equipment = self.env["aftersales.equipment"]
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught, self.cr.savepoint():
            Equipment.create({"product_id": self.product.id, "serial_number": "DL200-0001"})
        # What the user and RPC clients see for this database error.
        error = _as_validation_error(self.env, caught.exception)
        self.assertIsInstance(error, ValidationError)
        self.assertIn("already held by another unit of this product", str(error))
        self.assertEqual(Equipment.search_count([("serial_number", "=", "DL200-0001")]), 1)
        # The same serial is fine for another product.
        other = self.env["product.product"].create({"name": "Terminal HT-5", "aftersales_serviceable": True})
        Equipment.create({"product_id": other.id, "serial_number": "DL200-0001"})

    def test_negative_warranty_refused(self):
        with self.assertRaises(ValidationError):
            self.product.warranty_months = -1
