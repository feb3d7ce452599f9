from odoo import _, api, fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    aftersales_equipment_ids = fields.One2many(
        "aftersales.equipment",
        "lot_id",
        string="Customer Units",
        groups="aftersales_service.group_aftersales_user",
    )
    aftersales_equipment_id = fields.Many2one(
        "aftersales.equipment",
        string="Customer Unit",
        compute="_compute_aftersales_equipment_id",
        store=True,
        index="btree_not_null",
        help="The customer's unit registered with this serial number (the latest, if several were).",
    )
    aftersales_warranty_end_date = fields.Date(
        string="Warranty End",
        related="aftersales_equipment_id.warranty_end_date",
        store=True,
        help="Last day covered by the customer unit's warranty (inclusive), kept on the unit.",
    )

    @api.depends("aftersales_equipment_ids")
    def _compute_aftersales_equipment_id(self):
        for lot in self:
            lot.aftersales_equipment_id = lot.aftersales_equipment_ids.sorted("id")[-1:]

    def action_view_aftersales_equipment(self):
        """Open the customer's unit registered with this serial number."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("aftersales_service.aftersales_equipment_action")
        action.update(
            name=_("Customer Unit"),
            views=[(False, "form")],
            res_id=self.aftersales_equipment_id.id,
        )
        return action
