from odoo.tests import tagged

from odoo.addons.aftersales_service_stock.hooks import uninstall_hook

from .common import RepairStockCommon


@tagged("post_install", "-at_install")
class TestStockSetup(RepairStockCommon):
    """Where units and parts go, per warehouse and per company, and what the uninstall leaves."""

    def test_repair_location_outside_stock(self):
        location = self.repair_location
        self.assertEqual(location.usage, "internal")
        self.assertEqual(location.location_id, self.warehouse.view_location_id)
        self.assertEqual(location.warehouse_id, self.warehouse)
        stock_children = self.env["stock.location"].search([("id", "child_of", self.warehouse.lot_stock_id.id)])
        self.assertNotIn(location, stock_children, "deliveries from WH/Stock never reserve customers' units")

    def test_operation_types(self):
        receipt, ret = self.warehouse.aftersales_receipt_type_id, self.warehouse.aftersales_return_type_id
        self.assertEqual(
            (receipt.code, receipt.default_location_src_id, receipt.default_location_dest_id),
            ("incoming", self.customers_location, self.repair_location),
        )
        self.assertEqual(
            (ret.code, ret.default_location_src_id, ret.default_location_dest_id),
            ("outgoing", self.repair_location, self.customers_location),
        )
        code = self.warehouse.code
        self.assertEqual(receipt.sequence_id.prefix, f"{code}/RPR/")
        self.assertEqual(ret.sequence_id.prefix, f"{code}/RPO/")
        self.assertEqual((receipt.return_picking_type_id, ret.return_picking_type_id), (ret, receipt))
        self.assertEqual(ret.reservation_method, "manual")

    def test_new_warehouse(self):
        warehouse = self.env["stock.warehouse"].create({"name": "Shenzhen Service Hub", "code": "SZX"})
        self.assertEqual(warehouse.aftersales_repair_location_id.location_id, warehouse.view_location_id)
        self.assertEqual(warehouse.aftersales_receipt_type_id.sequence_id.prefix, "SZX/RPR/")
        self.assertEqual(warehouse.aftersales_return_type_id.default_location_src_id.name, "Repair")
        warehouse.code = "SZ2"
        self.assertEqual(warehouse.aftersales_return_type_id.sequence_id.prefix, "SZ2/RPO/")

    def test_consumption_locations_and_accounts(self):
        company = self.env.company
        warranty, chargeable = company.aftersales_warranty_location_id, company.aftersales_chargeable_location_id
        self.assertEqual((warranty.usage, chargeable.usage), ("inventory", "inventory"))
        self.assertEqual(warranty.company_id, company)
        account = company.aftersales_warranty_cost_account_id
        if not company.chart_template:
            self.skipTest("valued to an account only with a chart of accounts")
        self.assertEqual((account.name, account.account_type), ("Warranty cost", "expense"))
        self.assertEqual((warranty.valuation_in_account_id, warranty.valuation_out_account_id), (account, account))
        self.assertFalse(chargeable.valuation_in_account_id, "stock_account then uses the product's accounts")

        other = self.company_data["default_account_expense"]
        settings = self.env["res.config.settings"].create({"aftersales_warranty_cost_account_id": other.id})
        settings.execute()
        self.assertEqual(company.aftersales_warranty_cost_account_id, other)
        self.assertEqual((warranty.valuation_in_account_id, warranty.valuation_out_account_id), (other, other))

    def test_team_warehouse(self):
        self.assertEqual(self.team.warehouse_id, self.warehouse, "the company's first warehouse by default")

    def test_uninstall_hook(self):
        """What the add-on created goes; what holds history is archived; a location holding units stays."""
        warehouse = self.env["stock.warehouse"].create({"name": "Unused Hub", "code": "UNU"})
        unused_types = warehouse.aftersales_receipt_type_id | warehouse.aftersales_return_type_id
        unused_sequences = unused_types.sequence_id
        unused_locations = (
            warehouse.aftersales_repair_location_id
            | self.env.company.aftersales_warranty_location_id
            | self.env.company.aftersales_chargeable_location_id
        )
        self._received(self.untracked_unit)
        used_types = self.warehouse.aftersales_receipt_type_id

        uninstall_hook(self.env)

        self.assertFalse(unused_types.exists())
        self.assertFalse(unused_sequences.exists())
        self.assertFalse(unused_locations.exists())
        self.assertTrue(used_types.exists())
        self.assertFalse(used_types.active, "archived with its transfers")
        self.assertFalse(self.warehouse.aftersales_return_type_id.exists(), "the unused return type goes")
        self.assertTrue(self.repair_location.active, "it still holds the customer's unit")
