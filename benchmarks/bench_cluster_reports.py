"""The heavy reads on the cluster of scripts/cluster.sh: where the service report's figures, the analyses and
the digest are read.

Run it through the cluster script, which passes where everything is:

    scripts/cluster.sh -- .venv/bin/python benchmarks/bench_cluster_reports.py [--requests 3000] [--rounds 5]

As the administrator it makes a team with --requests requests dated last month (created over XML-RPC, then
dated on the primary). Then, each phase --rounds times, while the rows read (pg_stat_database.tup_fetched)
and the transactions of each PostgreSQL server are counted:
- reports: a monthly service report of last month, its figures computed (``action_compute_figures``, a
  read/write call: the figures are read on a read-only cursor, the replica);
- analyses: the requests, repairs and service levels analyses grouped as the pivot view does
  (``web_read_group`` through the web client's route, on both app nodes: a read-only call);
- digest: Odoo's periodic digest sent to the administrator (``action_send``: the KPIs are read on the
  replica, the email written on the primary).
"""

import argparse
import datetime
import os
import statistics
import time
import xmlrpc.client

import psycopg2
from bench_cluster_portal import login, settled_stats

ANALYSES = {
    "aftersales.request.analysis": ["request_type", "channel"],
    "aftersales.repair.analysis": ["state"],
    "aftersales.sla.analysis": ["policy_id"],
}


class Admin:
    def __init__(self, url, database):
        self.database = database
        self.uid = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").authenticate(database, "admin", "admin", {})
        self.models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

    def __call__(self, model, method, *args, **kwargs):
        return self.models.execute_kw(self.database, self.uid, "admin", model, method, list(args), kwargs)


def last_month():
    first_of_this = datetime.date.today().replace(day=1)
    return (first_of_this - datetime.timedelta(days=1)).replace(day=1)


def prepare(admin, primary, database, count, run):
    team = admin("aftersales.team", "create", {"name": f"Reports bench {run}"})
    partner = admin("res.partner", "create", {"name": f"Reports bench customer {run}"})
    types = ["consultation", "repair", "complaint", "suggestion"]
    channels = ["phone", "email", "portal", "letter"]
    for start in range(0, count, 500):
        admin(
            "aftersales.request",
            "create",
            [
                {
                    "subject": f"Bench {n}",
                    "team_id": team,
                    "partner_id": partner,
                    "request_type": types[n % 4],
                    "channel": channels[n % 3],
                    "description": "<p>Bench</p>",
                }
                for n in range(start, min(start + 500, count))
            ],
        )
    # Spread over last month, as if they had come in then.
    month = last_month()
    with psycopg2.connect(host="127.0.0.1", port=primary, user="odoo", dbname=database) as conn, conn.cursor() as cr:
        cr.execute(
            """UPDATE aftersales_request SET create_date = %s::timestamp + (id %% 27) * interval '1 day'
                                                          + (id %% 9) * interval '1 hour'
                WHERE team_id = %s""",
            [datetime.datetime.combine(month, datetime.time(1)), team],
        )
    return team, month


def measure(name, rounds, servers, database, step):
    before = [settled_stats(port, database) for port in servers]
    seconds = []
    for index in range(rounds):
        started = time.perf_counter()
        step(index)
        seconds.append(time.perf_counter() - started)
    after = [settled_stats(port, database) for port in servers]
    (xact_p, rows_p), (xact_r, rows_r) = (
        [a - b for a, b in zip(*pair, strict=True)] for pair in zip(after, before, strict=True)
    )
    share = rows_r / max(rows_r + rows_p, 1)
    print(
        f"{name:9} {rounds} × median {statistics.median(seconds) * 1000:6.0f} ms | rows read: replica {rows_r:7}, "
        f"primary {rows_p:7} ({share:4.0%} on the replica) | transactions: replica {xact_r}, primary {xact_p}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    database = os.environ["CLUSTER_DB"]
    urls = os.environ["CLUSTER_APP_URLS"].split()
    servers = int(os.environ["CLUSTER_PRIMARY_PORT"]), int(os.environ["CLUSTER_REPLICA_PORT"])
    run = time.strftime("%H%M%S")
    admin = Admin(urls[0], database)
    team, month = prepare(admin, servers[0], database, args.requests, run)
    time.sleep(1)  # the replica replays them
    print(f"{args.requests} requests dated {month:%Y-%m} for team {team}")

    report = admin(
        "aftersales.service.report", "create", {"team_id": team, "period_type": "month", "date_from": str(month)}
    )
    measure(
        "reports",
        args.rounds,
        servers,
        database,
        lambda i: admin("aftersales.service.report", "action_compute_figures", [report]),
    )
    figures = admin("aftersales.service.report", "read", [report], ["request_count", "complaint_count"])[0]
    print(f"          the report counts {figures['request_count']} requests, {figures['complaint_count']} complaints")

    sessions = [login(url, database, "admin") for url in urls]

    def web_call(index, route, model, method, args, kwargs):
        # As the web client calls: its route sends read-only methods to the replica.
        session, url = sessions[index % 2], urls[index % 2]
        params = {"model": model, "method": method, "args": args, "kwargs": kwargs}
        response = session.post(f"{url}{route}", json={"jsonrpc": "2.0", "method": "call", "params": params})
        assert "error" not in response.json(), response.text[:500]

    def analyses(index):
        for model, groupby in ANALYSES.items():
            web_call(
                index,
                "/web/dataset/call_kw",
                model,
                "web_read_group",
                [[], ["__count"], ["team_id", *groupby]],
                {"lazy": False},
            )

    measure("analyses", args.rounds, servers, database, analyses)

    digest = admin("ir.model.data", "check_object_reference", "digest", "digest_digest_default")[1]
    admin("digest.digest", "write", [digest], {"user_ids": [(4, admin.uid)]})
    measure(
        "digest",
        args.rounds,
        servers,
        database,
        lambda i: web_call(i, "/web/dataset/call_button", "digest.digest", "action_send_manual", [[digest]], {}),
    )


if __name__ == "__main__":
    main()
