"""Soak benchmark: concurrent XML-RPC clients against Odoo in multi-process mode.

Starts Odoo with ``--workers`` and one cron worker on 127.0.0.1, prepares a
24/7 soak team with very short SLA targets (so that clocks breach and the
breach sweep, set to run every minute, has work), then lets N clients, each
with its own connection, run the whole life cycle for the given duration:
request -> escalation -> repair order -> receipt -> quotation line ->
quotation -> signed confirmation -> acceptance -> invoice -> posting ->
payment -> repair -> shipment. Every step is one timed XML-RPC call.

At the end it reads the database directly and prints:
- acknowledged against stored: records the clients were acknowledged that
  are missing or in an earlier state (lost);
- duplicates: SLA clocks per (policy, document), breach activities per
  (document, summary), invoices per repair order, payments per invoice;
- the breach sweep: runs, clocks flagged, activities created;
- errors by type and call, calls per second, p50 / p95 / max latency per call;
- from Odoo's log: process starts and restarts, DistributionNotFound,
  workers killed on timeout, errors and warnings.

It exits non-zero on any loss, duplicate, error, worker killed or
crash-looping process. Odoo is always stopped at the end, and the settings
it changed (the sweep's interval, report.url, crons that would call
outside) are put back.

wkhtmltopdf fetches the quotation PDF's style sheets from report.url:
rendering a PDF in a worker needs another idle worker when report.url is the
worker pool itself. By default report.url points at a second, threaded Odoo
(as README's "Running with several workers" advises); --no-report-server
points it at the soaked workers to show the jam.

Run with scripts/bench.sh soak [--duration S] [--clients N] [--workers N] [--port P].
"""

import base64
import http.client
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import xmlrpc.client
from collections import Counter, defaultdict
from contextlib import ExitStack, closing, contextmanager
from datetime import datetime, timedelta

import psycopg2
import requests
from common import environment, parse_args

import odoo

MARSHAL_NONE = "marshal None after commit"
SWEEP_XMLID = ("aftersales_sla", "ir_cron_sla_sweep")
BREACH_TYPE_XMLID = ("aftersales_sla", "mail_activity_type_sla_breach")
# Crons that would reach outside the machine (Odoo's publisher warranty).
OUTSIDE_CRON_XMLIDS = [("mail", "ir_cron_module_update_notification")]

# Order of the states each kind of record goes through; an acknowledged
# record stored in an earlier state (or in none of these) is lost.
STATE_ORDER = {
    "request": ["new", "in_progress", "escalated", "dispatched", "resolved", "closed"],
    "repair": ["draft", "received", "diagnosis", "quoted", "approved", "in_repair", "repaired", "shipped", "done"],
    "invoice": ["draft", "posted", "paid"],
    "payment": ["posted"],
    "line": ["stored"],
    "attachment": ["stored"],
}
# How each kind is read back: SQL returning (id, state) for the given ids.
STORED_STATE_SQL = {
    "request": "SELECT id, state FROM aftersales_request WHERE id = ANY(%s)",
    "repair": "SELECT id, state FROM aftersales_repair WHERE id = ANY(%s)",
    "invoice": """SELECT id, CASE WHEN state = 'posted' AND payment_state IN ('paid', 'in_payment') THEN 'paid'
                                  ELSE state END
                    FROM account_move WHERE id = ANY(%s)""",
    "payment": """SELECT id, CASE WHEN state IN ('in_process', 'paid') THEN 'posted' ELSE state END
                    FROM account_payment WHERE id = ANY(%s)""",
    "line": "SELECT id, 'stored' FROM aftersales_repair_line WHERE id = ANY(%s)",
    "attachment": "SELECT id, 'stored' FROM ir_attachment WHERE id = ANY(%s)",
}
# A tiny stand-in for the customer's signed quotation.
SIGNED_QUOTE = base64.b64encode(b"%PDF-1.4\n% signed quotation (soak)\n%%EOF\n").decode()


def options(parser):
    parser.add_argument("--duration", type=float, default=300, help="seconds of load (default 300)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent XML-RPC clients (default 20)")
    parser.add_argument("--workers", type=int, default=4, help="Odoo HTTP worker processes (default 4)")
    parser.add_argument("--port", type=int, default=0, help="HTTP port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--ramp-up", type=float, default=10, help="seconds over which the clients start")
    parser.add_argument("--max-calls", type=int, default=200000, help="stop after this many calls in all")
    parser.add_argument("--sla-hours", type=float, default=0.03, help="target of the soak SLA policies (hours)")
    parser.add_argument("--password", default="admin", help="admin password set on the soak database")
    parser.add_argument("--timeout", type=float, default=180, help="seconds before a call counts as timed out")
    parser.add_argument("--odoo-src", default=os.environ.get("ODOO_SRC", "/opt/odoo"))
    parser.add_argument("--data-dir", default=os.environ.get("ODOO_DATA_DIR", ".odoo-data"))
    parser.add_argument("--log", help="Odoo log file (default: DATA_DIR/soak.log)")
    parser.add_argument(
        "--cluster",
        action="store_true",
        help="soak the nodes scripts/cluster.sh started (its CLUSTER_* environment) instead of starting Odoo: the "
        "XML-RPC clients are split between the two app nodes, --portal-clients customers browse their pages over "
        "HTTP meanwhile, and the logs of the app nodes and of the cron node are read",
    )
    parser.add_argument("--portal-clients", type=int, default=4, help="with --cluster: customers browsing (default 4)")
    parser.add_argument(
        "--kill-node",
        type=float,
        metavar="SECONDS",
        help="with --cluster: SIGKILL app node 2 (its master, workers and gevent process) this many seconds into "
        "the load; its clients' calls fail and are sent to app node 1, and nothing may be lost or doubled",
    )
    parser.add_argument(
        "--no-report-server",
        dest="report_server",
        action="store_false",
        help="let wkhtmltopdf fetch the PDF style sheets from the workers themselves (report.url on the soak "
        "server): concurrent quotation PDFs then hold every worker and jam it; by default a second, threaded "
        "server serves them, as README's 'Running with several workers' advises",
    )


# ----------------------------------------------------------------------
# Odoo server
# ----------------------------------------------------------------------


def free_port():
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def set_admin_password(database, password):
    """Give admin a known password on the soak database (the only direct ORM write)."""
    logging.getLogger("odoo").setLevel(logging.WARNING)  # not the registry's loading
    with environment(database) as env:
        env.ref("base.user_admin").password = password
    odoo.sql_db.close_all()


