import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from odoo import Command
from odoo.tests import tagged

from .common import ChineseRepairCommon

# Kangxi radicals and the CJK radicals supplement: what wkhtmltopdf's text layer says instead of ideographs.
RADICALS = re.compile("[\u2e80-\u2fdf]")


@tagged("post_install", "-at_install")
class TestChineseDocuments(ChineseRepairCommon):
    """The PDFs a Chinese customer receives, rendered by wkhtmltopdf and read back with poppler's tools."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for tool in ("wkhtmltopdf", "pdftotext", "pdfinfo", "pdffonts"):
            assert shutil.which(tool), f"{tool} is missing: scripts/setup.sh installs it"
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["account", "aftersales_service", "aftersales_service_cn"], ["zh_CN"]
        )
        cls.customer.lang = "zh_CN"
        cls.company.write(
            {
                "aftersales_pdf_letterhead": True,
                "font": "Noto Sans CJK SC",
                "paperformat_id": cls.env.ref("aftersales_service_cn.paperformat_a4_letterhead").id,
            }
        )
        cls.env.company.paperformat_id = cls.company.paperformat_id
        # wkhtmltopdf's requests for style sheets must not reach the test server, which waits for this very
        # transaction: a closed port (the PDF is produced, unstyled).
        cls.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")

    def _pdf(self, report, records):
        pdf = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, records.ids)[0]
        )
        folder = Path(tempfile.mkdtemp(prefix="aftersales_cn_test"))
        self.addCleanup(shutil.rmtree, folder)
        path = folder / "document.pdf"
        path.write_bytes(pdf)
        return path

    def _run(self, *command):
        return subprocess.run(command, capture_output=True, check=True, text=True).stdout

    def _pages(self, path):
        info = self._run("pdfinfo", str(path))
        self.assertIn("595 x 842 pts (A4)", info)
        count = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        return [
            self._run("pdftotext", "-f", str(page), "-l", str(page), str(path), "-") for page in range(1, count + 1)
        ]

    def test_quotation_pdf_text_letterhead_and_capitals(self):
        # Sixty lines: several pages. 59 x 20.00 + 147.00 = 1,327.00, without tax.
        repair = self._chinese_repair([(self.part, 1, 20.0)] * 59 + [(self.part, 1, 147.0)])
        repair.line_ids.tax_ids = [Command.clear()]
        self.assertEqual(repair.amount_total, 1327.0)
        repair.action_mark_quote_sent()
        path = self._pdf("aftersales_service.action_report_repair_quotation", repair)
        pages = self._pages(path)
        self.assertGreater(len(pages), 1, "sixty lines take more than one page")
        for number, text in enumerate(pages, start=1):
            with self.subTest(page=number):
                self.assertIn("深圳市测试仪器有限公司", text, "the letterhead is on every page")
                self.assertIn("统一社会信用代码", text)
                self.assertIn("91440300MA5FTL2X8K", text)
                self.assertIn("400-860-3300", text)
                self.assertRegex(text, rf"第\s*{number}\s*页\s*共\s*{len(pages)}\s*页")
                self.assertFalse(RADICALS.findall(text), "ideographs, not radicals, in the text layer")
        text = "".join(pages)
        self.assertIn(repair.name, text)
        self.assertIn("1,327.00", text)
        self.assertIn("20.00", text)
        self.assertIn("科苑路 15 号", text)
        self.assertIn("7559 0386 1210 802", text)
        self.assertIn("招商银行深圳科技园支行", text)
        self.assertIn("人民币壹仟叁佰贰拾柒元整", text)
        fonts = self._run("pdffonts", str(path)).splitlines()[2:]
        self.assertTrue(fonts, "the text is set in fonts, not drawn")
        for line in fonts:
            # name, type, encoding, then "emb sub uni" and the object: embedded, with its text map.
            embedded, _subset, text_map = re.search(
                r"(yes|no)\s+(yes|no)\s+(yes|no)\s+(?:\d+\s+\d+|\[none\])$", line
            ).groups()
            self.assertEqual((embedded, text_map), ("yes", "yes"), line)

    def test_invoice_pdf_is_a_bill_with_its_issuer(self):
        repair = self._chinese_repair([(self.part, 1, 1000.0)])
        repair.action_mark_quote_sent()
        self._attach_confirmation(repair)
        repair.action_accept_quote()
        invoice = repair._action_create_invoice()
        if invoice.state == "draft":
            invoice.action_post()
        pages = self._pages(self._pdf("account.account_invoices", invoice))
        text = "".join(pages)
        self.assertIn(f"账单 {invoice.name}", " ".join(text.split()))
        self.assertNotIn("发票", text, "not titled as an official fapiao")
        self.assertIn("深圳市测试仪器有限公司", text)
        self.assertIn("1,130.00", text)
        self.assertIn("人民币壹仟壹佰叁拾元整", text)
