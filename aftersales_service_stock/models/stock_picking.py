from odoo import api, fields, models
from odoo.tools import float_compare


class StockPicking(models.Model):
    _inherit = "stock.picking"

    aftersales_repair_id = fields.Many2one(
        "aftersales.repair",
        string="Repair Order",
        readonly=True,
        index="btree_not_null",
        check_company=True,
        help="The repair order whose unit this transfer receives or ships back (its returns too).",
    )
    aftersales_carrier = fields.Char(
        string="Carrier",
        compute="_compute_aftersales_shipping",
        store=True,
        readonly=False,
        help="The courier of the repair order's unit: its inbound carrier for a receipt, its outbound one "
        "for a return.",
    )
    aftersales_tracking_ref = fields.Char(
        string="Courier Tracking Reference",
        compute="_compute_aftersales_shipping",
        store=True,
        readonly=False,
    )

    @api.depends(
        "picking_type_code",
        "aftersales_repair_id.inbound_carrier",
        "aftersales_repair_id.inbound_tracking_ref",
        "aftersales_repair_id.outbound_carrier",
        "aftersales_repair_id.outbound_tracking_ref",
    )
    def _compute_aftersales_shipping(self):
        # The repair order is the master: what the service desk enters there reaches its transfers.
        for picking in self:
            repair = picking.aftersales_repair_id
            if not repair:
                picking.aftersales_carrier = picking.aftersales_carrier
                picking.aftersales_tracking_ref = picking.aftersales_tracking_ref
            elif picking.picking_type_code == "incoming":
                picking.aftersales_carrier = repair.inbound_carrier
                picking.aftersales_tracking_ref = repair.inbound_tracking_ref
            else:
                picking.aftersales_carrier = repair.outbound_carrier
                picking.aftersales_tracking_ref = repair.outbound_tracking_ref

    def _aftersales_is_returned(self):
        """Whether every done move of this done transfer went back with done returns (its Return button)."""
        self.ensure_one()
        for move in self.move_ids.filtered(lambda m: m.state == "done"):
            returned = sum(move.returned_move_ids.filtered(lambda r: r.state == "done").mapped("product_qty"))
            if float_compare(returned, move.product_qty, precision_rounding=move.product_id.uom_id.rounding) < 0:
                return False
        return True
