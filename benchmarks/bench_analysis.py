"""Analysis benchmark: the service analysis pivots on a large database.

Fills the bench database (once; reused when the rows are there) with
synthetic requests, repair orders with a warranty line each, and one SLA
clock per request, written with INSERT ... SELECT generate_series, spread
over two years, six teams, eight fault codes and a few products. Then
prints, for each analysis model, the time and SQL queries of the pivot a
manager opens: ``_read_group`` grouped by month and team (and the same
grouped by month only), run as a service manager so that the record rules
apply, best of a few runs. The pivots run one aggregate query each whatever
the data size: the target is under 2 seconds at 100,000 requests.

Run with scripts/bench.sh analysis [--requests N] [--repairs N].
"""

from common import environment, measure, parse_args

PREFIX = "BENCH-AN-"


def options(parser):
    parser.add_argument("--requests", type=int, default=100000)
    parser.add_argument("--repairs", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)


def setup(env):
    """Teams, customers, products, a policy and a manager, created once and reused."""
    Team = env["aftersales.team"]
    teams = Team.search([("name", "=like", "Bench analysis team %")], order="id")
    if not teams:
        teams = Team.create([{"name": f"Bench analysis team {i}"} for i in range(6)])
    partners = env["res.partner"].search([("name", "=like", "Bench analysis customer %")], order="id")
    if not partners:
        tiers = ["standard", "key_account", "major_project"]
        partners = env["res.partner"].create(
            [
                {"name": f"Bench analysis customer {i}", "is_company": True, "aftersales_tier": tiers[i % 3]}
                for i in range(50)
            ]
        )
    products = env["product.product"].search([("name", "=like", "Bench analysis device %")], order="id")
    if not products:
        products = env["product.product"].create(
            [{"name": f"Bench analysis device {i}", "aftersales_serviceable": True} for i in range(10)]
        )
    Policy = env["aftersales.sla.policy"].with_context(active_test=False)
    policy = Policy.search([("name", "=", "Bench analysis reply")], limit=1)
    if not policy:
        policy = Policy.create(
            {
                "name": "Bench analysis reply",
                "start_event": "created",
                "stop_event": "replied",
                "target_value": 8,
                "target_unit": "hours",
                "active": False,
            }
        )
    manager = env["res.users"].search([("login", "=", "bench_analysis_manager")])
    if not manager:
        manager = env["res.users"].create(
            {
                "name": "Bench analysis manager",
                "login": "bench_analysis_manager",
                "groups_id": [(6, 0, [env.ref("aftersales_service.group_aftersales_manager").id])],
            }
        )
    env.cr.commit()
    return teams, partners, products, policy, manager


