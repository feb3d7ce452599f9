"""Life-cycle checks of the repository's add-ons on an Odoo database.

    check_lifecycle.py installed ODOO-OPTIONS...
        every add-on of the repository is installed, with demo data
    check_lifecycle.py uninstall --snapshot FILE ODOO-OPTIONS...
        note in FILE what the add-ons own (models, tables, columns, records of
        their data files), then uninstall them through Odoo itself
    check_lifecycle.py leftovers [--snapshot FILE] ODOO-OPTIONS...
        after the uninstall: nothing of the add-ons may remain (tables,
        columns, model metadata, records of their data files, records of other
        models that point at theirs); prints each kind of leftover with its
        count and examples and exits 1 when anything is left

ODOO-OPTIONS are odoo-bin's (addons path, database connection, -d DB, log
level). The add-ons are every folder with a __manifest__.py at the root of the
repository; their model, table and column prefixes are the first part of each
add-on's name ("aftersales" for aftersales_service) and of each of their
models' names.
"""

import argparse
import json
import logging
import os
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent.name for p in ROOT.glob("*/__manifest__.py"))
EXAMPLES = 5
METADATA_MODELS = (
    "ir.model",
    "ir.model.fields",
    "ir.model.fields.selection",
    "ir.model.constraint",
    "ir.model.relation",
    "ir.model.inherit",
)

# Tables not named after their model, for `leftovers` without a snapshot
# (the snapshot has every model's table).
ODOO_TABLES = {
    "ir.actions.actions": "ir_actions",
    "ir.actions.act_window": "ir_act_window",
    "ir.actions.act_window.view": "ir_act_window_view",
    "ir.actions.act_url": "ir_act_url",
    "ir.actions.server": "ir_act_server",
    "ir.actions.report": "ir_act_report_xml",
    "ir.actions.client": "ir_act_client",
}

_logger = logging.getLogger("check_lifecycle")


def import_odoo(odoo_args, tool="check_lifecycle"):
    """Import Odoo from $ODOO_SRC and parse odoo-bin's options (with its logging); ``tool`` names the
    script in the error when no database is given (check_upgrade.py uses it too)."""
    sys.path.insert(0, os.environ.get("ODOO_SRC", "/opt/odoo"))
    import odoo
    from odoo.tools import config

    config.parse_config(odoo_args, setup_logging=True)
    if not config["db_name"]:
        sys.exit(f"{tool}: give the database with -d DB")
    threading.current_thread().dbname = config["db_name"]
    return odoo, config["db_name"]


def like_escape(text):
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# ---------------------------------------------------------------- installed


def cmd_installed(odoo, dbname, _args):
    with odoo.sql_db.db_connect(dbname).cursor() as cr:
        cr.execute("SELECT name, state, demo FROM ir_module_module WHERE name IN %s", [tuple(ADDONS)])
        found = {name: (state, demo) for name, state, demo in cr.fetchall()}
    problems = []
    for addon in ADDONS:
        state, demo = found.get(addon, ("unknown to the database", False))
        if state != "installed":
            problems.append(f"{addon} is {state}, not installed")
        elif not demo:
            problems.append(f"{addon} is installed without its demo data")
    for problem in problems:
        print(f"installed: {problem}")
    if problems:
        return 1
    print(f"installed with demo data: {', '.join(ADDONS)}")
    return 0


# ---------------------------------------------------------------- uninstall


