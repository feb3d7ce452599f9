import logging
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# What a concurrent transaction causes: the work is tried again on a fresh transaction, not counted as a failure.
CONCURRENCY_ERRORS = (
    psycopg2.errors.SerializationFailure,
    psycopg2.errors.DeadlockDetected,
    psycopg2.errors.LockNotAvailable,
)

JOB_STATES = [("queued", "Queued"), ("done", "Done"), ("failed", "Failed")]


class JobGiveUp(Exception):
    """Raised by ``_job_run`` when trying again cannot help (a provider's final refusal, a rate limit, a closed
    window): the row fails at once, with its error kept and no retry."""


class AftersalesJobMixin(models.AbstractModel):
    """Asynchronous work, one pattern for every queue of the service centre (Community has no job queue).

    Each piece of work is a stored row; storing it triggers the queue's scheduled action at once
    (``ir.cron._trigger``). The action claims the rows due with ``FOR UPDATE SKIP LOCKED`` (two workers never
    take the same row, and neither waits for the other), works one batch per transaction, and reports its
    progress so that the scheduler runs it again while rows remain. A row that fails keeps its error and is
    tried again later (after ``_job_retry_minutes`` times the attempts), ``_job_max_attempts`` times at most,
    unless it raised ``JobGiveUp`` (then it fails at once: trying again cannot help); a worker killed in the
    middle loses nothing, since the row is still queued when its transaction is gone.

    A queue inherits it, names its scheduled action in ``_job_cron`` (an external id) and does the work of
    one row in ``_job_run`` (raise to fail; ``_job_failed`` is told when it gives up). A row that did part of its
    work, which must not be undone (messages a provider has accepted), returns the exception instead of raising
    it: what it did is kept, and the row fails or is tried again as if it had raised.
    """

    _name = "aftersales.job.mixin"
    _description = "Queued Job"
    _order = "id"

    _job_cron = None
    _job_batch = 10
    _job_max_attempts = 3
    _job_retry_minutes = 5
    _job_concurrency_delay = 10  # seconds

    state = fields.Selection(JOB_STATES, required=True, default="queued", index=True, readonly=True)
    attempts = fields.Integer(default=0, readonly=True)
    error = fields.Text(readonly=True)
    retry_after = fields.Datetime(readonly=True, help="A failed row is tried again from then on.")
    done_date = fields.Datetime(readonly=True)

    @api.model
    def _job_enqueue(self, vals_list):
        """Store rows of work and wake the queue's scheduled action up; returns them."""
        jobs = self.sudo().create(vals_list)
        self.env.ref(self._job_cron)._trigger()
        return jobs

    def _job_due_sql(self):
        return SQL(
            "state = 'queued' AND (retry_after IS NULL OR retry_after <= %s)",
            fields.Datetime.now(),
        )

    def _job_claim(self, limit):
        """Up to ``limit`` rows due now, locked for this transaction; rows another worker holds are skipped,
        not waited for. The queue is technical: worked on as superuser, whoever runs it."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE %s ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED",
                SQL.identifier(self._table),
                self._job_due_sql(),
                limit,
            )
        )
        return self.sudo().browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _job_cron_process(self, batch=None):
        """Work one batch of the rows due (the queue's scheduled action calls it); returns how many succeeded."""
        jobs = self._job_claim(batch or self._job_batch)
        succeeded = sum(1 for job in jobs if job._job_process())
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT count(*) FROM %s WHERE %s", SQL.identifier(self._table), self._job_due_sql()))
        remaining = self.env.cr.fetchone()[0]
        # Done counts the rows tried, so that the next batch runs after failures as well.
        self.env["ir.cron"]._notify_progress(done=len(jobs), remaining=remaining)
        if remaining:
            # Odoo runs a few batches in a row, then waits for its next poll (a minute) unless triggered.
            self.env.ref(self._job_cron)._trigger()
        return succeeded

    def _job_process(self):
        """Run this row in a savepoint: done, or its failure kept (and retried later, or given up)."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                partial = self._job_run()
        except CONCURRENCY_ERRORS as error:
            # Another transaction changed what this work needs since ours started (two workers on one resource):
            # not a failure; tried again shortly, on a fresh transaction.
            _logger.info("%s %s met concurrent work (%s): tried again shortly", self._description, self.id, error)
            self._job_retry_at(fields.Datetime.now() + timedelta(seconds=self._job_concurrency_delay))
            return False
        except Exception as error:
            if isinstance(error, JobGiveUp):
                _logger.warning("%s %s given up: %s", self._description, self.id, error)
            else:
                _logger.exception("%s %s failed", self._description, self.id)
            self._job_record_failure(error)
            return False
        if isinstance(partial, Exception):
            _logger.warning("%s %s did part of its work, then: %s", self._description, self.id, partial)
            self._job_record_failure(partial)
            return False
        self.write({"state": "done", "done_date": fields.Datetime.now(), "error": False})
        return True

    def _job_record_failure(self, error):
        """Count a failed attempt: the row is given up (``JobGiveUp``, or its last attempt) or tried again later."""
        attempts = self.attempts + 1
        give_up = isinstance(error, JobGiveUp) or attempts >= self._job_max_attempts
        self.write(
            {
                "attempts": attempts,
                "error": str(error),
                "state": "failed" if give_up else "queued",
                "retry_after": fields.Datetime.now() + timedelta(minutes=self._job_retry_minutes * attempts),
            }
        )
        if give_up:
            self._job_failed(error)
        else:
            self._job_retry_at(self.retry_after)

    def _job_retry_at(self, when):
        """Keep the row queued until ``when``, and have the scheduled action run then (not only at its interval)."""
        self.write({"retry_after": when})
        self.env.ref(self._job_cron)._trigger(when)

    def _job_run(self):
        raise NotImplementedError

    def _job_failed(self, error):
        """Hook: the row was given up after its last attempt."""
