"""SLA benchmark: request creation with clocks, and the breach sweep.

Prints, on a real database:
- seconds and SQL queries per request for creating requests with their
  clocks in batched creates (default 10,000 requests, batches of 500);
- with 100,000 open clocks over several teams and calendars, 10% of them
  past their deadline: the floor (one plain SQL UPDATE flagging those rows),
  the sweep's flagging pass, the full sweep with its notifications, their
  ratio, query counts and resident memory per batch;
- two sweeps started at the same moment in two connections, and how many
  breach notifications they sent (must be one per breached clock).

Run with scripts/bench.sh sla [--requests N] [--clocks N].
"""

import threading
import time
from datetime import datetime

import psutil
from common import environment, measure, parse_args

import odoo


def options(parser):
    parser.add_argument("--requests", type=int, default=10000, help="0: reuse the requests already there")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--clocks", type=int, default=100000)
    parser.add_argument("--due-share", type=float, default=0.10)


def make_calendar(env, name, tz, periods):
    attendances = [
        (
            0,
            0,
            {
                "name": f"{d} {a}-{b}",
                "dayofweek": str(d),
                "hour_from": a,
                "hour_to": b,
                "day_period": "morning" if a < 12 else "afternoon",
            },
        )
        for d in range(5)
        for a, b in periods
    ]
    return env["resource.calendar"].create({"name": name, "tz": tz, "attendance_ids": attendances})


def setup(env):
    stamp = datetime.now().strftime("%H%M%S")
    calendars = [
        make_calendar(env, f"Bench Shanghai {stamp}", "Asia/Shanghai", ((9, 12), (13, 18))),
        make_calendar(env, f"Bench UTC {stamp}", "UTC", ((9, 13), (14, 18))),
        make_calendar(env, f"Bench Berlin {stamp}", "Europe/Berlin", ((8, 12), (13, 17))),
    ]
    manager = env["res.users"].create(
        {
            "name": f"Bench manager {stamp}",
            "login": f"bench_mgr_{stamp}",
            "groups_id": [(6, 0, [env.ref("aftersales_service.group_aftersales_manager").id])],
        }
    )
    agent = env["res.users"].create(
        {
            "name": f"Bench agent {stamp}",
            "login": f"bench_agent_{stamp}",
            "groups_id": [(6, 0, [env.ref("aftersales_service.group_aftersales_user").id])],
        }
    )
    teams = env["aftersales.team"].create(
        [
            {
                "name": f"Bench team {i} {stamp}",
                "team_type": "regional_office",
                "manager_id": manager.id,
                "resource_calendar_id": calendars[i % 3].id,
            }
            for i in range(6)
        ]
    )
    tiers = ["standard", "key_account", "major_project"]
    partners = env["res.partner"].create(
        [
            {
                "name": f"Bench customer {i}",
                "is_company": True,
                "phone": f"+86 755 {i:07d}",
                "street": f"{i} Bench Road",
                "city": "Shenzhen",
                "aftersales_tier": tiers[i % 3],
            }
            for i in range(100)
        ]
    )
    product = env["product.product"].create({"name": f"Bench device {stamp}", "aftersales_serviceable": True})
    env.cr.commit()
    return teams, partners, product, agent


def bench_create(env, args, teams, partners, product, agent, results):
    if not args.requests:
        return env["aftersales.request"].search([], limit=10000)
    Request = env["aftersales.request"].with_user(agent)
    batches = args.requests // args.batch
    created = env["aftersales.request"]
    with measure(env.cr, f"create {args.requests} requests with clocks", results, per=args.requests):
        for b in range(batches):
            vals_list = [
                {
                    "subject": f"Bench fault {b}-{i}",
                    "request_type": "repair",
                    "channel": "phone",
                    "partner_id": partners[i % len(partners)].id,
                    "team_id": teams[i % len(teams)].id,
                    "product_id": product.id,
                    "purchase_date": "2025-01-15",
                    "description": "<p>Does not start.</p>",
                }
                for i in range(args.batch)
            ]
            created |= Request.create(vals_list)
            env.cr.flush()
    clocks = env["aftersales.sla.clock"].search_count(
        [("res_model", "=", "aftersales.request"), ("res_id", "in", created.ids)]
    )
    print(f"   {clocks} clocks created ({clocks / len(created):.1f} per request)")
    env.cr.commit()
    env.invalidate_all()
    return created


