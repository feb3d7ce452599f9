from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

LINE_TYPES = [
    ("part", "Part"),
    ("labour", "Labour"),
    ("fee", "Fee"),
    ("shipping", "Shipping"),
]


class AftersalesRepairLine(models.Model):
    _name = "aftersales.repair.line"
    _description = "Repair Quotation Line"
    _order = "repair_id, sequence, id"
    _check_company_auto = True

    repair_id = fields.Many2one("aftersales.repair", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="repair_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="repair_id.currency_id")
    sequence = fields.Integer(default=10)
    line_type = fields.Selection(LINE_TYPES, string="Type", required=True, default="part")
    product_id = fields.Many2one("product.product", check_company=True)
    name = fields.Text(
        string="Description", compute="_compute_name", store=True, readonly=False, precompute=True, required=True
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure", required=True)
    price_unit = fields.Float(
        string="Unit Price",
        digits="Product Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
    )
    tax_ids = fields.Many2many(
        "account.tax",
        string="Taxes",
        compute="_compute_tax_ids",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('type_tax_use', '=', 'sale'), ('company_id', 'parent_of', company_id)]",
        check_company=True,
    )
    covered_by_warranty = fields.Boolean(
        compute="_compute_covered_by_warranty",
        store=True,
        readonly=False,
        precompute=True,
        help="Free for the customer: the repair is under warranty (parts, labour and return shipping).",
    )
    is_diagnostic_fee = fields.Boolean(readonly=True, help="The fee charged when the customer declines the quotation.")
    price_subtotal = fields.Monetary(compute="_compute_amounts", store=True, help="Charged to the customer, untaxed.")
    price_tax = fields.Monetary(compute="_compute_amounts", store=True)
    price_total = fields.Monetary(
        compute="_compute_amounts", store=True, help="Charged to the customer, taxes included."
    )
    list_subtotal = fields.Monetary(
        compute="_compute_amounts", store=True, help="Value of the line before the warranty, untaxed."
    )

    @api.depends("product_id", "line_type")
    def _compute_name(self):
        labels = dict(self._fields["line_type"]._description_selection(self.env))
        for line in self:
            if line.product_id:
                line.name = line.product_id.get_product_multiline_description_sale()
            elif not line.name:
                line.name = labels.get(line.line_type)

    @api.depends("product_id", "quantity", "repair_id.pricelist_id")
    def _compute_price_unit(self):
        for line in self:
            repair = line.repair_id
            if not line.product_id:
                line.price_unit = line.price_unit or 0.0
            elif repair.pricelist_id:
                line.price_unit = repair.pricelist_id._get_product_price(
                    line.product_id, line.quantity or 1.0, currency=repair.currency_id
                )
            else:
                line.price_unit = line.product_id.lst_price

    @api.depends("product_id", "repair_id.fiscal_position_id")
    def _compute_tax_ids(self):
        for line in self:
            company = line.repair_id.company_id or self.env.company
            taxes = line.product_id.taxes_id.filtered_domain(self.env["account.tax"]._check_company_domain(company))
            line.tax_ids = line.repair_id.fiscal_position_id.map_tax(taxes)

    @api.depends("repair_id.under_warranty", "line_type", "is_diagnostic_fee")
    def _compute_covered_by_warranty(self):
        for line in self:
            line.covered_by_warranty = (
                line.repair_id.under_warranty and line.line_type != "fee" and not line.is_diagnostic_fee
            )

    @api.depends("quantity", "price_unit", "tax_ids", "covered_by_warranty", "currency_id", "repair_id.partner_id")
    def _compute_amounts(self):
        AccountTax = self.env["account.tax"]
        for line in self:
            base_line = line._prepare_base_line_for_taxes_computation()
            AccountTax._add_tax_details_in_base_line(base_line, line.company_id or self.env.company)
            details = base_line["tax_details"]
            line.list_subtotal = details["raw_total_excluded_currency"]
            if line.covered_by_warranty:
                line.price_subtotal = line.price_tax = line.price_total = 0.0
            else:
                line.price_subtotal = details["raw_total_excluded_currency"]
                line.price_total = details["raw_total_included_currency"]
                line.price_tax = line.price_total - line.price_subtotal

    @api.constrains("quantity", "price_unit")
    def _check_amounts(self):
        for line in self:
            if line.quantity <= 0:
                raise ValidationError(
                    _(
                        "The quantity of %(line)s on %(repair)s must be positive.",
                        line=line.name,
                        repair=line.repair_id.name,
                    )
                )
            if line.price_unit < 0:
                raise ValidationError(
                    _(
                        "The unit price of %(line)s on %(repair)s cannot be negative.",
                        line=line.name,
                        repair=line.repair_id.name,
                    )
                )

    def _prepare_base_line_for_taxes_computation(self, **kwargs):
        """This line as a base line of Odoo's tax engine, as sale and invoice lines are.

        The order's totals and its invoice are computed from the same base
        lines, so they agree under either tax rounding method.
        """
        self.ensure_one()
        repair = self.repair_id
        company = repair.company_id or self.env.company
        return self.env["account.tax"]._prepare_base_line_for_taxes_computation(
            self,
            **{
                "tax_ids": self.tax_ids,
                "quantity": self.quantity,
                "partner_id": repair.partner_id,
                "currency_id": repair.currency_id or company.currency_id,
                "rate": repair._get_currency_rate(),
                **kwargs,
            },
        )

    def _prepare_invoice_line_vals(self):
        self.ensure_one()
        return {
            "display_type": "product",
            "product_id": self.product_id.id,
            "name": self.name,
            "quantity": self.quantity,
            "price_unit": self.price_unit,
            "tax_ids": [(6, 0, self.tax_ids.ids)],
        }
