from dateutil.relativedelta import relativedelta

from odoo import fields

from odoo.addons.aftersales_service.tests.common import RepairCommon


class RepairStockCommon(RepairCommon):
    """The service desk of ``RepairCommon`` (a company with a chart of accounts and its warehouse), with
    storable devices: one tracked by serial number, one untracked, and a customer's unit of each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref("stock.group_stock_manager")
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.env.company.id)], limit=1)
        cls.repair_location = cls.warehouse.aftersales_repair_location_id
        cls.customers_location = cls.env.ref("stock.stock_location_customers")
        Product = cls.env["product.product"]
        cls.serial_device = Product.create(
            {
                "name": "Flow Meter FM-10",
                "is_storable": True,
                "tracking": "serial",
                "aftersales_serviceable": True,
                "warranty_months": 12,
                "standard_price": 800.0,
            }
        )
        cls.untracked_device = Product.create(
            {
                "name": "Pressure Gauge PG-3",
                "is_storable": True,
                "aftersales_serviceable": True,
                "warranty_months": 12,
                "standard_price": 120.0,
            }
        )
        Equipment = cls.env["aftersales.equipment"]
        purchase_date = fields.Date.today() - relativedelta(months=3)
        cls.serial_unit = Equipment.create(
            {
                "product_id": cls.serial_device.id,
                "serial_number": "FM10-0001",
                "partner_id": cls.customer.id,
                "purchase_date": purchase_date,
            }
        )
        cls.untracked_unit = Equipment.create(
            {
                "product_id": cls.untracked_device.id,
                "serial_number": "PG3-0042",
                "partner_id": cls.customer.id,
                "purchase_date": purchase_date,
            }
        )

    def _received(self, equipment, **vals):
        """A repair order of ``equipment`` received by the service desk (a user without stock rights), read as
        the stock manager the fixture's user is."""
        repair = self._repair(equipment, inbound_carrier="SF Express", inbound_tracking_ref="SF-IN-1", **vals)
        repair.action_receive()
        return repair.with_env(self.env)

    def _repaired(self, equipment):
        """A repair order of ``equipment`` received, repaired under warranty and ready to ship."""
        repair = self._received(equipment)
        repair.with_user(self.agent).action_start_repair()
        repair.with_user(self.agent).action_finish_repair()
        repair.write({"outbound_carrier": "EMS", "outbound_tracking_ref": "EMS-OUT-1"})
        return repair

    def _unit_quantity(self, product, location, lot=None, owner=None):
        return self.env["stock.quant"]._get_available_quantity(
            product, location, lot_id=lot, owner_id=owner, strict=True
        )
