{
    "name": "After-Sales WeCom Customer Service (微信客服)",
    "summary": "Customers' WeChat messages become service requests through WeCom customer service; agents answer "
    "them from the request",
    "version": "18.0.1.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/aftersales-service/aftersales_service",
    "author": "aftersales_service developers",
    "license": "LGPL-3",
    "depends": ["aftersales_service"],
    # AES-256-CBC of WeCom's callbacks; already one of Odoo's own requirements.
    "external_dependencies": {"python": ["cryptography"]},
    "data": [
        "security/ir.model.access.csv",
        "security/aftersales_wecom_security.xml",
        "data/ir_cron_data.xml",
        "views/aftersales_wecom_account_views.xml",
        "views/aftersales_wecom_job_views.xml",
        "views/aftersales_request_views.xml",
    ],
    "installable": True,
}
