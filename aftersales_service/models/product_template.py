from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    aftersales_serviceable = fields.Boolean(
        string="Serviceable",
        help="Units of this product are registered as equipment and repaired by the service centre.",
    )
    aftersales_spare_part = fields.Boolean(
        string="Spare Part",
        help="Offered on repair quotation lines as a part the service centre replaces.",
    )
    warranty_months = fields.Integer(
        string="Warranty (months)",
        default=lambda self: self.env.company.aftersales_warranty_months,
        help="Warranty period from the purchase date. Defaults to the company's setting.",
    )

    @api.constrains("warranty_months")
    def _check_warranty_months(self):
        for template in self:
            if template.warranty_months < 0:
                raise ValidationError(
                    _(
                        "The warranty period of %(product)s cannot be negative.",
                        product=template.display_name,
                    )
                )
