import io
import logging
import os
import subprocess
import tempfile

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools.image import image_data_uri

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

from ..tools import pdf_letterhead

_logger = logging.getLogger(__name__)

# How long wkhtmltopdf waits for the scripts of a stamped document, in milliseconds, instead of Odoo's
# report.print_delay (1000): their pages run no script and load no web font, but the page needs a moment.
STAMPED_SCRIPT_DELAY = 100

# The documents a customer keeps: they get the letterhead and page numbers on every page.
LETTERHEAD_REPORTS = {
    "aftersales_service.report_repair_quotation",
    "aftersales_service.report_service_report",
    "account.report_invoice",
    "account.report_invoice_with_payments",
}


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Lay the letterhead and "page x of y" over each document of a company that asks for it.

        Each record's own stream is stamped (its pages counted alone), before Odoo saves it as an
        attachment and merges the batch; a stream read back from a saved attachment was stamped already.
        """
        if self.env.context.get("aftersales_letterhead_inner"):
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        report = self._get_report(report_ref)
        if report.report_name not in LETTERHEAD_REPORTS:
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        this = self.with_context(aftersales_letterhead_inner=True)
        companies = self.env[report.model].browse(res_ids or []).company_id
        if len(companies) == 1:
            # The documents of one company on its own paper format (Odoo takes the current company's).
            this = this.with_company(companies)
        if companies and all(companies.mapped("aftersales_pdf_letterhead")):
            this = this.with_context(aftersales_stamped_documents=True)
        streams = super(IrActionsReport, this)._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        to_stamp = {
            record: vals
            for record in self.env[report.model].browse([res_id for res_id in streams if res_id])
            for vals in [streams[record.id]]
            if vals.get("stream")
            and not (vals.get("attachment") and report.attachment_use)
            and record.company_id.aftersales_pdf_letterhead
        }
        if to_stamp:
            self._aftersales_stamp_letterhead(to_stamp)
        return streams

    @api.model
    def _build_wkhtmltopdf_args(
        self, paperformat_id, landscape, specific_paperformat_args=None, set_viewport_size=False
    ):
        args = super()._build_wkhtmltopdf_args(
            paperformat_id,
            landscape,
            specific_paperformat_args=specific_paperformat_args,
            set_viewport_size=set_viewport_size,
        )
        if self.env.context.get("aftersales_stamped_documents") and "--javascript-delay" in args:
            delay = args.index("--javascript-delay") + 1
            args[delay] = str(min(int(args[delay]), STAMPED_SCRIPT_DELAY))
        return args

    def _aftersales_stamp_letterhead(self, streams):
        """Stamp ``{record: {"stream": BytesIO}}`` in place, with one wkhtmltopdf run for the whole batch."""
        by_size = {}
        for record, vals in streams.items():
            pdf = vals["stream"].getvalue()
            pages, size = pdf_letterhead.count_pages(pdf)
            by_size.setdefault(size, []).append((record, pdf, pages))
        for size, documents in by_size.items():
            letterhead = self._aftersales_render_letterhead(documents, size)
            first_page = 0
            for record, pdf, pages in documents:
                streams[record]["stream"].close()
                streams[record]["stream"] = io.BytesIO(pdf_letterhead.stamp(pdf, letterhead, first_page=first_page))
                first_page += pages

    def _aftersales_letterhead_pages(self, record, pages):
        """The values of the letterhead pages of ``record``'s document of ``pages`` pages, in its language."""
        partner = record.partner_id if "partner_id" in record._fields else record.env["res.partner"]
        company = record.company_id.sudo()
        lang = partner.lang or company.partner_id.lang or self.env.lang
        self_lang = self.with_context(lang=lang)
        return [
            {
                "company": company.with_context(lang=lang),
                "logo": image_data_uri(company.logo) if company.logo else False,
                "page_label": self_lang.env._("Page %(page)s of %(pages)s", page=page, pages=pages),
                "hotline_label": self_lang.env._("Service hotline"),
                "vat_label": self_lang.env._("Unified social credit code")
                if company.account_fiscal_country_id.code == "CN"
                else self_lang.env._("Tax ID"),
            }
            for page in range(1, pages + 1)
        ]

    def _aftersales_render_letterhead(self, documents, size):
        """One PDF of the letterhead pages of all ``documents`` ((record, pdf, pages)), in order, on paper of
        ``size`` (width, height in points).

        wkhtmltopdf renders it as it renders the documents, so that its fonts are embedded the same way; it
        is called directly, without the reports' JavaScript delay, on a page without margins.
        """
        pages = [page for record, _pdf, count in documents for page in self._aftersales_letterhead_pages(record, count)]
        width, height = size
        html = self.env["ir.qweb"]._render(
            "aftersales_service_cn.report_letterhead_pages",
            {
                "pages": pages,
                # A pixel short of the page, so that rounding never spills a page onto the next.
                "page_style": "width: %dpx; height: %dpx;"
                % (width * pdf_letterhead.PIXELS_PER_POINT, height * pdf_letterhead.PIXELS_PER_POINT - 1),
            },
        )
        with tempfile.TemporaryDirectory(prefix="aftersales_letterhead") as folder:
            source, target = os.path.join(folder, "letterhead.html"), os.path.join(folder, "letterhead.pdf")
            with open(source, "w", encoding="utf-8") as handle:
                handle.write(f"<!DOCTYPE html>\n{html}")
            command = [
                _get_wkhtmltopdf_bin(),
                "--disable-local-file-access",
                "--quiet",
                *("--page-width", f"{width * 25.4 / 72:.2f}mm", "--page-height", f"{height * 25.4 / 72:.2f}mm"),
                *("--margin-top", "0", "--margin-bottom", "0", "--margin-left", "0", "--margin-right", "0"),
                source,
                target,
            ]
            process = subprocess.run(command, capture_output=True, check=False, timeout=120)
            if process.returncode not in (0, 1) or not os.path.exists(target):
                _logger.error("wkhtmltopdf failed on the letterhead: %s", process.stderr.decode(errors="replace"))
                raise UserError(_("The letterhead of the document could not be rendered (wkhtmltopdf failed)."))
            with open(target, "rb") as handle:
                letterhead = handle.read()
        if pdf_letterhead.count_pages(letterhead)[0] != len(pages):
            raise UserError(_("The letterhead of the document could not be laid out on every page."))
        return letterhead
