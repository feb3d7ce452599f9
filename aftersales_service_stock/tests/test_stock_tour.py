from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import RepairStockCommon


@tagged("post_install", "-at_install")
class TestStockTour(RepairStockCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.aftersales_repair_requires_payment = False
        stock = cls.warehouse.lot_stock_id
        cls.cable = cls.env["product.product"].create({"name": "Tour sensor cable", "is_storable": True})
        cls.env["stock.quant"]._update_available_quantity(cls.cable, stock, 3)
        cls.new_lot = cls.env["stock.lot"].create({"product_id": cls.serial_device.id, "name": "TOUR-NEW-1"})
        cls.env["stock.quant"]._update_available_quantity(cls.serial_device, stock, 1, lot_id=cls.new_lot)
        cls.repair = cls._exchange_order()

    @classmethod
    def _exchange_order(cls):
        return cls.env["aftersales.repair"].create(
            {
                "partner_id": cls.customer.id,
                "equipment_id": cls.serial_unit.id,
                "team_id": cls.team.id,
                "inbound_carrier": "SF Express",
                "inbound_tracking_ref": "SF-TOUR-IN",
                "operation": "exchange",
                "replacement_serial_number": "TOUR-NEW-1",
                "line_ids": [Command.create({"line_type": "part", "product_id": cls.cable.id, "quantity": 1})],
            }
        )

    def test_technician_receives_consumes_and_ships_a_replacement(self):
        self.start_tour(
            f"/odoo/action-aftersales_service.aftersales_repair_action/{self.repair.id}",
            "aftersales_stock_exchange_tour",
            login=self.agent.login,
        )
        repair = self.repair
        self.assertEqual(repair.state, "shipped")
        stock = self.warehouse.lot_stock_id
        self.assertEqual(repair.move_ids.state, "done")
        self.assertEqual(self._unit_quantity(self.cable, stock), 2.0, "one cable consumed")
        customers = self.customers_location
        delivery = repair.picking_ids.filtered(lambda p: p.location_dest_id == customers and p.state == "done")
        self.assertEqual(delivery.move_line_ids.lot_id, self.new_lot)
        self.assertEqual(self._unit_quantity(self.serial_device, stock, self.new_lot), 0.0)
        refurbish = self.warehouse.aftersales_refurbish_location_id
        self.assertEqual(self._unit_quantity(self.serial_device, refurbish, self.serial_unit.lot_id), 1.0)
        self.assertEqual(repair.replacement_equipment_id.serial_number, "TOUR-NEW-1")
