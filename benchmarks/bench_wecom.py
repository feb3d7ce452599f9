"""WeCom callbacks through the real route under --workers: acknowledged fast, nothing lost or duplicated, drained
by the job, even when the workers are killed in the middle.

Starts a local stand-in of WeCom (the tests' one) and points a new WeCom account at it, starts Odoo with
--workers N and one cron worker, and has --customers WeChat users write --events messages in all: each message
is queued on the stand-in's kf/sync_msg, then announced by an encrypted callback posted to the route from
--clients concurrent clients; a tenth of the callbacks is posted again, encrypted anew (WeCom retries what it
believes lost). With --kill, every Odoo worker is killed (SIGKILL) once the callbacks are in, while the job drains
them; the server starts new ones.

Prints the acknowledgement latencies (p50, p95, max), the callbacks stored (lost, duplicated), the messages that
reached the requests (lost, duplicated), and the rate at which the job drained the callbacks. Run with
scripts/bench.sh wecom [--events 1000] [--workers 2] [--kill] (its own database).
"""

import concurrent.futures
import os
import signal
import time
from contextlib import closing
from datetime import datetime
from types import SimpleNamespace
from urllib.parse import urlencode

import psutil
import requests
from common import environment, parse_args
from soak import connect, free_port, odoo_server, percentile, wait_until_ready

import odoo

AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"


def options(parser):
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--customers", type=int, default=100)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kill", action="store_true", help="kill every Odoo worker once the callbacks are in")
    parser.add_argument(
        "--backlog",
        action="store_true",
        help="hold the job until every callback is in, then time the drain of the whole backlog",
    )
    parser.add_argument("--odoo-src", default=os.environ.get("ODOO_SRC", "/opt/odoo"))
    parser.add_argument("--data-dir", default=os.environ.get("ODOO_DATA_DIR", ".odoo-data"))


def prepare(database, standin, run):
    """A WeCom account on the stand-in; returns (account id, callback path)."""
    with environment(database) as env:
        # The accounts of earlier runs point at stand-ins that are gone: their leftovers would fail in the log.
        env["aftersales.wecom.account"].with_context(active_test=False).search(
            [("name", "=like", "Bench WeCom %")]
        ).unlink()
        account = env["aftersales.wecom.account"].create(
            {
                "name": f"Bench WeCom {run}",
                "corp_id": standin.corp_id,
                "secret": standin.secret,
                "token": f"token{run}",
                "encoding_aes_key": AES_KEY,
                "open_kfid": standin.open_kfid,
                "api_base_url": standin.url,
            }
        )
        result = account.id, account.webhook_uuid, env.ref("aftersales_service_wecom.ir_cron_wecom_jobs").id
        env.cr.commit()
    odoo.sql_db.close_all()
    return result


def post(url, query, body):
    started = time.perf_counter()
    response = requests.post(f"{url}?{urlencode(query)}", data=body.encode(), timeout=60)
    return time.perf_counter() - started, response.status_code, response.text


def kill_workers(server):
    """SIGKILL every child of the Odoo server (HTTP, cron and gevent workers); returns how many."""
    children = psutil.Process(server.pid).children()
    for child in children:
        os.kill(child.pid, signal.SIGKILL)
    return len(children)


