"""Customers' portal pages on the cluster of scripts/cluster.sh: which server answers them, and what a customer
sees when the replica lags.

Run it through the cluster script, which passes where everything is:

    scripts/cluster.sh -- .venv/bin/python benchmarks/bench_cluster_portal.py [--views 200]

As the administrator (XML-RPC, on the primary) it prepares a customer with a portal user and --requests
requests. Then the customer, over HTTP and alternately on both app nodes, opens their list of requests, each
request, and the new-request form, --views pages in all, while the transactions of each PostgreSQL server are
counted (pg_stat_database): the share the replica served is printed with the pages' latencies.

Then replica lag: replay is paused on the replica (pg_wal_replay_pause), the customer submits a new request
and is shown its page (read on the primary: it must be there), then their list (read on the replica: stale, the
new request missing, but no error), and again once replay resumes.

With --replica-dies, last, the replica dies (SIGKILL to its PostgreSQL processes) while the customer keeps
browsing on both nodes, --after-death pages more: what the pages in flight and the later ones answer, and the
warnings the app nodes log. The replica stays down; scripts/cluster.sh starts it again next time.
"""

import argparse
import os
import re
import signal
import statistics
import subprocess
import threading
import time
import xmlrpc.client
from collections import Counter

import psycopg2
import requests


def stats(port, database):
    """Transactions (committed and rolled back) and rows read (fetched) of ``database`` on the server at
    ``port``."""
    with psycopg2.connect(host="127.0.0.1", port=port, user="odoo", dbname="postgres") as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT xact_commit + xact_rollback, tup_fetched FROM pg_stat_database WHERE datname = %s", [database]
        )
        return cr.fetchone()


def settled_stats(port, database):
    # The statistics collector reports with a short delay: read twice, 0.6 s apart, until stable.
    value = stats(port, database)
    while True:
        time.sleep(0.6)
        again = stats(port, database)
        if again == value:
            return value
        value = again


def sql(port, query):
    with psycopg2.connect(host="127.0.0.1", port=port, user="odoo", dbname="postgres") as conn:
        conn.autocommit = True
        with conn.cursor() as cr:
            cr.execute(query)
            return cr.fetchone() if cr.description else None


def prepare(url, database, count, run):
    common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
    uid = common.authenticate(database, "admin", "admin", {})
    models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

    def call(model, method, *args, **kwargs):
        return models.execute_kw(database, uid, "admin", model, method, list(args), kwargs)

    partner = call("res.partner", "create", {"name": f"Cluster customer {run}", "email": f"c{run}@example.com"})
    portal_group = call("ir.model.data", "check_object_reference", "base", "group_portal")[1]
    login = f"cluster{run}"
    call(
        "res.users",
        "create",
        {
            "name": f"Cluster customer {run}",
            "login": login,
            "password": login,
            "partner_id": partner,
            "groups_id": [(6, 0, [portal_group])],
        },
    )
    ids = call(
        "aftersales.request",
        "create",
        [
            {
                "subject": f"Request {n}",
                "channel": "phone",
                "partner_id": partner,
                "description": "<p>Bench</p>",
                "client_reference": f"bench-{run}-{n}",
            }
            for n in range(count)
        ],
    )
    return login, ids


def login(url, database, user):
    session = requests.Session()
    page = session.get(f"{url}/web/login", params={"db": database})
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = session.post(f"{url}/web/login", data={"login": user, "password": user, "csrf_token": csrf})
    response.raise_for_status()
    return session


def kill_replica(cluster_dir):
    """SIGKILL the replica's postmaster and its processes, as if its machine died."""
    with open(os.path.join(cluster_dir, "pg-replica", "postmaster.pid")) as pid_file:
        postmaster = int(pid_file.readline())
    subprocess.run(["pkill", "-KILL", "-P", str(postmaster)], check=False)
    os.kill(postmaster, signal.SIGKILL)


def replica_dies(urls, sessions, pages, after_death):
    """Browse on both nodes while the replica dies; return the answers before, around and after its death."""
    outcomes = Counter()
    dead = threading.Event()
    stop = threading.Event()

    def browse(index):
        n = 0
        while not stop.is_set():
            page = pages[n % len(pages)]
            n += 1
            when = "after" if dead.is_set() else "before"
            try:
                response = sessions[index].get(f"{urls[index]}{page}", timeout=60)
                answer = f"HTTP {response.status_code}"
            except requests.RequestException as error:
                answer = type(error).__name__
            # A page asked before the death and answered after it was in flight.
            when = "in flight" if when == "before" and dead.is_set() else when
            outcomes[when, answer] += 1
            if when == "after" and sum(n for (w, __), n in outcomes.items() if w == "after") >= after_death:
                stop.set()

    threads = [threading.Thread(target=browse, args=(index,)) for index in range(len(urls))]
    for thread in threads:
        thread.start()
    time.sleep(2)
    kill_replica(os.environ["CLUSTER_DIR"])
    dead.set()
    for thread in threads:
        thread.join()
    return outcomes


