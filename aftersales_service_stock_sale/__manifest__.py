{
    "name": "After-Sales Service Stock and Sales",
    "summary": "Warranty cost per unit sold, by product and month",
    "version": "18.0.1.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/aftersales-service/aftersales_service",
    "author": "aftersales_service developers",
    "license": "LGPL-3",
    "depends": ["aftersales_service_stock", "sale_stock"],
    "data": [
        "security/ir.model.access.csv",
        "views/aftersales_warranty_cost_report_views.xml",
    ],
    "installable": True,
    "auto_install": True,
}
