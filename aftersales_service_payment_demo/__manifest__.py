{
    "name": "After-Sales Service Demo Payments in Chinese",
    "summary": "The demo payment provider works for customers who read Chinese",
    "version": "18.0.1.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/aftersales-service/aftersales_service",
    "author": "aftersales_service developers",
    "license": "LGPL-3",
    "depends": ["aftersales_service", "payment_demo"],
    "data": [
        "views/payment_demo_templates.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "aftersales_service_payment_demo/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "auto_install": True,
}
