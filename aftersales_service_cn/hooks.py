from odoo.addons.aftersales_service.hooks import unlink_demo_accounting


def post_init_hook(env):
    """Give the companies already on a Chinese chart of accounts the taxes and the fiscal position this add-on
    adds to the chart (new companies get them when their chart is loaded)."""
    ChartTemplate = env["account.chart.template"]
    for company in env["res.company"].search([("chart_template", "in", ("cn", "cn_large_bis"))]):
        ChartTemplate._aftersales_cn_load_missing(company)


def uninstall_hook(env):
    """The demo's invoices and payments go with the add-on; the demo company keeps its chart and its taxes
    (a company's accounting outlives the add-on that set it up)."""
    unlink_demo_accounting(env, "aftersales_service_cn")