@contextmanager
def odoo_server(args, port, log, workers, cron_workers):
    """Run Odoo on 127.0.0.1:``port`` for the block, logging to ``log``; always stop it.

    ``workers`` > 0 is the multi-process mode (HTTP workers, cron workers and
    the gevent process); 0 the threaded mode.
    """
    command = [
        sys.executable,
        os.path.join(args.odoo_src, "odoo-bin"),
        "--addons-path",
        args.addons_path,
        *args.db_args.split(),
        "--database",
        args.database,
        "--db-filter",
        f"^{re.escape(args.database)}$",
        "--data-dir",
        args.data_dir,
        "--http-interface",
        "127.0.0.1",
        "--http-port",
        str(port),
        "--gevent-port",
        str(free_port()),
        "--workers",
        str(workers),
        "--max-cron-threads",
        str(cron_workers),
        "--logfile",
        log,
        "--log-level",
        "info",
    ]
    os.makedirs(os.path.dirname(os.path.abspath(log)), exist_ok=True)
    open(log, "w").close()
    # A session of its own: a Ctrl-C in the terminal reaches only this
    # script, which then stops the server and all its workers.
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, start_new_session=True)
    print(f"Odoo (pid {process.pid}) on http://127.0.0.1:{port}, {workers} workers, {cron_workers} cron, log {log}")
    try:
        yield process
    finally:
        stop_server(process)


def stop_server(process, grace=60):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # graceful: workers finish their request
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            print(f"Odoo did not stop within {grace} s: killing it")
    try:
        os.killpg(process.pid, signal.SIGKILL)  # leftovers of its process group (gevent, workers)
    except ProcessLookupError:
        pass
    process.wait()
    print(f"Odoo stopped (exit code {process.returncode})")


def wait_until_ready(url, process, timeout=180):
    common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Odoo exited with code {process.returncode} while starting")
        try:
            return common.version()["server_version"]
        except (OSError, xmlrpc.client.ProtocolError, http.client.HTTPException):
            time.sleep(0.5)
    raise RuntimeError(f"Odoo did not answer on {url} within {timeout} s")


# ----------------------------------------------------------------------
# XML-RPC
# ----------------------------------------------------------------------


class TimeoutTransport(xmlrpc.client.Transport):
    def __init__(self, timeout):
        super().__init__()
        self.timeout = timeout

    def make_connection(self, host):
        connection = super().make_connection(host)
        connection.timeout = self.timeout
        return connection


class Rpc:
    """One connection to the object service, as one user."""

    def __init__(self, url, database, uid, password, timeout):
        self.proxy = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", transport=TimeoutTransport(timeout))
        self.database, self.uid, self.password = database, uid, password

    def __call__(self, model, method, *args, **kwargs):
        return self.proxy.execute_kw(self.database, self.uid, self.password, model, method, list(args), kwargs)


class FailoverRpc:
    """One client's connections to every app node: it calls one node until that node fails, then the next."""

    def __init__(self, urls, first, database, uid, password, timeout):
        self.urls = urls
        self.rpcs = [Rpc(url, database, uid, password, timeout) for url in urls]
        self.index = first % len(urls)

    @property
    def url(self):
        return self.urls[self.index]

    def __call__(self, model, method, *args, **kwargs):
        return self.rpcs[self.index](model, method, *args, **kwargs)

    def fail_over(self):
        """Use the next node; False when there is no other."""
        self.index = (self.index + 1) % len(self.rpcs)
        return len(self.rpcs) > 1


def classify(error):
    """A short, stable name for an error, for counting."""
    if isinstance(error, xmlrpc.client.Fault):
        text = str(error.faultString)
        if "cannot marshal None" in text:
            return MARSHAL_NONE
        kind = {2: "UserError", 3: "AccessDenied", 4: "AccessError"}.get(error.faultCode)
        if kind:
            summary = text.strip().splitlines()[0] if text.strip() else ""
        else:  # a server exception: the traceback's last line names it
            lines = [line for line in text.splitlines() if line.strip()]
            kind, _sep, summary = (lines[-1] if lines else "Fault").partition(": ")
        summary = re.sub(r"\d+", "N", summary)[:100]
        return f"Fault {kind}: {summary}" if summary else f"Fault {kind}"
    if isinstance(error, xmlrpc.client.ProtocolError):
        return f"ProtocolError {error.errcode} {error.errmsg}"
    if isinstance(error, TimeoutError):
        return "timeout"
    if isinstance(error, OSError | http.client.HTTPException):
        return f"connection error: {type(error).__name__}"
    return f"client error: {type(error).__name__}: {error}"


def error_text(error):
    """The message of an error on one line: a server traceback's last line, else its first."""
    text = str(getattr(error, "faultString", error)).strip()
    if isinstance(error, xmlrpc.client.Fault) and error.faultCode == 1:
        text = text.splitlines()[-1] if text else text
    return " ".join(text.split())[:240]


# ----------------------------------------------------------------------
# Preparation
# ----------------------------------------------------------------------


