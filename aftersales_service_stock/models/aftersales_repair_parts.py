from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class AftersalesRepair(models.Model):
    """Spare parts from stock: the part lines of storable products reserve stock when the repair starts and
    are consumed, as validated moves, when it finishes. Warranty parts go to the company's warranty repairs
    location (valued to the warranty cost account), chargeable ones to the chargeable repairs location
    (valued to each product's cost of goods sold)."""

    _inherit = "aftersales.repair"

    move_ids = fields.One2many(
        "stock.move",
        "aftersales_repair_id",
        string="Stock Moves",
        domain=[("aftersales_repair_line_id", "!=", False)],
        readonly=True,
        copy=False,
        groups="stock.group_stock_user",
        help="The parts the repair reserves and consumes.",
    )
    parts_availability = fields.Char(
        compute="_compute_parts_availability",
        compute_sudo=True,
        help="The parts still missing in stock for this repair.",
    )

    def _compute_parts_availability(self):
        for repair in self:
            missing = repair._get_missing_parts()
            parts = ", ".join("%s (%g)" % (product.display_name, qty) for product, qty in missing)
            repair.parts_availability = (
                _("Missing: %(parts)s", parts=parts)
                if missing and repair.state in ("in_repair", "waiting_parts")
                else False
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _action_start_repair(self):
        """Reserve the parts; refuse to start, naming them, when some are missing (wait for parts instead)."""
        self._reserve_parts()
        missing = [(repair, repair._get_missing_parts()) for repair in self]
        missing = [(repair, parts) for repair, parts in missing if parts]
        if missing:
            rows = []
            for repair, parts in missing:
                named = [
                    self.env._("%(part)s (%(quantity)s missing)", part=product.display_name, quantity="%g" % qty)
                    for product, qty in parts
                ]
                rows.append("%s: %s" % (repair.name, ", ".join(named)))
            raise UserError(
                _(
                    "Not enough parts in stock to start:\n%(missing)s\nWait for parts instead: the repair clock "
                    "pauses meanwhile.",
                    missing="\n".join(rows),
                )
            )
        return super()._action_start_repair()

    def _action_wait_parts(self):
        # The demand of the waiting orders shows in the forecast (and in replenishment) at once.
        self._reserve_parts()
        return super()._action_wait_parts()

    def _action_finish_repair(self):
        self._consume_parts()
        return super()._action_finish_repair()

    def _action_cancel(self):
        self._check_parts_not_consumed()
        self.sudo()._get_part_moves().filtered(lambda m: m.state not in ("done", "cancel"))._action_cancel()
        return super()._action_cancel()

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _get_cost_of_goods_sold_account(self, product):
        """The account a product's stock goes to when it is sold, in the order's company: its expense account
        (cost of goods sold under Anglo-Saxon accounting)."""
        self.ensure_one()
        return product.product_tmpl_id.with_company(self.company_id).get_product_accounts()["expense"]

    def _get_part_moves(self):
        return self.sudo().move_ids.filtered(lambda move: move.aftersales_repair_line_id)

    def _get_part_lines(self):
        """The lines that take parts from stock: storable products, positive quantities."""
        return self.line_ids.filtered(
            lambda line: line.line_type == "part" and line.product_id.is_storable and line.quantity > 0
        )

    def _prepare_part_move_vals(self, line):
        self.ensure_one()
        warehouse = self._get_aftersales_warehouse()
        company = self.company_id
        if line.covered_by_warranty:
            destination, cost_account = company.aftersales_warranty_location_id, False
        else:
            destination = company.aftersales_chargeable_location_id
            cost_account = self._get_cost_of_goods_sold_account(line.product_id)
        return {
            "name": self.name,
            "origin": self.name,
            "product_id": line.product_id.id,
            "product_uom_qty": line.quantity,
            "product_uom": line.product_id.uom_id.id,
            "location_id": warehouse.lot_stock_id.id,
            "location_dest_id": destination.id,
            "warehouse_id": warehouse.id,
            "partner_id": self.partner_id.id,
            "company_id": company.id,
            "aftersales_repair_id": self.id,
            "aftersales_repair_line_id": line.id,
            "aftersales_warranty_cost": line.covered_by_warranty,
            "aftersales_cost_account_id": cost_account.id if cost_account else False,
        }

    def _reserve_parts(self):
        """Create the moves of the part lines that have none yet (as superuser: technicians have no stock
        rights) and reserve what stock holds."""
        Move = self.env["stock.move"].sudo()
        vals_list = []
        for repair in self:
            moved = repair._get_part_moves().filtered(lambda m: m.state != "cancel").aftersales_repair_line_id
            vals_list += [repair._prepare_part_move_vals(line) for line in repair._get_part_lines() - moved]
        Move.create(vals_list)._action_confirm()
        moves = self._get_part_moves().filtered(lambda m: m.state in ("confirmed", "partially_available"))
        moves._action_assign()

    def _get_missing_parts(self):
        """``[(product, quantity missing)]`` of the order's part moves not fully reserved."""
        self.ensure_one()
        missing = {}
        for move in self._get_part_moves().filtered(lambda m: m.state not in ("done", "cancel")):
            short = move.product_uom_qty - move.quantity
            if float_compare(short, 0.0, precision_rounding=move.product_uom.rounding) > 0:
                missing[move.product_id] = missing.get(move.product_id, 0.0) + short
        return list(missing.items())

    def _consume_parts(self):
        """Consume the reserved parts: their moves are done (and valued). Refuse, naming them, when a part is
        no longer reserved."""
        self._reserve_parts()
        short = [(repair, repair._get_missing_parts()) for repair in self]
        short = [(repair, parts) for repair, parts in short if parts]
        if short:
            rows = ["%s: %s" % (repair.name, ", ".join(p.display_name for p, _qty in parts)) for repair, parts in short]
            raise UserError(
                _("These parts are not in stock, so they cannot be consumed:\n%(missing)s", missing="\n".join(rows))
            )
        moves = self._get_part_moves().filtered(lambda m: m.state not in ("done", "cancel"))
        moves.picked = True
        moves._action_done()

    def _check_parts_not_consumed(self):
        """Refuse to cancel orders whose parts were consumed, saying what to reverse. Nothing is written."""
        consumed = self._get_part_moves().filtered(lambda m: m.state == "done")
        if consumed:
            parts = ", ".join("%s (%g)" % (move.product_id.display_name, move.quantity) for move in consumed)
            raise UserError(
                _(
                    "Cancelling %(repairs)s is not possible: they consumed %(parts)s. Return those parts to stock "
                    "in Inventory first (a transfer from %(locations)s back to stock).",
                    repairs=", ".join(consumed.aftersales_repair_id.mapped("name")),
                    parts=parts,
                    locations=", ".join(consumed.location_dest_id.mapped("display_name")),
                )
            )
