"""What must survive an upgrade of the add-ons, noted before and compared after.

    check_upgrade.py snapshot --out FILE [--installed A,B,...] ODOO-OPTIONS...
        note in FILE (JSON) the rows of the service tables (ids and the
        columns of TABLES), the external ids of the project's modules, the
        scheduled actions and the state of every module; with --installed,
        exit 1 unless each of those modules is installed
    check_upgrade.py compare BEFORE AFTER
        print rows per table before and after, lost rows, changed values,
        external ids lost, pointing elsewhere or moved to another module,
        duplicated scheduled actions and the project's modules after the
        upgrade; exit 1 on any loss, change or duplicate

ODOO-OPTIONS are odoo-bin's (database connection, -d DB, log level).
"""

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from check_lifecycle import import_odoo

# Table: the columns compared besides the id (every row's id is compared).
TABLES = {
    "aftersales_request": (),
    "aftersales_repair": (),
    "aftersales_sla_clock": (
        "status",
        "deadline",
        "consumed_hours",
        "running_since",
        "reached_date",
        "policy_id",
        "res_model",
        "res_id",
    ),
    "aftersales_sla_policy": ("active", "name"),
    "resource_calendar_workday": ("calendar_id", "date"),
    "resource_calendar_leaves": ("date_from", "date_to", "calendar_id"),
    "aftersales_followup": (),
    "aftersales_equipment": (),
    "account_move": (),
}
# External ids a version retires on purpose (with its migration), and why: not counted as losses.
RETIRED_EXTERNAL_IDS = {
    "aftersales_service.constraint_aftersales_equipment_serial_product_uniq": (
        "18.0.1.4.0 replaced the unique serial per product by the exclusion constraint serial_holder_uniq "
        "(active, not replaced units only)"
    ),
}
MODULE_LIKES = ["aftersales%", "resource_calendar%"]
EXAMPLES = 5


# ---------------------------------------------------------------- snapshot


def existing_columns(cr, table):
    cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table])
    return {name for (name,) in cr.fetchall()}


def table_rows(cr, table, wanted):
    """{id: [values of the columns]} of a table, or None when it does not exist."""
    present = existing_columns(cr, table)
    if "id" not in present:
        return None
    columns = [column for column in wanted if column in present]
    select = ", ".join(f'"{column}"' for column in ["id", *columns])
    cr.execute(f'SELECT {select} FROM "{table}"')
    # JSON keeps dates, timestamps and numerics as their exact text.
    rows = {str(row[0]): json.loads(json.dumps(list(row[1:]), default=str)) for row in cr.fetchall()}
    return {"columns": columns, "rows": rows}


def external_ids(cr):
    cr.execute(
        """SELECT name, module, model, res_id FROM ir_model_data
            WHERE module LIKE ANY(%s) ORDER BY name, module""",
        [MODULE_LIKES],
    )
    return [list(row) for row in cr.fetchall()]


def cron_codes(cr):
    """{"model: code": [names]} of the scheduled actions whose code calls a _cron_ method (two models may
    name their scheduled methods alike)."""
    cr.execute(
        """SELECT m.model, s.code, c.cron_name FROM ir_cron c
             JOIN ir_act_server s ON s.id = c.ir_actions_server_id
             JOIN ir_model m ON m.id = s.model_id
            WHERE s.code LIKE %s ORDER BY m.model, s.code, c.id""",
        ["%\\_cron\\_%"],
    )
    crons = defaultdict(list)
    for model, code, name in cr.fetchall():
        crons[f"{model}: {code.strip()}"].append(name)
    return crons


def modules(cr):
    cr.execute("SELECT name, state, latest_version FROM ir_module_module ORDER BY name")
    return {name: [state, version] for name, state, version in cr.fetchall()}


def cmd_snapshot(odoo, dbname, args):
    with odoo.sql_db.db_connect(dbname).cursor() as cr:
        snapshot = {
            "tables": {table: table_rows(cr, table, columns) for table, columns in TABLES.items()},
            "external_ids": external_ids(cr),
            "crons": cron_codes(cr),
            "modules": modules(cr),
        }
    Path(args.out).write_text(json.dumps(snapshot, indent=1, sort_keys=True), encoding="utf-8")
    states = {name: snapshot["modules"].get(name, ["unknown"])[0] for name in (args.installed or "").split(",") if name}
    missing = [f"{name} ({state})" for name, state in states.items() if state != "installed"]
    if missing:
        print(f"snapshot: not installed: {', '.join(missing)}")
        return 1
    return 0


# ---------------------------------------------------------------- compare


def examples(items):
    items = list(items)
    more = f", ... ({len(items) - EXAMPLES} more)" if len(items) > EXAMPLES else ""
    return ", ".join(str(item) for item in items[:EXAMPLES]) + more