def xmlid_res_id(rpc, xmlid):
    module, name = xmlid
    rows = rpc("ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], fields=["res_id"])
    if not rows:
        raise RuntimeError(f"{module}.{name} not found")
    return rows[0]["res_id"]


def prepare(rpc, uid, args, report_url, restore):
    """Create the soak team, policies, customer and products; run the sweep every minute.

    Return the ids the clients need; ``restore`` receives the settings to put back.
    """
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    # Every hour of every day is working time: the clocks run as on a wall clock.
    attendances = [
        {
            "name": f"{day} {start}-{end}",
            "dayofweek": str(day),
            "hour_from": start,
            "hour_to": end,
            "day_period": period,
        }
        for day in range(7)
        for start, end, period in ((0, 12, "morning"), (12, 24, "afternoon"))
    ]
    calendar = rpc(
        "resource.calendar",
        "create",
        {"name": f"Soak 24/7 {stamp}", "tz": "UTC", "attendance_ids": [(0, 0, vals) for vals in attendances]},
    )
    team = rpc(
        "aftersales.team",
        "create",
        {
            "name": f"Soak team {stamp}",
            "team_type": "regional_office",
            "manager_id": uid,
            "member_ids": [(6, 0, [uid])],
            "resource_calendar_id": calendar,
        },
    )
    policies = {}
    for res_model, start, stop in (
        ("aftersales.request", "created", "resolved"),
        ("aftersales.repair", "received", "done"),
    ):
        name = f"Soak {res_model.split('.')[1]} {stamp}"
        policies[name] = rpc(
            "aftersales.sla.policy",
            "create",
            {
                "name": name,
                "res_model": res_model,
                "start_event": start,
                "stop_event": stop,
                "target_value": args.sla_hours,
                "target_unit": "hours",
                "team_ids": [(6, 0, [team])],
            },
        )
    no_tax = [(6, 0, [])]
    device = rpc(
        "product.product",
        "create",
        {"name": f"Soak device {stamp}", "list_price": 300.0, "taxes_id": no_tax, "aftersales_serviceable": True},
    )
    part = rpc("product.product", "create", {"name": f"Soak part {stamp}", "list_price": 40.0, "taxes_id": no_tax})
    # One customer per client, as at a service desk: concurrent quotations to
    # a single customer all rewrite its partner row (portal sign-up token on
    # notification) and mostly measure serialization retries.
    customers = rpc(
        "res.partner",
        "create",
        [
            {
                "name": f"Soak customer {stamp} #{number}",
                "is_company": True,
                "phone": "+86 755 8888 0000",
                "street": "1 Soak Road",
                "city": "Shenzhen",
            }
            for number in range(args.clients)
        ],
    )
    bank_or_cash = [("type", "in", ["bank", "cash"])]
    journals = rpc("account.journal", "search_read", bank_or_cash, fields=["name"], order="type, id", limit=1)
    if not journals:
        raise RuntimeError("No bank or cash journal in the soak database: is a chart of accounts installed?")

    # What is changed below is recorded first, so that it is put back even
    # when the preparation fails half-way.
    restore["report.url"] = rpc("ir.config_parameter", "get_param", "report.url")
    # wkhtmltopdf fetches the quotation's style sheets from this server, not from web.base.url.
    rpc("ir.config_parameter", "set_param", "report.url", report_url)
    sweep = xmlid_res_id(rpc, SWEEP_XMLID)
    (original,) = rpc("ir.cron", "read", [sweep], fields=["interval_number", "interval_type", "active"])
    restore["crons"][sweep] = {key: original[key] for key in ("interval_number", "interval_type", "active")}
    now = datetime.utcnow().strftime("%Y-%m-%d %H:%M:%S")
    every_minute = {"interval_number": 1, "interval_type": "minutes", "active": True, "nextcall": now}
    rpc("ir.cron", "write", [sweep], every_minute)
    for xmlid in OUTSIDE_CRON_XMLIDS:
        try:
            cron = xmlid_res_id(rpc, xmlid)
        except RuntimeError:
            continue
        (original,) = rpc("ir.cron", "read", [cron], fields=["active"])
        restore["crons"][cron] = {"active": original["active"]}
        rpc("ir.cron", "write", [cron], {"active": False})
    print(
        f"Prepared: team {team} on 24/7 calendar {calendar}, policies {sorted(policies.values())} "
        f"({args.sla_hours} h), sweep cron {sweep} every minute (was {restore['crons'][sweep]})"
    )
    return {
        "stamp": stamp,
        "uid": uid,
        "team": team,
        "policies": policies,
        "device": device,
        "part": part,
        "customers": customers,
        "journal": journals[0]["id"],
        "sweep": sweep,
    }


def restore_settings(rpc, restore):
    for cron, vals in restore["crons"].items():
        rpc("ir.cron", "write", [cron], vals)
    if "report.url" in restore:
        rpc("ir.config_parameter", "set_param", "report.url", restore["report.url"] or False)
    print(f"Restored: crons {restore['crons']}, report.url {restore.get('report.url')!r}")


# ----------------------------------------------------------------------
# Load
# ----------------------------------------------------------------------


class Budget:
    """The calls left to all clients together, and the end of the run."""

    def __init__(self, calls, seconds):
        self.calls = calls
        self.end = time.monotonic() + seconds
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def take(self):
        if self.stop.is_set() or time.monotonic() >= self.end:
            return False
        with self.lock:
            if self.calls <= 0:
                return False
            self.calls -= 1
            return True


class RunOver(Exception):
    """The run is over (duration, call budget or Ctrl-C): the client stops."""


class StepFailed(Exception):
    """A step failed: the client gives up this cycle and starts another."""


class Client(threading.Thread):
    def __init__(self, number, rpc, setup, budget):
        super().__init__(name=f"soak-client-{number}", daemon=True)
        self.number, self.rpc, self.setup, self.budget = number, rpc, setup, budget
        self.customer = setup["customers"][number % len(setup["customers"])]
        self.latencies = defaultdict(list)
        self.errors = Counter()  # (kind, call) -> count
        self.examples = {}
        self.acked = defaultdict(dict)  # kind -> {id: last acknowledged state}
        self.via_fault = set()  # (kind, id) whose last state came with a marshal-None fault
        self.cycles = Counter()
        self.failovers = Counter()  # (what the node did, call) -> count
        self.in_flight = None  # the call waiting for its answer

    def call(self, label, model, method, *args, done=None, **kwargs):
        """One call; when its node fails (a connection error), the same call on the next node.

        Creates carry a client reference and writes set values: sent again, they do nothing twice. A call that
        is not safe to send again (an action, a create without a key) gives ``done``: asked on the next node, it
        returns the result of the call if it went through before the node died (its answer lost), else None.
        """
        if not self.budget.take():
            raise RunOver
        start = time.perf_counter()
        failed_over = 0
        while True:
            self.in_flight = label
            try:
                result = self.rpc(model, method, *args, **kwargs)
                break
            except Exception as error:
                kind = classify(error)
                if kind.startswith("connection error") and failed_over < 2 and self.fail_over(kind, label):
                    failed_over += 1
                    found = self.went_through(label, done)
                    if found is not None:
                        result = found
                        break
                    continue
                self.errors[kind, label] += 1
                self.examples.setdefault(kind, f"{label}: {error_text(error)}")
                if kind == MARSHAL_NONE:
                    # The server committed, then could not send None back.
                    self.latencies[label].append(time.perf_counter() - start)
                    return MARSHAL_NONE
                raise StepFailed(kind) from error
            finally:
                self.in_flight = None
        self.latencies[label].append(time.perf_counter() - start)
        return result

    def fail_over(self, kind, label):
        fail_over = getattr(self.rpc, "fail_over", None)
        if not (fail_over and fail_over()):
            return False
        self.failovers[f"failed on its node ({kind}), sent to the next", label] += 1
        return True

    def went_through(self, label, done):
        """What ``done`` finds on the next node: the result of a call that went through, else None."""
        if done is None:
            return None
        try:
            found = done()
        except Exception as error:
            kind = classify(error)
            self.errors[kind, f"{label} (checking after a fail-over)"] += 1
            self.examples.setdefault(kind, f"{label}: {error_text(error)}")
            raise StepFailed(kind) from error
        if found is not None:
            self.failovers["had gone through: its answer was lost", label] += 1
        return found

    def reached(self, model, kind, record_id, state):
        """``done`` of an action: True if the record is in ``state`` or later."""
        (row,) = self.rpc(model, "read", [record_id], fields=["state"])
        order = STATE_ORDER[kind]
        return True if row["state"] in order and order.index(row["state"]) >= order.index(state) else None

    def first(self, model, domain):
        """``done`` of a create without a client reference: the record it made, if any."""
        found = self.rpc(model, "search", domain, limit=1)
        return found[0] if found else None

    def ack(self, kind, record_id, state, result=None):
        self.acked[kind][record_id] = state
        if result == MARSHAL_NONE:
            self.via_fault.add((kind, record_id))
        else:
            self.via_fault.discard((kind, record_id))

    def act(self, label, model, method, kind, record_id, state, **kwargs):
        done = lambda: self.reached(model, kind, record_id, state)  # noqa: E731
        result = self.call(label, model, method, [record_id], done=done, **kwargs)
        self.ack(kind, record_id, state, result)
        return result

    def run(self):
        n = 0
        while True:
            n += 1
            try:
                self.cycle(n)
                self.cycles["complete"] += 1
            except StepFailed:
                self.cycles["aborted"] += 1
            except RunOver:
                self.cycles["cut by the end of the run"] += 1
                return

    def cycle(self, n):
        s = self.setup
        ref = f"{self.number:02d}-{n:05d}"
        request = self.call(
            "request create",
            "aftersales.request",
            "create",
            {
                "subject": f"Soak fault {ref}",
                "request_type": "repair",
                "channel": "phone",
                "partner_id": self.customer,
                "product_id": s["device"],
                "purchase_date": "2020-03-01",
                "phone": "+86 755 8888 0000",
                "contact_address": "1 Soak Road, Shenzhen",
                "description": "<p>Does not power on after a firmware update.</p>",
                "team_id": s["team"],
                "project_manager_id": s["uid"],
                "client_reference": f"soak-{s['stamp']}-{ref}",
            },
        )
        self.ack("request", request, "new")
        self.act("request action_escalate", "aftersales.request", "action_escalate", "request", request, "escalated")

        repair = self.call(
            "repair create",
            "aftersales.repair",
            "create",
            {
                "partner_id": self.customer,
                "product_id": s["device"],
                "request_id": request,
                "team_id": s["team"],
                "client_reference": f"soak-{s['stamp']}-{ref}",
            },
        )
        self.ack("repair", repair, "draft")
        inbound = {"inbound_carrier": "SF Express", "inbound_tracking_ref": f"SF{ref}IN"}
        self.call("repair write inbound", "aftersales.repair", "write", [repair], inbound)
        self.act("repair action_receive", "aftersales.repair", "action_receive", "repair", repair, "received")
        line = self.call(
            "repair.line create",
            "aftersales.repair.line",
            "create",
            {"repair_id": repair, "line_type": "part", "product_id": s["part"], "quantity": 1, "price_unit": 40.0},
            done=lambda: self.first("aftersales.repair.line", [("repair_id", "=", repair)]),
        )
        self.ack("line", line, "stored")
        self.act("repair action_send_quote", "aftersales.repair", "action_send_quote", "repair", repair, "quoted")
        attachment = self.call(
            "attachment create",
            "ir.attachment",
            "create",
            {
                "name": f"signed-quotation-{ref}.pdf",
                "res_model": "aftersales.repair",
                "res_id": repair,
                "datas": SIGNED_QUOTE,
                "mimetype": "application/pdf",
            },
            done=lambda: self.first(
                "ir.attachment",
                [("res_model", "=", "aftersales.repair"), ("res_id", "=", repair), ("name", "=like", "signed-quot%")],
            ),
        )
        self.ack("attachment", attachment, "stored")
        confirmation = {"quote_confirmation_ids": [(4, attachment)]}
        self.call("repair write confirmation", "aftersales.repair", "write", [repair], confirmation)
        self.act("repair action_accept_quote", "aftersales.repair", "action_accept_quote", "repair", repair, "approved")

        action = self.call(
            "repair action_create_invoice",
            "aftersales.repair",
            "action_create_invoice",
            [repair],
            done=lambda: self.rpc("aftersales.repair", "read", [repair], fields=["invoice_ids"])[0]["invoice_ids"]
            or None,
        )
        (found,) = self.call("repair read invoice_ids", "aftersales.repair", "read", [repair], fields=["invoice_ids"])
        if not found["invoice_ids"]:
            self.errors["no invoice after action_create_invoice", "repair read invoice_ids"] += 1
            raise StepFailed("no invoice")
        invoice = found["invoice_ids"][-1]
        self.ack("invoice", invoice, "draft", action)
        self.act("move action_post", "account.move", "action_post", "invoice", invoice, "posted")
        context = {"active_model": "account.move", "active_ids": [invoice]}
        wizard = self.call(
            "payment.register create",
            "account.payment.register",
            "create",
            {"journal_id": s["journal"]},
            context=context,
        )
        paid = self.call(
            "payment.register action_create_payments",
            "account.payment.register",
            "action_create_payments",
            [wizard],
            context=context,
            done=lambda: {}
            if self.rpc("account.move", "read", [invoice], fields=["payment_state"])[0]["payment_state"]
            in ("paid", "in_payment")
            else None,
        )
        if isinstance(paid, dict) and paid.get("res_id"):
            self.ack("payment", paid["res_id"], "posted")
        self.ack("invoice", invoice, "paid", paid)

        for action_name, state in (("action_start_repair", "in_repair"), ("action_finish_repair", "repaired")):
            self.act(f"repair {action_name}", "aftersales.repair", action_name, "repair", repair, state)
        outbound = {"outbound_carrier": "SF Express", "outbound_tracking_ref": f"SF{ref}OUT"}
        self.call("repair write outbound", "aftersales.repair", "write", [repair], outbound)
        self.act("repair action_ship", "aftersales.repair", "action_ship", "repair", repair, "shipped")


class PortalClient(threading.Thread):
    """A customer browsing their portal pages over HTTP (which a replica may serve) until the run is over."""

    PAGES = ("/my/requests", "/my/repairs")

    def __init__(self, number, urls, database, login, budget):
        super().__init__(name=f"portal-client-{number}", daemon=True)
        self.urls, self.index = urls, number % len(urls)
        self.database, self.login, self.budget = database, login, budget
        self.latencies, self.errors, self.examples = [], Counter(), {}
        self.failovers = 0

    @property
    def url(self):
        return self.urls[self.index]

    def get(self, session, path):
        start = time.perf_counter()
        try:
            try:
                response = session.get(f"{self.url}{path}", timeout=60)
            except requests.ConnectionError:
                if len(self.urls) < 2:
                    raise
                # Its node died: the next one has the same sessions (the shared data directory).
                self.index = (self.index + 1) % len(self.urls)
                self.failovers += 1
                response = session.get(f"{self.url}{path}", timeout=60)
        except requests.RequestException as error:
            self.errors[type(error).__name__] += 1
            self.examples.setdefault(type(error).__name__, f"{path}: {error}")
            return ""
        self.latencies.append(time.perf_counter() - start)
        if response.status_code != 200 or re.search(r"/(my|web/login)/?$", response.url):
            kind = f"HTTP {response.status_code} {response.url.replace(self.url, '')}"
            self.errors[kind] += 1
            self.examples.setdefault(kind, path)
        return response.text

    def run(self):
        session = requests.Session()
        page = session.get(f"{self.url}/web/login", params={"db": self.database}, timeout=60).text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        session.post(f"{self.url}/web/login", data={"login": self.login, "password": self.login, "csrf_token": csrf})
        while not self.budget.stop.is_set() and time.monotonic() < self.budget.end:
            for path in self.PAGES:
                listing = self.get(session, path)
                for document in sorted(set(re.findall(rf'href="({path}/\d+)[?"]', listing)))[:3]:
                    self.get(session, document)


def portal_logins(rpc, setup, count):
    """A portal user for each of the first ``count`` soak customers; returns their logins."""
    group = rpc("ir.model.data", "check_object_reference", "base", "group_portal")[1]
    logins = []
    for number in range(count):
        customer = setup["customers"][number % len(setup["customers"])]
        login = f"soak-portal-{customer}-{number}-{int(time.time())}"
        contact = rpc("res.partner", "create", {"name": f"Soak portal {number}", "parent_id": customer})
        rpc(
            "res.users",
            "create",
            {"name": login, "login": login, "password": login, "partner_id": contact, "groups_id": [(6, 0, [group])]},
        )
        logins.append(login)
    return logins


def server_reads(port, database):
    """Transactions and rows read of ``database`` on the PostgreSQL server at ``port``."""
    with closing(psycopg2.connect(host="127.0.0.1", port=port, user="odoo", dbname="postgres")) as conn:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT xact_commit + xact_rollback, tup_fetched FROM pg_stat_database WHERE datname = %s", [database]
            )
            return cr.fetchone()


