import hashlib
import json

import psycopg2

from odoo import api, fields, models

JOB_KINDS = [("subscribe", "Subscribe"), ("push", "Push")]


class AftersalesParcelJob(models.Model):
    """Kuaidi100 work done out of the desk's and the provider's way: subscribing a parcel (a call to Kuaidi100)
    and applying a push (acknowledged at once by the route). The shared queue pattern."""

    _name = "aftersales.parcel.job"
    _inherit = "aftersales.job.mixin"
    _description = "Parcel Tracking Job"
    _job_cron = "aftersales_service_tracking.ir_cron_parcel_jobs"
    _job_batch = 50

    kind = fields.Selection(JOB_KINDS, required=True)
    parcel_id = fields.Many2one("aftersales.parcel", ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    payload = fields.Text(help="The push's param, as Kuaidi100 sent it.")
    payload_hash = fields.Char(index=True, help="A push received twice is stored once.")

    _sql_constraints = [
        ("push_uniq", "unique(company_id, payload_hash)", "A push is stored once."),
    ]

    @api.model
    def _store_push(self, company, param):
        """Store a verified push once (a retry of the same push is acknowledged and ignored)."""
        digest = hashlib.sha256(param.encode()).hexdigest()
        try:
            with self.env.cr.savepoint(flush=False):
                stored = self._insert_push(company, param, digest)
        except psycopg2.errors.SerializationFailure:
            # The same push, stored by a concurrent request that committed first (a retry of Kuaidi100's).
            return False
        if stored:
            self.env.ref(self._job_cron)._trigger()
        return stored

    def _insert_push(self, company, param, digest):
        self.env.cr.execute(
            """INSERT INTO aftersales_parcel_job (kind, company_id, payload, payload_hash, state, attempts,
                                                  create_date, write_date, create_uid, write_uid)
               VALUES ('push', %s, %s, %s, 'queued', 0, now() at time zone 'UTC', now() at time zone 'UTC', %s, %s)
               ON CONFLICT (company_id, payload_hash) DO NOTHING RETURNING id""",
            [company.id, param, digest, self.env.uid, self.env.uid],
            log_exceptions=False,
        )
        return bool(self.env.cr.fetchone())

    def _job_run(self):
        if self.kind == "subscribe":
            self.parcel_id._subscribe()
            return
        push = json.loads(self.payload)
        result = push.get("lastResult") or {}
        Parcel = self.env["aftersales.parcel"].sudo()
        parcels = Parcel.search([("company_id", "=", self.company_id.id), ("tracking_number", "=", result.get("nu"))])
        now = fields.Datetime.now()
        for parcel in parcels:
            parcel.last_push_date = now
            if push.get("status") == "abort":
                # Kuaidi100 stopped following it: the polling action subscribes it again later.
                parcel.write({"subscribed": False, "abort_date": now})
            parcel._apply_result(result)
