"""18.0.1.3.0: the SLA engine is its own add-on, and a repair order's turnaround has one definition.

The engine's records moved to ``aftersales_sla`` in its ``pre_init_hook``, before this add-on's upgrade.
Here: the turnaround of a repair order closed without a return shipment was never stored (reports
recomputed it); it is the working hours from receipt to done, as for the orders shipped back.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    repairs = (
        env["aftersales.repair"]
        .with_context(active_test=False)
        .search([("shipped_date", "=", False), ("done_date", "!=", False), ("received_date", "!=", False)])
    )
    repairs._store_turnaround()
    _logger.info("Stored the turnaround of %s repair orders closed without a return shipment", len(repairs))
