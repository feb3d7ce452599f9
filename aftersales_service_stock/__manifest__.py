{
    "name": "After-Sales Service Stock",
    "summary": "Customers' units received into a repair location and shipped back as stock transfers, "
    "with their serial numbers as lots and warranty consumption locations",
    "version": "18.0.1.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/aftersales-service/aftersales_service",
    "author": "aftersales_service developers",
    "license": "LGPL-3",
    "depends": ["aftersales_service", "stock_account"],
    "data": [
        "views/stock_warehouse_views.xml",
        "views/stock_picking_views.xml",
        "views/stock_lot_views.xml",
        "views/aftersales_repair_views.xml",
        "views/aftersales_repair_analysis_views.xml",
        "views/aftersales_equipment_views.xml",
        "views/aftersales_team_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": [
        "demo/aftersales_stock_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "aftersales_service_stock/static/tests/tours/**/*",
        ],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "installable": True,
    "auto_install": False,
}
