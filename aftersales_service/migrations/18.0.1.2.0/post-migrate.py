"""18.0.1.2.0: working schedules know China's make-up working days.

The add-on now depends on ``resource_calendar_public_holiday``, which Odoo
installs on this upgrade. Demo data is not loaded again on an upgrade: a
database with the demo keeps the public holidays its demo calendar had typed
in, without the make-up working days. Replace them with the import of China's
2025-2026 schedule, as a new demo database has it. Nothing else is touched.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

MODULE = "aftersales_service"
TYPED_HOLIDAYS = [
    f"calendar_leave_cn_{year}_{name}"
    for year in (2025, 2026)
    for name in (
        "new_year",
        "spring_festival",
        "qingming",
        "labour_day",
        "dragon_boat",
        "mid_autumn",
        "national_day",
    )
]


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    calendar = env.ref(f"{MODULE}.resource_calendar_china", raise_if_not_found=False)
    if not calendar:
        return
    typed = env["resource.calendar.leaves"]
    for xmlid in TYPED_HOLIDAYS:
        typed |= env.ref(f"{MODULE}.{xmlid}", raise_if_not_found=False) or typed
    typed.unlink()
    calendar.public_holiday_country_id = env.ref("base.cn")
    calendar.action_sync_public_holidays(years=[2025, 2026])
    _logger.info(
        "Demo calendar %s: %s typed public holidays replaced by China's 2025-2026 schedule (%s extra working days)",
        calendar.display_name,
        len(typed),
        len(calendar.workday_ids),
    )
