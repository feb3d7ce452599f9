"""18.0.1.1.0: the SLA engine knows no document.

- Clocks linked to their document twice, by ``request_id``/``repair_id`` and
  by ``res_model``/``res_id``. Only the generic link stays: make sure every
  clock has it before Odoo drops the per-document columns at the end of the
  upgrade.
- Policies filtered on the request's type and minimum priority. They now
  have a generic condition (``filter_domain``) on the document.
- The quotation email, reloaded by the pre-migration, is protected again.
- Repairs already done get the date they were done (digest KPI).
"""

import logging

from odoo.tools import SQL, sql

_logger = logging.getLogger(__name__)

PRIORITIES = ("0", "1", "2")


def _link_clocks(cr):
    for column, model in (("request_id", "aftersales.request"), ("repair_id", "aftersales.repair")):
        if not sql.column_exists(cr, "aftersales_sla_clock", column):
            continue
        link = SQL.identifier(column)
        cr.execute(
            SQL(
                """UPDATE aftersales_sla_clock
                      SET res_model = %s, res_id = %s
                    WHERE %s IS NOT NULL
                      AND (res_model IS DISTINCT FROM %s OR res_id IS DISTINCT FROM %s)""",
                model,
                link,
                link,
                model,
                link,
            )
        )
        if cr.rowcount:
            _logger.info("%s SLA clocks relinked to their %s by model and id", cr.rowcount, model)


def _policy_filters(cr):
    if not sql.column_exists(cr, "aftersales_sla_policy", "request_type"):
        return
    cr.execute("SELECT id, request_type, priority FROM aftersales_sla_policy")
    for policy_id, request_type, priority in cr.fetchall():
        domain = []
        if request_type:
            domain.append(("request_type", "=", request_type))
        if priority and priority in PRIORITIES:
            domain.append(("priority", "in", [p for p in PRIORITIES if p >= priority]))
        if domain:
            cr.execute("UPDATE aftersales_sla_policy SET filter_domain = %s WHERE id = %s", (repr(domain), policy_id))


def _repair_done_dates(cr):
    """Repairs done before ``done_date`` existed: the date their state became done, else their last write."""
    if not sql.column_exists(cr, "aftersales_repair", "done_date"):
        return
    cr.execute(
        """UPDATE aftersales_repair r
              SET done_date = COALESCE(
                    (SELECT max(m.date)
                       FROM mail_tracking_value v
                       JOIN mail_message m ON m.id = v.mail_message_id
                       JOIN ir_model_fields f ON f.id = v.field_id
                      WHERE m.model = 'aftersales.repair' AND m.res_id = r.id
                        AND f.model = 'aftersales.repair' AND f.name = 'state'
                        AND v.new_value_char = 'Done'),
                    r.write_date)
            WHERE r.state = 'done' AND r.done_date IS NULL"""
    )


def migrate(cr, version):
    if not version:
        return
    _link_clocks(cr)
    _policy_filters(cr)
    _repair_done_dates(cr)
    # Reloaded by the pre-migration (portal link): customisable again from now on.
    cr.execute(
        """UPDATE ir_model_data SET noupdate = true
            WHERE module = 'aftersales_service' AND name = 'mail_template_repair_quotation'"""
    )
