{
    "name": "Working Schedules: Public Holiday Reminders in Discuss",
    "summary": "Remind the administrators in Discuss to upgrade the chinesecalendar package when the "
    "next year's public holidays of China are missing",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "website": "https://github.com/aftersales-service/aftersales_service",
    "author": "aftersales_service developers",
    "license": "LGPL-3",
    "depends": ["resource_calendar_public_holiday", "mail"],
    "data": [],
    "installable": True,
    "auto_install": True,
}