def take_snapshot(env):
    """What the add-ons own, from their external ids and the loaded registry.

    After the uninstall, no table of this registry is left to ask, so the
    tables, relation tables and columns are noted beforehand.
    """
    cr = env.cr
    registry = env.registry
    cr.execute(
        """
        SELECT d.module, d.name, d.model, d.res_id
          FROM ir_model_data d
         WHERE d.module IN %(ours)s
           -- records that another module also names are not ours to delete
           AND NOT EXISTS (
                SELECT 1 FROM ir_model_data o
                 WHERE o.model = d.model AND o.res_id = d.res_id
                   AND o.module NOT IN %(ours)s AND o.module != '__cloc_exclude__')
         ORDER BY d.model, d.res_id
        """,
        {"ours": tuple(ADDONS)},
    )
    records = [list(row) for row in cr.fetchall()]

    def ids_of(model):
        return sorted({res_id for _module, _name, rec_model, res_id in records if rec_model == model})

    model_ids = ids_of("ir.model")
    cr.execute("SELECT model FROM ir_model WHERE id = ANY(%s)", [model_ids])
    models = sorted(row[0] for row in cr.fetchall())
    field_ids = ids_of("ir.model.fields")
    cr.execute("SELECT id, model, name, ttype FROM ir_model_fields WHERE id = ANY(%s)", [field_ids])
    fields = cr.fetchall()

    tables = set()
    for name in models:
        model = registry.get(name)
        if model is not None and not model._abstract and model._auto:
            tables.add(model._table)
    relations = set()
    for model in registry.values():
        for field in model._fields.values():
            if field.type == "many2many" and field.store and (model._name in models or field.comodel_name in models):
                relations.add(field.relation)
    columns = set()
    foreign_fields = []
    for _field_id, model_name, name, _ttype in fields:
        model = registry.get(model_name)
        field = model._fields.get(name) if model is not None else None
        if field is None:
            continue
        if field.type == "many2many" and field.store:
            relations.add(field.relation)
        if model_name not in models:
            foreign_fields.append([model_name, name])
            if field.store and field.column_type and not model._abstract and model._auto:
                columns.add((model._table, name))
    cr.execute(
        "SELECT r.name FROM ir_model_relation r JOIN ir_module_module m ON m.id = r.module WHERE m.name IN %s",
        [tuple(ADDONS)],
    )
    relations.update(row[0] for row in cr.fetchall())
    cr.execute(
        "SELECT c.name FROM ir_model_constraint c JOIN ir_module_module m ON m.id = c.module WHERE m.name IN %s",
        [tuple(ADDONS)],
    )
    constraints = sorted({row[0] for row in cr.fetchall()})
    # The categories of the add-ons' manifests that no other module shares (such as "Hidden").
    cr.execute(
        """SELECT category_id FROM ir_module_module
            WHERE category_id IS NOT NULL
            GROUP BY category_id
           HAVING bool_and(name IN %s)""",
        [tuple(ADDONS)],
    )
    categories = sorted(set(ids_of("ir.module.category")) | {row[0] for row in cr.fetchall()})
    model_tables = {name: model._table for name, model in registry.items() if not model._abstract and model._auto}
    return {
        "addons": ADDONS,
        "models": models,
        "model_ids": model_ids,
        "field_ids": field_ids,
        "selection_ids": ids_of("ir.model.fields.selection"),
        "foreign_fields": sorted(foreign_fields),
        "tables": sorted(tables),
        "relations": sorted(relations - tables),
        "columns": sorted(columns),
        "constraints": constraints,
        "categories": categories,
        "sequence_ids": ids_of("ir.sequence"),
        "actions": sorted(
            f"{rec_model},{res_id}"
            for _module, _name, rec_model, res_id in records
            if rec_model.startswith("ir.actions.")
        ),
        "records": records,
        "model_tables": model_tables,
    }


