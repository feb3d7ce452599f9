from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import RepairStockCommon


@tagged("post_install", "-at_install")
class TestRepairStock(RepairStockCommon):
    """The customer's unit in stock: received by the service desk, shipped back, never valued."""

    def test_receive_serial_unit(self):
        repair = self._received(self.serial_unit)
        self.assertEqual(repair.state, "received")
        receipt = repair.picking_ids
        self.assertEqual(len(receipt), 1)
        self.assertEqual(
            (receipt.state, receipt.picking_type_id, receipt.origin, receipt.partner_id),
            ("done", self.warehouse.aftersales_receipt_type_id, repair.name, self.customer),
        )
        self.assertEqual((receipt.aftersales_carrier, receipt.aftersales_tracking_ref), ("SF Express", "SF-IN-1"))
        self.assertEqual(repair.with_user(self.agent).picking_count, 1)

        lot = self.serial_unit.lot_id
        self.assertEqual(
            (lot.name, lot.product_id, lot.company_id), ("FM10-0001", self.serial_device, repair.company_id)
        )
        self.assertEqual(lot.aftersales_equipment_id, self.serial_unit)
        self.assertEqual(lot.aftersales_warranty_end_date, self.serial_unit.warranty_end_date)
        action = lot.action_view_aftersales_equipment()
        self.assertEqual((action["res_model"], action["res_id"]), ("aftersales.equipment", self.serial_unit.id))
        with self.assertRaisesText(ValidationError, "belongs to"):
            self.untracked_unit.lot_id = lot

        line = receipt.move_line_ids
        self.assertEqual(
            (line.lot_id, line.owner_id, line.location_dest_id), (lot, self.customer, self.repair_location)
        )
        self.assertEqual(self._unit_quantity(self.serial_device, self.repair_location, lot, self.customer), 1.0)
        self.assertFalse(
            self.env["stock.valuation.layer"].search([("stock_move_id", "in", receipt.move_ids.ids)]),
            "the customer's unit is not the company's stock",
        )
        self.assertFalse(receipt.move_ids.account_move_ids)

    def test_receive_existing_lot(self):
        """A unit the company sold carries its existing serial number."""
        lot = self.env["stock.lot"].create({"name": "FM10-0001", "product_id": self.serial_device.id})
        self._received(self.serial_unit)
        self.assertEqual(self.serial_unit.lot_id, lot)
        self.assertEqual(
            self.env["stock.lot"].search_count(
                [("product_id", "=", self.serial_device.id), ("name", "=", "FM10-0001")]
            ),
            1,
        )

    def test_receive_serial_product_without_serial(self):
        unit = self.env["aftersales.equipment"].create(
            {"product_id": self.serial_device.id, "partner_id": self.customer.id}
        )
        repair = self._repair(unit)
        with self.assertRaisesText(UserError, "record the unit's serial number"):
            repair.with_user(self.agent).action_receive()
        self.assertEqual(repair.state, "draft")
        self.assertFalse(repair.picking_count)

    def test_receive_untracked_unit(self):
        repair = self._received(self.untracked_unit)
        line = repair.picking_ids.move_line_ids
        self.assertFalse(line.lot_id)
        self.assertFalse(self.untracked_unit.lot_id, "the serial number stays on the equipment")
        self.assertEqual(self._unit_quantity(self.untracked_device, self.repair_location, owner=self.customer), 1.0)
        self.assertEqual(
            self._unit_quantity(self.untracked_device, self.repair_location), 0.0, "none of the company's own"
        )

    def test_consumable_unit_has_no_transfer(self):
        repair = self._received(self.unit_in_warranty)
        self.assertEqual(repair.state, "received")
        self.assertFalse(repair.picking_count)

    def test_ship_unit_back(self):
        repair = self._repaired(self.serial_unit)
        repair.with_user(self.agent).action_ship()
        self.assertEqual(repair.state, "shipped")
        back = repair.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        self.assertEqual(
            (back.state, back.picking_type_id, back.location_dest_id),
            ("done", self.warehouse.aftersales_return_type_id, self.customers_location),
        )
        self.assertEqual((back.aftersales_carrier, back.aftersales_tracking_ref), ("EMS", "EMS-OUT-1"))
        line = back.move_line_ids
        lot = self.serial_unit.lot_id
        self.assertEqual(
            (line.lot_id, line.owner_id, line.location_id, line.location_dest_id),
            (lot, self.customer, self.repair_location, self.customers_location),
        )
        self.assertEqual(self._unit_quantity(self.serial_device, self.repair_location, lot, self.customer), 0.0)
        self.assertFalse(self.env["stock.valuation.layer"].search([("stock_move_id", "in", back.move_ids.ids)]))

    def test_ship_takes_the_orders_own_unit(self):
        """Two customers' units of one product: each order ships its own."""
        other_customer = self.env["res.partner"].create({"name": "Hangzhou Lab", "is_company": True})
        other_unit = self.untracked_unit.copy({"serial_number": "PG3-0043", "partner_id": other_customer.id})
        self._received(other_unit, partner_id=other_customer.id)
        repair = self._repaired(self.untracked_unit)
        repair.with_user(self.agent).action_ship()
        self.assertEqual(
            repair.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing").partner_id, self.customer
        )
        self.assertEqual(self._unit_quantity(self.untracked_device, self.repair_location, owner=self.customer), 0.0)
        self.assertEqual(self._unit_quantity(self.untracked_device, self.repair_location, owner=other_customer), 1.0)

    def test_ship_unit_no_longer_in_repair_location(self):
        repair = self._repaired(self.serial_unit)
        lot = self.serial_unit.lot_id
        self.env["stock.quant"]._update_available_quantity(
            self.serial_device, self.repair_location, -1.0, lot_id=lot, owner_id=self.customer
        )
        with self.assertRaisesText(UserError, "FM10-0001") as caught:
            repair.with_user(self.agent).action_ship()
        self.assertIn(repair.name, str(caught.exception))
        self.assertEqual(repair.state, "repaired")
        self.assertFalse(repair.shipped_date)
        self.assertEqual(len(repair.picking_ids), 1, "no return was left behind")

    def test_carrier_follows_the_order(self):
        repair = self._received(self.untracked_unit)
        repair.with_user(self.agent).inbound_tracking_ref = "SF-IN-2"
        self.assertEqual(repair.picking_ids.aftersales_tracking_ref, "SF-IN-2")

    def test_cancel_with_done_receipt(self):
        repair = self._received(self.serial_unit)
        receipt = repair.picking_ids
        with self.assertRaisesText(UserError, receipt.name):
            repair.with_user(self.agent).action_cancel()
        self.assertEqual(repair.state, "received")

        # Sent back with the receipt's Return button: the order may go.
        wizard = (
            self.env["stock.return.picking"].with_context(active_id=receipt.id, active_model="stock.picking").create({})
        )
        wizard.product_return_moves.quantity = 1.0
        returned = wizard._create_return()
        self.assertEqual(returned.aftersales_repair_id, repair)
        self.assertEqual(returned.picking_type_id, self.warehouse.aftersales_return_type_id)
        returned.action_assign()
        returned.move_ids.picked = True
        returned.button_validate()
        self.assertEqual(returned.state, "done")
        repair.with_user(self.agent).action_cancel()
        self.assertEqual(repair.state, "cancelled")

    def test_cancel_cancels_open_transfers(self):
        repair = self._repair(self.untracked_unit)
        picking_type = self.warehouse.aftersales_receipt_type_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": self.customer.id,
                "aftersales_repair_id": repair.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": repair.name,
                            "product_id": self.untracked_device.id,
                            "product_uom_qty": 1.0,
                            "location_id": picking_type.default_location_src_id.id,
                            "location_dest_id": picking_type.default_location_dest_id.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        repair.with_user(self.agent).action_cancel()
        self.assertEqual((repair.state, picking.state), ("cancelled", "cancel"))

    def test_service_desk_has_no_stock_rights(self):
        repair = self._received(self.untracked_unit)
        with self.assertRaises(AccessError):
            repair.picking_ids.with_user(self.agent).check_access("read")
        self.assertFalse(self.agent.has_group("stock.group_stock_user"))
        self.assertEqual(repair.with_user(self.agent).picking_count, 1)
