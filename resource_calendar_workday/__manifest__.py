{
    "name": "Working Schedules: Extra Working Days",
    "summary": "Dated extra working days on any working schedule, a hook when a schedule's working time "
    "changes, and a planner for many deadlines at once",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tools",
    "website": "https://github.com/aftersales-service/aftersales_service",
    "author": "aftersales_service developers",
    "license": "LGPL-3",
    "depends": ["resource"],
    "data": [
        "security/ir.model.access.csv",
        "views/resource_calendar_workday_views.xml",
        "views/resource_calendar_views.xml",
        "views/resource_calendar_workday_menus.xml",
    ],
    "pre_init_hook": "pre_init_hook",
    "installable": True,
}
