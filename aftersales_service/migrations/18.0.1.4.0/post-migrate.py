"""18.0.1.4.0: returns and exchanges.

- R6 runs from receipt until the order is settled (the repaired or replacement unit shipped, or the
  refund paid), no longer until the return shipment: the shipped policies stop at ``settled``, and the
  orders already shipped are settled at their shipment.
- R5 pauses while an order waits for parts.

The policies are ``noupdate`` data a centre may have edited: only those still stopping at ``shipped``
change, and only the shipped R6 policies of this add-on.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

R6_POLICIES = ("sla_policy_return_key_account", "sla_policy_return_major_project", "sla_policy_return_standard")


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute("UPDATE aftersales_repair SET settled_date = shipped_date WHERE shipped_date IS NOT NULL")
    _logger.info("Settled %s shipped repair orders at their shipment", cr.rowcount)
    found = [env.ref(f"aftersales_service.{xmlid}", raise_if_not_found=False) for xmlid in R6_POLICIES]
    policies = env["aftersales.sla.policy"].union(*(policy for policy in found if policy))
    policies = policies.filtered(lambda policy: policy.stop_event == "shipped")
    policies.write({"stop_event": "settled"})
    _logger.info("R6 policies now stopping when the order is settled: %s", ", ".join(policies.mapped("name")))
    repair_policy = env.ref("aftersales_service.sla_policy_repair", raise_if_not_found=False)
    waiting = env.ref("aftersales_service.selection__aftersales_repair__state__waiting_parts")
    if repair_policy:
        repair_policy.pause_state_ids = [(4, waiting.id)]
