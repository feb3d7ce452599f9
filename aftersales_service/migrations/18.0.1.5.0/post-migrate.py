"""18.0.1.5.0: the customer sees the deadlines promised to them, not the internal targets.

The SLA policies are ``noupdate`` data: the add-on's promises to the customer (first reply, repair cycle,
return) get their customer label, in English and, where Chinese is active, in Chinese, unless a centre gave
them one already.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

CUSTOMER_LABELS = {
    "sla_policy_first_reply": ("Reply by", "答复期限"),
    "sla_policy_repair": ("Repaired by", "预计修复时间"),
    "sla_policy_return_key_account": ("Shipped back by", "预计寄回时间"),
    "sla_policy_return_major_project": ("Shipped back by", "预计寄回时间"),
    "sla_policy_return_standard": ("Shipped back by", "预计寄回时间"),
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    chinese = bool(env["res.lang"]._lang_get("zh_CN"))
    labelled = []
    for xmlid, (english, zh) in CUSTOMER_LABELS.items():
        policy = env.ref(f"aftersales_service.{xmlid}", raise_if_not_found=False)
        if not policy or policy.with_context(lang="en_US").customer_label:
            continue
        policy.with_context(lang="en_US").customer_label = english
        if chinese:
            policy.update_field_translations("customer_label", {"zh_CN": zh})
        labelled.append(policy.name)
    _logger.info("SLA policies now shown to customers: %s", ", ".join(labelled) or "none")
