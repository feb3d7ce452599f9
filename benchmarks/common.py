"""Shared set-up for the benchmarks: an Odoo environment on a real database."""

import argparse
import os
import resource
import time
from contextlib import contextmanager

import odoo
from odoo.tools import config


def parse_args(description, extra=None):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database", "-d", default=os.environ.get("BENCH_DB", "aftersales_bench"))
    parser.add_argument("--addons-path", default=os.environ.get("ODOO_ADDONS_PATH"))
    parser.add_argument("--db-args", default=os.environ.get("ODOO_DB_ARGS", ""))
    if extra:
        extra(parser)
    args = parser.parse_args()
    config.parse_config([f"--addons-path={args.addons_path}", *args.db_args.split()])
    return args


@contextmanager
def environment(database):
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})


def rss_mib():
    """Peak resident memory of this process so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def measure(cr, label, results, per=None):
    """Time and count the SQL queries of the block; store them under ``label``."""
    cr.flush()
    queries = cr.sql_log_count
    start = time.perf_counter()
    out = {}
    yield out
    cr.flush()
    elapsed = time.perf_counter() - start
    count = cr.sql_log_count - queries
    results[label] = {"seconds": elapsed, "queries": count, **out}
    line = f"{label:<52} {elapsed:9.3f} s {count:9d} queries"
    if per:
        line += f"   per item: {elapsed / per * 1000:7.2f} ms {count / per:7.2f} queries"
    print(line, flush=True)
