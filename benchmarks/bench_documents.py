"""Documents benchmark: sending a quotation, and rendering its PDF against Odoo's own sale.order PDF.

1. Send. ``action_send_quote`` on N quotations, the desk's click (target: at most 0.3 s each), then the
   queued job that renders each PDF and emails it (``aftersales.quote.mail._cron_send``). For reference,
   the former synchronous send (the mail template posted with its PDF at the click).
2. PDF. The quotation of a company on the Chinese chart (A4, letterhead stamped, Noto Sans CJK SC, 10
   lines) against Odoo's ``sale.order`` PDF with the same 10 lines, same company, R times each, interleaved,
   in one run (target: at most 1.0 times). Also the quotation without the letterhead.

wkhtmltopdf fetches the reports' style sheets over HTTP: the script serves the database with an Odoo server
of its own on a free port. The records are rolled back at the end. Run with
scripts/bench.sh documents [--sends N] [--renders R] (its own database, with sale and aftersales_service_cn).
"""

import base64
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

from common import environment, measure, parse_args

from odoo import Command
from odoo.tools import file_open

LINES = 10


def options(parser):
    parser.add_argument("--sends", type=int, default=10)
    parser.add_argument("--renders", type=int, default=5)


def serve(database):
    """An Odoo server on a free port for wkhtmltopdf's style-sheet requests; returns (process, url)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    odoo_bin = os.path.join(os.environ["ODOO_SRC"], "odoo-bin")
    command = [sys.executable, odoo_bin, f"--addons-path={os.environ['ODOO_ADDONS_PATH']}"]
    command += os.environ.get("ODOO_DB_ARGS", "").split()
    command += ["-d", database, "--http-interface=127.0.0.1", f"--http-port={port}", "--max-cron-threads=0"]
    command += ["--log-level=warn"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _attempt in range(120):
        try:
            urllib.request.urlopen(f"{url}/web/login", timeout=2)
            return process, url
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("the benchmark's Odoo server did not start")


def chinese_company(env):
    company = env["res.company"].search([("name", "=", "Bench 深圳文档测试有限公司")], limit=1)
    if not company:
        company = env["res.company"].create(
            {
                "name": "Bench 深圳文档测试有限公司",
                "country_id": env.ref("base.cn").id,
                "currency_id": env.ref("base.CNY").id,
                "street": "南山区科技园科苑路 15 号",
                "city": "深圳市",
                "vat": "91440300MA5FTL2X8K",
                "aftersales_hotline": "400-860-3300",
                "logo": base64.b64encode(file_open("aftersales_service/demo/lantuo_logo.png", "rb").read()),
            }
        )
        env["account.chart.template"].try_loading("cn", company, install_demo=False)
        env.cr.commit()
    company.write(
        {
            "font": "Noto Sans CJK SC",
            "paperformat_id": env.ref("aftersales_service_cn.paperformat_a4_letterhead").id,
            "aftersales_pdf_letterhead": True,
        }
    )
    return company


def setup(env, company, sends):
    env = env(context=dict(env.context, allowed_company_ids=company.ids))
    env.user.company_ids |= company
    customer = env["res.partner"].create({"name": "Bench 文档客户有限公司", "is_company": True, "lang": "en_US"})
    products = env["product.product"].create(
        [{"name": f"Bench part {n}", "type": "consu", "lst_price": 100.0 + n} for n in range(LINES)]
    )
    device = env["product.product"].create({"name": "Bench device", "aftersales_serviceable": True})
    Team = env["aftersales.team"]
    team = Team.search([("name", "=", "Bench documents team"), ("company_id", "=", company.id)]) or Team.create(
        {"name": "Bench documents team", "company_id": company.id}
    )
    repairs = (
        env["aftersales.repair"]
        .with_company(company)
        .create(
            [
                {"company_id": company.id, "partner_id": customer.id, "team_id": team.id, "product_id": device.id}
                for _n in range(sends + 1)
            ]
        )
    )
    repairs.action_receive()
    repairs.write(
        {"line_ids": [Command.create({"line_type": "part", "product_id": p.id, "quantity": 1}) for p in products]}
    )
    order = (
        env["sale.order"]
        .with_company(company)
        .create(
            {
                "company_id": company.id,
                "partner_id": customer.id,
                "order_line": [Command.create({"product_id": p.id, "product_uom_qty": 1}) for p in products],
            }
        )
    )
    return env, repairs, order


def render(env, report, record):
    start = time.perf_counter()
    pdf = env["ir.actions.report"]._render_qweb_pdf(report, record.ids)[0]
    assert pdf.startswith(b"%PDF"), report
    return time.perf_counter() - start


def main():
    args = parse_args(__doc__, options)
    server, url = serve(args.database)
    results = {}
    try:
        with environment(args.database) as env:
            cr = env.cr
            company = chinese_company(env)
            env["ir.config_parameter"].set_param("report.url", url)
            env, repairs, order = setup(env, company, args.sends)
            reference, repairs = repairs[0], repairs[1:]
            n = args.sends

            template = env.ref("aftersales_service.mail_template_repair_quotation")
            with measure(cr, "former send: mail posted with its PDF at the click", results):
                reference.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
            with measure(cr, f"send: action_send_quote x{n}", results, per=n):
                for repair in repairs:
                    repair.action_send_quote()
            with measure(cr, f"queued job: PDF rendered and emailed x{n}", results, per=n):
                Queue = env["aftersales.quote.mail"]
                sent = 0
                while Queue.search_count([("state", "=", "queued")]):
                    sent += Queue._cron_send()
            assert sent == n, sent

            quotation = "aftersales_service.action_report_repair_quotation"
            timings = {"quotation (letterhead)": [], "sale.order": [], "quotation (no letterhead)": []}
            render(env, quotation, reference)  # warm-up: assets, fonts, templates
            render(env, "sale.action_report_saleorder", order)
            for _round in range(args.renders):
                timings["quotation (letterhead)"].append(render(env, quotation, reference))
                timings["sale.order"].append(render(env, "sale.action_report_saleorder", order))
            # Writing on the company clears Odoo's caches: the setting is switched once, then warmed up again.
            company.aftersales_pdf_letterhead = False
            render(env, quotation, reference)
            for _round in range(args.renders):
                timings["quotation (no letterhead)"].append(render(env, quotation, reference))
            for label, values in timings.items():
                print(
                    f"PDF {label:<30} min {min(values):6.3f} s   median {statistics.median(values):6.3f} s"
                    f"   ({len(values)} renders, {LINES} lines)"
                )
            ratio = statistics.median(timings["quotation (letterhead)"]) / statistics.median(timings["sale.order"])
            send = results[f"send: action_send_quote x{n}"]["seconds"] / n
            print(f"send per quotation: {send:.3f} s (target <= 0.3)")
            print(f"quotation with letterhead / sale.order PDF (medians): {ratio:.2f} (target <= 1.0)")
            cr.rollback()
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
