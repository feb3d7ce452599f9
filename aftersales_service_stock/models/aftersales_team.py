from odoo import api, fields, models


class AftersalesTeam(models.Model):
    _inherit = "aftersales.team"

    warehouse_id = fields.Many2one(
        "stock.warehouse",
        compute="_compute_warehouse_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        help="Where the team receives customers' units and ships them back (the company's first warehouse "
        "by default).",
    )

    @api.depends("company_id")
    def _compute_warehouse_id(self):
        first = {}
        for warehouse in self.env["stock.warehouse"].search([("company_id", "in", self.company_id.ids)]):
            first.setdefault(warehouse.company_id, warehouse)
        for team in self:
            if team.warehouse_id and team.warehouse_id.company_id == team.company_id:
                team.warehouse_id = team.warehouse_id
            else:
                team.warehouse_id = first.get(team.company_id, False)
