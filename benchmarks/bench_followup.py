"""Follow-up benchmark: the quarterly follow-up cron over 10,000 key accounts.

Creates (or reuses) --customers key-account customers spread over a few
provinces and countries, half of them with a service project manager, and
bench teams with managers covering some of those provinces and a country, so
that finding each customer's team has work to do. Any follow-up calls of the
current quarter left on those customers by an earlier run are deleted first
(by SQL). Then runs the scheduled action "plan the quarterly follow-up calls"
as the scheduler does: a progress record per run, the server action, a commit
after each run, again while it reports customers remaining, until a run
creates nothing. Prints the follow-ups created, the seconds, the SQL queries
in total and per follow-up, the runs (batches) and resident memory, then runs
it once more and checks that it creates nothing (idempotent).

Target: the cron creates its follow-ups in batches, under 5 queries per
follow-up.

Run with scripts/bench.sh followup [--customers N].
"""

import logging
import time

import psutil
from common import environment, parse_args, rss_mib

from odoo import fields
from odoo.tools import SQL, date_utils

CUSTOMER_PREFIX = "Bench followup customer"
TEAM_PREFIX = "Bench followup team"
TARGET_QUERIES = 5


def options(parser):
    parser.add_argument("--customers", type=int, default=10000, help="key-account customers to call")
    parser.add_argument("--create-batch", type=int, default=1000, help="customers per create() when filling")


def make_user(env, login, name, group):
    user = env["res.users"].with_context(active_test=False).search([("login", "=", login)], limit=1)
    return user or env["res.users"].create({"name": name, "login": login, "groups_id": [(6, 0, [env.ref(group).id])]})


def china_states(env):
    china = env.ref("base.cn")
    states = env["res.country.state"].search([("country_id", "=", china.id)], order="id", limit=12)
    assert len(states) >= 8, "base data lacks the provinces of China"
    return china, states


def setup_teams(env):
    """Four teams: three regional offices by province, one service centre by country."""
    Team = env["aftersales.team"].with_context(active_test=False)
    teams = Team.search([("name", "=like", f"{TEAM_PREFIX} %")], order="id")
    if teams:
        return teams
    china, states = china_states(env)
    managers = [
        make_user(
            env, f"bench_followup_mgr_{i}", f"Bench followup manager {i}", "aftersales_service.group_aftersales_manager"
        )
        for i in range(4)
    ]
    vals_list = [
        {
            "name": f"{TEAM_PREFIX} {i}",
            "team_type": "regional_office",
            "manager_id": managers[i].id,
            "state_ids": [(6, 0, states[2 * i : 2 * i + 2].ids)],
        }
        for i in range(3)
    ]
    # Provinces 6 and up fall back on the country; customers abroad on the first service centre.
    vals_list.append(
        {
            "name": f"{TEAM_PREFIX} 3",
            "team_type": "service_centre",
            "manager_id": managers[3].id,
            "country_ids": [(6, 0, china.ids)],
        }
    )
    return Team.create(vals_list)


def setup_customers(env, args):
    """The key accounts, created in batches; those already there are reused."""
    Partner = env["res.partner"].with_context(tracking_disable=True, mail_create_nolog=True)
    existing = Partner.search_count(
        [("name", "=like", f"{CUSTOMER_PREFIX} %"), ("aftersales_tier", "=", "key_account")]
    )
    if existing >= args.customers:
        print(f"   {existing} key-account customers reused")
        return existing
    china, states = china_states(env)
    vietnam = env.ref("base.vn")
    project_managers = [
        make_user(
            env,
            f"bench_followup_pm_{i}",
            f"Bench followup project manager {i}",
            "aftersales_service.group_aftersales_user",
        )
        for i in range(5)
    ]
    start = time.perf_counter()
    for offset in range(existing, args.customers, args.create_batch):
        vals_list = []
        for i in range(offset, min(args.customers, offset + args.create_batch)):
            # 9 in 10 in China over the provinces (some covered by a team, some
            # only by the country), 1 in 10 abroad without a team.
            abroad = i % 10 == 9
            vals_list.append(
                {
                    "name": f"{CUSTOMER_PREFIX} {i:05d}",
                    "is_company": True,
                    "aftersales_tier": "key_account",
                    "country_id": (vietnam if abroad else china).id,
                    "state_id": False if abroad else states[i % len(states)].id,
                    "aftersales_project_manager_id": project_managers[i % 5].id if i % 2 == 0 else False,
                }
            )
        Partner.create(vals_list)
        env.cr.commit()
        env.invalidate_all()
    print(f"   {args.customers - existing} key-account customers created in {time.perf_counter() - start:.1f} s")
    return args.customers