def run_load(clients, budget, ramp_up, every=30):
    """Run the clients to the end; print progress; a Ctrl-C ends the run early but keeps the report.

    The clients start one after the other over ``ramp_up`` seconds, so that
    they do not run their cycles in lock-step.
    """
    start = time.monotonic()
    for client in clients:
        client.start()
        time.sleep(ramp_up / len(clients))
    next_progress = start + every
    try:
        while any(client.is_alive() for client in clients):
            next(client for client in clients if client.is_alive()).join(timeout=1)
            if time.monotonic() >= next_progress:
                next_progress += every
                calls = sum(len(v) for c in clients for v in list(c.latencies.values()))
                errors = sum(sum(c.errors.values()) for c in clients)
                cycles = sum(c.cycles["complete"] for c in clients)
                seconds = time.monotonic() - start
                print(f"  {seconds:5.0f} s: {calls} calls, {cycles} cycles, {errors} errors", flush=True)
    except KeyboardInterrupt:
        print("Interrupted: waiting for the calls in flight, then the report")
        budget.stop.set()
        for client in clients:
            client.join()
    return time.monotonic() - start


# ----------------------------------------------------------------------
# Checks on the database
# ----------------------------------------------------------------------


def connect(database, db_args):
    words = db_args.split()
    opts = dict(zip(words[::2], words[1::2], strict=False))
    return psycopg2.connect(
        dbname=database,
        host=opts.get("--db_host"),
        port=opts.get("--db_port"),
        user=opts.get("--db_user"),
        password=opts.get("--db_password"),
    )


