"""Kuaidi100 pushes through the real route under --workers: acknowledged fast, nothing lost or duplicated,
drained by the job.

Prepares --parcels repair orders with an inbound tracking number (no Kuaidi100 key: nothing is called
outside), starts Odoo with --workers N and one cron worker, and posts --pushes signed pushes (each parcel's
route growing one event a push) from --clients concurrent clients, plus a tenth of them again (Kuaidi100
retries what it believes lost). Prints the acknowledgement latencies (p50, p95, max), the pushes stored
(lost, duplicated), the events stored against those expected, and the rate at which the job drained the
backlog. Run with scripts/bench.sh tracking [--pushes 1000] [--workers 2] (its own database).
"""

import concurrent.futures
import os
import time
from datetime import datetime, timedelta
from types import SimpleNamespace

import requests
from common import environment, parse_args
from soak import connect, free_port, odoo_server, percentile, wait_until_ready

import odoo


def options(parser):
    parser.add_argument("--pushes", type=int, default=1000)
    parser.add_argument("--parcels", type=int, default=100)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--odoo-src", default=os.environ.get("ODOO_SRC", "/opt/odoo"))
    parser.add_argument("--data-dir", default=os.environ.get("ODOO_DATA_DIR", ".odoo-data"))


def prepare(database, parcels, run):
    """Repair orders with an inbound tracking number each; returns (salt, webhook, numbers, company id)."""
    with environment(database) as env:
        company = env.company
        company.sudo().aftersales_kuaidi100_key = False
        partner = env["res.partner"].create({"name": f"Bench tracking customer {run}", "phone": "+86 20 1234 5678"})
        product = env["product.product"].create(
            {"name": f"Bench tracking device {run}", "aftersales_serviceable": True}
        )
        numbers = [f"SFB{run}{n:05d}" for n in range(parcels)]
        env["aftersales.repair"].create(
            [{"partner_id": partner.id, "product_id": product.id, "inbound_tracking_ref": number} for number in numbers]
        )
        salt, webhook = company.sudo().aftersales_kuaidi100_salt, company.sudo().aftersales_kuaidi100_webhook
        company_id = company.id
        env.cr.commit()
    odoo.sql_db.close_all()
    return salt, webhook, numbers, company_id


def pushes(salt, numbers, count):
    """``count`` signed pushes, round-robin over the parcels, each route one event longer than the last."""
    from odoo.addons.aftersales_service_tracking.tools.kuaidi100 import dumps, sign  # once the addons path is set

    start = datetime(2026, 12, 1, 8, 0)
    forms = []
    for index in range(count):
        number = numbers[index % len(numbers)]
        length = index // len(numbers) + 1
        events = [
            {
                "time": str(start + timedelta(hours=n)),
                "ftime": str(start + timedelta(hours=n)),
                "context": f"第{n + 1}站 到达",
            }
            for n in range(length)
        ]
        last = {"state": "0", "ischeck": "0", "com": "shunfeng", "nu": number, "data": events[::-1]}
        param = dumps({"status": "polling", "message": "", "lastResult": last})
        forms.append({"param": param, "sign": sign(param, salt)})
    return forms


def post(url, form):
    started = time.perf_counter()
    response = requests.post(url, data=form, timeout=60)
    return time.perf_counter() - started, response.status_code, response.json().get("result")


def main():
    args = parse_args(__doc__, options)
    run = datetime.now().strftime("%H%M%S")
    salt, webhook, numbers, company_id = prepare(args.database, args.parcels, run)
    forms = pushes(salt, numbers, args.pushes)
    retries = forms[::10]
    port = free_port()
    server_args = SimpleNamespace(
        odoo_src=args.odoo_src,
        addons_path=args.addons_path,
        db_args=args.db_args,
        database=args.database,
        data_dir=args.data_dir,
    )
    url = f"http://127.0.0.1:{port}"
    with odoo_server(server_args, port, f"{args.data_dir}/bench_tracking.log", args.workers, 1) as process:
        wait_until_ready(url, process)
        push_url = f"{url}/aftersales/kuaidi100/push/{webhook}"
        started = time.time()
        with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
            answers = list(pool.map(lambda form: post(push_url, form), forms + retries))
        sent = time.time() - started
        conn = connect(args.database, args.db_args)
        conn.autocommit = True
        with conn.cursor() as cr:
            deadline = time.time() + 600
            while time.time() < deadline:
                cr.execute(
                    "SELECT count(*) FILTER (WHERE state = 'queued'), count(*) FROM aftersales_parcel_job "
                    "WHERE kind = 'push' AND company_id = %s AND payload LIKE %s",
                    [company_id, f"%SFB{run}%"],
                )
                queued, stored = cr.fetchone()
                if not queued:
                    break
                time.sleep(1)
            cr.execute(
                "SELECT min(create_date), max(done_date), count(*) FILTER (WHERE state = 'done') "
                "FROM aftersales_parcel_job WHERE kind = 'push' AND payload LIKE %s",
                [f"%SFB{run}%"],
            )
            first, last, done = cr.fetchone()
            cr.execute(
                "SELECT count(*) FROM aftersales_parcel_event e JOIN aftersales_parcel p ON p.id = e.parcel_id "
                "WHERE p.tracking_number LIKE %s",
                [f"SFB{run}%"],
            )
            events = cr.fetchone()[0]
    latencies = [latency for latency, _status, _ok in answers]
    refused = [(status, ok) for _latency, status, ok in answers if status != 200 or not ok]
    expected_events = len(numbers) * -(-args.pushes // len(numbers))
    print(
        f"{len(forms)} pushes and {len(retries)} retries posted in {sent:.1f} s by {args.clients} clients, "
        f"--workers {args.workers}"
    )
    print(
        f"acknowledgement: p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms; refused {len(refused)}"
    )
    print(
        f"stored {stored} pushes for {len(forms)} distinct: lost {len(forms) - stored}, "
        f"duplicated {max(stored - len(forms), 0)}"
    )
    print(f"events stored {events}, expected {expected_events}")
    if first and last:
        seconds = (last - first).total_seconds()
        print(f"drained {done} pushes in {seconds:.1f} s from the first stored: {done / seconds:.0f} pushes/s")


if __name__ == "__main__":
    main()