def log_warnings(cluster_dir, text):
    counts = {}
    for node in ("app1", "app2"):
        with open(os.path.join(cluster_dir, f"{node}.log"), errors="replace") as log:
            counts[node] = sum(text in line for line in log)
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--views", type=int, default=200)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--replica-dies", action="store_true", help="last, kill the replica while browsing")
    parser.add_argument("--after-death", type=int, default=100, help="pages browsed once the replica is dead")
    args = parser.parse_args()
    database = os.environ["CLUSTER_DB"]
    urls = os.environ["CLUSTER_APP_URLS"].split()
    primary, replica = int(os.environ["CLUSTER_PRIMARY_PORT"]), int(os.environ["CLUSTER_REPLICA_PORT"])
    run = time.strftime("%H%M%S")
    user, ids = prepare(urls[0], database, args.requests, run)
    time.sleep(1)  # the replica replays the new customer
    sessions = [login(url, database, user) for url in urls]
    pages = ["/my/requests"] + [f"/my/requests/{request_id}" for request_id in ids] + ["/my/requests/new"]
    before = settled_stats(primary, database), settled_stats(replica, database)
    latencies, errors = [], 0
    for index in range(args.views):
        session, page = sessions[index % 2], pages[index % len(pages)]
        started = time.perf_counter()
        response = session.get(f"{urls[index % 2]}{page}")
        latencies.append(time.perf_counter() - started)
        errors += response.status_code != 200 or response.url.rstrip("/").endswith("/my")
    after = settled_stats(primary, database), settled_stats(replica, database)
    (xact_primary, rows_primary), (xact_replica, rows_replica) = (
        [a - b for a, b in zip(now, then, strict=True)] for now, then in zip(after, before, strict=True)
    )
    latencies.sort()
    print(
        f"{args.views} portal pages over both app nodes: {errors} errors; p50 "
        f"{statistics.median(latencies) * 1000:.0f} ms, p95 {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms"
    )
    # Each request also opens a transaction on the primary to check the registry and match its route (Odoo does
    # that on the primary, which a replica may lag): the rows read say where the pages' work went.
    share_xact = xact_replica / max(xact_replica + xact_primary, 1)
    share_rows = rows_replica / max(rows_replica + rows_primary, 1)
    print(
        f"transactions: replica {xact_replica}, primary {xact_primary} ({share_xact:.0%} on the replica); "
        f"rows read: replica {rows_replica}, primary {rows_primary} ({share_rows:.0%} on the replica)"
    )

    # Replica lag: replay paused while the customer writes.
    session, url = sessions[0], urls[0]
    sql(replica, "SELECT pg_wal_replay_pause()")
    try:
        form = session.get(f"{url}/my/requests/new").text
        data = {
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', form).group(1),
            "client_reference": re.search(r'name="client_reference" value="([^"]+)"', form).group(1),
            "request_type": "consultation",
            "subject": f"Written while the replica lags {run}",
            "description": "Is my request there?",
            "phone": "+86 20 5555 0101",
            "product_id": "",
            "equipment_id": "",
        }
        submitted = session.post(f"{url}/my/requests/new", data=data)
        subject = data["subject"]
        shown = submitted.status_code == 200 and subject in submitted.text
        listing = session.get(f"{url}/my/requests")
        print(
            f"replay paused: the page after submitting shows the new request: {shown} "
            f"({submitted.url.replace(url, '')}, HTTP {submitted.status_code}); "
            f"the list (replica) answers HTTP {listing.status_code}, with it: {subject in listing.text}"
        )
    finally:
        sql(replica, "SELECT pg_wal_replay_resume()")
    time.sleep(1.5)
    listing = session.get(f"{url}/my/requests")
    print(f"replay resumed: the list shows it: {subject in listing.text}")

    if args.replica_dies:
        fallback = "Failed to open a readonly cursor"
        outcomes = replica_dies(urls, sessions, pages[:-1], args.after_death)
        print("the replica died while the customer browsed on both nodes:")
        for (when, answer), count in sorted(outcomes.items()):
            print(f"  {when:9}  {answer:25} {count}")
        print(f"  app nodes' warnings '{fallback}…': {log_warnings(os.environ['CLUSTER_DIR'], fallback)}")


if __name__ == "__main__":
    main()
