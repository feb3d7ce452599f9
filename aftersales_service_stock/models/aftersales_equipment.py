from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class AftersalesEquipment(models.Model):
    _inherit = "aftersales.equipment"

    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        index="btree_not_null",
        check_company=True,
        copy=False,
        tracking=True,
        domain="[('product_id', '=', product_id)]",
        help="The stock serial number of the unit, set when a serial-tracked unit is received for repair.",
    )

    @api.constrains("lot_id", "product_id")
    def _check_lot_product(self):
        # Service staff may not read lots.
        for equipment in self.sudo().filtered("lot_id"):
            if equipment.lot_id.product_id != equipment.product_id:
                raise ValidationError(
                    _(
                        "The serial number %(lot)s of %(equipment)s belongs to %(product)s, not to the unit's product.",
                        lot=equipment.lot_id.name,
                        equipment=equipment.display_name,
                        product=equipment.lot_id.product_id.display_name,
                    )
                )
