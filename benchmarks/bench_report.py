"""Service report benchmark: generating a team's monthly report on a large database.

Fills (or tops up) two teams by SQL inserts copied from one ORM-created row:
a large team with --requests requests and --repairs repair orders spread
over the last twelve months, half the requests with a reached service-level
clock, and a small team with a tenth of that. Then prints the seconds and
SQL queries of creating and computing the monthly report of the last
finished month for each team (and the weekly report of the large team),
after a warm-up: the query count must not grow with the data.

Run with scripts/bench.sh report [--requests N] [--repairs N].
"""

from datetime import timedelta

from common import environment, measure, parse_args, rss_mib
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tools import SQL, date_utils

TEAM_NAME = "Bench report team"


def options(parser):
    parser.add_argument("--requests", type=int, default=100000)
    parser.add_argument("--repairs", type=int, default=20000)


def make_calendar(env):
    calendar = env["resource.calendar"].search([("name", "=", "Bench report Shanghai")], limit=1)
    if calendar:
        return calendar
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
        for a, b in ((9, 12), (13, 18))
    ]
    return env["resource.calendar"].create(
        {"name": "Bench report Shanghai", "tz": "Asia/Shanghai", "attendance_ids": attendances}
    )


def setup_team(env, name, calendar):
    Team = env["aftersales.team"].with_context(active_test=False)
    team = Team.search([("name", "=", name)], limit=1)
    if team:
        return team
    manager = env["res.users"].create(
        {
            "name": f"{name} manager",
            "login": f"{name.replace(' ', '_').lower()}_manager",
            "email": "bench-report-manager@example.com",
            "groups_id": [(6, 0, [env.ref("aftersales_service.group_aftersales_manager").id])],
        }
    )
    team = Team.create(
        {"name": name, "team_type": "regional_office", "manager_id": manager.id, "resource_calendar_id": calendar.id}
    )
    env["aftersales.complaint.category"].create(
        [{"name": f"{name} category {i}", "team_id": team.id} for i in range(3)]
    )
    return team


def template_rows(env, team):
    """One request and one repair order of the team, made by the ORM, to copy."""
    partner = env["res.partner"].search([("name", "=", "Bench report customer")], limit=1) or env["res.partner"].create(
        {"name": "Bench report customer", "email": "bench-customer@example.com"}
    )
    Request = env["aftersales.request"].with_context(active_test=False, mail_create_nolog=True, tracking_disable=True)
    request = Request.search([("team_id", "=", team.id)], limit=1, order="id") or Request.create(
        {"subject": "Bench", "request_type": "consultation", "partner_id": partner.id, "team_id": team.id}
    )
    Repair = env["aftersales.repair"].with_context(active_test=False, mail_create_nolog=True, tracking_disable=True)
    repair = Repair.search([("team_id", "=", team.id)], limit=1, order="id") or Repair.create(
        {"partner_id": partner.id, "team_id": team.id}
    )
    return request, repair


def copy_rows(env, table, template_id, count, overrides):
    """Insert ``count`` copies of a row, with columns computed from a random series."""
    env.cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name != 'id'",
        [table],
    )
    columns = [row[0] for row in env.cr.fetchall()]
    exprs = [overrides.get(column, SQL("t.%s", SQL.identifier(column))) for column in columns]
    env.cr.execute(
        SQL(
            """
            WITH s AS (
                SELECT g, random() AS r1, random() AS r2, random() AS r3, random() AS r4 FROM generate_series(1, %s) g
            ), d AS (
                SELECT s.*, %s::timestamp + (%s::timestamp - %s::timestamp) * s.r1 AS ts FROM s
            )
            INSERT INTO %s (%s)
            SELECT %s FROM %s t, d WHERE t.id = %s
            """,
            count,
            env.context["bench_start"],
            env.context["bench_end"],
            env.context["bench_start"],
            SQL.identifier(table),
            SQL(", ").join(SQL.identifier(column) for column in columns),
            SQL(", ").join(exprs),
            SQL.identifier(table),
            template_id,
        )
    )


