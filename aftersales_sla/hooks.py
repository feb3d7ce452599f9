from odoo.addons.resource_calendar_workday.hooks import move_to_module

# What this add-on took over from aftersales_service (18.0.1.2.0), where the engine was born. The
# service centre keeps what it adds to the engine's models (teams and customer tiers) and the external
# ids of its own documents' selection values (its models and events).
MOVED_FROM = "aftersales_service"
MOVED_NAMES = (
    "model_aftersales_sla_policy",
    "model_aftersales_sla_clock",
    "model_aftersales_sla_mixin",
    "model_aftersales_sla_analysis",
    "selection__aftersales_sla_policy__start_event__created",
    "selection__aftersales_sla_policy__stop_event__created",
    "access_aftersales_sla_policy_user",
    "access_aftersales_sla_policy_manager",
    "access_aftersales_sla_clock_user",
    "access_aftersales_sla_clock_manager",
    "access_aftersales_sla_analysis_user",
    "aftersales_sla_policy_rule_company",
    "aftersales_sla_clock_rule_company",
    "aftersales_sla_analysis_rule_company",
    "mail_activity_type_sla_breach",
    "ir_cron_sla_sweep",
    "ir_cron_sla_sweep_ir_actions_server",
    "aftersales_sla_policy_view_list",
    "aftersales_sla_policy_view_form",
    "aftersales_sla_policy_view_search",
    "aftersales_sla_policy_action",
    "aftersales_sla_clock_view_list",
    "aftersales_sla_clock_view_form",
    "aftersales_sla_clock_view_search",
    "aftersales_sla_clock_view_pivot",
    "aftersales_sla_clock_view_graph",
    "aftersales_sla_clock_action",
    "aftersales_sla_clock_action_analysis",
    "aftersales_sla_analysis_view_pivot",
    "aftersales_sla_analysis_view_graph",
    "aftersales_sla_analysis_view_list",
    "aftersales_sla_analysis_view_search",
    "aftersales_sla_analysis_action",
    "constraint_aftersales_sla_clock_policy_document_uniq",
)
MOVED_PREFIXES = (
    "field_aftersales_sla_policy__",
    "field_aftersales_sla_clock__",
    "field_aftersales_sla_mixin__",
    "field_aftersales_sla_analysis__",
    "selection__aftersales_sla_policy__target_unit__",
    "selection__aftersales_sla_clock__",
    "selection__aftersales_sla_mixin__",
    "selection__aftersales_sla_analysis__status__",
)
KEPT = (
    "field_aftersales_sla_policy__team_ids",
    "field_aftersales_sla_policy__customer_tier",
    "field_aftersales_sla_clock__team_id",
    "field_aftersales_sla_clock__customer_tier",
    "field_aftersales_sla_analysis__team_id",
    "field_aftersales_sla_analysis__customer_tier",
)
MOVED_CONSTRAINTS = ("aftersales_sla_clock_policy_document_uniq",)
MOVED_TABLES = ("aftersales_sla_policy_ir_model_fields_selection_rel",)


def pre_init_hook(env):
    move_to_module(
        env,
        MOVED_FROM,
        "aftersales_sla",
        MOVED_NAMES,
        MOVED_PREFIXES,
        MOVED_CONSTRAINTS,
        MOVED_TABLES,
        keep=KEPT,
    )


def uninstall_hook(env):
    """Leave nothing behind that Odoo's uninstall cannot remove by itself."""
    # A clock restricts the deletion of its policy, and Odoo deletes the policies before it drops the
    # clocks' table: each attempt would fail and log an error. The table goes anyway.
    env.cr.execute("DELETE FROM aftersales_sla_clock")