def clear_quarter(env):
    """Delete this quarter's follow-ups of the bench customers left by an earlier run."""
    today = fields.Date.context_today(env["aftersales.followup"])
    quarter = f"{today.year}-Q{date_utils.get_quarter_number(today)}"
    env.cr.execute(
        """SELECT f.id FROM aftersales_followup f JOIN res_partner p ON p.id = f.commercial_partner_id
            WHERE f.quarter = %s AND p.name LIKE %s""",
        (quarter, f"{CUSTOMER_PREFIX} %"),
    )
    ids = [row[0] for row in env.cr.fetchall()]
    if ids:
        model = "aftersales.followup"
        for table, column in (
            ("mail_activity", "res_model"),
            ("mail_message", "model"),
            ("mail_followers", "res_model"),
            ("aftersales_sla_clock", "res_model"),
        ):
            env.cr.execute(
                SQL(
                    "DELETE FROM %s WHERE %s = %s AND res_id = ANY(%s)",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    model,
                    ids,
                )
            )
        env.cr.execute("DELETE FROM aftersales_followup WHERE id = ANY(%s)", (ids,))
        print(f"   {len(ids)} follow-ups of {quarter} left by an earlier run deleted")
    env.cr.commit()
    env.invalidate_all()
    return quarter


def run_once(env, job):
    """One run as ``ir.cron._run_job`` does it: a progress record, the server action, a commit.

    Returns (follow-ups created, customers remaining, queries of the server action, seconds).
    """
    cr = env.cr
    cron = env["ir.cron"].with_user(job.user_id).with_context(lastcall=job.lastcall, cron_id=job.id).browse(job.id)
    cron, progress = cron._add_progress()
    cr.commit()
    queries = cr.sql_log_count
    start = time.perf_counter()
    cron._callback(job.cron_name, job.ir_actions_server_id.id)
    elapsed = time.perf_counter() - start
    count = cr.sql_log_count - queries
    done, remaining = progress.done, progress.remaining
    cr.commit()
    env.invalidate_all()
    return done, remaining, count, elapsed


def bench_cron(env, job):
    process = psutil.Process()
    cr = env.cr
    total_queries = cr.sql_log_count
    created = queries = 0
    runs, rss = [], []
    start = time.perf_counter()
    while True:
        done, remaining, count, elapsed = run_once(env, job)
        rss.append(process.memory_info().rss / 2**20)
        runs.append((done, remaining, count, elapsed))
        created += done
        queries += count
        if not done:
            break
    seconds = time.perf_counter() - start
    total_queries = cr.sql_log_count - total_queries
    batches = sum(1 for done, *_ in runs if done)
    print(f"{'cron runs (batches) creating follow-ups':<52} {batches:9d}")
    for i, (done, remaining, count, elapsed) in enumerate(runs, 1):
        per = f"{count / done:6.2f} q/follow-up" if done else ""
        print(
            f"   run {i:2d}: {done:5d} created, {remaining:5d} remaining, "
            f"{count:6d} queries, {elapsed:7.3f} s {per}  RSS {rss[i - 1]:.0f} MiB"
        )
    print(f"{'follow-ups created':<52} {created:9d}")
    print(f"{'total seconds (runs and commits)':<52} {seconds:9.3f} s")
    if created:
        print(f"{'seconds per follow-up':<52} {seconds / created * 1000:9.3f} ms")
    print(f"{'SQL queries of the server action, in total':<52} {queries:9d}")
    print(f"{'SQL queries with the scheduler bookkeeping':<52} {total_queries:9d}")
    per = queries / created if created else float("nan")
    print(f"{'SQL queries per follow-up':<52} {per:9.2f}   (target < {TARGET_QUERIES})")
    print(f"{'resident memory now / peak':<52} {process.memory_info().rss / 2**20:9.0f} / {rss_mib():.0f} MiB")
    return created, per


def main():
    args = parse_args(__doc__.splitlines()[0], options)
    # The scheduler logs each run's start and end: not part of the figures.
    logging.getLogger("odoo.addons.base.models.ir_cron").setLevel(logging.WARNING)
    with environment(args.database) as env:
        job = env.ref("aftersales_service.ir_cron_followup_quarterly")
        setup_teams(env)
        env.cr.commit()
        setup_customers(env, args)
        quarter = clear_quarter(env)
        called = env["res.partner"].search_count(
            [("aftersales_tier", "in", ("key_account", "major_project")), ("is_company", "=", True)]
        )
        print(f"quarter {quarter}: {called} key accounts and major projects to call")
        created, per = bench_cron(env, job)
        done, remaining, count, elapsed = run_once(env, job)
        print(f"{'run again (idempotent): follow-ups created':<52} {done:9d}   ({count} queries, {elapsed:.3f} s)")
        teams = env["aftersales.followup"]._read_group(
            [("quarter", "=", quarter), ("commercial_partner_id.name", "=like", f"{CUSTOMER_PREFIX} %")],
            ["team_id", "user_id"],
            ["__count"],
        )
        print(f"follow-ups by team and responsible: {len(teams)} groups")
        for team, user, count in sorted(teams, key=lambda g: (g[0].name or "", g[1].name or "")):
            print(f"   {team.name or '-':<32} {user.name or '-':<36} {count:6d}")
        activities = env["mail.activity"].search_count(
            [
                ("res_model", "=", "aftersales.followup"),
                ("activity_type_id", "=", env.ref("mail.mail_activity_data_call").id),
            ]
        )
        print(f"phone-call activities on follow-ups: {activities}")
        ok = created >= args.customers and per < TARGET_QUERIES and done == 0
        print("target met" if ok else "TARGET MISSED")


if __name__ == "__main__":
    main()
