from odoo import Command, _, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_warranty_location_id = fields.Many2one(
        "stock.location",
        string="Warranty Repairs Location",
        check_company=True,
        help="Consumption location of the parts used by warranty repairs, valued to the warranty cost account.",
    )
    aftersales_chargeable_location_id = fields.Many2one(
        "stock.location",
        string="Chargeable Repairs Location",
        check_company=True,
        help="Consumption location of the parts used by chargeable repairs, valued to each product's cost of goods "
        "sold.",
    )
    aftersales_warranty_cost_account_id = fields.Many2one(
        "account.account",
        string="Warranty Cost Account",
        check_company=True,
        help="Expense account charged with the parts and replacement units given under warranty (automated "
        "inventory valuation), and with the labour and return shipping of warranty repairs.",
    )
    aftersales_absorbed_cost_account_id = fields.Many2one(
        "account.account",
        string="Absorbed Service Cost Account",
        check_company=True,
        help="Account credited for the labour and return shipping of warranty repairs, which the company absorbs.",
    )

    aftersales_refund_to_stock = fields.Boolean(
        string="Refunded Units Back to Stock",
        help="A unit taken back for a refund goes into the warehouse's stock, ready to sell again; otherwise into "
        "its quarantine location until checked.",
    )

    def write(self, vals):
        res = super().write(vals)
        if {"aftersales_warranty_cost_account_id", "aftersales_warranty_location_id"} & set(vals):
            self._aftersales_sync_warranty_location()
        return res

    def _create_per_company_locations(self):
        res = super()._create_per_company_locations()
        self._aftersales_create_stock_locations()
        return res

    def _aftersales_create_stock_locations(self):
        """Create the warranty and chargeable repairs consumption locations of the companies that miss them,
        under the virtual locations, beside scrap and inventory adjustment."""
        parent = self.env.ref("stock.stock_location_locations_virtual", raise_if_not_found=False)
        names = {
            "aftersales_warranty_location_id": _("Warranty Repairs"),
            "aftersales_chargeable_location_id": _("Chargeable Repairs"),
        }
        missing = [(company, fname) for company in self for fname in names if not company[fname]]
        if not missing:
            return
        # Stock configuration, created whoever installs the add-on or creates the company.
        locations = (
            self.env["stock.location"]
            .sudo()
            .create(
                [
                    {
                        "name": names[fname],
                        "usage": "inventory",
                        "location_id": parent.id if parent else False,
                        "company_id": company.id,
                    }
                    for company, fname in missing
                ]
            )
        )
        for (company, fname), location in zip(missing, locations, strict=True):
            # Valued by ``write`` to the warranty cost account.
            company.sudo()[fname] = location

    def _aftersales_sync_warranty_location(self):
        """Value the warranty repairs location to the company's warranty cost account, in and out."""
        for company in self:
            location = company.sudo().aftersales_warranty_location_id
            account = company.aftersales_warranty_cost_account_id
            if location and (location.valuation_in_account_id, location.valuation_out_account_id) != (account, account):
                location.write({"valuation_in_account_id": account.id, "valuation_out_account_id": account.id})

    def _aftersales_create_warranty_cost_account(self):
        """Give the companies with a chart of accounts and no warranty cost or absorbed service cost account
        their *Warranty cost* and *Absorbed service cost* accounts."""
        names = {
            "aftersales_warranty_cost_account_id": ("warranty_cost_account", _("Warranty cost")),
            "aftersales_absorbed_cost_account_id": ("absorbed_cost_account", _("Absorbed service cost")),
        }
        for company in self.filtered("chart_template"):
            for fname, (key, name) in names.items():
                if company[fname]:
                    continue
                xmlid = f"aftersales_service_stock.{key}_company_{company.id}"
                account = self.env.ref(xmlid, raise_if_not_found=False)
                if not account:
                    account = company._aftersales_new_warranty_cost_account(name)
                    if not account:
                        continue
                    # Ours: Odoo deletes it with the add-on, unless journal items use it.
                    self.env["ir.model.data"].sudo()._update_xmlids(
                        [{"xml_id": xmlid, "record": account, "noupdate": True}]
                    )
                company.sudo()[fname] = account

    def _aftersales_new_warranty_cost_account(self, name):
        """A new expense account named ``name``, numbered after the default expense account of the company's
        products (else its first expense account); nothing without expense accounts."""
        self.ensure_one()
        # Accounting configuration, created whoever installs the add-on or loads the chart.
        Account = self.env["account.account"].sudo().with_company(self)
        Category = self.env["product.category"].sudo().with_company(self)
        reference = Category._fields["property_account_expense_categ_id"].get_company_dependent_fallback(Category)
        reference = reference or Account.search(
            [*Account._check_company_domain(self), ("account_type", "=", "expense")], limit=1
        )
        if not reference:
            return Account
        return Account.create(
            {
                "name": name,
                "code": Account._search_new_account_code(reference.with_company(self).code),
                "account_type": "expense",
                "company_ids": [Command.link(self.id)],
            }
        )
