import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
RETRY_MINUTES = 5  # after the n-th failure, n x 5 minutes


class AftersalesQuoteMail(models.Model):
    """A quotation email waiting to leave with its PDF: the desk's *Send* stores a row and returns, a
    scheduled action (triggered at once) renders the PDF and sends the email.

    Rows are claimed with ``FOR UPDATE SKIP LOCKED``: two workers running the action at the same time never
    send one quotation twice. A failure is kept on the row and tried again later, three times at most.
    """

    _name = "aftersales.quote.mail"
    _description = "Quotation Email Queue"
    _order = "id"

    repair_id = fields.Many2one("aftersales.repair", required=True, ondelete="cascade", index=True)
    user_id = fields.Many2one(
        "res.users", string="Sent by", required=True, default=lambda self: self.env.user, ondelete="cascade"
    )
    state = fields.Selection(
        [("queued", "Queued"), ("sent", "Sent"), ("failed", "Failed")],
        required=True,
        default="queued",
        index=True,
    )
    attempts = fields.Integer(default=0)
    error = fields.Text(readonly=True)
    retry_after = fields.Datetime(readonly=True, help="A failed email is tried again from then on.")
    sent_date = fields.Datetime(readonly=True)

    @api.model
    def _enqueue(self, repairs):
        """Queue the quotation emails of ``repairs`` and wake the scheduled action up."""
        jobs = self.sudo().create([{"repair_id": repair.id, "user_id": self.env.uid} for repair in repairs])
        self.env.ref("aftersales_service.ir_cron_send_quotation_mails")._trigger()
        return jobs

    def _due_sql(self):
        return SQL(
            "state = 'queued' AND (retry_after IS NULL OR retry_after <= %s)",
            fields.Datetime.now(),
        )

    def _claim(self, limit):
        """Up to ``limit`` rows due now, locked for this transaction; rows another worker holds are skipped,
        not waited for."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE %s ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED",
                SQL.identifier(self._table),
                self._due_sql(),
                limit,
            )
        )
        # The queue is technical: the scheduled action (or a test) works on it whoever runs it.
        return self.sudo().browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _cron_send(self, batch=10):
        """Send one batch of the quotation emails due; the scheduled action runs again at once while some are
        left (each batch in its own transaction). Returns the number sent."""
        jobs = self._claim(batch)
        sent = sum(1 for job in jobs if job._send())
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT count(*) FROM %s WHERE %s", SQL.identifier(self._table), self._due_sql()))
        # Done counts the rows tried, so that the next batch runs after failures as well.
        self.env["ir.cron"]._notify_progress(done=len(jobs), remaining=self.env.cr.fetchone()[0])
        return sent

    def _send(self):
        """Render the PDF and send the email of this row, as its sender; a failure is kept on the row (and
        retried by the next run, up to MAX_ATTEMPTS), never lost."""
        self.ensure_one()
        template = self.env.ref("aftersales_service.mail_template_repair_quotation")
        repair = self.repair_id.with_user(self.user_id)
        try:
            with self.env.cr.savepoint():
                repair.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        except Exception as error:
            _logger.exception("Quotation email of %s failed", self.repair_id.name)
            attempts = self.attempts + 1
            self.write(
                {
                    "attempts": attempts,
                    "error": str(error),
                    "state": "failed" if attempts >= MAX_ATTEMPTS else "queued",
                    "retry_after": fields.Datetime.now() + timedelta(minutes=RETRY_MINUTES * attempts),
                }
            )
            if self.state == "failed":
                self.repair_id.sudo().message_post(
                    body=_("The quotation email could not be sent: %(error)s", error=str(error))
                )
            return False
        self.write({"state": "sent", "sent_date": fields.Datetime.now(), "error": False})
        return True
