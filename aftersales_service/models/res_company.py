from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_warranty_months = fields.Integer(
        string="Default Warranty (months)",
        default=12,
        help="Warranty period given to serviceable products that do not set their own.",
    )

    aftersales_repair_requires_payment = fields.Boolean(
        string="Repair Waits for Payment",
        default=True,
        help="Non-warranty repairs start only once the customer's payment is registered (R9).",
    )
    aftersales_hotline = fields.Char(
        string="Service Hotline",
        help="The after-sales hotline printed on quotations and repair documents (the company phone when empty).",
    )
    aftersales_quote_require_signature = fields.Boolean(
        string="Online Signature on Quotations",
        default=True,
        help="Customers accept repair quotations on the portal by signing them; otherwise a click suffices. "
        "A faxed or scanned confirmation attached by the service desk is accepted either way.",
    )
    aftersales_quote_validity_days = fields.Integer(
        string="Quotation Validity (days)",
        default=30,
        help="How long a non-warranty repair quotation stays valid.",
    )
    aftersales_post_repair_invoices = fields.Boolean(
        string="Desk Posts Repair Invoices",
        help="The invoice the service desk creates from a repair order is posted at once, so that the customer can "
        "pay it; otherwise it stays a draft and the invoicing responsible gets an activity to post it.",
    )
    aftersales_invoice_user_id = fields.Many2one(
        "res.users",
        string="Invoicing Responsible",
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("account.group_account_invoice").ids),
            ("share", "=", False),
        ],
        help="Who posts the draft invoices of repair orders (the first invoicing user when empty).",
    )
    aftersales_replacement_warranty_days = fields.Integer(
        string="Replacement Warranty (days)",
        default=90,
        help="A replacement unit is covered for at least this many days from its shipment, or for the original "
        "unit's remaining warranty when that ends later.",
    )
    aftersales_followup_all_resolved = fields.Boolean(
        string="Follow Up Every Resolved Customer",
        help="Each quarter, besides key accounts and major projects, plan a follow-up call to every customer "
        "with a service request resolved in the previous quarter (R16).",
    )

    _sql_constraints = [
        (
            "aftersales_warranty_months_positive",
            "CHECK(aftersales_warranty_months >= 0)",
            "The default warranty period cannot be negative.",
        ),
        (
            "aftersales_replacement_warranty_days_positive",
            "CHECK(aftersales_replacement_warranty_days >= 0)",
            "The replacement warranty cannot be negative.",
        ),
    ]

    def _aftersales_invoice_poster(self):
        """Who posts this company's draft repair invoices: its invoicing responsible, else its first active
        invoicing user."""
        self.ensure_one()
        if self.aftersales_invoice_user_id:
            return self.aftersales_invoice_user_id
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", self.env.ref("account.group_account_invoice").ids),
                    ("share", "=", False),
                    ("company_ids", "in", self.ids),
                ],
                order="id",
                limit=1,
            )
        )
