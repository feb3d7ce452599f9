from odoo.tools import SQL

# What this add-on took over from resource_calendar_public_holiday (18.0.1.0.0), where extra working days
# were born: its models, their fields and selections, access rights, views, action and menu.
MOVED_FROM = "resource_calendar_public_holiday"
MOVED_NAMES = (
    "model_resource_calendar_workday",
    "model_resource_calendar_working_time_mixin",
    "field_resource_calendar__workday_ids",
    "access_resource_calendar_workday_user",
    "access_resource_calendar_workday_system",
    "resource_calendar_workday_view_search",
    "resource_calendar_workday_view_list",
    "resource_calendar_workday_view_form",
    "resource_calendar_workday_action",
    "resource_calendar_workday_menu",
    "constraint_resource_calendar_workday_calendar_date_uniq",
)
MOVED_PREFIXES = (
    "field_resource_calendar_workday__",
    "field_resource_calendar_working_time_mixin__",
    "selection__resource_calendar_workday__",
)
MOVED_CONSTRAINTS = ("resource_calendar_workday_calendar_date_uniq",)


def move_to_module(env, from_module, to_module, names=(), prefixes=(), constraints=(), tables=(), keep=()):
    """Give ``to_module``, being installed, the records ``from_module`` created: the external ids of
    ``names`` and those starting with one of ``prefixes`` but ``keep``, the SQL constraints
    ``constraints`` and the many2many tables ``tables``. Run from a ``pre_init_hook``, before the new
    module loads its models and data, so that Odoo finds them as its own instead of creating them again
    (or, on the old module's upgrade, deleting them). A database without ``from_module`` has nothing to move."""
    name_condition = SQL(" OR ").join(
        [SQL("name IN %s", tuple(names or ("",)))]
        + [SQL("name LIKE %s", prefix.replace("_", r"\_") + "%") for prefix in prefixes]
    )
    env.cr.execute(
        SQL(
            "UPDATE ir_model_data SET module = %s WHERE module = %s AND (%s) AND name NOT IN %s",
            to_module,
            from_module,
            name_condition,
            tuple(keep or ("",)),
        )
    )
    moved = env.cr.rowcount
    module_ids = SQL("(SELECT id FROM ir_module_module WHERE name = %s)", to_module)
    old_ids = SQL("(SELECT id FROM ir_module_module WHERE name = %s)", from_module)
    for table, names_of in (("ir_model_constraint", constraints), ("ir_model_relation", tables)):
        if names_of:
            env.cr.execute(
                SQL(
                    "UPDATE %s SET module = %s WHERE module = %s AND name IN %s",
                    SQL.identifier(table),
                    module_ids,
                    old_ids,
                    tuple(names_of),
                )
            )
    return moved


def pre_init_hook(env):
    move_to_module(env, MOVED_FROM, "resource_calendar_workday", MOVED_NAMES, MOVED_PREFIXES, MOVED_CONSTRAINTS)