def fetch(cr, query, *params):
    cr.execute(query, params or None)
    return cr.fetchall()


def check_acknowledged(cr, clients):
    """Per kind: acknowledged, stored, and lost (missing or in an earlier state)."""
    rows, lost_total = [], 0
    for kind, order in STATE_ORDER.items():
        acked, via_fault = {}, set()
        for client in clients:
            acked.update(client.acked[kind])
            via_fault |= {rid for k, rid in client.via_fault if k == kind}
        stored = dict(fetch(cr, STORED_STATE_SQL[kind], list(acked)))
        lost = []
        for rid, state in acked.items():
            have = stored.get(rid)
            if have not in order or order.index(have) < order.index(state):
                lost.append((rid, state, have))
        lost_total += len(lost)
        by_state = Counter(acked.values())
        rows.append((kind, len(acked), len(stored), lost, by_state, len(via_fault)))
    return rows, lost_total


def run_documents(clients):
    return {
        "aftersales.request": sorted({rid for c in clients for rid in c.acked["request"]}),
        "aftersales.repair": sorted({rid for c in clients for rid in c.acked["repair"]}),
    }


def check_duplicates(cr, clients, breach_type):
    invoices = sorted({rid for c in clients for rid in c.acked["invoice"]})
    repairs = run_documents(clients)["aftersales.repair"]
    return {
        "SLA clocks per (policy, document) > 1": fetch(
            cr,
            """SELECT policy_id, res_model, res_id, count(*) FROM aftersales_sla_clock
                GROUP BY 1, 2, 3 HAVING count(*) > 1 ORDER BY 4 DESC LIMIT 20""",
        ),
        "breach activities per (document, summary) > 1": fetch(
            cr,
            """SELECT res_model, res_id, summary, count(*) FROM mail_activity WHERE activity_type_id = %s
                GROUP BY 1, 2, 3 HAVING count(*) > 1 ORDER BY 4 DESC LIMIT 20""",
            breach_type,
        ),
        "open invoices per repair order > 1": fetch(
            cr,
            """SELECT aftersales_repair_id, count(*) FROM account_move
                WHERE aftersales_repair_id = ANY(%s) AND state != 'cancel' GROUP BY 1 HAVING count(*) > 1""",
            repairs,
        ),
        "requests per client reference > 1": fetch(
            cr,
            """SELECT client_reference, count(*) FROM aftersales_request
                WHERE id = ANY(%s) GROUP BY 1 HAVING count(*) > 1""",
            run_documents(clients)["aftersales.request"],
        ),
        "repair lines per repair order > 1": fetch(
            cr,
            """SELECT repair_id, count(*) FROM aftersales_repair_line
                WHERE repair_id = ANY(%s) GROUP BY 1 HAVING count(*) > 1""",
            repairs,
        ),
        "signed quotations per repair order > 1": fetch(
            cr,
            """SELECT res_id, count(*) FROM ir_attachment
                WHERE res_model = 'aftersales.repair' AND res_id = ANY(%s) AND name LIKE 'signed-quot%%'
                GROUP BY 1 HAVING count(*) > 1""",
            repairs,
        ),
        "payments per invoice > 1": fetch(
            cr,
            """SELECT r.invoice_id, count(*) FROM account_move__account_payment r
                 JOIN account_payment p ON p.id = r.payment_id
                WHERE r.invoice_id = ANY(%s) AND p.state NOT IN ('canceled', 'rejected')
                GROUP BY 1 HAVING count(*) > 1""",
            invoices,
        ),
    }


