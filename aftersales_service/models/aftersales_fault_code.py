from odoo import api, fields, models


class AftersalesFaultCode(models.Model):
    """A fault of the catalogue requests and repairs are analysed by."""

    _name = "aftersales.fault.code"
    _description = "Fault Code"
    _order = "sequence, code, id"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, index=True)
    name = fields.Char(string="Fault", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True, help="How to recognise this fault.")
    product_categ_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="Products of these categories (and their subcategories) can have this fault. "
        "Leave empty, with no products either, for a fault of any product.",
    )
    product_ids = fields.Many2many(
        "product.product",
        string="Products",
        help="Products that can have this fault, besides those of the categories.",
    )
    applicable_product_id = fields.Many2one(
        "product.product",
        compute="_compute_applicable_product_id",
        search="_search_applicable_product_id",
        help="Technical field to offer only the faults of a product.",
    )

    _sql_constraints = [
        ("code_uniq", "unique (code)", "A fault code must be unique."),
    ]

    def _compute_applicable_product_id(self):
        self.applicable_product_id = False

    def _search_applicable_product_id(self, operator, value):
        if operator not in ("=", "in") or not value:
            return []
        products = self.env["product.product"].browse(value if isinstance(value, list | tuple) else [value])
        categ_ids = [int(c) for path in products.categ_id.mapped("parent_path") for c in path.split("/") if c]
        return [
            "|",
            "|",
            "&",
            ("product_ids", "=", False),
            ("product_categ_ids", "=", False),
            ("product_ids", "in", products.ids),
            ("product_categ_ids", "in", categ_ids),
        ]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for fault in self:
            fault.display_name = f"[{fault.code}] {fault.name}" if fault.code else fault.name
