from odoo import fields, models

# A font installed on the server, so that wkhtmltopdf embeds the documents' text instead of drawing it
# (it draws web fonts, Lato included, as paths): Simplified-Chinese glyphs and Latin ones.
SYSTEM_FONT = "Noto Sans CJK SC"


class ResCompany(models.Model):
    _inherit = "res.company"

    font = fields.Selection(
        selection_add=[(SYSTEM_FONT, "Noto Sans CJK SC (Chinese, installed on the server)")],
        ondelete={SYSTEM_FONT: "set default"},
    )
    aftersales_pdf_letterhead = fields.Boolean(
        string="Letterhead on Every Page",
        help="Lay the company's letterhead (logo, name, address, service hotline, tax ID) and the page "
        "numbers over every page of its quotations, service reports and invoices. For wkhtmltopdf builds "
        "that print no header or footer (Debian's); the paper format keeps room for them.",
    )
