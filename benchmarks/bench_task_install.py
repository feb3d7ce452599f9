"""Installing aftersales_sla_project on a database with many tasks computes nothing task by task.

Creates (or reuses) one database per size with Project only and that many tasks, installs the bridge
with odoo-bin, and prints the seconds and SQL queries Odoo logs for loading the bridge: flat whatever
the number of tasks, and the tasks' SLA deadline column is created empty.
"""

import argparse
import os
import re
import shlex
import subprocess
import sys

LOADED = re.compile(r"Module aftersales_sla_project loaded in ([\d.]+)s, (\d+) queries")


def odoo(args, database, *extra):
    command = [
        sys.executable,
        os.path.join(os.environ["ODOO_SRC"], "odoo-bin"),
        f"--addons-path={args.addons_path}",
        *shlex.split(args.db_args),
        "-d",
        database,
        "--stop-after-init",
        "--max-cron-threads=0",
        "--http-port=0",
        *extra,
    ]
    return subprocess.run(command, capture_output=True, text=True, check=True)


SHELL_CREATE = """
project = env["project.project"].create({{"name": "Bench tasks"}})
for offset in range(0, {count}, 5000):
    env["project.task"].create(
        [{{"name": f"Task {{i}}", "project_id": project.id}} for i in range(offset, min({count}, offset + 5000))]
    )
    env.cr.commit()
"""


def prepare(args, database, count):
    """A database with Project and ``count`` tasks, without the bridge (dropped first if it has it)."""
    subprocess.run(["dropdb", *pg_args(args), "--if-exists", database], check=True)
    odoo(args, database, "-i", "project", "--without-demo=all")
    shell = [
        sys.executable,
        os.path.join(os.environ["ODOO_SRC"], "odoo-bin"),
        "shell",
        f"--addons-path={args.addons_path}",
        *shlex.split(args.db_args),
        "-d",
        database,
        "--no-http",
    ]
    subprocess.run(shell, input=SHELL_CREATE.format(count=count), capture_output=True, text=True, check=True)


def pg_args(args):
    """dropdb's connection options from Odoo's database options."""
    options = dict(zip(shlex.split(args.db_args)[::2], shlex.split(args.db_args)[1::2], strict=False))
    mapping = {"--db_host": "-h", "--db_port": "-p", "--db_user": "-U"}
    return [item for key, flag in mapping.items() if key in options for item in (flag, options[key])]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0,20000", help="numbers of tasks, comma-separated")
    parser.add_argument("--addons-path", default=os.environ.get("ODOO_ADDONS_PATH"))
    parser.add_argument("--db-args", default=os.environ.get("ODOO_DB_ARGS", ""))
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        database = f"aftersales_bench_tasks_{size}"
        prepare(args, database, size)
        result = odoo(args, database, "-i", "aftersales_sla_project", "--log-level=info")
        log = result.stdout + result.stderr
        seconds, queries = LOADED.search(log).groups()
        print(f"{size:>7} tasks: aftersales_sla_project loaded in {seconds} s, {queries} queries", flush=True)
        subprocess.run(["dropdb", *pg_args(args), "--if-exists", database], check=True)


if __name__ == "__main__":
    main()
