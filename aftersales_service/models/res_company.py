from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_warranty_months = fields.Integer(
        string="Default Warranty (months)",
        default=12,
        help="Warranty period given to serviceable products that do not set their own.",
    )

    _sql_constraints = [
        (
            "aftersales_warranty_months_positive",
            "CHECK(aftersales_warranty_months >= 0)",
            "The default warranty period cannot be negative.",
        ),
    ]
