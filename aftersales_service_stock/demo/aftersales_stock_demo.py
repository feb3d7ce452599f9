from odoo import api, models

MODULE = "aftersales_service_stock"
# The demo's spare parts kept in stock, and how many.
DEMO_PARTS = {
    "aftersales_service.product_dl200_mainboard": 12,
    "aftersales_service.product_dl200_modem": 20,
    "aftersales_service.product_pc500_psu": 8,
    "aftersales_service.product_pc500_display": 6,
    "aftersales_service.product_ht80_touch_panel": 15,
    "aftersales_service.product_ht80_scan_engine": 10,
}
# New handheld terminals in stock, by serial number: replacements for exchanges.
DEMO_TERMINALS = ("HT80-C3001", "HT80-C3002", "HT80-C3003")
# The stock records the demo makes, by model, in the order they can be deleted.
DEMO_STOCK_MODELS = (
    "stock.valuation.layer",
    "stock.move.line",
    "stock.move",
    "stock.picking",
    "stock.quant",
    "stock.lot",
)


class AftersalesStockDemo(models.AbstractModel):
    """The demo's warehouse: spare parts and replacement terminals on hand, and one repair order that went
    through it with the desk's own actions (received, parts reserved and consumed, ready to ship back).

    Only the demo data calls it. The stock records it makes get external ids of this add-on, so that its
    uninstall removes them (``hooks._unlink_demo_stock``).
    """

    _name = "aftersales.stock.demo"
    _description = "After-Sales Stock Demo Loader"

    @api.model
    def _load_demo(self):
        # The demo data loads before the add-on's post-init hook sets the warehouses up.
        self.env["stock.warehouse"]._aftersales_setup_all()
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.env.company.id)], limit=1)
        stock = warehouse.lot_stock_id
        Quant = self.env["stock.quant"]
        for xmlid, quantity in DEMO_PARTS.items():
            part = self.env.ref(xmlid)
            if not Quant.search_count([("product_id", "=", part.id), ("location_id", "=", stock.id)], limit=1):
                Quant._update_available_quantity(part, stock, quantity)
        terminal = self.env.ref("aftersales_service.product_handheld_terminal")
        Lot = self.env["stock.lot"]
        for serial in DEMO_TERMINALS:
            if not Lot.search_count([("product_id", "=", terminal.id), ("name", "=", serial)], limit=1):
                lot = Lot.create({"product_id": terminal.id, "name": serial, "company_id": warehouse.company_id.id})
                Quant._update_available_quantity(terminal, stock, 1, lot_id=lot)
        repair = self.env.ref(f"{MODULE}.repair_stock_qianhai")
        if repair.state == "draft":
            repair.action_receive()
            repair.action_start_repair()
            repair.action_finish_repair()
        self._demo_register_stock([*(self.env.ref(xmlid) for xmlid in DEMO_PARTS), terminal])
        return True

    @api.model
    def _demo_register_stock(self, products):
        """Give the stock records of the demo's products external ids of this add-on."""
        product_ids = [product.id for product in products]
        records = {
            "stock.quant": self.env["stock.quant"].search([("product_id", "in", product_ids)]),
            "stock.lot": self.env["stock.lot"].search([("product_id", "in", product_ids)]),
            "stock.move": self.env["stock.move"].search([("product_id", "in", product_ids)]),
        }
        records["stock.move.line"] = records["stock.move"].move_line_ids
        records["stock.picking"] = records["stock.move"].picking_id
        records["stock.valuation.layer"] = records["stock.move"].stock_valuation_layer_ids
        existing = set(
            self.env["ir.model.data"]
            .search([("module", "=", MODULE), ("model", "in", list(records))])
            .mapped(lambda data: (data.model, data.res_id))
        )
        self.env["ir.model.data"]._update_xmlids(
            [
                {
                    "xml_id": f"{MODULE}.demo_{record._table}_{record.id}",
                    "record": record,
                    "noupdate": True,
                }
                for model, recordset in records.items()
                for record in recordset
                if (model, record.id) not in existing
            ]
        )