def cmd_uninstall(odoo, dbname, args):
    registry = odoo.modules.registry.Registry(dbname)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        modules = env["ir.module.module"].search([("name", "in", ADDONS), ("state", "=", "installed")])
        missing = sorted(set(ADDONS) - set(modules.mapped("name")))
        if missing:
            _logger.error("Not installed, cannot uninstall: %s", ", ".join(missing))
            return 1
        snapshot = take_snapshot(env)
        Path(args.snapshot).write_text(json.dumps(snapshot, indent=1), encoding="utf-8")
        _logger.info(
            "Uninstalling %s: %d models, %d tables, %d relation tables, %d columns on other tables, "
            "%d records of their data files",
            ", ".join(ADDONS),
            len(snapshot["models"]),
            len(snapshot["tables"]),
            len(snapshot["relations"]),
            len(snapshot["columns"]),
            len(snapshot["records"]),
        )
        # Odoo uninstalls the add-ons that depend on ours too, and commits.
        modules.button_immediate_uninstall()
    with odoo.modules.registry.Registry(dbname).cursor() as cr:
        cr.execute("SELECT name, state FROM ir_module_module WHERE name IN %s", [tuple(ADDONS)])
        not_gone = [f"{name} ({state})" for name, state in cr.fetchall() if state != "uninstalled"]
    if not_gone:
        _logger.error("Still not uninstalled: %s", ", ".join(not_gone))
        return 1
    _logger.info("Uninstalled %s", ", ".join(ADDONS))
    return 0


# ---------------------------------------------------------------- leftovers