def main():
    args = parse_args(__doc__, options)
    from odoo.addons.aftersales_service_wecom.tests.wecom_standin import WeComStandIn  # once the addons path is set

    run = datetime.now().strftime("%H%M%S")
    standin = WeComStandIn(f"wwbench{run}", "bench-secret", f"token{run}", AES_KEY, f"wkbench{run}").start()
    account_id, webhook, cron_id = prepare(args.database, standin, run)
    callbacks = []
    for index in range(args.events):
        event = standin.customer_says(f"wmbench{run}{index % args.customers:04d}", content=f"消息 {index}")
        callbacks.append(event)
    retries = callbacks[::10]
    # Each callback posted once more, encrypted anew, as WeCom's retries are.
    envelopes = [standin.crypto.envelope(event) for event in callbacks + retries]
    port = free_port()
    server_args = SimpleNamespace(
        odoo_src=args.odoo_src,
        addons_path=args.addons_path,
        db_args=args.db_args,
        database=args.database,
        data_dir=args.data_dir,
    )
    url = f"http://127.0.0.1:{port}"
    killed = 0
    log = f"{args.data_dir}/bench_wecom.log"
    with odoo_server(server_args, port, log, args.workers, 1) as process:
        wait_until_ready(url, process)
        callback_url = f"{url}/aftersales/wecom/callback/{webhook}"
        conn = connect(args.database, args.db_args)
        conn.autocommit = True
        if args.backlog:
            with conn.cursor() as cr:
                cr.execute("UPDATE ir_cron SET active = false WHERE id = %s", [cron_id])
        started = time.time()
        with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
            answers = list(pool.map(lambda envelope: post(callback_url, *envelope), envelopes))
        sent = time.time() - started
        if args.kill:
            killed = kill_workers(process)
        with conn.cursor() as cr:
            if args.backlog:
                cr.execute("UPDATE ir_cron SET active = true WHERE id = %s", [cron_id])
                cr.execute(
                    "INSERT INTO ir_cron_trigger (cron_id, call_at) VALUES (%s, now() at time zone 'UTC')", [cron_id]
                )
                # The cron workers listen on the "postgres" database, as Odoo notifies them.
                with closing(connect("postgres", args.db_args)) as notify:
                    notify.autocommit = True
                    notify.cursor().execute("SELECT pg_notify('cron_trigger', %s)", [args.database])
                released = time.time()
            deadline = time.time() + 600
            while time.time() < deadline:
                cr.execute(
                    "SELECT count(*) FILTER (WHERE state = 'queued'), count(*) FILTER (WHERE event_key IS NOT NULL) "
                    "FROM aftersales_wecom_job WHERE kind = 'callback' AND account_id = %s",
                    [account_id],
                )
                queued, stored = cr.fetchone()
                if not queued:
                    break
                time.sleep(0.2)
            drained = time.time()
            cr.execute(
                "SELECT min(create_date), max(done_date), count(*) FILTER (WHERE state = 'done'), "
                "count(*) FILTER (WHERE state = 'failed') FROM aftersales_wecom_job WHERE account_id = %s",
                [account_id],
            )
            first, last, done, failed = cr.fetchone()
            cr.execute(
                "SELECT count(*), count(DISTINCT msgid) FROM aftersales_wecom_message "
                "WHERE account_id = %s AND direction = 'in' AND mail_message_id IS NOT NULL",
                [account_id],
            )
            taken, distinct = cr.fetchone()
            cr.execute(
                "SELECT count(*) FROM mail_message m JOIN aftersales_wecom_identity i ON i.partner_id = m.author_id "
                "WHERE i.account_id = %s AND m.model = 'aftersales.request'",
                [account_id],
            )
            posted = cr.fetchone()[0]
            cr.execute(
                "SELECT count(*) FROM aftersales_request r JOIN aftersales_wecom_identity i "
                "ON i.id = r.wecom_identity_id WHERE i.account_id = %s",
                [account_id],
            )
            requests_opened = cr.fetchone()[0]
    standin.stop()
    latencies = [latency for latency, _status, _text in answers]
    refused = [(status, text) for _latency, status, text in answers if status != 200 or text != "success"]
    print(
        f"{len(callbacks)} callbacks and {len(retries)} retries posted in {sent:.1f} s by {args.clients} clients, "
        f"--workers {args.workers}" + (f"; then {killed} worker processes killed" if args.kill else "")
    )
    print(
        f"acknowledgement: p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms; refused {len(refused)}"
    )
    print(
        f"stored {stored} callbacks for {len(callbacks)} distinct: lost {len(callbacks) - stored}, "
        f"duplicated {max(stored - len(callbacks), 0)}; done {done}, failed {failed}, still queued {queued}"
    )
    print(
        f"messages on requests: {posted} of {args.events} (lost {args.events - distinct}, "
        f"duplicated {posted - distinct}); taken {taken}, {requests_opened} requests for {args.customers} customers"
    )
    if args.backlog:
        seconds = drained - released
        print(f"backlog of {done} callbacks drained in {seconds:.1f} s once the job was let go: {done / seconds:.0f}/s")
    elif first and last:
        seconds = max((last - first).total_seconds(), 0.001)
        print(f"drained {done} callbacks in {seconds:.1f} s from the first stored: {done / seconds:.0f} callbacks/s")


if __name__ == "__main__":
    main()
