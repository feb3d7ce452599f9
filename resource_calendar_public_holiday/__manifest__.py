{
    "name": "Working Schedules: Public Holidays and Extra Working Days",
    "summary": "Dated extra working days (such as China's make-up working days) "
    "that count as working time on a working schedule",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tools",
    "website": "https://github.com/aftersales-service/aftersales_service",
    "author": "aftersales_service developers",
    "license": "LGPL-3",
    "depends": ["resource"],
    "external_dependencies": {"python": ["chinesecalendar"]},
    "data": [
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/resource_calendar_workday_views.xml",
        "wizard/resource_calendar_public_holiday_sync_views.xml",
        "views/resource_calendar_views.xml",
        "views/resource_calendar_public_holiday_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "resource_calendar_public_holiday/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