class Leftovers:
    def __init__(self, cr, snapshot):
        self.cr = cr
        self.snap = snapshot
        self.found = []  # (category, count, examples)
        self.exempted = []  # (category, reason, count, examples)
        prefixes = {addon.split("_")[0] for addon in ADDONS}
        prefixes.update(model.split(".")[0] for model in snapshot.get("models", []))
        # A prefix naming a module still installed (resource_calendar_public_holiday
        # extends Odoo's `resource`) would count that module's own objects as
        # leftovers: such add-ons are checked through the snapshot's exact
        # models, tables, columns and external ids instead.
        cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed'")
        prefixes -= {name for (name,) in cr.fetchall()}
        self.prefixes = sorted(prefixes)
        # LIKE patterns: models "aftersales.%", tables and columns "aftersales\_%"
        self.model_likes = [like_escape(p) + ".%" for p in self.prefixes]
        self.name_likes = [like_escape(p) + "\\_%" for p in self.prefixes]
        self.models = snapshot.get("models", [])
        snap = snapshot
        # Arrays, cast in the queries (an empty list is '{}' of unknown type).
        self.params = {
            "addons": ADDONS,
            "models": self.models,
            "model_likes": self.model_likes,
            "name_likes": self.name_likes,
            "model_ids": snap.get("model_ids", []),
            "field_ids": snap.get("field_ids", []),
            "selection_ids": snap.get("selection_ids", []),
            "tables": snap.get("tables", []) + snap.get("relations", []),
            "constraints": snap.get("constraints", []),
            "categories": snap.get("categories", []),
            "sequence_ids": snap.get("sequence_ids", []),
            "actions": snap.get("actions", []),
            "foreign_models": [model for model, _name in snap.get("foreign_fields", [])],
            "foreign_field_names": [name for _model, name in snap.get("foreign_fields", [])],
        }

    def table_of(self, model):
        tables = self.snap.get("model_tables") or ODOO_TABLES
        return tables.get(model, model.replace(".", "_"))

    def columns_of(self, table):
        self.cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = %s",
            [table],
        )
        return {row[0] for row in self.cr.fetchall()}

    def fetch(self, sql, params=None, limit=EXAMPLES):
        """(count, first examples) of the labels `sql` (one text column) returns."""
        self.cr.execute(
            f"SELECT count(*) OVER (), label FROM ({sql}) AS leftover(label) ORDER BY label LIMIT %(limit)s",
            dict(self.params, limit=limit, **(params or {})),
        )
        rows = self.cr.fetchall()
        return (rows[0][0] if rows else 0), [row[1] for row in rows]

    def exempt(self, category, reason, sql):
        """What Odoo leaves behind for any module: reported, not counted."""
        count, examples = self.fetch(sql, limit=2)
        if count:
            self.exempted.append((category, reason, count, examples))

    def query(self, category, sql, params=None, needs=()):
        """Record a leftover category when `sql` (one text column) returns rows.

        `needs` lists (table, column) pairs that must exist (add-ons not installed).
        """
        for table, column in needs:
            if column not in self.columns_of(table):
                return
        count, examples = self.fetch(sql, params)
        if count:
            self.found.append((category, count, examples))

    def run(self):
        self.schema()
        self.metadata()
        self.data_records()
        self.references()

    def schema(self):
        self.query(
            "tables",
            """SELECT relname::text FROM pg_class
                WHERE relkind IN ('r', 'p', 'v', 'm') AND relnamespace = 'public'::regnamespace
                  AND (relname LIKE ANY(%(name_likes)s::text[]) OR relname = ANY(%(tables)s::text[]))""",
        )
        # PostgreSQL sequences ir_sequence_NNN of the sequences of the add-ons'
        # data and ir_sequence_NNN_MMM of their yearly ranges: the ORM drops
        # them with their record, the database's cascade (ranges of a deleted
        # sequence) does not.
        self.query(
            "other database objects (sequences, indexes, ...)",
            """SELECT relname || ' (' || relkind::text || ')' FROM pg_class
                WHERE relkind NOT IN ('r', 'p', 'v', 'm') AND relnamespace = 'public'::regnamespace
                  AND (relname LIKE ANY(%(name_likes)s::text[]) OR relname LIKE ANY(%(sequence_likes)s::text[]))""",
            {
                "sequence_likes": [
                    f"ir\\_sequence\\_{i:03d}{end}" for i in self.params["sequence_ids"] for end in ("", "\\_%")
                ]
            },
        )
        columns = self.snap.get("columns", [])
        self.query(
            "columns on other tables",
            """SELECT table_name || '.' || column_name FROM information_schema.columns
                WHERE table_schema = 'public'
                  AND (column_name LIKE ANY(%(name_likes)s::text[])
                       OR (table_name, column_name) IN (SELECT * FROM unnest(%(col_tables)s::text[],
                                                                             %(col_names)s::text[])))""",
            {"col_tables": [t for t, _c in columns] or [None], "col_names": [c for _t, c in columns] or [None]},
        )
        self.query(
            "database constraints",
            """SELECT conrelid::regclass || ': ' || conname FROM pg_constraint
                WHERE connamespace = 'public'::regnamespace
                  AND (conname LIKE ANY(%(name_likes)s::text[]) OR conname = ANY(%(constraints)s::text[])
                       OR conname LIKE ANY(ARRAY(SELECT '%%' || p FROM unnest(%(name_likes)s::text[]) AS p)))""",
        )

    def metadata(self):
        self.query(
            "ir_model",
            """SELECT model FROM ir_model
                WHERE model LIKE ANY(%(model_likes)s::text[]) OR id = ANY(%(model_ids)s::int[])""",
        )
        self.query(
            "ir_model_fields",
            """SELECT model || '.' || name FROM ir_model_fields
                WHERE model LIKE ANY(%(model_likes)s::text[]) OR relation LIKE ANY(%(model_likes)s::text[])
                   OR name LIKE ANY(%(name_likes)s::text[]) OR id = ANY(%(field_ids)s::int[])""",
        )
        self.query(
            "ir_model_fields_selection",
            """SELECT f.model || '.' || f.name || ' = ' || s.value
                 FROM ir_model_fields_selection s JOIN ir_model_fields f ON f.id = s.field_id
                WHERE f.model LIKE ANY(%(model_likes)s::text[]) OR s.id = ANY(%(selection_ids)s::int[])
                   OR f.id = ANY(%(field_ids)s::int[])""",
        )
        constraint = """SELECT c.name FROM ir_model_constraint c LEFT JOIN ir_module_module m ON m.id = c.module
                WHERE (m.name = ANY(%(addons)s::text[]) OR c.model = ANY(%(model_ids)s::int[])
                       OR c.name = ANY(%(constraints)s::text[]))"""
        # Odoo records the foreign keys of many2one columns in ir_model_constraint
        # without an external id, and its uninstall deletes only the constraints
        # named by the module's external ids, the rest going with their model.
        # The foreign key of a column an add-on adds to another module's table
        # (res_partner.aftersales_project_manager_id) thus stays as a row of
        # metadata, for every module: harmless once the column and the key are
        # gone from the database, and reused if the module comes back.
        stale_fk = """c.type = 'f' AND NOT c.model = ANY(%(model_ids)s::int[])
                      AND NOT EXISTS (SELECT 1 FROM pg_constraint pc WHERE pc.conname = c.name)"""
        self.query("ir_model_constraint", f"{constraint} AND NOT ({stale_fk})")
        self.exempt(
            "ir_model_constraint",
            "foreign keys of removed columns on other tables, kept as metadata by Odoo for any module",
            f"{constraint} AND {stale_fk}",
        )
        self.query(
            "ir_model_relation",
            """SELECT r.name FROM ir_model_relation r LEFT JOIN ir_module_module m ON m.id = r.module
                WHERE m.name = ANY(%(addons)s::text[]) OR r.model = ANY(%(model_ids)s::int[])
                   OR r.name = ANY(%(tables)s::text[])
                   OR r.name LIKE ANY(%(name_likes)s::text[])""",
        )
        self.query(
            "ir_model_data",
            """SELECT module || '.' || name || ' (' || model || ',' || res_id || ')' FROM ir_model_data
                WHERE module = ANY(%(addons)s::text[]) OR model LIKE ANY(%(model_likes)s::text[])""",
        )
        # External ids of other modules naming the add-ons' models: the
        # ir.module.module record of each add-on stays (uninstalled), as for any
        # module, and is not looked at.
        others = """SELECT module || '.' || name || ' (' || model || ',' || res_id || ')' FROM ir_model_data
                     WHERE module <> ALL(%(addons)s::text[]) AND model <> 'ir.module.module'
                       AND name LIKE ANY(ARRAY(SELECT '%%' || p FROM unnest(%(name_likes)s::text[]) AS p))"""
        # Metadata the add-ons' models got from other modules' classes, named by
        # those modules' external ids (portal.model_inherit__aftersales_team__mail_thread,
        # mail.selection__aftersales_request__activity_state__overdue): the
        # records go with the add-ons' models, Odoo's uninstall deletes only the
        # uninstalled modules' external ids, and these dangling ones are removed
        # at the next update of their module (ir.model.data._process_end), as for
        # any module whose models inherit another module's mixins.
        dangling = " OR ".join(
            f"(model = '{model}' AND NOT EXISTS (SELECT 1 FROM {model.replace('.', '_')} r WHERE r.id = res_id))"
            for model in METADATA_MODELS
        )
        self.query("ir_model_data of other modules naming the add-ons' models", f"{others} AND NOT ({dangling})")
        self.exempt(
            "ir_model_data of other modules naming the add-ons' models",
            "dangling external ids of mixin metadata, removed by Odoo at their module's next update",
            f"{others} AND ({dangling})",
        )

    def data_records(self):
        """Records the add-ons' data files created (demo users, groups, menus, ...) still there."""
        by_model = {}
        for module, name, model, res_id in self.snap.get("records", []):
            if model in self.models or model.startswith("ir.model"):
                continue  # their own models' tables and the metadata are checked above
            by_model.setdefault(model, []).append((res_id, f"{module}.{name}"))
        parts = []
        params = {}
        for index, (model, items) in enumerate(sorted(by_model.items())):
            table = self.table_of(model)
            if not table or "id" not in self.columns_of(table):
                continue
            params[f"ids{index}"] = [res_id for res_id, _xmlid in items]
            params[f"xmlids{index}"] = [xmlid for _res_id, xmlid in items]
            params[f"model{index}"] = model
            parts.append(
                f"""SELECT x.xmlid || ' (' || %(model{index})s || ',' || t.id || ')'
                      FROM "{table}" t JOIN unnest(%(ids{index})s::int[], %(xmlids{index})s::text[]) AS x(id, xmlid)
                        ON x.id = t.id"""
            )
        if parts:
            self.query("records of the add-ons' data files", " UNION ALL ".join(parts), params)

    def model_name_columns(self):
        """Stored char/selection columns that hold a model name (res_model, model, model_name, ...)."""
        self.cr.execute(
            """SELECT f.model, f.name, f.ttype FROM ir_model_fields f
                WHERE f.store AND (f.ttype = 'reference'
                                   OR (f.ttype IN ('char', 'selection')
                                       AND (f.name LIKE '%%model%%' OR f.name = 'resource')))
                  AND f.model NOT IN ('ir.model', 'ir.model.fields', 'ir.model.data', 'ir.model.constraint',
                                      'ir.model.relation', 'ir.model.fields.selection', 'ir.model.access')
                  AND f.model NOT LIKE ALL(%s)
             ORDER BY f.model, f.name""",
            [self.model_likes],
        )
        result = []
        for model, name, ttype in self.cr.fetchall():
            table = self.table_of(model)
            if name in self.columns_of(table):
                result.append((table, name, ttype))
        return result

    def references(self):
        """Records of other models that still point at the add-ons' models."""
        for table, column, ttype in self.model_name_columns():
            value = f"split_part(\"{column}\", ',', 1)" if ttype == "reference" else f'"{column}"'
            self.query(
                f"{table}.{column} naming a removed model",
                f"""SELECT {value} || ' (id ' || id || ')' FROM "{table}"
                     WHERE {value} LIKE ANY(%(model_likes)s::text[]) OR {value} = ANY(%(models)s::text[])""",
            )
        self.query(
            "scheduled actions (ir_cron) on removed models",
            """SELECT c.cron_name || ' (' || s.model_name || ')'
                 FROM ir_cron c JOIN ir_act_server s ON s.id = c.ir_actions_server_id
                WHERE s.model_name LIKE ANY(%(model_likes)s::text[]) OR s.model_id = ANY(%(model_ids)s::int[])""",
            needs=[("ir_cron", "ir_actions_server_id")],
        )
        self.query(
            "mail_alias of removed models",
            """SELECT coalesce(alias_name, '(no name)') || ' (id ' || id || ')' FROM mail_alias
                WHERE alias_model_id = ANY(%(model_ids)s::int[]) OR alias_parent_model_id = ANY(%(model_ids)s::int[])
                   OR alias_model_id NOT IN (SELECT id FROM ir_model)
                   OR alias_parent_model_id NOT IN (SELECT id FROM ir_model)""",
            needs=[("mail_alias", "alias_parent_model_id")],
        )
        self.query(
            "ir_sequence",
            """SELECT coalesce(code, name) || ' (id ' || id || ')' FROM ir_sequence
                WHERE code LIKE ANY(%(model_likes)s::text[]) OR id = ANY(%(sequence_ids)s::int[])""",
        )
        self.query(
            "ir_ui_view of the add-ons or mentioning their models and fields",
            """SELECT coalesce(key, name) || ' (id ' || id || ')' FROM ir_ui_view
                WHERE key LIKE ANY(ARRAY(SELECT a || '.%%' FROM unnest(%(addons)s::text[]) AS a))
                   OR arch_db::text LIKE ANY(ARRAY(SELECT '%%' || p FROM unnest(%(model_likes)s::text[]) AS p))
                   OR arch_db::text LIKE ANY(ARRAY(SELECT '%%' || p FROM unnest(%(name_likes)s::text[]) AS p))""",
        )
        self.query(
            "ir_ui_menu opening removed actions",
            "SELECT name->>'en_US' || ' (' || action || ')' FROM ir_ui_menu WHERE action = ANY(%(actions)s::text[])",
        )
        self.query(
            "res_groups of the add-ons' categories",
            """SELECT name->>'en_US' || ' (id ' || id || ')' FROM res_groups
                WHERE category_id = ANY(%(categories)s::int[])""",
        )
        self.query(
            "ir_config_parameter",
            """SELECT key FROM ir_config_parameter
                WHERE key LIKE ANY(%(name_likes)s::text[]) OR key LIKE ANY(%(model_likes)s::text[])
                   OR key LIKE ANY(ARRAY(SELECT a || '%%' FROM unnest(%(addons)s::text[]) AS a))""",
        )
        self.query(
            "ir_rule on removed models or fields",
            """SELECT name || ' (id ' || id || ')' FROM ir_rule
                WHERE model_id = ANY(%(model_ids)s::int[])
                   OR domain_force LIKE ANY(ARRAY(SELECT '%%' || p FROM unnest(%(name_likes)s::text[]) AS p))""",
        )
        self.query(
            "ir_attachment of removed fields",
            """SELECT res_model || '.' || res_field || ' (id ' || id || ')' FROM ir_attachment
                WHERE res_field LIKE ANY(%(name_likes)s::text[])
                   OR (res_model, res_field) IN (SELECT * FROM unnest(%(foreign_models)s::text[],
                                                                      %(foreign_field_names)s::text[]))""",
        )
        self.query(
            "ir_asset of the add-ons",
            """SELECT path FROM ir_asset
                WHERE path LIKE ANY(ARRAY(SELECT '%%' || a || '/%%' FROM unnest(%(addons)s::text[]) AS a))""",
        )
        self.query(
            "ir_default of removed fields",
            """SELECT f.model || '.' || f.name FROM ir_default d JOIN ir_model_fields f ON f.id = d.field_id
                WHERE d.field_id = ANY(%(field_ids)s::int[]) OR f.model LIKE ANY(%(model_likes)s::text[])""",
        )


