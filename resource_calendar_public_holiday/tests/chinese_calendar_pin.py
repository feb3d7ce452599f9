"""China's public holidays and make-up working days of 2025 and 2026 as the chinesecalendar package
(1.11.0) publishes them, pinned so that the tests do not depend on the installed release."""

from datetime import date, timedelta
from unittest.mock import patch

from chinese_calendar import constants

# (name, first day, last day), consecutive days of a holiday.
PINNED_HOLIDAYS = (
    ("New Year's Day", date(2025, 1, 1), date(2025, 1, 1)),
    ("Spring Festival", date(2025, 1, 28), date(2025, 2, 4)),
    ("Tomb-sweeping Day", date(2025, 4, 4), date(2025, 4, 6)),
    ("Labour Day", date(2025, 5, 1), date(2025, 5, 5)),
    ("Dragon Boat Festival", date(2025, 5, 31), date(2025, 6, 2)),
    ("National Day", date(2025, 10, 1), date(2025, 10, 5)),
    ("Mid-autumn Festival", date(2025, 10, 6), date(2025, 10, 6)),
    ("National Day", date(2025, 10, 7), date(2025, 10, 8)),
    ("New Year's Day", date(2026, 1, 1), date(2026, 1, 3)),
    ("Spring Festival", date(2026, 2, 15), date(2026, 2, 23)),
    ("Tomb-sweeping Day", date(2026, 4, 4), date(2026, 4, 6)),
    ("Labour Day", date(2026, 5, 1), date(2026, 5, 5)),
    ("Dragon Boat Festival", date(2026, 6, 19), date(2026, 6, 21)),
    ("Mid-autumn Festival", date(2026, 9, 25), date(2026, 9, 27)),
    ("National Day", date(2026, 10, 1), date(2026, 10, 7)),
)
# (name, date)
PINNED_WORKDAYS = (
    ("Spring Festival", date(2025, 1, 26)),
    ("Spring Festival", date(2025, 2, 8)),
    ("Labour Day", date(2025, 4, 27)),
    ("National Day", date(2025, 9, 28)),
    ("National Day", date(2025, 10, 11)),
    ("New Year's Day", date(2026, 1, 4)),
    ("Spring Festival", date(2026, 2, 14)),
    ("Spring Festival", date(2026, 2, 28)),
    ("Labour Day", date(2026, 5, 9)),
    ("National Day", date(2026, 9, 20)),
    ("National Day", date(2026, 10, 10)),
)


def pin_chinese_calendar(case, holidays=PINNED_HOLIDAYS, workdays=PINNED_WORKDAYS):
    """Make the chinesecalendar package publish only ``holidays`` and ``workdays`` until the end of the
    test ``case`` (an Odoo test case, for its ``startPatcher``)."""
    holiday_days = {
        first + timedelta(days=offset): name
        for name, first, last in holidays
        for offset in range((last - first).days + 1)
    }
    case.startPatcher(patch.dict(constants.holidays, holiday_days, clear=True))
    case.startPatcher(patch.dict(constants.workdays, {day: name for name, day in workdays}, clear=True))