def documents_condition(documents, alias="c"):
    """SQL (with its parameters) matching rows of ``alias`` linked to the run's documents by res_model/res_id."""
    return (
        f"(({alias}.res_model = 'aftersales.request' AND {alias}.res_id = ANY(%s))"
        f" OR ({alias}.res_model = 'aftersales.repair' AND {alias}.res_id = ANY(%s)))",
        [documents["aftersales.request"], documents["aftersales.repair"]],
    )


def check_sweep(cr, setup, clients, breach_type, started, ended):
    documents = run_documents(clients)
    condition, params = documents_condition(documents)
    policies = list(setup["policies"].values())
    figures = {}
    figures["clocks of the run's documents, by status"] = dict(
        fetch(cr, f"SELECT status, count(*) FROM aftersales_sla_clock c WHERE {condition} GROUP BY 1", *params)
    )
    figures["soak-policy clocks, by status"] = dict(
        fetch(cr, "SELECT status, count(*) FROM aftersales_sla_clock WHERE policy_id = ANY(%s) GROUP BY 1", policies)
    )
    (figures["clocks flagged by the sweep (escalation level >= 1)"],) = fetch(
        cr, f"SELECT count(*) FROM aftersales_sla_clock c WHERE {condition} AND c.escalation_level >= 1", *params
    )[0]
    (figures["clocks breached when stopped (not by the sweep)"],) = fetch(
        cr,
        f"""SELECT count(*) FROM aftersales_sla_clock c
             WHERE {condition} AND c.status = 'breached' AND c.escalation_level = 0""",
        *params,
    )[0]
    (figures["breach activities created on the run's documents"],) = fetch(
        cr,
        f"""SELECT count(*) FROM mail_activity c
             WHERE c.activity_type_id = %s AND c.create_date >= %s AND {condition}""",
        breach_type,
        started,
        *params,
    )[0]
    missing = fetch(
        cr,
        f"""SELECT c.id FROM aftersales_sla_clock c JOIN aftersales_sla_policy p ON p.id = c.policy_id
             WHERE {condition} AND c.escalation_level >= 1
               AND NOT EXISTS (SELECT 1 FROM mail_activity a
                                WHERE a.activity_type_id = %s AND a.res_model = c.res_model
                                  AND a.res_id = c.res_id AND a.summary LIKE '%%' || (p.name->>'en_US'))""",
        *params,
        breach_type,
    )
    figures["sweep-flagged clocks without their breach activity"] = len(missing)
    (figures["running clocks more than 2 minutes late at the end, not flagged"],) = fetch(
        cr,
        f"""SELECT count(*) FROM aftersales_sla_clock c
             WHERE {condition} AND c.status = 'running' AND c.reached_date IS NULL AND c.deadline < %s""",
        *params,
        ended - timedelta(minutes=2),
    )[0]
    runs = fetch(
        cr,
        """SELECT count(*), coalesce(sum(done), 0), count(*) FILTER (WHERE done > 0)
             FROM ir_cron_progress WHERE cron_id = %s AND create_date BETWEEN %s AND %s""",
        setup["sweep"],
        started,
        ended,
    )[0]
    figures["sweep runs during the soak (ir.cron.progress)"] = runs[0]
    figures["sweep runs that flagged something"] = runs[2]
    figures["clocks flagged or escalated, as the sweep reported"] = runs[1]
    (figures["sweep cron lastcall (UTC)"],) = fetch(cr, "SELECT lastcall FROM ir_cron WHERE id = %s", setup["sweep"])[0]
    return figures, len(missing)


# ----------------------------------------------------------------------
# Odoo's log
# ----------------------------------------------------------------------

LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (\d+) (\w+) (\S+) (\S+): (.*)$")
LOG_COUNTS = {
    "Odoo processes started (master + gevent)": re.compile(r"odoo: Odoo version"),
    "HTTP workers started": re.compile(r"Worker WorkerHTTP \(\d+\) alive"),
    "cron workers started": re.compile(r"Worker WorkerCron \(\d+\) alive"),
    "gevent (long-polling) services started": re.compile(r"Evented Service \(longpolling\) running"),
    "DistributionNotFound": re.compile(r"DistributionNotFound"),
    "worker recycles: max requests / memory / CPU / age": re.compile(
        r"max request .* reached|virtual memory limit .* reached|CPU time limit .* reached|max age .* reached"
    ),
    "critical worker errors": re.compile(r"Critial worker error"),
    "sweep jobs processed": re.compile(r"Job 'Service Levels: flag SLA breaches'.* processed"),
}
# The master logs a timed-out worker on every beat until it is reaped: count the workers.
WORKER_TIMEOUT = re.compile(r"Worker\w* \((\d+)\) timeout after \d+s")


def scan_log(path, workers):
    """Count process starts, restarts and their reasons, and the ERROR / WARNING lines of Odoo's log."""
    counts, timed_out = Counter(), set()
    by_level = {"ERROR": Counter(), "CRITICAL": Counter(), "WARNING": Counter()}
    with open(path, errors="replace") as log:
        for line in log:
            for label, pattern in LOG_COUNTS.items():
                if pattern.search(line):
                    counts[label] += 1
            if timeout := WORKER_TIMEOUT.search(line):
                timed_out.add(timeout.group(1))
            match = LOG_LINE.match(line)
            if match and match.group(2) in by_level:
                message = re.sub(r"\d+", "N", f"{match.group(4)}: {match.group(5)}")[:160]
                by_level[match.group(2)][message] += 1
    counts["workers killed after limit_time_real"] = len(timed_out)
    restarts = {
        "HTTP workers": counts["HTTP workers started"] - workers,
        "cron worker": counts["cron workers started"] - 1,
        "gevent process": counts["Odoo processes started (master + gevent)"] - 2,
    }
    return counts, by_level, restarts