def fill(env, team, requests, repairs):
    """Top the team up to ``requests`` requests and ``repairs`` repair orders."""
    Request = env["aftersales.request"].with_context(active_test=False)
    Repair = env["aftersales.repair"].with_context(active_test=False)
    have_requests = Request.search_count([("team_id", "=", team.id)])
    have_repairs = Repair.search_count([("team_id", "=", team.id)])
    request, repair = template_rows(env, team)
    env.flush_all()
    categories = env["aftersales.complaint.category"].search([("team_id", "=", team.id)]).ids
    stamp = fields.Datetime.now().strftime("%H%M%S")
    if requests > have_requests:
        env.cr.execute("SELECT max(id) FROM aftersales_request")
        last_id = env.cr.fetchone()[0]
        types = SQL("(ARRAY['consultation','repair','complaint','suggestion'])[1 + floor(d.r4 * 4)::int]")
        copy_rows(
            env,
            "aftersales_request",
            request.id,
            requests - have_requests,
            {
                "name": SQL("t.name || %s || d.g", f"-B{stamp}-"),
                "create_date": SQL("d.ts"),
                "write_date": SQL("d.ts"),
                "request_type": types,
                "channel": SQL("(ARRAY['phone','email','portal','letter','visit','fax'])[1 + floor(d.r3 * 6)::int]"),
                "complaint_category_id": SQL(
                    "CASE WHEN %s = 'complaint' THEN (%s::int[])[1 + floor(d.r2 * 3)::int] END",
                    types,
                    categories,
                ),
                "state": SQL("CASE WHEN d.r2 < 0.8 THEN 'resolved' ELSE 'in_progress' END"),
                "resolve_date": SQL("CASE WHEN d.r2 < 0.8 THEN d.ts + d.r3 * interval '72 hours' END"),
            },
        )
        policy = env["aftersales.sla.policy"].with_context(active_test=False).search(
            [("name", "=", "Bench report policy")], limit=1
        ) or env["aftersales.sla.policy"].create(
            {
                "name": "Bench report policy",
                "active": False,
                "res_model": "aftersales.request",
                "start_event": "created",
                "stop_event": "replied",
                "target_value": 1,
            }
        )
        env.cr.execute(
            """
            INSERT INTO aftersales_sla_clock (policy_id, res_model, res_id, company_id, team_id, calendar_id,
                target_hours, start_date, status, reached_date, escalation_level, create_date, write_date)
            SELECT %s, 'aftersales.request', r.id, r.company_id, r.team_id, %s, 8, r.create_date,
                CASE WHEN r.id %% 3 = 0 THEN 'breached' ELSE 'met' END,
                r.create_date + interval '5 hours', 0, r.create_date, r.create_date
            FROM aftersales_request r WHERE r.team_id = %s AND r.id > %s AND r.id %% 2 = 0
            """,
            [policy.id, team.resource_calendar_id.id, team.id, last_id],
        )
    if repairs > have_repairs:
        copy_rows(
            env,
            "aftersales_repair",
            repair.id,
            repairs - have_repairs,
            {
                "name": SQL("t.name || %s || d.g", f"-B{stamp}-"),
                "create_date": SQL("d.ts"),
                "write_date": SQL("d.ts"),
                "state": SQL("CASE WHEN d.r2 < 0.6 THEN 'done' WHEN d.r2 < 0.7 THEN 'shipped' ELSE 'diagnosis' END"),
                "received_date": SQL("d.ts"),
                "shipped_date": SQL("CASE WHEN d.r2 < 0.7 THEN d.ts + d.r3 * interval '120 hours' END"),
                "done_date": SQL("CASE WHEN d.r2 < 0.6 THEN d.ts + d.r3 * interval '150 hours' END"),
            },
        )
    env.cr.commit()
    print(
        f"{team.name}: {Request.search_count([('team_id', '=', team.id)])} requests, "
        f"{Repair.search_count([('team_id', '=', team.id)])} repairs",
        flush=True,
    )


def generate(env, team, period_type, date_from, label, results):
    Report = env["aftersales.service.report"]
    with measure(env.cr, label, results) as out:
        report = Report.create({"team_id": team.id, "period_type": period_type, "date_from": date_from})
        report._compute_figures()
        out["requests"] = report.request_count
    print(
        f"    requests {report.request_count}, resolved {report.figures['requests_resolved']}, "
        f"repairs received {report.repair_received_count}, finished {report.figures['repairs_finished']}, "
        f"SLA met {report.sla_met_count} breached {report.sla_breached_count}, "
        f"turnaround {report.request_turnaround_hours:.1f} h / {report.repair_turnaround_hours:.1f} h",
        flush=True,
    )
    return report


def main():
    args = parse_args(__doc__.splitlines()[0], options)
    with environment(args.database) as env:
        today = fields.Date.context_today(env["aftersales.service.report"])
        end = date_utils.start_of(today, "month")
        month = end - relativedelta(months=1)
        # The last full week of the data, which ends with the last finished month.
        week = date_utils.start_of(end - timedelta(days=7), "week")
        env = env(context={"bench_start": str(end - relativedelta(months=12)), "bench_end": str(end)})
        calendar = make_calendar(env)
        big = setup_team(env, TEAM_NAME, calendar)
        small = setup_team(env, f"{TEAM_NAME} small", calendar)
        env.cr.commit()
        fill(env, big, args.requests, args.repairs)
        fill(env, small, args.requests // 10, args.repairs // 10)
        env["aftersales.service.report"].search([("team_id", "in", (big | small).ids)]).unlink()
        results = {}
        generate(env, small, "month", month - relativedelta(months=1), "warm-up (small team)", results)
        generate(env, big, "month", month - relativedelta(months=2), "warm-up (large team)", results)
        generate(env, small, "month", month, f"monthly report, {args.requests // 10} requests", results)
        generate(env, big, "month", month, f"monthly report, {args.requests} requests", results)
        generate(env, big, "week", week, f"weekly report, {args.requests} requests", results)
        print(f"peak memory {rss_mib():.0f} MiB", flush=True)
        env.cr.rollback()


if __name__ == "__main__":
    main()