def examples_text(count, examples):
    more = f", ... ({count - len(examples)} more)" if count > len(examples) else ""
    return f"{count}: {', '.join(examples)}{more}"


def cmd_leftovers(odoo, dbname, args):
    snapshot = {}
    if args.snapshot:
        snapshot = json.loads(Path(args.snapshot).read_text(encoding="utf-8"))
    with odoo.sql_db.db_connect(dbname).cursor() as cr:
        cr.execute("SELECT name, state FROM ir_module_module WHERE name IN %s", [tuple(ADDONS)])
        installed = [f"{name} ({state})" for name, state in cr.fetchall() if state != "uninstalled"]
        leftovers = Leftovers(cr, snapshot)
        leftovers.run()
    names = ", ".join(ADDONS)
    for category, reason, count, examples in leftovers.exempted:
        print(f"leftovers: not counted, {category}: {reason}: {examples_text(count, examples)}")
    if installed:
        print(f"leftovers: still installed: {', '.join(installed)}")
    if not leftovers.found and not installed:
        print(f"leftovers: uninstalling {names} left nothing behind")
        return 0
    print(f"leftovers: uninstalling {names} left {len(leftovers.found)} kinds of leftovers:")
    for category, count, examples in leftovers.found:
        print(f"  {category}: {examples_text(count, examples)}")
    return 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["installed", "uninstall", "leftovers"])
    parser.add_argument("--snapshot", help="JSON file of what the add-ons own (written by uninstall)")
    args, odoo_args = parser.parse_known_args()
    if args.command == "uninstall" and not args.snapshot:
        parser.error("uninstall needs --snapshot FILE")
    if not ADDONS:
        parser.error(f"no add-on (folder with a __manifest__.py) in {ROOT}")
    odoo, dbname = import_odoo(odoo_args)
    command = {"installed": cmd_installed, "uninstall": cmd_uninstall, "leftovers": cmd_leftovers}[args.command]
    return command(odoo, dbname, args)


if __name__ == "__main__":
    sys.exit(main())
