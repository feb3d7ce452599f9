from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class AftersalesRepair(models.Model):
    """The unit of a repair order as stock: received into its warehouse's repair location, owned by the
    customer (so neither valued nor reserved for deliveries), and shipped back from there.

    Service staff need no stock rights: the transfers of their orders are created, validated and cancelled
    as superuser by the order's actions, as the draft invoices are.
    """

    _inherit = "aftersales.repair"

    picking_ids = fields.One2many(
        "stock.picking",
        "aftersales_repair_id",
        string="Transfers",
        copy=False,
        groups="stock.group_stock_user",
    )
    picking_count = fields.Integer(string="Transfer Count", compute="_compute_picking_count", compute_sudo=True)

    def _compute_picking_count(self):
        counts = dict(
            self.env["stock.picking"]._read_group(
                [("aftersales_repair_id", "in", self.ids)], ["aftersales_repair_id"], ["__count"]
            )
        )
        for repair in self:
            repair.picking_count = counts.get(repair, 0)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _action_receive(self):
        units = self._filtered_stock_units()
        units._check_unit_receipt()
        res = super()._action_receive()
        units._receive_units()
        return res

    def _action_ship(self):
        units = self._filtered_stock_units().filtered(
            lambda repair: repair._ships_received_unit() and repair._get_received_unit_line()
        )
        units._check_units_in_repair_location()
        units._ship_received_units()
        return super()._action_ship()

    def _action_cancel(self):
        self._check_units_returned()
        # The transfers belong to the warehouse: cancelled as superuser for service staff.
        self.sudo().picking_ids.filtered(lambda p: p.state not in ("done", "cancel")).action_cancel()
        return super()._action_cancel()

    def action_view_pickings(self):
        """Open the transfers of the order's unit: its receipt and its return."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        if len(self.picking_ids) == 1:
            action.update(views=[(False, "form")], res_id=self.picking_ids.id)
        else:
            action["domain"] = [("aftersales_repair_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _filtered_stock_units(self):
        """The orders whose product is tracked in stock (storable): their unit moves with transfers."""
        return self.filtered(lambda repair: repair.product_id.is_storable)

    def _ships_received_unit(self):
        """Whether Ship sends the received unit back to the customer (a repair). The exchange and refund
        flows, which ship another unit or none, answer ``False``."""
        self.ensure_one()
        return True

    def _get_aftersales_warehouse(self):
        """The warehouse that receives the order's unit: its team's, else its company's first."""
        self.ensure_one()
        return self.team_id.warehouse_id or self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)], limit=1
        )

    def _get_received_unit_line(self):
        """The move line that brought the order's unit in, from its latest done receipt (or nothing)."""
        self.ensure_one()
        receipts = self.sudo().picking_ids.filtered(lambda p: p.picking_type_code == "incoming" and p.state == "done")
        lines = receipts.sorted("date_done")[-1:].move_line_ids
        return lines.filtered(lambda line: line.product_id == self.product_id)[:1]

    def _check_unit_receipt(self):
        """Refuse the receipt of units that cannot be received: a serial-tracked product without the unit's
        serial number, or no warehouse set up for repairs. Nothing is written."""
        problems = []
        for repair in self:
            if repair.product_id.tracking != "none" and not repair.serial_number:
                problems.append(
                    _(
                        "%(repair)s: %(product)s is tracked by serial number: record the unit's serial number on "
                        "its equipment first.",
                        repair=repair.name,
                        product=repair.product_id.display_name,
                    )
                )
            elif not repair._get_aftersales_warehouse().aftersales_receipt_type_id:
                problems.append(
                    _(
                        "%(repair)s: no warehouse of %(company)s receives repairs: set the warehouse of its team.",
                        repair=repair.name,
                        company=repair.company_id.name,
                    )
                )
        if problems:
            raise UserError(_("Receipt is not possible:\n%(problems)s", problems="\n".join(problems)))

    def _get_unit_lots(self):
        """``{order: stock.lot}`` of the orders with a tracked product: the lot named after the unit's serial
        number, found or created for the product in the order's company, and linked on the unit."""
        tracked = self.filtered(lambda repair: repair.product_id.tracking != "none")
        if not tracked:
            return {}
        # Lots are stock data that service staff may not read: found and created as superuser.
        Lot = self.env["stock.lot"].sudo()
        lots = Lot.search(
            [
                ("product_id", "in", tracked.product_id.ids),
                ("name", "in", tracked.mapped("serial_number")),
                ("company_id", "in", [*tracked.company_id.ids, False]),
            ]
        )

        def find(repair):
            # The company's lot first, else a lot shared by all companies.
            return lots.filtered(
                lambda lot: lot.product_id == repair.product_id
                and lot.name == repair.serial_number
                and (not lot.company_id or lot.company_id == repair.company_id)
            ).sorted(lambda lot: not lot.company_id)[:1]

        missing = tracked.filtered(lambda repair: not find(repair))
        # Two orders for the same unit create one lot.
        keys = {(repair.product_id, repair.serial_number, repair.company_id) for repair in missing}
        lots |= Lot.create(
            [{"product_id": product.id, "name": name, "company_id": company.id} for product, name, company in keys]
        )
        result = {repair: find(repair) for repair in tracked}
        for repair, lot in result.items():
            if repair.equipment_id and repair.equipment_id.lot_id != lot:
                repair.equipment_id.lot_id = lot
        return result

    def _get_customer_location(self):
        self.ensure_one()
        return self.partner_id.with_company(self.company_id).property_stock_customer or self.env.ref(
            "stock.stock_location_customers"
        )

    def _prepare_unit_picking_vals(self, picking_type, location, location_dest, returned_move=None):
        """A transfer of the order's unit, owned by the customer: one move of one unit."""
        self.ensure_one()
        owner = self.partner_id.commercial_partner_id
        return {
            "picking_type_id": picking_type.id,
            "partner_id": self.partner_id.id,
            "owner_id": owner.id,
            "location_id": location.id,
            "location_dest_id": location_dest.id,
            "origin": self.name,
            "aftersales_repair_id": self.id,
            "company_id": self.company_id.id,
            "move_ids": [
                Command.create(
                    {
                        "name": self.name,
                        "product_id": self.product_id.id,
                        "product_uom_qty": 1.0,
                        "product_uom": self.product_id.uom_id.id,
                        "location_id": location.id,
                        "location_dest_id": location_dest.id,
                        # Customer-owned: stock_account values neither the receipt nor the return.
                        "restrict_partner_id": owner.id,
                        "origin_returned_move_id": returned_move.id if returned_move else False,
                        "origin": self.name,
                        "company_id": self.company_id.id,
                    }
                )
            ],
        }

    def _receive_units(self):
        """Receive each order's unit from the customer into its warehouse's repair location: a validated
        receipt of the customer's unit (with its serial number as lot when the product is tracked)."""
        if not self:
            return
        lots = self._get_unit_lots()
        vals_list = []
        for repair in self:
            picking_type = repair._get_aftersales_warehouse().aftersales_receipt_type_id
            vals_list.append(
                repair._prepare_unit_picking_vals(
                    picking_type, repair._get_customer_location(), picking_type.default_location_dest_id
                )
            )
        # Service staff receive units without stock rights: the transfers are created and validated as
        # superuser.
        pickings = self.env["stock.picking"].sudo().create(vals_list)
        pickings.action_confirm()
        for repair, picking in zip(self, pickings, strict=True):
            lot = lots.get(repair, self.env["stock.lot"])
            line_vals = {"quantity": 1.0, "lot_id": lot.id, "owner_id": picking.owner_id.id, "picked": True}
            move = picking.move_ids
            if move.move_line_ids:
                move.move_line_ids.write(line_vals)
            else:
                self.env["stock.move.line"].sudo().create({**move._prepare_move_line_vals(), **line_vals})
        self._validate_unit_pickings(pickings)

    def _check_units_in_repair_location(self):
        """Refuse to ship units that are no longer where their receipt put them (moved or returned since),
        naming them. Nothing is written."""
        Quant = self.env["stock.quant"].sudo()
        problems = []
        for repair in self:
            line = repair._get_received_unit_line()
            quants = Quant._gather(
                line.product_id, line.location_dest_id, lot_id=line.lot_id, owner_id=line.owner_id, strict=True
            ).filtered(lambda quant, lot=line.lot_id: quant.lot_id == lot)
            on_hand = sum(quants.mapped("quantity"))
            rounding = line.product_id.uom_id.rounding
            if float_compare(on_hand, line.quantity_product_uom, precision_rounding=rounding) < 0:
                problems.append(
                    _(
                        "%(repair)s: the unit %(unit)s of %(owner)s is no longer in %(location)s, where %(receipt)s "
                        "put it. Bring it back there first.",
                        repair=repair.name,
                        unit=line.lot_id.name or line.product_id.display_name,
                        owner=line.owner_id.display_name,
                        location=line.location_dest_id.display_name,
                        receipt=line.picking_id.name,
                    )
                )
        if problems:
            raise UserError(_("Shipping is not possible:\n%(problems)s", problems="\n".join(problems)))

    def _ship_received_units(self):
        """Ship each order's unit back to the customer from its repair location: a validated return of the
        received unit, reserved strictly by its lot and owner."""
        if not self:
            return
        # Service staff ship units without stock rights: the transfers are created and validated as superuser.
        Picking = self.env["stock.picking"].sudo()
        lines = {repair: repair._get_received_unit_line() for repair in self}
        returns = {
            repair: repair.sudo().picking_ids.filtered(
                lambda p, product=repair.product_id: p.picking_type_code == "outgoing"
                and p.state not in ("done", "cancel")
                and product in p.move_ids.product_id
            )[:1]
            for repair in self
        }
        Picking.union(*returns.values()).do_unreserve()
        to_create = [repair for repair, picking in returns.items() if not picking]
        vals_list = []
        for repair in to_create:
            line = lines[repair]
            return_type = line.picking_id.picking_type_id.warehouse_id.aftersales_return_type_id
            vals_list.append(
                repair._prepare_unit_picking_vals(
                    return_type, line.location_dest_id, repair._get_customer_location(), returned_move=line.move_id
                )
            )
        returns.update(zip(to_create, Picking.create(vals_list), strict=True))
        pickings = Picking.union(*returns.values())
        pickings.action_confirm()
        problems = []
        for repair, picking in returns.items():
            line = lines[repair]
            move = picking.move_ids.filtered(lambda m, product=line.product_id: m.product_id == product)[:1]
            taken = move._update_reserved_quantity(
                line.quantity_product_uom, line.location_dest_id, lot_id=line.lot_id, owner_id=line.owner_id
            )
            if float_compare(taken, line.quantity_product_uom, precision_rounding=line.product_id.uom_id.rounding) < 0:
                problems.append(
                    _(
                        "%(repair)s: the unit %(unit)s is reserved by another transfer.",
                        repair=repair.name,
                        unit=line.lot_id.name or line.product_id.display_name,
                    )
                )
            move.picked = True
        if problems:
            raise UserError(_("Shipping is not possible:\n%(problems)s", problems="\n".join(problems)))
        pickings.move_ids._recompute_state()
        self._validate_unit_pickings(pickings)

    @api.model
    def _validate_unit_pickings(self, pickings):
        """Validate the transfers of units, refusing all if one of them cannot be done."""
        # The lines are complete (unit, lot, owner): what the button's wizards would ask has been answered, and
        # no backorder is wanted.
        pickings.with_context(cancel_backorder=True)._action_done()
        failed = pickings.filtered(lambda picking: picking.state != "done")
        if failed:
            raise UserError(
                _(
                    "The transfers %(pickings)s could not be validated: check them in Inventory.",
                    pickings=", ".join(failed.mapped("name")),
                )
            )

    def _check_units_returned(self):
        """Refuse to cancel orders whose unit is still in stock: received and not sent back. Nothing is
        written."""
        held = self.sudo().picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming" and p.state == "done" and not p._aftersales_is_returned()
        )
        if held:
            raise UserError(
                _(
                    "Cancelling %(repairs)s is not possible: their units were received with %(pickings)s and are "
                    "still in stock. Send each unit back to the customer with the Return button of its transfer "
                    "first.",
                    repairs=", ".join(held.aftersales_repair_id.mapped("name")),
                    pickings=", ".join(held.mapped("name")),
                )
            )
