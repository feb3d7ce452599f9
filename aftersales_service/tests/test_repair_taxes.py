from odoo import Command
from odoo.tests import tagged

from .common import RepairCommon


@tagged("post_install", "-at_install")
class TestRepairTaxTotals(RepairCommon):
    """Quotation totals come from Odoo's tax engine, so the invoice charges exactly what was quoted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vat_15 = cls.env["account.tax"].create(
            {"name": "VAT 15%", "amount": 15.0, "amount_type": "percent", "type_tax_use": "sale"}
        )
        cls.vat_15_included = cls.env["account.tax"].create(
            {
                "name": "VAT 15% incl.",
                "amount": 15.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "price_include_override": "tax_included",
            }
        )
        cls.env.company.aftersales_repair_requires_payment = False

    def _quote_and_invoice(self, rounding, tax, prices):
        """Quote ``prices`` with ``tax`` under ``rounding``, accept and invoice; return both totals."""
        self.env.company.tax_calculation_rounding_method = rounding
        repair = self._repair(self.unit_expired)
        repair.write(
            {
                "line_ids": [
                    Command.create(
                        {
                            "line_type": "part",
                            "name": f"Part {i}",
                            "price_unit": price,
                            "tax_ids": [Command.set(tax.ids)],
                        }
                    )
                    for i, price in enumerate(prices)
                ]
            }
        )
        repair.action_receive()
        repair.write({"state": "approved", "quote_state": "accepted"})
        repair.action_create_invoice()
        invoice = repair.sudo().invoice_ids
        self.assertAlmostEqual(
            repair.tax_totals["total_amount_currency"], repair.amount_total, places=2, msg="the widget shows the total"
        )
        return (repair.amount_untaxed, repair.amount_tax, repair.amount_total), (
            invoice.amount_untaxed,
            invoice.amount_tax,
            invoice.amount_total,
        )

    def test_quotation_equals_invoice_under_both_roundings(self):
        # Three lines of 1.05 at 15%: 0.1575 of tax each, 0.16 rounded per
        # line (0.48) but 0.47 rounded globally.
        per_line_quote, per_line_invoice = self._quote_and_invoice("round_per_line", self.vat_15, [1.05] * 3)
        global_quote, global_invoice = self._quote_and_invoice("round_globally", self.vat_15, [1.05] * 3)
        self.assertEqual(per_line_quote, (3.15, 0.48, 3.63))
        self.assertEqual(per_line_invoice, per_line_quote)
        self.assertEqual(global_quote, (3.15, 0.47, 3.62))
        self.assertEqual(global_invoice, global_quote)

    def test_price_included_tax_under_both_roundings(self):
        for rounding in ("round_per_line", "round_globally"):
            with self.subTest(rounding=rounding):
                quote, invoice = self._quote_and_invoice(rounding, self.vat_15_included, [1.05, 2.35, 7.99])
                self.assertEqual(quote[2], 11.39, "price-included taxes keep the prices as quoted")
                self.assertEqual(invoice, quote)

    def test_quotation_pdf_shows_the_tax_summary(self):
        repair = self._repair(self.unit_expired)
        self._add_lines(repair)
        repair.action_receive()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("aftersales_service.action_report_repair_quotation", repair.ids)[0]
            .decode()
        )
        self.assertIn("o_total_table", html)
        self.assertIn(self.tax_sale_a.tax_group_id.name, html, "taxes are grouped as on a sale quotation")