def fill(env, args, teams, partners, products, policy):
    """Insert the missing synthetic rows in a few set-based statements."""
    cr = env.cr
    faults = env["aftersales.fault.code"].search([])
    common = {
        "teams": teams.ids,
        "partners": partners.ids,
        "products": products.ids,
        "faults": faults.ids or [None],
        "company": env.company.id,
        "calendar": env.company.resource_calendar_id.id,
        "currency": env.company.currency_id.id,
        "policy": policy.id,
        "prefix": PREFIX,
    }
    cr.execute("SELECT count(*) FROM aftersales_request WHERE name LIKE %s", [PREFIX + "%"])
    have = cr.fetchone()[0]
    if have < args.requests:
        # Request g is created g * 10 minutes after 2024-12-01; 4 in 5 are resolved.
        cr.execute(
            """
            INSERT INTO aftersales_request (
                name, subject, company_id, active, request_type, channel, state, priority, team_id,
                partner_id, commercial_partner_id, aftersales_tier, product_id, fault_code_id,
                create_date, write_date, resolve_date, turnaround_hours, first_reply_date, first_reply_hours)
            SELECT %(prefix)s || g, 'Bench analysis', %(company)s, TRUE,
                   (ARRAY['consultation', 'repair', 'complaint', 'suggestion'])[g %% 4 + 1],
                   (ARRAY['phone', 'email', 'portal', 'letter', 'visit', 'fax'])[g %% 6 + 1],
                   CASE WHEN g %% 5 = 0 THEN 'in_progress' WHEN g %% 5 = 1 THEN 'closed' ELSE 'resolved' END,
                   '0',
                   (%(teams)s::int[])[g %% array_length(%(teams)s::int[], 1) + 1],
                   p.id, p.id, p.aftersales_tier,
                   (%(products)s::int[])[g %% array_length(%(products)s::int[], 1) + 1],
                   (%(faults)s::int[])[g %% array_length(%(faults)s::int[], 1) + 1],
                   ts, ts,
                   CASE WHEN g %% 5 <> 0 THEN ts + (g %% 72) * interval '1 hour' END,
                   CASE WHEN g %% 5 <> 0 THEN (g %% 40)::float END,
                   ts + (g %% 9) * interval '1 hour', (g %% 9)::float
              FROM generate_series(%(start)s, %(stop)s) g
              CROSS JOIN LATERAL (SELECT timestamp '2024-12-01' + g * interval '10 minutes' AS ts) t
              JOIN res_partner p ON p.id = (%(partners)s::int[])[g %% array_length(%(partners)s::int[], 1) + 1]
            """,
            {**common, "start": have + 1, "stop": args.requests},
        )
        print(f"   {cr.rowcount} requests inserted")
        cr.execute(
            """
            INSERT INTO aftersales_sla_clock (
                policy_id, res_model, res_id, res_name, company_id, team_id, customer_tier, calendar_id,
                target_hours, start_date, reached_date, deadline, consumed_hours, status, escalation_level)
            SELECT %(policy)s, 'aftersales.request', r.id, r.name, r.company_id, r.team_id, r.aftersales_tier,
                   %(calendar)s, 8.0, r.create_date, r.first_reply_date, r.create_date + interval '1 day',
                   r.first_reply_hours,
                   CASE WHEN r.first_reply_hours > 8 THEN 'breached' ELSE 'met' END, 0
              FROM aftersales_request r
             WHERE r.name LIKE %(like)s
               AND NOT EXISTS (SELECT 1 FROM aftersales_sla_clock c
                                WHERE c.policy_id = %(policy)s AND c.res_model = 'aftersales.request'
                                  AND c.res_id = r.id)
            """,
            {**common, "like": PREFIX + "%"},
        )
        print(f"   {cr.rowcount} clocks inserted")
    cr.execute("SELECT count(*) FROM aftersales_repair WHERE name LIKE %s", [PREFIX + "%"])
    have = cr.fetchone()[0]
    if have < args.repairs:
        cr.execute(
            """
            INSERT INTO aftersales_repair (
                name, company_id, active, state, quote_state, partner_id, product_id, team_id, request_id,
                fault_code_id, currency_id, under_warranty, received_date, shipped_date, turnaround_hours,
                create_date, write_date)
            SELECT %(prefix)s || g, %(company)s, TRUE,
                   CASE WHEN g %% 4 = 0 THEN 'in_repair' ELSE 'done' END, 'none',
                   r.partner_id, r.product_id, r.team_id, r.id, r.fault_code_id, %(currency)s, g %% 3 <> 0,
                   r.create_date + interval '2 days',
                   CASE WHEN g %% 4 <> 0 THEN r.create_date + interval '7 days' END,
                   CASE WHEN g %% 4 <> 0 THEN (g %% 60)::float END,
                   r.create_date, r.create_date
              FROM generate_series(%(start)s, %(stop)s) g
              JOIN aftersales_request r ON r.name = %(prefix)s || (g * 5)
            """,
            {**common, "start": have + 1, "stop": args.repairs},
        )
        print(f"   {cr.rowcount} repair orders inserted")
        cr.execute(
            """
            INSERT INTO aftersales_repair_line (
                repair_id, company_id, sequence, line_type, name, quantity, price_unit, covered_by_warranty,
                price_subtotal, price_tax, price_total, list_subtotal)
            SELECT rep.id, rep.company_id, 10, 'part', 'Main board', 1, 300.0, rep.under_warranty,
                   CASE WHEN rep.under_warranty THEN 0.0 ELSE 300.0 END, 0.0,
                   CASE WHEN rep.under_warranty THEN 0.0 ELSE 300.0 END, 300.0
              FROM aftersales_repair rep
             WHERE rep.name LIKE %(like)s
               AND NOT EXISTS (SELECT 1 FROM aftersales_repair_line l WHERE l.repair_id = rep.id)
            """,
            {**common, "like": PREFIX + "%"},
        )
        print(f"   {cr.rowcount} repair lines inserted")
    cr.execute("ANALYZE aftersales_request, aftersales_repair, aftersales_repair_line, aftersales_sla_clock")
    cr.commit()
    env.invalidate_all()


PIVOTS = {
    "aftersales.request.analysis": ["nbr:sum", "turnaround_hours:avg", "first_reply_hours:avg"],
    "aftersales.repair.analysis": ["nbr:sum", "repair_fees:sum", "warranty_cost:sum", "turnaround_hours:avg"],
    "aftersales.sla.analysis": ["met_rate:avg", "count_decided:sum", "nbr:sum"],
}


def bench_pivots(env, manager, runs, results):
    for model, aggregates in PIVOTS.items():
        Model = env[model].with_user(manager)
        for groupby in (["date:month", "team_id"], ["date:month"]):
            label = f"{model} by {', '.join(groupby)}"
            best = None
            for run in range(runs):
                env.invalidate_all()
                with measure(env.cr, f"{label} (run {run + 1})", results) as out:
                    rows = Model._read_group([], groupby, aggregates)
                    out["rows"] = len(rows)
                current = results[f"{label} (run {run + 1})"]
                best = current if best is None or current["seconds"] < best["seconds"] else best
            print(f"-> {label}: best {best['seconds']:.3f} s, {best['queries']} queries, {best['rows']} groups")


def main():
    args = parse_args(__doc__.splitlines()[0], options)
    results = {}
    with environment(args.database) as env:
        teams, partners, products, policy, manager = setup(env)
        fill(env, args, teams, partners, products, policy)
        for model in ("aftersales.request", "aftersales.repair", "aftersales.sla.clock"):
            print(f"   {model}: {env[model].search_count([])} records")
        bench_pivots(env, manager, args.runs, results)


if __name__ == "__main__":
    main()
