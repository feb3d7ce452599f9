from . import (
    account_chart_template,
    account_move,
    aftersales_fapiao,
    aftersales_repair,
    aftersales_repair_line,
    ir_actions_report,
    res_company,
    res_config_settings,
)
