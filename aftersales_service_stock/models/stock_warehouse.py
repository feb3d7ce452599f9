from odoo import _, api, fields, models

# The operation types of the add-on: their field on the warehouse and their sequence code.
AFTERSALES_PICKING_TYPES = {
    "aftersales_receipt_type_id": "RPR",
    "aftersales_return_type_id": "RPO",
}


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    aftersales_repair_location_id = fields.Many2one(
        "stock.location",
        string="Repair Location",
        check_company=True,
        help="Customers' units in for repair, owned by the customers. It is not under the stock location, so "
        "that deliveries never reserve them.",
    )
    aftersales_refurbish_location_id = fields.Many2one(
        "stock.location",
        string="Refurbishment Location",
        check_company=True,
        help="Units an exchange took back, now the company's, waiting to be refurbished.",
    )
    aftersales_quarantine_location_id = fields.Many2one(
        "stock.location",
        string="Quarantine Location",
        check_company=True,
        help="Units a refund took back, now the company's, until they are checked (unless the company puts them "
        "back in stock).",
    )
    aftersales_receipt_type_id = fields.Many2one(
        "stock.picking.type", string="Repair Receipt Type", check_company=True, copy=False
    )
    aftersales_return_type_id = fields.Many2one(
        "stock.picking.type", string="Repair Return Type", check_company=True, copy=False
    )

    def _get_locations_values(self, vals, code=False):
        values = super()._get_locations_values(vals, code=code)
        code = (vals.get("code") or code or "").replace(" ", "").upper()
        company_id = vals.get("company_id", self.default_get(["company_id"])["company_id"])
        values["aftersales_repair_location_id"] = {
            "name": _("Repair"),
            "active": True,
            "usage": "internal",
            "barcode": self._valid_barcode(code + "REPAIR", company_id),
        }
        # Company-owned units taken back, outside the stock location: never reserved for deliveries.
        values["aftersales_refurbish_location_id"] = {
            "name": _("Refurbishment"),
            "active": True,
            "usage": "internal",
            "barcode": self._valid_barcode(code + "REFURB", company_id),
        }
        values["aftersales_quarantine_location_id"] = {
            "name": _("Quarantine"),
            "active": True,
            "usage": "internal",
            "barcode": self._valid_barcode(code + "QUARANTINE", company_id),
        }
        return values

    def _get_sequence_values(self, name=False, code=False):
        values = super()._get_sequence_values(name=name, code=code)
        name = name or self.name
        code = code or self.code
        labels = {
            "aftersales_receipt_type_id": _("%(name)s Sequence repair receipts", name=name),
            "aftersales_return_type_id": _("%(name)s Sequence repair returns", name=name),
        }
        for fname, sequence_code in AFTERSALES_PICKING_TYPES.items():
            values[fname] = {
                "name": labels[fname],
                "prefix": f"{code}/{self[fname].sequence_code or sequence_code}/",
                "padding": 5,
                "company_id": self.company_id.id,
            }
        return values

    def _get_picking_type_create_values(self, max_sequence):
        data, next_sequence = super()._get_picking_type_create_values(max_sequence)
        customers = self.env.ref("stock.stock_location_customers")
        repair_location = self.aftersales_repair_location_id
        data.update(
            {
                "aftersales_receipt_type_id": {
                    "name": _("Repair Receipts"),
                    "code": "incoming",
                    "sequence_code": AFTERSALES_PICKING_TYPES["aftersales_receipt_type_id"],
                    "sequence": next_sequence + 1,
                    "default_location_src_id": customers.id,
                    "default_location_dest_id": repair_location.id,
                    # A customer's unit may carry a serial number the company sold, or a new one.
                    "use_create_lots": True,
                    "use_existing_lots": True,
                    "create_backorder": "never",
                    "company_id": self.company_id.id,
                },
                "aftersales_return_type_id": {
                    "name": _("Repair Returns"),
                    "code": "outgoing",
                    "sequence_code": AFTERSALES_PICKING_TYPES["aftersales_return_type_id"],
                    "sequence": next_sequence + 2,
                    "default_location_src_id": repair_location.id,
                    "default_location_dest_id": customers.id,
                    "use_create_lots": False,
                    "use_existing_lots": True,
                    # Each unit goes back to its own customer: reserved by lot and owner, never by availability.
                    "reservation_method": "manual",
                    "create_backorder": "never",
                    "company_id": self.company_id.id,
                },
            }
        )
        return data, next_sequence + 3

    def _get_picking_type_update_values(self):
        data = super()._get_picking_type_update_values()
        barcode = self.code.replace(" ", "").upper()
        for fname, sequence_code in AFTERSALES_PICKING_TYPES.items():
            data[fname] = {"active": self.active, "barcode": barcode + sequence_code}
        return data

    def _create_or_update_sequences_and_picking_types(self):
        data = super()._create_or_update_sequences_and_picking_types()
        if set(AFTERSALES_PICKING_TYPES) & set(data):
            PickingType = self.env["stock.picking.type"]
            receipt = PickingType.browse(data.get("aftersales_receipt_type_id")) or self.aftersales_receipt_type_id
            ret = PickingType.browse(data.get("aftersales_return_type_id")) or self.aftersales_return_type_id
            # The Return button of a repair receipt sends the unit back with a repair return, and vice versa.
            receipt.return_picking_type_id = ret
            ret.return_picking_type_id = receipt
        return data

    def _update_name_and_code(self, new_name=False, new_code=False):
        res = super()._update_name_and_code(new_name, new_code)
        for warehouse in self:
            sequence_data = warehouse._get_sequence_values(name=new_name, code=new_code)
            # As stock does: sequences are written by stock managers only as superuser.
            if self.env.user.has_group("stock.group_stock_manager"):
                warehouse = warehouse.sudo()
            for fname in AFTERSALES_PICKING_TYPES:
                warehouse[fname].sequence_id.write(sequence_data[fname])
        return res

    @api.model
    def _aftersales_setup_all(self):
        """Set up every company and warehouse that misses its repair accounts, locations and operation types
        (at install, and before the demo data, which loads first)."""
        companies = self.env["res.company"].search([])
        companies._aftersales_create_warranty_cost_account()
        companies._aftersales_create_stock_locations()
        self.search([])._aftersales_create_repair_stock()

    def _aftersales_create_repair_stock(self):
        """Give the warehouses that miss them their repair location and operation types (at install)."""
        for warehouse in self:
            warehouse._create_missing_locations({})
            if not all(warehouse[fname] for fname in AFTERSALES_PICKING_TYPES):
                warehouse.write(warehouse._create_or_update_sequences_and_picking_types())
        return True
