"""18.0.1.6.0: every portal document has its access token from the start.

Requests, repair orders and units, and the repair orders' invoices, now get their token when they are created;
the ones created before got it on their first view on the portal (or never). They all get one now, so that the
portal's pages only read (a read-only replica may serve them) and no page writes a token.
"""

import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

TABLES = ("aftersales_request", "aftersales_repair", "aftersales_equipment")
# The repair orders' invoices and credit notes, linked from the repair's page.
REPAIR_MOVES = "aftersales_repair_id IS NOT NULL OR aftersales_refund_repair_id IS NOT NULL"


def migrate(cr, version):
    for table in TABLES:
        # The format of Odoo's own tokens (portal.mixin._portal_ensure_token: str(uuid.uuid4())).
        query = "UPDATE %s SET access_token = gen_random_uuid()::text WHERE access_token IS NULL"
        cr.execute(SQL(query, SQL.identifier(table)))
        if cr.rowcount:
            _logger.info("%s: %s access tokens given", table, cr.rowcount)
    cr.execute(
        SQL(
            "UPDATE account_move SET access_token = gen_random_uuid()::text WHERE access_token IS NULL AND (%s)",
            SQL(REPAIR_MOVES),
        )
    )
    if cr.rowcount:
        _logger.info("account_move: %s access tokens given to the repair orders' invoices", cr.rowcount)
