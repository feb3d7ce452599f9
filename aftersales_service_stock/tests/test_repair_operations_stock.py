from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RepairStockCommon


@tagged("post_install", "-at_install")
class TestRepairOperationsStock(RepairStockCommon):
    """Parts consumed, replacement units shipped and units taken back, in stock and in the books (automated
    valuation at standard cost)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.aftersales_repair_requires_payment = False
        cls.env.user.groups_id |= cls.env.ref("stock_account.group_stock_accounting_automatic")
        Account = cls.env["account.account"]
        accounts = {
            name: Account.create({"name": name, "code": code, "account_type": "asset_current"})
            for name, code in (("Stock valuation", "119801"), ("Stock in", "119802"), ("Stock out", "119803"))
        }
        cls.stock_valuation_account = accounts["Stock valuation"]
        cls.cogs_account = Account.create({"name": "COGS", "code": "519801", "account_type": "expense_direct_cost"})
        cls.category = cls.env["product.category"].create(
            {
                "name": "Spare parts (real time)",
                "property_cost_method": "standard",
                "property_valuation": "real_time",
                "property_stock_valuation_account_id": accounts["Stock valuation"].id,
                "property_stock_account_input_categ_id": accounts["Stock in"].id,
                "property_stock_account_output_categ_id": accounts["Stock out"].id,
                "property_account_expense_categ_id": cls.cogs_account.id,
            }
        )
        cls.board = cls.env["product.product"].create(
            {
                "name": "Flow sensor board",
                "is_storable": True,
                "categ_id": cls.category.id,
                "standard_price": 80.0,
                "lst_price": 150.0,
            }
        )
        cls.serial_device.categ_id = cls.category
        cls.untracked_device.categ_id = cls.category
        cls.labour.standard_price = 30.0
        cls.stock = cls.warehouse.lot_stock_id
        cls.warranty_account = cls.env.company.aftersales_warranty_cost_account_id
        cls.warranty_location = cls.env.company.aftersales_warranty_location_id
        cls.r6 = cls.env.ref("aftersales_service.sla_policy_return_standard")

    def _r6_status(self, repair):
        return repair.sla_clock_ids.filtered(lambda clock: clock.policy_id == self.r6).status

    def _stock(self, product, quantity, lot=None):
        self.env["stock.quant"]._update_available_quantity(product, self.stock, quantity, lot_id=lot)

    def _warranty_items(self, repair):
        """Posted journal items of ``repair`` on the warranty cost account."""
        moves = repair.sudo().move_ids | self.env["stock.move"].search([("aftersales_repair_id", "=", repair.id)])
        entries = moves.account_move_ids | repair.sudo().warranty_cost_move_id
        return entries.filtered(lambda e: e.state == "posted").line_ids.filtered(
            lambda line: line.account_id == self.warranty_account
        )

    def _with_lines(self, repair, part_quantity=2):
        repair.write(
            {
                "line_ids": [
                    Command.create({"line_type": "part", "product_id": self.board.id, "quantity": part_quantity}),
                    Command.create({"line_type": "labour", "product_id": self.labour.id, "quantity": 2}),
                    Command.create({"line_type": "shipping", "name": "Return courier", "price_unit": 20.0}),
                ]
            }
        )
        return repair

    def test_warranty_repair_consumes_parts_into_warranty_cost(self):
        self.assertTrue(self.warranty_account, "the chart got its warranty cost account at install")
        self._stock(self.board, 5)
        repair = self._with_lines(self._received(self.serial_unit))
        agent_repair = repair.with_user(self.agent)
        agent_repair.action_start_repair()
        moves = repair.move_ids
        self.assertEqual((moves.product_id, moves.product_uom_qty, moves.quantity), (self.board, 2.0, 2.0))
        self.assertEqual((moves.state, moves.location_dest_id), ("assigned", self.warranty_location))
        self.assertEqual(self._unit_quantity(self.board, self.stock), 3.0, "reserved, not yet consumed")
        agent_repair.action_finish_repair()
        self.assertEqual(moves.state, "done")
        self.assertEqual(self.board.with_context(location=self.stock.id).qty_available, 3.0)
        items = self._warranty_items(repair)
        self.assertEqual(sum(items.mapped("debit")), 160.0, "2 boards at their 80 standard cost")
        stock_items = moves.account_move_ids.line_ids.filtered(
            lambda line: line.account_id == self.stock_valuation_account
        )
        self.assertEqual(sum(stock_items.mapped("credit")), 160.0)

        agent_repair.write({"outbound_carrier": "EMS", "outbound_tracking_ref": "EMS-OUT-1"})
        agent_repair.action_ship()
        labour = repair.sudo().warranty_cost_move_id
        self.assertEqual(labour.state, "posted")
        self.assertEqual(labour.amount_total, 80.0, "2 hours at the labour's 30 cost, and the 20 courier")
        self.assertEqual(
            labour.line_ids.filtered("credit").account_id, self.env.company.aftersales_absorbed_cost_account_id
        )
        self.assertEqual(sum(self._warranty_items(repair).mapped("balance")), 240.0)
        analysis = self.env["aftersales.repair.analysis"].search([("repair_id", "=", repair.id)])
        self.assertEqual(analysis.warranty_cost_booked, 240.0, "parts at cost plus labour and shipping")
        self.assertEqual(analysis.warranty_cost, 2 * 150.0 + 2 * 100.0 + 20.0, "the list value the warranty gave")

    def test_missing_parts_and_waiting_for_them(self):
        repair = self._with_lines(self._received(self.untracked_unit), part_quantity=3)
        self._stock(self.board, 1)
        agent_repair = repair.with_user(self.agent)
        with self.assertRaisesText(UserError, "Flow sensor board (2 missing)"):
            agent_repair.action_start_repair()
        self.assertEqual((repair.state, repair.move_ids.ids), ("received", []), "nothing changed")
        agent_repair.action_wait_parts()
        self.assertEqual(repair.state, "waiting_parts")
        self.assertEqual(repair.move_ids.state, "partially_available", "the demand shows in the forecast")
        self.assertIn("Flow sensor board (2)", repair.parts_availability or "")
        self._stock(self.board, 5)
        agent_repair.action_start_repair()
        self.assertEqual((repair.state, repair.move_ids.state), ("in_repair", "assigned"))

    def test_consuming_parts_gone_meanwhile_is_refused(self):
        self._stock(self.board, 2)
        repair = self._with_lines(self._received(self.untracked_unit))
        repair.with_user(self.agent).action_start_repair()
        repair.move_ids._do_unreserve()
        self.env["stock.quant"]._update_available_quantity(self.board, self.stock, -2)
        with self.assertRaisesText(UserError, "not in stock"):
            repair.with_user(self.agent).action_finish_repair()
        self.assertEqual(repair.state, "in_repair")

    def test_chargeable_parts_go_to_cost_of_goods_sold(self):
        self._stock(self.board, 2)
        repair = self._received(self.untracked_unit)
        repair.write({"warranty_void_reason": "human_damage"})
        repair.action_void_warranty()
        self._with_lines(repair, part_quantity=1)
        self._send_and_accept(repair)
        repair.with_user(self.agent).action_start_repair()
        repair.with_user(self.agent).action_finish_repair()
        move = repair.move_ids
        self.assertEqual(move.location_dest_id, self.env.company.aftersales_chargeable_location_id)
        items = move.account_move_ids.line_ids
        self.assertEqual(items.filtered("debit").account_id, self.cogs_account)
        self.assertFalse(self._warranty_items(repair))

    def test_cancel_after_consuming_parts_says_what_to_reverse(self):
        self._stock(self.board, 2)
        repair = self._with_lines(self._received(self.untracked_unit))
        repair.with_user(self.agent).action_start_repair()
        repair.with_user(self.agent).action_finish_repair()
        with self.assertRaisesText(UserError, "Return those parts to stock"):
            repair.with_user(self.agent).action_cancel()
        self.assertEqual(repair.state, "repaired")

    def test_exchange_ships_a_replacement_from_stock(self):
        new_lot = self.env["stock.lot"].create({"product_id": self.serial_device.id, "name": "FM10-0777"})
        self._stock(self.serial_device, 1, lot=new_lot)
        repair = self._received(self.serial_unit, operation="exchange", replacement_serial_number="FM10-0777")
        received_lot = self.serial_unit.lot_id
        agent_repair = repair.with_user(self.agent)
        agent_repair.action_start_repair()
        agent_repair.action_finish_repair()
        agent_repair.write({"outbound_carrier": "EMS", "outbound_tracking_ref": "EMS-RPL-1"})
        agent_repair.action_ship()

        delivery = repair.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        self.assertEqual(len(delivery), 1, "the replacement ships, not the received unit")
        self.assertEqual((delivery.state, delivery.move_line_ids.lot_id), ("done", new_lot))
        self.assertEqual((delivery.aftersales_carrier, delivery.aftersales_tracking_ref), ("EMS", "EMS-RPL-1"))
        self.assertEqual(self._unit_quantity(self.serial_device, self.stock, new_lot), 0.0)
        # The received unit is now the company's, in the refurbishment location.
        refurbish = self.warehouse.aftersales_refurbish_location_id
        self.assertEqual(self._unit_quantity(self.serial_device, refurbish, received_lot), 1.0)
        self.assertEqual(
            self._unit_quantity(self.serial_device, self.repair_location, received_lot, self.customer), 0.0
        )
        quant = self.env["stock.quant"].search([("lot_id", "=", received_lot.id), ("location_id", "=", refurbish.id)])
        self.assertFalse(quant.owner_id)
        self.assertEqual(repair.replacement_equipment_id.serial_number, "FM10-0777")
        # Under warranty the replacement is warranty cost; the unit taken back is recovered at cost.
        items = self._warranty_items(repair)
        self.assertEqual(sum(items.mapped("debit")), 800.0)
        self.assertEqual(sum(items.mapped("credit")), 800.0)
        self.assertEqual(self._r6_status(repair), "met", "R6 ends when the replacement ships")

    def test_exchange_out_of_warranty_costs_goods_sold(self):
        new_lot = self.env["stock.lot"].create({"product_id": self.serial_device.id, "name": "FM10-0888"})
        self._stock(self.serial_device, 1, lot=new_lot)
        repair = self._received(self.serial_unit, operation="exchange", replacement_serial_number="FM10-0888")
        repair.write({"warranty_void_reason": "human_damage"})
        repair.action_void_warranty()
        repair.write({"line_ids": [Command.create({"line_type": "fee", "name": "Exchange fee", "price_unit": 300.0})]})
        self._send_and_accept(repair)
        repair.with_user(self.agent).action_start_repair()
        repair.with_user(self.agent).action_finish_repair()
        repair.write({"outbound_carrier": "EMS", "outbound_tracking_ref": "EMS-RPL-3"})
        repair.with_user(self.agent).action_ship()
        delivery = repair.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        items = delivery.move_ids.account_move_ids.line_ids
        self.assertEqual(items.filtered("debit").account_id, self.cogs_account)
        self.assertEqual(sum(items.mapped("debit")), 800.0)
        self.assertFalse(self._warranty_items(repair), "out of warranty: no warranty cost")
        self.assertFalse(repair.sudo().warranty_cost_move_id)

    def test_exchange_refused_when_the_replacement_is_not_in_stock(self):
        repair = self._received(self.serial_unit, operation="exchange", replacement_serial_number="FM10-NONE")
        repair.with_user(self.agent).action_start_repair()
        repair.with_user(self.agent).action_finish_repair()
        repair.write({"outbound_carrier": "EMS", "outbound_tracking_ref": "EMS-RPL-2"})
        with self.assertRaisesText(UserError, "one that is in stock"):
            repair.with_user(self.agent).action_ship()
        self.assertEqual((repair.state, repair.replacement_equipment_id.id), ("repaired", False))

    def test_refund_takes_the_unit_back_into_quarantine(self):
        repair = self._received(self.untracked_unit, operation="refund", refund_price=300.0)
        repair.with_user(self.agent).action_create_refund()
        self.assertEqual(repair.sudo().refund_ids.amount_untaxed, 300.0)
        quarantine = self.warehouse.aftersales_quarantine_location_id
        self.assertEqual(self._unit_quantity(self.untracked_device, quarantine), 1.0)
        self.assertEqual(self._unit_quantity(self.untracked_device, self.repair_location, owner=self.customer), 0.0)
        taken = self.env["stock.move"].search(
            [("aftersales_repair_id", "=", repair.id), ("location_dest_id", "=", quarantine.id)]
        )
        self.assertEqual(taken.state, "done")
        items = taken.account_move_ids.line_ids
        self.assertEqual(items.filtered("credit").account_id, self.cogs_account, "its cost of goods sold comes back")
        self.assertEqual(sum(items.mapped("debit")), 120.0)
        self.assertEqual(self._r6_status(repair), "running", "R6 runs until the refund is paid")

    def test_refund_back_to_stock_by_setting(self):
        self.env.company.aftersales_refund_to_stock = True
        repair = self._received(self.untracked_unit, operation="refund", refund_price=300.0)
        repair.with_user(self.agent).action_create_refund()
        self.assertEqual(self._unit_quantity(self.untracked_device, self.stock), 1.0)