class Report:
    """Collects the problems found while comparing two snapshots."""

    def __init__(self, before, after):
        self.before = before
        self.after = after
        self.problems = []

    def problem(self, text):
        self.problems.append(text)

    def tables(self):
        print("rows per table (before -> after):")
        for table in TABLES:
            old, new = self.before["tables"].get(table), self.after["tables"].get(table)
            print(f"  {table:28} {row_count(old):>8} -> {row_count(new)}")
            if old is None:
                continue
            if new is None:
                self.problem(f"{table}: the table is gone ({len(old['rows'])} rows)")
                continue
            self.rows(table, old, new)

    def rows(self, table, old, new):
        lost = [int(row_id) for row_id in old["rows"] if row_id not in new["rows"]]
        if lost:
            self.problem(f"{table}: {len(lost)} rows lost (ids {examples(sorted(lost))})")
        for index, column in enumerate(old["columns"]):
            if column not in new["columns"]:
                self.problem(f"{table}.{column}: the column is gone")
                continue
            where = new["columns"].index(column)
            changed = [
                f"id {row_id}: {values[index]!r} -> {new['rows'][row_id][where]!r}"
                for row_id, values in sorted(old["rows"].items(), key=lambda item: int(item[0]))
                if row_id in new["rows"] and new["rows"][row_id][where] != values[index]
            ]
            if changed:
                self.problem(f"{table}.{column}: {len(changed)} values changed ({examples(changed)})")

    def external_ids(self):
        old, new = targets_by_name(self.before), targets_by_name(self.after)
        print(f"external ids of {' or '.join(MODULE_LIKES)} modules: {count_ids(old)} before, {count_ids(new)} after")
        moves = defaultdict(list)
        for name, targets in sorted(old.items()):
            for target, modules_before in targets.items():
                modules_after = new.get(name, {}).get(target)
                if modules_after is None:
                    self.lost_external_id(name, target, modules_before, new.get(name, {}))
                    continue
                gone = sorted(modules_before - modules_after)
                if gone:
                    added = sorted(modules_after - modules_before) or [f"(still {', '.join(sorted(modules_after))})"]
                    moves[(", ".join(gone), ", ".join(added))].append(name)
        self.print_moves(moves)

    def lost_external_id(self, name, target, modules_before, targets_after):
        xmlids = ", ".join(f"{module}.{name}" for module in sorted(modules_before))
        if not targets_after and xmlids in RETIRED_EXTERNAL_IDS:
            print(f"external id {xmlids} retired on purpose: {RETIRED_EXTERNAL_IDS[xmlids]}")
            return
        if targets_after:
            now = ", ".join(f"{model},{res_id}" for model, res_id in targets_after)
            self.problem(f"external id {xmlids} pointed at ({target[0]},{target[1]}), now at ({now})")
        else:
            self.problem(f"external id {xmlids} ({target[0]},{target[1]}) is gone")

    @staticmethod
    def print_moves(moves):
        if not moves:
            print("external ids moved to another module: none")
            return
        print("external ids moved to another module (old module -> new module: count, examples):")
        for (gone, added), names in sorted(moves.items()):
            print(f"  {gone} -> {added}: {len(names)} ({examples(names)})")

    def crons(self):
        old, new = self.before["crons"], self.after["crons"]
        print(f"scheduled actions calling a _cron_ method: {count_crons(old)} before, {count_crons(new)} after")
        for code, names in sorted(new.items()):
            if len(names) > 1:
                self.problem(f"scheduled action {code!r} {len(names)} times: {examples(names)}")
        for code in sorted(set(old) - set(new)):
            print(f"  note: no scheduled action runs {code!r} any more (was {examples(old[code])})")

    def modules(self):
        """The project's modules, and any other the upgrade installed, with their state and version."""
        old, new = installed(self.before), installed(self.after)
        ours = {name for name in self.after["modules"] if name.startswith(("aftersales", "resource_calendar"))}
        print("modules after the upgrade (name, state, version; was: before the upgrade):")
        for name in sorted(ours | (new - old)):
            state, version = self.after["modules"][name]
            was = self.before["modules"].get(name, ["unknown", None])
            change = "" if was == [state, version] else f"  (was: {' '.join(filter(None, was))})"
            print(f"  {name:40} {state:12} {version or '-':12}{change}".rstrip())
        pending = [
            f"{name} ({state})" for name, (state, _v) in self.after["modules"].items() if state.startswith("to ")
        ]
        if pending:
            self.problem(f"modules left half-done by the upgrade: {', '.join(sorted(pending))}")
        if old - new:
            self.problem(f"modules no longer installed: {', '.join(sorted(old - new))}")


def targets_by_name(snapshot):
    """{name: {(model, res_id): {modules}}}: external ids by name, whatever their module."""
    result = defaultdict(lambda: defaultdict(set))
    for name, module, model, res_id in snapshot["external_ids"]:
        result[name][(model, res_id)].add(module)
    return result


def count_ids(targets):
    return sum(len(modules) for by_target in targets.values() for modules in by_target.values())


def count_crons(crons):
    return sum(len(names) for names in crons.values())


def row_count(table):
    return "no table" if table is None else len(table["rows"])


def installed(snapshot):
    return {name for name, (state, _version) in snapshot["modules"].items() if state == "installed"}


def cmd_compare(args):
    before = json.loads(Path(args.before).read_text(encoding="utf-8"))
    after = json.loads(Path(args.after).read_text(encoding="utf-8"))
    report = Report(before, after)
    report.tables()
    report.external_ids()
    report.crons()
    report.modules()
    if not report.problems:
        print("compare: nothing lost, nothing changed, no scheduled action twice")
        return 0
    print(f"compare: {len(report.problems)} problems:")
    for problem in report.problems:
        print(f"  {problem}")
    return 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    snapshot = commands.add_parser("snapshot", help="note what must survive the upgrade")
    snapshot.add_argument("--out", required=True, help="JSON file to write")
    snapshot.add_argument("--installed", help="comma-separated modules that must be installed")
    compare = commands.add_parser("compare", help="compare two snapshots")
    compare.add_argument("before")
    compare.add_argument("after")
    args, odoo_args = parser.parse_known_args()
    if args.command == "compare":
        if odoo_args:
            parser.error(f"unknown arguments: {' '.join(odoo_args)}")
        return cmd_compare(args)
    odoo, dbname = import_odoo(odoo_args, tool="check_upgrade")
    return cmd_snapshot(odoo, dbname, args)


if __name__ == "__main__":
    sys.exit(main())
