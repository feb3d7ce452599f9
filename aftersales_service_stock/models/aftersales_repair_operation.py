from odoo import Command, _, fields, models
from odoo.exceptions import UserError


class AftersalesRepair(models.Model):
    """Exchange and refund in the warehouse.

    - An exchange ships a replacement unit from stock (with its own lot); under warranty its value is
      warranty cost, otherwise cost of goods sold.
    - The unit an exchange or a refund takes back becomes the company's. No Odoo move changes an owner in
      place: the customer's unit goes back to the customer location (not valued, it is theirs), then comes in
      as the company's (valued at the product's cost) into the warehouse's refurbishment location
      (exchange), or into stock or quarantine (refund, a company setting).
    - A warranty order's labour (hours at the labour product's cost) and return shipping are posted in one
      entry: debit warranty cost, credit the absorbed service cost account.
    """

    _inherit = "aftersales.repair"

    warranty_cost_move_id = fields.Many2one(
        "account.move",
        string="Warranty Labour Entry",
        readonly=True,
        copy=False,
        groups="account.group_account_readonly,account.group_account_invoice",
        help="The journal entry of the warranty repair's labour and return shipping.",
    )

    def _ships_received_unit(self):
        return self.operation == "repair" and super()._ships_received_unit()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _action_ship(self):
        exchanges = self._filtered_stock_units().filtered(lambda repair: repair.operation == "exchange")
        replacements = self.filtered(
            lambda repair: repair.operation == "exchange" and repair.replacement_product_id.is_storable
        )
        replacements._check_replacement_in_stock()
        res = super()._action_ship()
        replacements._deliver_replacements()
        exchanges.filtered(lambda repair: repair._get_received_unit_line())._take_back_units()
        self._post_warranty_costs()
        return res

    def _action_create_refund(self):
        res = super()._action_create_refund()
        self._filtered_stock_units().filtered(lambda repair: repair._get_received_unit_line())._take_back_units()
        self._post_warranty_costs()
        return res

    # ------------------------------------------------------------------
    # Replacement unit
    # ------------------------------------------------------------------

    def _get_replacement_lot(self):
        """The lot of the replacement's serial number in the company, if the product is tracked."""
        self.ensure_one()
        if self.replacement_product_id.tracking == "none" or not self.replacement_serial_number:
            return self.env["stock.lot"]
        return (
            self.env["stock.lot"]
            .sudo()
            .search(
                [
                    ("product_id", "=", self.replacement_product_id.id),
                    ("name", "=", self.replacement_serial_number),
                    ("company_id", "in", [self.company_id.id, False]),
                ],
                limit=1,
            )
        )

    def _check_replacement_in_stock(self):
        """Refuse to ship replacements that stock does not hold (their serial number, for a tracked product),
        naming them. Nothing is written."""
        Quant = self.env["stock.quant"].sudo()
        problems = []
        for repair in self:
            product = repair.replacement_product_id
            stock = repair._get_aftersales_warehouse().lot_stock_id
            lot = repair._get_replacement_lot()
            if product.tracking != "none" and not lot:
                problems.append(
                    _(
                        "%(repair)s: give the serial number of the replacement %(product)s, one that is in stock.",
                        repair=repair.name,
                        product=product.display_name,
                    )
                )
                continue
            available = Quant._get_available_quantity(product, stock, lot_id=lot or None, strict=bool(lot))
            if available < 1.0:
                serial = " [%s]" % lot.name if lot else ""
                problems.append(
                    _(
                        "%(repair)s: no %(product)s%(serial)s available in %(location)s.",
                        repair=repair.name,
                        product=product.display_name,
                        serial=serial,
                        location=stock.display_name,
                    )
                )
        if problems:
            raise UserError(_("Shipping is not possible:\n%(problems)s", problems="\n".join(problems)))

    def _deliver_replacements(self):
        """Deliver each replacement unit from stock to the customer with a validated *Repair Returns*
        transfer, reserved by its lot; valued to warranty cost under warranty, else cost of goods sold."""
        Picking = self.env["stock.picking"].sudo()
        vals_list = []
        for repair in self:
            warehouse = repair._get_aftersales_warehouse()
            product = repair.replacement_product_id
            customer = repair._get_customer_location()
            vals_list.append(
                {
                    "picking_type_id": warehouse.aftersales_return_type_id.id,
                    "partner_id": repair.partner_id.id,
                    "location_id": warehouse.lot_stock_id.id,
                    "location_dest_id": customer.id,
                    "origin": repair.name,
                    "aftersales_repair_id": repair.id,
                    "company_id": repair.company_id.id,
                    "move_ids": [
                        Command.create(
                            {
                                **repair._prepare_company_unit_move_vals(product, warehouse.lot_stock_id, customer),
                                "warehouse_id": warehouse.id,
                            }
                        )
                    ],
                }
            )
        pickings = Picking.create(vals_list)
        pickings.action_confirm()
        for repair, picking in zip(self, pickings, strict=True):
            lot = repair._get_replacement_lot()
            move = picking.move_ids
            if lot:
                move._update_reserved_quantity(1.0, move.location_id, lot_id=lot, strict=True)
            else:
                move._action_assign()
            move.picked = True
        self._validate_unit_pickings(pickings)

    def _prepare_company_unit_move_vals(self, product, location, location_dest):
        """A move of one company-owned unit for this order, valued against warranty cost under warranty, else
        against the product's cost of goods sold."""
        self.ensure_one()
        company = self.company_id
        if self.under_warranty:
            account = company.aftersales_warranty_cost_account_id
        else:
            account = self._get_cost_of_goods_sold_account(product)
        return {
            "name": self.name,
            "origin": self.name,
            "product_id": product.id,
            "product_uom_qty": 1.0,
            "product_uom": product.uom_id.id,
            "location_id": location.id,
            "location_dest_id": location_dest.id,
            "partner_id": self.partner_id.id,
            "company_id": company.id,
            "aftersales_repair_id": self.id,
            "aftersales_warranty_cost": self.under_warranty,
            "aftersales_cost_account_id": account.id if account else False,
        }

    # ------------------------------------------------------------------
    # The unit taken back
    # ------------------------------------------------------------------

    def _get_taken_back_location(self):
        """Where the unit an exchange or a refund takes back goes: the refurbishment location (exchange), or
        stock or quarantine (refund, as the company says)."""
        self.ensure_one()
        warehouse = self._get_aftersales_warehouse()
        if self.operation == "refund":
            if self.company_id.aftersales_refund_to_stock:
                return warehouse.lot_stock_id
            return warehouse.aftersales_quarantine_location_id
        return warehouse.aftersales_refurbish_location_id

    def _take_back_units(self):
        """Make the received units the company's: back to the customer location as the customer's (not
        valued), then in as the company's (valued) where ``_get_taken_back_location`` says."""
        Move = self.env["stock.move"].sudo()
        MoveLine = self.env["stock.move.line"].sudo()
        lines = {repair: repair._get_received_unit_line() for repair in self}
        vals_list = []
        for repair in self:
            line = lines[repair]
            customer = repair._get_customer_location()
            owner = line.owner_id
            vals_list.append(
                {
                    **repair._prepare_company_unit_move_vals(line.product_id, line.location_dest_id, customer),
                    # The customer's unit leaves the repair location as theirs: not valued.
                    "restrict_partner_id": owner.id,
                    "aftersales_warranty_cost": False,
                    "aftersales_cost_account_id": False,
                }
            )
            taken_vals = {
                **repair._prepare_company_unit_move_vals(line.product_id, customer, repair._get_taken_back_location()),
                # In as the company's, at the product's cost: the value recovered.
                "price_unit": line.product_id.with_company(repair.company_id).standard_price,
            }
            if repair.operation == "refund":
                # A refunded unit reverses its sale, whatever the warranty: its cost of goods sold comes back.
                cogs = repair._get_cost_of_goods_sold_account(line.product_id)
                taken_vals.update(aftersales_warranty_cost=False, aftersales_cost_account_id=cogs.id if cogs else False)
            vals_list.append(taken_vals)
        moves = Move.create(vals_list)
        moves._action_confirm()
        line_vals = []
        for repair, (back, taken) in zip(self, zip(moves[0::2], moves[1::2], strict=True), strict=True):
            line = lines[repair]
            owner = line.owner_id
            line_vals += [
                {
                    **back._prepare_move_line_vals(),
                    "quantity": 1.0,
                    "lot_id": line.lot_id.id,
                    "owner_id": line.owner_id.id,
                },
                {**taken._prepare_move_line_vals(), "quantity": 1.0, "lot_id": line.lot_id.id, "owner_id": False},
            ]
        moves.move_line_ids.unlink()
        MoveLine.create(line_vals)
        moves.picked = True
        moves._action_done()
        for repair in self:
            repair.message_post(
                body=_(
                    "The received unit is now the company's, in %(location)s.",
                    location=repair._get_taken_back_location().display_name,
                )
            )

    # ------------------------------------------------------------------
    # Labour and return shipping
    # ------------------------------------------------------------------

    def _get_warranty_service_cost(self):
        """What the company absorbs besides parts on a warranty order: labour hours at the labour product's
        cost, and return shipping at its product's cost (its price without product)."""
        self.ensure_one()
        total = 0.0
        absorbed = self.line_ids.filtered(
            lambda line: line.covered_by_warranty and line.line_type in ("labour", "shipping")
        )
        for line in absorbed:
            if line.product_id:
                cost = line.product_id.with_company(self.company_id).standard_price
            else:
                cost = line.price_unit
            total += line.quantity * cost
        return self.company_id.currency_id.round(total)

    def _post_warranty_costs(self):
        """Post each warranty order's labour and return shipping in one entry (debit warranty cost, credit the
        absorbed service cost account), once. Orders of companies without both accounts post nothing."""
        orders = self.sudo().filtered(
            lambda repair: repair.under_warranty
            and not repair.warranty_cost_move_id
            and repair.company_id.aftersales_warranty_cost_account_id
            and repair.company_id.aftersales_absorbed_cost_account_id
        )
        Journal = self.env["account.journal"].sudo()
        vals_list, posted = [], []
        for repair in orders:
            amount = repair._get_warranty_service_cost()
            if repair.company_id.currency_id.is_zero(amount):
                continue
            company = repair.company_id
            warranty_account = company.aftersales_warranty_cost_account_id
            absorbed_account = company.aftersales_absorbed_cost_account_id
            label = _("Warranty labour and shipping, %(repair)s", repair=repair.name)
            vals_list.append(
                {
                    "move_type": "entry",
                    "company_id": company.id,
                    "journal_id": Journal.search(
                        [*Journal._check_company_domain(company), ("type", "=", "general")], limit=1
                    ).id,
                    "date": fields.Date.context_today(repair),
                    "ref": label,
                    "aftersales_warranty_repair_id": repair.id,
                    "line_ids": [
                        Command.create({"name": label, "account_id": warranty_account.id, "debit": amount}),
                        Command.create({"name": label, "account_id": absorbed_account.id, "credit": amount}),
                    ],
                }
            )
            posted.append(repair)
        if not vals_list:
            return
        entries = self.env["account.move"].sudo().create(vals_list)
        entries.action_post()
        for repair, entry in zip(posted, entries, strict=True):
            repair.warranty_cost_move_id = entry
