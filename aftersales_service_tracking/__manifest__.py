{
    "name": "After-Sales Parcel Tracking (Kuaidi100)",
    "summary": "Customers' and returned parcels of repair orders followed through Kuaidi100 (快递100): carrier "
    "detection, subscription, signed pushes, polling",
    "version": "18.0.1.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/aftersales-service/aftersales_service",
    "author": "aftersales_service developers",
    "license": "LGPL-3",
    "depends": ["aftersales_service"],
    "data": [
        "security/ir.model.access.csv",
        "security/aftersales_parcel_security.xml",
        "data/ir_cron_data.xml",
        "views/aftersales_parcel_views.xml",
        "views/aftersales_repair_views.xml",
        "views/aftersales_repair_portal_templates.xml",
        "views/res_config_settings_views.xml",
    ],
    "installable": True,
}