def bench_policies(env, count):
    """Archived policies that only hold the topped-up clocks (a document has one clock per policy)."""
    Policy = env["aftersales.sla.policy"].with_context(active_test=False)
    policies = Policy.search([("name", "=like", "Bench top-up %")], order="id")
    if len(policies) < count:
        policies |= Policy.create(
            [
                {
                    "name": f"Bench top-up {i}",
                    "res_model": "aftersales.request",
                    "start_event": "escalated",
                    "stop_event": "resolved",
                    "target_value": 8,
                    "target_unit": "hours",
                    "active": False,
                }
                for i in range(len(policies), count)
            ]
        )
    return policies


def top_up_clocks(env, args, requests, teams):
    """Running clocks on the requests up to ``--clocks``, inserted by SQL (one per bench policy and request):
    the engine's own creation is measured by ``bench_create``."""
    Clock = env["aftersales.sla.clock"]
    open_count = Clock.search_count([("reached_date", "=", False), ("status", "=", "running")])
    missing = max(0, args.clocks - open_count)
    if missing:
        policies = bench_policies(env, -(-missing // len(requests)) + 1)
        start = time.perf_counter()
        env.cr.execute(
            """INSERT INTO aftersales_sla_clock (policy_id, res_model, res_id, res_name, company_id, team_id,
                                                  calendar_id, target_hours, start_date, running_since, deadline,
                                                  at_risk_date, status, escalation_level, consumed_hours,
                                                  create_uid, write_uid, create_date, write_date)
               SELECT p.id, 'aftersales.request', r.id, r.name, r.company_id, r.team_id, t.resource_calendar_id, 8.0,
                      now() at time zone 'UTC', now() at time zone 'UTC',
                      now() at time zone 'UTC' + make_interval(days => 3 + (r.id + p.id) %% 7),
                      now() at time zone 'UTC' + interval '2 days', 'running', 0, 0.0, %s, %s,
                      now() at time zone 'UTC', now() at time zone 'UTC'
                 FROM aftersales_sla_policy p
                CROSS JOIN aftersales_request r
                 JOIN aftersales_team t ON t.id = r.team_id
                WHERE p.id IN %s AND r.id IN %s
                  AND NOT EXISTS (SELECT 1 FROM aftersales_sla_clock c
                                   WHERE c.policy_id = p.id AND c.res_model = 'aftersales.request' AND c.res_id = r.id)
                LIMIT %s""",
            (env.uid, env.uid, tuple(policies.ids), tuple(requests.ids), missing),
        )
        env.cr.execute("ANALYZE aftersales_sla_clock")
        env.cr.commit()
        env.invalidate_all()
        print(f"   {missing} clocks inserted by SQL in {time.perf_counter() - start:.1f} s")
    total = Clock.search_count([("reached_date", "=", False), ("status", "=", "running")])
    print(f"   {total} open clocks")
    return total


def bench_reads(env, agent, results, when=""):
    """The searches and list reads the desk does all day, at the size of the database: the requests with
    a breached service level, and a list page of 80 requests with their SLA status (best of 5 runs)."""
    Request = env["aftersales.request"].with_user(agent)
    clocks = env["aftersales.sla.clock"].search_count([])
    spec = {
        name: {}
        for name in ("priority", "name", "subject", "request_type", "state", "user_id", "sla_deadline", "sla_status")
    }
    spec["partner_id"] = {"fields": {"display_name": {}}}
    reads = {
        "search: requests with a breached service level": lambda: Request.search([("sla_status", "=", "breached")]),
        "list: 80 requests with SLA deadline and status": lambda: Request.web_search_read([], spec, limit=80),
    }
    for label, read in reads.items():
        runs = []
        for _attempt in range(5):
            env.invalidate_all()
            env.cr.flush()
            queries = env.cr.sql_log_count
            start = time.perf_counter()
            read()
            runs.append((time.perf_counter() - start, env.cr.sql_log_count - queries))
        seconds, count = min(runs)
        results[label] = {"seconds": seconds, "queries": count}
        breached = env["aftersales.sla.clock"].search_count([("status", "=", "breached")])
        print(
            f"{label} ({clocks} clocks, {breached} breached{when}): {seconds * 1000:.1f} ms, {count} queries "
            "(best of 5)",
            flush=True,
        )


def make_due(env, share):
    modulo = round(1 / share)
    env.cr.execute(
        """UPDATE aftersales_sla_clock SET deadline = now() at time zone 'UTC' - interval '1 hour'
            WHERE status = 'running' AND reached_date IS NULL AND id %% %s = 0""",
        (modulo,),
    )
    due = env.cr.rowcount
    env.cr.commit()
    print(f"   {due} clocks made due ({share:.0%})")
    return due


def bench_sweep(env, due, results):
    Clock = env["aftersales.sla.clock"]
    now = datetime.utcnow()
    with measure(env.cr, "floor: one SQL UPDATE flagging the due clocks", results):
        env.cr.execute(
            """UPDATE aftersales_sla_clock SET status = 'breached', escalation_level = 1
                WHERE status = 'running' AND reached_date IS NULL AND deadline < %s""",
            (now,),
        )
        assert env.cr.rowcount == due, (env.cr.rowcount, due)
    env.cr.rollback()
    env.invalidate_all()

    process = psutil.Process()
    with measure(env.cr, "sweep, flagging pass (batches of 5,000)", results) as out:
        flagged, rss = 0, []
        while True:
            batch = Clock._flag_breaches(now, 5000)
            if not batch:
                break
            flagged += len(batch)
            env.invalidate_all()
            rss.append(process.memory_info().rss / 2**20)
        out["flagged"] = flagged
    print(f"   flagged {flagged}; RSS per batch (MiB): {', '.join(f'{r:.0f}' for r in rss)}")
    env.cr.rollback()
    env.invalidate_all()

    with measure(env.cr, "full sweep (flag + notify, committed per batch)", results) as out:
        done, rss = 0, []
        while True:
            n = Clock._cron_sla_sweep()
            env.cr.commit()
            env.invalidate_all()
            rss.append(process.memory_info().rss / 2**20)
            if not n:
                break
            done += n
        out["flagged"] = done
    print(f"   flagged and notified {done}; RSS per batch (MiB): {', '.join(f'{r:.0f}' for r in rss)}")


def bench_concurrent(env, database, due_count):
    """Two sweeps at the same moment, each in its own connection."""
    breach_type = env.ref("aftersales_sla.mail_activity_type_sla_breach")
    env.cr.execute(
        """UPDATE aftersales_sla_clock SET status = 'running', escalation_level = 0
            WHERE id IN (SELECT id FROM aftersales_sla_clock WHERE status = 'breached' AND reached_date IS NULL
                            AND deadline < now() at time zone 'UTC'
                         ORDER BY id LIMIT %s)""",
        (due_count,),
    )
    env.cr.commit()
    before = env["mail.activity"].search_count([("activity_type_id", "=", breach_type.id)])
    barrier = threading.Barrier(2)
    counts = []

    def worker():
        registry = odoo.modules.registry.Registry(database)
        with registry.cursor() as cr:
            wenv = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            barrier.wait()
            total = 0
            while n := wenv["aftersales.sla.clock"]._cron_sla_sweep(batch_size=500):
                total += n
                cr.commit()
            counts.append(total)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    env.cr.commit()  # a fresh snapshot sees what the workers committed
    env.invalidate_all()
    after = env["mail.activity"].search_count([("activity_type_id", "=", breach_type.id)])
    print(
        f"concurrent sweeps: {due_count} clocks due, flagged {counts} by the two workers, "
        f"{after - before} breach activities created"
    )
    return after - before


def main():
    args = parse_args(__doc__.splitlines()[0], options)
    results = {}
    with environment(args.database) as env:
        teams, partners, product, agent = setup(env)
        requests = bench_create(env, args, teams, partners, product, agent, results)
        top_up_clocks(env, args, requests, teams)
        bench_reads(env, agent, results)
        due = make_due(env, args.due_share)
        bench_sweep(env, due, results)
        bench_reads(env, agent, results, when=", after the sweep")
        floor = results["floor: one SQL UPDATE flagging the due clocks"]
        flag = results["sweep, flagging pass (batches of 5,000)"]
        full = results["full sweep (flag + notify, committed per batch)"]
        print(
            f"ratio flagging pass / floor: {flag['seconds'] / floor['seconds']:.2f} (time), "
            f"{flag['queries']} vs {floor['queries']} queries"
        )
        print(
            f"ratio full sweep / floor: {full['seconds'] / floor['seconds']:.2f} (time); notifications: "
            f"{(full['queries'] - flag['queries']) / max(due, 1):.3f} queries per breached clock"
        )
        env.cr.commit()
        bench_concurrent(env, args.database, min(due, 2000))


if __name__ == "__main__":
    main()