# ----------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def print_latencies(clients, elapsed):
    latencies = defaultdict(list)
    for client in clients:
        for label, values in client.latencies.items():
            latencies[label].extend(values)
    total = sum(len(v) for v in latencies.values())
    print(f"\nCalls: {total} in {elapsed:.1f} s = {total / elapsed:.2f} calls/s")
    print(f"  {'call':<42} {'count':>7} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
    for label, values in latencies.items():
        print(
            f"  {label:<42} {len(values):7d} {percentile(values, 0.5) * 1000:9.0f} "
            f"{percentile(values, 0.95) * 1000:9.0f} {max(values) * 1000:9.0f}"
        )


def print_errors(clients):
    errors, by_call, examples = Counter(), defaultdict(Counter), {}
    for client in clients:
        for (kind, label), count in client.errors.items():
            errors[kind] += count
            by_call[kind][label] += count
        for kind, text in client.examples.items():
            examples.setdefault(kind, text)
    print(f"\nErrors: {sum(errors.values())}")
    for kind, count in errors.most_common():
        print(f"  {count:7d}  {kind}")
        print(f"           in: {', '.join(f'{label} {n}' for label, n in by_call[kind].most_common())}")
        print(f"           e.g. {examples.get(kind, '')}")
    return sum(errors.values())


def print_counter(title, counter, limit=15):
    print(f"  {title}: {sum(counter.values())}")
    for message, count in counter.most_common(limit):
        print(f"    {count:6d}  {message}")


def report_database(args, setup, clients, elapsed, started, ended):
    """Compare what the clients were acknowledged with the database; print it; return the failures."""
    failures = []
    breach_type_sql = "SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s"
    with closing(connect(args.database, args.db_args)) as conn, conn.cursor() as cr:
        (breach_type,) = fetch(cr, breach_type_sql, *BREACH_TYPE_XMLID)[0]
        acknowledged, lost_total = check_acknowledged(cr, clients)
        duplicates = check_duplicates(cr, clients, breach_type)
        sweep, missing_activities = check_sweep(cr, setup, clients, breach_type, started, ended)

    cycles = Counter()
    for client in clients:
        cycles.update(client.cycles)
    print(f"\n=== Soak of {args.database}: {args.clients} clients, {args.workers} workers, {elapsed:.0f} s ===")
    print(f"Cycles: {dict(cycles)}")
    print("\nAcknowledged vs stored:")
    print(
        f"  {'record':<11} {'acked':>7} {'stored':>7} {'lost':>6} {'after marshal-None':>19}  last states acknowledged"
    )
    for kind, acked, stored, lost, by_state, via_fault in acknowledged:
        states = ", ".join(f"{state} {count}" for state, count in by_state.most_common())
        print(f"  {kind:<11} {acked:7d} {stored:7d} {len(lost):6d} {via_fault:19d}  {states}")
        for rid, state, have in lost[:10]:
            print(f"      lost: {kind} {rid} acknowledged {state}, stored {have or 'nothing'}")
    if lost_total:
        failures.append(f"{lost_total} acknowledged records lost")

    print("\nDuplicates:")
    for label, rows in duplicates.items():
        print(f"  {label}: {len(rows)}{'  ' + repr(rows[:5]) if rows else ''}")
        if rows:
            failures.append(f"duplicates: {label}")

    print("\nSLA breach sweep:")
    for label, value in sweep.items():
        print(f"  {label}: {value}")
    if missing_activities:
        failures.append(f"{missing_activities} flagged clocks without their breach activity")

    return failures


def report_logs(log, workers, report_log):
    """Print what the servers' logs tell; return the failures found there."""
    failures = []
    counts, by_level, restarts = scan_log(log, workers)
    print(f"\nOdoo log {log}:")
    for label in [*LOG_COUNTS, "workers killed after limit_time_real"]:
        print(f"  {label}: {counts[label]}")
    print(f"  restarts beyond the first start: {restarts}")
    for level, counter in by_level.items():
        print_counter(f"{level} lines", counter)
    explained = counts["worker recycles: max requests / memory / CPU / age"]
    killed = counts["workers killed after limit_time_real"]
    if counts["DistributionNotFound"] or restarts["gevent process"] > 0:
        failures.append("the gevent process crash-loops (DistributionNotFound / restarts)")
    if restarts["HTTP workers"] + restarts["cron worker"] > explained + killed:
        failures.append("workers restarted without a logged limit or timeout (crash)")
    if killed:
        failures.append(f"{killed} workers killed after limit_time_real")
    if report_log:
        _counts, report_levels, _restarts = scan_log(report_log, 0)
        print(f"Report server's log {report_log}:")
        for level, counter in report_levels.items():
            print_counter(f"{level} lines", counter)
        if report_levels["ERROR"] or report_levels["CRITICAL"]:
            failures.append("errors in the report server's log")
    return failures


def put_back(admin, restore):
    """Restore the settings the soak changed; a failure is told, since the report still matters."""
    try:
        restore_settings(admin, restore)
    except Exception as error:
        print(f"Could not restore the settings {restore}: {classify(error)}")


def report_clients(args, setup, clients, elapsed, started, ended):
    """The database checks, the errors and the latencies of the XML-RPC clients; returns the failures."""
    failures = report_database(args, setup, clients, elapsed, started, ended)
    errors = print_errors(clients)
    if errors:
        failures.append(f"{errors} errors (every error counts as unexplained)")
    print_latencies(clients, elapsed)
    return failures


def kill_node(url, clients, killed):
    """SIGKILL app node 2's process group, as if its machine died; note the calls it was answering."""
    pids = dict(item.split("=") for item in os.environ["CLUSTER_NODE_PIDS"].split())
    in_flight = [client.in_flight for client in clients if client.in_flight and client.rpc.url == url]
    os.killpg(int(pids["app2"]), signal.SIGKILL)
    killed.update(node="app2", url=url, at=time.monotonic(), in_flight=in_flight)
    print(
        f"  killed app node 2 ({url}) with {len(in_flight)} XML-RPC calls in flight: {Counter(in_flight)}", flush=True
    )


def report_failover(killed, clients, portal):
    """What the clients did when app node 2 died; returns the failures."""
    if not killed:
        return ["app node 2 was not killed (the run ended first)"]
    failovers = Counter()
    for client in clients:
        failovers.update(client.failovers)
    print(f"\nFail-over: app node 2 killed with {len(killed['in_flight'])} XML-RPC calls in flight")
    by_outcome = Counter()
    for (outcome, label), count in failovers.items():
        by_outcome[outcome] += count
        print(f"  {count:5d}  {label}: {outcome}")
    print(f"  portal pages sent to the other node: {sum(client.failovers for client in portal)}")
    print(f"  clients on app node 1 at the end: {sum(1 for c in clients if c.rpc.url != killed['url'])}/{len(clients)}")
    if not by_outcome:
        return ["no call failed over: the kill did not reach a client"]
    return []


def stop_on_sigterm(_signum, _frame):
    raise KeyboardInterrupt


def main_cluster(args):
    """The soak against scripts/cluster.sh's nodes: two app nodes, a cron node, a replica."""
    urls = os.environ["CLUSTER_APP_URLS"].split()
    cluster_dir = os.environ["CLUSTER_DIR"]
    ports = {"primary": int(os.environ["CLUSTER_PRIMARY_PORT"]), "replica": int(os.environ["CLUSTER_REPLICA_PORT"])}
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    set_admin_password(args.database, args.password)
    common = xmlrpc.client.ServerProxy(f"{urls[0]}/xmlrpc/2/common")
    uid = common.authenticate(args.database, "admin", args.password, {})
    admin = Rpc(urls[0], args.database, uid, args.password, args.timeout)
    print(f"Odoo {common.version()['server_version']} on {', '.join(urls)}; database {args.database}")
    restore = {"crons": {}}
    try:
        # report.url stays where the cluster put it: an app node.
        setup = prepare(admin, uid, args, admin("ir.config_parameter", "get_param", "report.url"), restore)
        logins = portal_logins(admin, setup, args.portal_clients)
        budget = Budget(args.max_calls, args.duration)
        clients = [
            Client(i, FailoverRpc(urls, i, args.database, uid, args.password, args.timeout), setup, budget)
            for i in range(args.clients)
        ]
        portal = [PortalClient(i, urls, args.database, login, budget) for i, login in enumerate(logins)]
        before = {name: server_reads(port, args.database) for name, port in ports.items()}
        print(
            f"Soak: {args.clients} XML-RPC clients and {len(portal)} portal clients on {len(urls)} app nodes "
            f"for {args.duration:.0f} s (at most {args.max_calls} calls)"
        )
        started = datetime.utcnow()
        for client in portal:
            client.start()
        killed = {}
        if args.kill_node:
            killer = threading.Timer(args.kill_node, kill_node, [urls[1], clients, killed])
            killer.start()
        elapsed = run_load(clients, budget, min(args.ramp_up, args.duration))
        if args.kill_node:
            killer.cancel()
        budget.stop.set()
        for client in portal:
            client.join()
        ended = datetime.utcnow()
        time.sleep(1)  # the statistics collector reports with a short delay
        after = {name: server_reads(port, args.database) for name, port in ports.items()}
    finally:
        put_back(admin, restore)

    failures = report_clients(args, setup, clients, elapsed, started, ended)
    if args.kill_node:
        failures += report_failover(killed, clients, portal)
    pages = sorted(latency for client in portal for latency in client.latencies)
    portal_errors = Counter()
    for client in portal:
        portal_errors.update(client.errors)
    if pages:
        print(
            f"\nportal: {len(pages)} pages, {len(pages) / elapsed:.1f}/s, p50 {percentile(pages, 0.5) * 1000:.0f} ms, "
            f"p95 {percentile(pages, 0.95) * 1000:.0f} ms; errors {sum(portal_errors.values())} {dict(portal_errors)}"
        )
    if portal_errors:
        failures.append(f"{sum(portal_errors.values())} portal errors")
    xacts = {name: after[name][0] - before[name][0] for name in ports}
    rows = {name: after[name][1] - before[name][1] for name in ports}
    print(
        f"PostgreSQL: transactions primary {xacts['primary']}, replica {xacts['replica']}; rows read primary "
        f"{rows['primary']}, replica {rows['replica']} ({rows['replica'] / max(sum(rows.values()), 1):.0%} on the "
        "replica)"
    )
    sweep_name = "Service Levels: flag SLA breaches"
    for node in ("app1", "app2", "cron"):
        if node == killed.get("node"):
            print(f"{node}: killed during the run, its log is not read")
            continue
        log = os.path.join(cluster_dir, f"{node}.log")
        with open(log, errors="replace") as lines:
            sweeps = sum(1 for line in lines if f"Job '{sweep_name}'" in line and "starting" in line)
        print(f"{node}: the breach sweep started {sweeps} times")
        if (node == "cron") != bool(sweeps):
            failures.append(f"the sweep ran {sweeps} times on {node}")
        failures += report_logs(log, args.workers if node != "cron" else 0, None)

    print()
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print("OK: nothing lost, no duplicates, no errors; the sweep on the cron node only")
    return 0


def main():
    args = parse_args(__doc__.splitlines()[0], options)
    if args.cluster:
        return main_cluster(args)
    args.port = args.port or free_port()
    args.log = args.log or os.path.join(args.data_dir, "soak.log")
    url = f"http://127.0.0.1:{args.port}"
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    set_admin_password(args.database, args.password)

    with ExitStack() as servers:
        process = servers.enter_context(odoo_server(args, args.port, args.log, args.workers, 1))
        version = wait_until_ready(url, process)
        report_url, report_log = url, None
        if args.report_server:
            report_port = free_port()
            report_url = f"http://127.0.0.1:{report_port}"
            report_log = args.log.removesuffix(".log") + "-report.log"
            wait_until_ready(report_url, servers.enter_context(odoo_server(args, report_port, report_log, 0, 0)))
        common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
        uid = common.authenticate(args.database, "admin", args.password, {})
        admin = Rpc(url, args.database, uid, args.password, args.timeout)
        print(f"Odoo {version} answers; database {args.database}, admin uid {uid}")
        restore = {"crons": {}}
        try:
            setup = prepare(admin, uid, args, report_url, restore)
            budget = Budget(args.max_calls, args.duration)
            clients = [
                Client(i, Rpc(url, args.database, uid, args.password, args.timeout), setup, budget)
                for i in range(args.clients)
            ]
            print(f"Soak: {args.clients} clients for {args.duration:.0f} s (at most {args.max_calls} calls)")
            started = datetime.utcnow()
            elapsed = run_load(clients, budget, min(args.ramp_up, args.duration))
            ended = datetime.utcnow()
        finally:
            put_back(admin, restore)

    failures = report_clients(args, setup, clients, elapsed, started, ended)
    failures += report_logs(args.log, args.workers, report_log)

    print()
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print("OK: nothing lost, no duplicates, no errors, no crash-looping process")
    return 0


if __name__ == "__main__":
    sys.exit(main())
