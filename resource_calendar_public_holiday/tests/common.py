from odoo.addons.resource_calendar_workday.tests.common import (  # noqa: F401
    CHINA_HOLIDAYS,
    CHINA_WORKDAYS,
    SHANGHAI,
    WorkdayCommon,
    aware,
    local,
)


class PublicHolidayCommon(WorkdayCommon):
    """The schedules of ``WorkdayCommon``, following China's public holidays."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.china = cls.env.ref("base.cn")

    @classmethod
    def _create_calendar(cls, name, two_weeks=False):
        calendar = super()._create_calendar(name, two_weeks=two_weeks)
        calendar.public_holiday_country_id = cls.env.ref("base.cn")
        return calendar
