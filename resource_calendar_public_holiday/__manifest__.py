{
    "name": "Working Schedules: Public Holidays of China",
    "summary": "Import China's public holidays and make-up working days into working schedules",
    "version": "18.0.1.1.0",
    "category": "Hidden/Tools",
    "website": "https://github.com/aftersales-service/aftersales_service",
    "author": "aftersales_service developers",
    "license": "LGPL-3",
    "depends": ["resource_calendar_workday"],
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
