"""Heavy reads on the read-only replica.

Odoo sends read-only routes and ``@api.readonly`` calls to the replica
(``--db_replica_host``). Work that runs on a read/write cursor (a button, a
scheduled action) can still do its heavy reading there: it hands a function to
:func:`read_on_replica`, which calls it with an environment on a read-only
cursor and gives back what it returns.
"""

import logging

from psycopg2.errors import ReadOnlySqlTransaction

from odoo.tools import config

_logger = logging.getLogger(__name__)


def _replica_configured(registry):
    if registry.in_test_mode():
        # HttpCase: the registry's read-only test cursor, on the test's own transaction.
        return registry.test_readonly_enabled
    return config["db_replica_host"] is not False and not config["test_enable"]


def read_on_replica(env, function, needs=()):
    """Return ``function(read_env)``, ``read_env`` being ``env`` on a read-only cursor when a replica is
    configured, else ``env`` itself.

    The read-only cursor is a transaction of its own: it sees what is committed (on the replica, as far as
    it has replayed), not what ``env``'s transaction has written since it began. Read there what that
    transaction does not change: the figures of a finished period, the KPIs of past days. The records
    ``function`` gets belong to ``read_env``; it returns plain values.

    ``needs`` lists the recordsets the reading starts from. Should one of them be missing on the
    read-only cursor (created in this transaction, or not replayed yet), ``function`` reads on ``env``.

    When the replica cannot be reached, Odoo's registry gives a cursor on the primary instead, for
    20 minutes, with a warning in the log. Should ``function`` write, it is called again on ``env``,
    with a warning: the result is the same, the replica is just not used.
    """
    if env.cr.readonly or not _replica_configured(env.registry):
        return function(env)
    # What this transaction wrote is no business of the replica's, but a test cursor shares it.
    env.flush_all()
    try:
        with env.registry.cursor(readonly=True) as cr:
            read_env = env(cr=cr)
            if any(len(records.with_env(read_env).exists()) != len(records) for records in needs):
                _logger.info("%s: records not on the replica yet, reading on the primary", _name(function))
            else:
                return function(read_env)
    except ReadOnlySqlTransaction:
        _logger.warning(
            "%s wrote on the read-only cursor; reading on the read/write one instead", _name(function), exc_info=True
        )
    return function(env)


def _name(function):
    return getattr(function, "__qualname__", repr(function))
