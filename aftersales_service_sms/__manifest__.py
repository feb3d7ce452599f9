{
    "name": "After-Sales SMS (Tencent Cloud, Alibaba Cloud)",
    "summary": "Customer SMS notices of the service centre (request received, quotation ready, device shipped) "
    "through Tencent Cloud SMS or Alibaba Cloud SMS with approved templates, and their delivery reports",
    "version": "18.0.1.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/aftersales-service/aftersales_service",
    "author": "aftersales_service developers",
    "license": "LGPL-3",
    "depends": ["aftersales_service", "sms"],
    "external_dependencies": {"python": ["phonenumbers"]},
    "data": [
        "data/ir_cron_data.xml",
        "data/sms_template_data.xml",
        "views/aftersales_team_views.xml",
        "views/res_config_settings_views.xml",
        "views/sms_sms_views.xml",
        "views/sms_template_views.xml",
    ],
    "post_init_hook": "post_init_hook",
    "installable": True,
}
