from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.aftersales_service_stock.tests.common import RepairStockCommon


@tagged("post_install", "-at_install")
class TestWarrantyCostReport(RepairStockCommon):
    def test_warranty_cost_per_unit_sold(self):
        self.env.company.aftersales_repair_requires_payment = False
        stock = self.warehouse.lot_stock_id
        device = self.untracked_device
        self.env["stock.quant"]._update_available_quantity(device, stock, 10)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "warehouse_id": self.warehouse.id,
                "order_line": [Command.create({"product_id": device.id, "product_uom_qty": 8, "price_unit": 900.0})],
            }
        )
        order.action_confirm()
        delivery = order.picking_ids
        delivery.move_ids.quantity = 8
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")

        board = self.env["product.product"].create({"name": "Gauge board", "is_storable": True, "standard_price": 50.0})
        self.env["stock.quant"]._update_available_quantity(board, stock, 4)
        repair = self._received(self.untracked_unit)
        repair.write({"line_ids": [Command.create({"line_type": "part", "product_id": board.id, "quantity": 2})]})
        repair.with_user(self.agent).action_start_repair()
        repair.with_user(self.agent).action_finish_repair()

        month = fields.Date.today().replace(day=1)
        row = self.env["aftersales.warranty.cost.report"].search(
            [("product_id", "=", device.id), ("month", "=", month)]
        )
        self.assertEqual(len(row), 1)
        self.assertEqual((row.units_sold, row.repair_count), (8.0, 1))
        self.assertEqual(row.warranty_cost, 100.0, "two boards at their 50 cost")
        self.assertEqual(row.warranty_cost_per_unit, 12.5)
