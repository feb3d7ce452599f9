{
    "name": "After-Sales Service",
    "summary": "Hotline log, escalation, equipment warranty and complaint routing "
    "for a manufacturer's service centre",
    "version": "18.0.1.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/aftersales-service/aftersales_service",
    "author": "aftersales_service developers",
    "license": "LGPL-3",
    "depends": ["account", "resource", "mail", "portal", "product"],
    "data": [
        "security/aftersales_security.xml",
        "security/ir.model.access.csv",
        "security/ir_rules.xml",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "data/mail_template_data.xml",
        "data/aftersales_team_data.xml",
        "data/aftersales_complaint_category_data.xml",
        "views/aftersales_team_views.xml",
        "views/aftersales_complaint_category_views.xml",
        "views/aftersales_equipment_views.xml",
        "views/aftersales_request_views.xml",
        "views/res_partner_views.xml",
        "views/product_template_views.xml",
        "views/res_config_settings_views.xml",
        "views/aftersales_menus.xml",
    ],
    "demo": [
        "demo/aftersales_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "aftersales_service/static/tests/tours/**/*",
        ],
    },
    "application": True,
    "installable": True,
}
