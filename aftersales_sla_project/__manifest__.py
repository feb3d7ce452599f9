{
    "name": "Service-Level Clocks on Tasks",
    "summary": "First-response and resolution targets in working time on Project tasks",
    "version": "18.0.1.0.0",
    "category": "Services/Project",
    "website": "https://github.com/aftersales-service/aftersales_service",
    "author": "aftersales_service developers",
    "license": "LGPL-3",
    "depends": ["aftersales_sla", "project"],
    "data": [
        "security/aftersales_sla_project_security.xml",
        "data/aftersales_sla_policy_data.xml",
        "views/aftersales_sla_policy_views.xml",
        "views/project_task_views.xml",
    ],
    "installable": True,
    "auto_install": False,
}
