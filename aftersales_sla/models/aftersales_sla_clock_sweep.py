from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.tools import SQL, format_datetime


class AftersalesSlaClock(models.Model):
    """The breach sweep: late clocks flagged in set-based passes, and the one place breaches are announced."""

    _inherit = "aftersales.sla.clock"

    @api.model
    def _cron_sla_sweep(self, batch_size=5000):
        """Flag the running clocks past their deadline and notify once per breach.

        Set-based: each pass locks one batch of due clocks with ``FOR UPDATE
        SKIP LOCKED`` (two workers never take the same clocks, and a second
        run finds nothing left to flag), flags them in one write (which
        automated actions on ``status`` see), then notifies. It reports its
        progress so the scheduler runs it again while work remains.
        """
        now = fields.Datetime.now()
        breached = self._flag_breaches(now, batch_size)
        if breached:
            breached._notify_breach()
        escalated = self._lock_due(
            SQL(
                """status = 'breached' AND reached_date IS NULL AND escalation_level = 1
                   AND EXISTS (SELECT 1 FROM aftersales_sla_policy p
                                WHERE p.id = aftersales_sla_clock.policy_id
                                  AND p.second_escalation_hours > 0
                                  AND aftersales_sla_clock.deadline
                                      + make_interval(secs => p.second_escalation_hours * 3600) < %s)""",
                now,
            ),
            batch_size,
        )
        if escalated:
            escalated.write({"escalation_level": 2})
            escalated._notify_breach(second=True)
        done = len(breached) + len(escalated)
        remaining = 0
        if len(breached) == batch_size or len(escalated) == batch_size:
            remaining = self.search_count(
                [("status", "=", "running"), ("reached_date", "=", False), ("deadline", "<", now)]
            )
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    @api.model
    def _flag_breaches(self, now, batch_size):
        """Lock and flag at most ``batch_size`` running clocks past their deadline; return them.

        When automated actions watch clocks, the flag goes through the ORM so
        that they run; otherwise one UPDATE locks and flags the batch, which
        costs about what a bare UPDATE of those rows costs.
        """
        due = SQL("status = 'running' AND reached_date IS NULL AND deadline < %s", now)
        if self._has_automations():
            breached = self._lock_due(due, batch_size)
            if breached:
                breached.write({"status": "breached", "escalation_level": 1})
            return breached
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """UPDATE aftersales_sla_clock
                      SET status = 'breached', escalation_level = 1, write_date = %s, write_uid = %s
                    WHERE id IN (SELECT id FROM aftersales_sla_clock WHERE %s
                                  ORDER BY deadline, id LIMIT %s FOR UPDATE SKIP LOCKED)
                RETURNING id""",
                now,
                self.env.uid,
                due,
                batch_size,
            )
        )
        breached = self.browse([row[0] for row in rows])
        breached.invalidate_recordset(["status", "escalation_level", "write_date", "write_uid"])
        breached.modified(["status", "escalation_level"])
        return breached

    @api.model
    def _has_automations(self):
        """Whether automated actions (base_automation) are defined on clocks."""
        if "base.automation" not in self.env:
            return False
        return bool(self.env["base.automation"].sudo().search_count([("model_id.model", "=", self._name)], limit=1))

    @api.model
    def _lock_due(self, condition, batch_size):
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM aftersales_sla_clock WHERE %s ORDER BY deadline, id LIMIT %s FOR UPDATE SKIP LOCKED",
                condition,
                batch_size,
            )
        )
        return self.browse([row[0] for row in rows])

    def _notify_breach(self, second=False):
        """Tell the people responsible that these clocks are breached: the one place breaches are announced.

        First breach: an activity for each responsible user of each document
        (``_sla_responsible_user``). Second escalation (``second``, after the
        policy's grace): an activity for each escalation user
        (``_sla_escalation_user``). Either way, one message per breach note
        target (``_sla_breach_note_target``, the document itself by default)
        lists its breaches, addressed to the escalation users.
        """
        documents = self._documents()
        per_target = {}
        activities = []
        for clock, record in documents.items():
            if not record:
                continue
            if second:
                users = record._sla_escalation_user()
                summary = _("SLA still breached: %(policy)s", policy=clock.policy_id.name)
            else:
                users = record._sla_responsible_user()
                summary = _("SLA breached: %(policy)s", policy=clock.policy_id.name)
            activities += [(clock, record, user, summary) for user in users]
            target = record._sla_breach_note_target()
            if target:
                per_target.setdefault(target, []).append((clock, record))
        self._create_breach_activities(activities)
        for target, pairs in per_target.items():
            self._post_breach_message(target, pairs, second)

    @api.model
    def _create_breach_activities(self, activities):
        activity_type = self.env.ref("aftersales_sla.mail_activity_type_sla_breach", raise_if_not_found=False)
        if not activity_type or not activities:
            return
        today = fields.Date.context_today(self)
        model_ids = {}
        vals_list = [
            {
                "activity_type_id": activity_type.id,
                "res_model_id": model_ids.setdefault(record._name, self.env["ir.model"]._get_id(record._name)),
                "res_id": record.id,
                "user_id": user.id,
                "date_deadline": today,
                "summary": summary,
            }
            for _clock, record, user, summary in activities
        ]
        # Quick update: the activity itself is the notification; no
        # "assigned to you" email per activity.
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(vals_list)

    @api.model
    def _post_breach_message(self, target, pairs, second):
        """One message in ``target``'s chatter listing the breached ``pairs`` of (clock, record), addressed to
        the records' escalation users."""
        users = self.env["res.users"].union(*(record._sla_escalation_user() for _clock, record in pairs))
        # Deadlines in the first recipient's time zone, else the clock's calendar's.
        lines = Markup("").join(
            Markup("<li>%s: %s (%s)</li>")
            % (
                record.display_name,
                clock.policy_id.name,
                format_datetime(self.env, clock.deadline, tz=users[:1].tz or clock.calendar_id.tz),
            )
            for clock, record in pairs
        )
        if second:
            intro = _("Still breached after the grace period, please step in:")
        else:
            intro = _("Service-level targets breached:")
        # The chatter is where breaches are announced and stay on record: the recipients are notified.
        target.sudo().message_post(
            body=Markup("<p>%s</p><ul>%s</ul>") % (intro, lines),
            partner_ids=users.partner_id.ids,
            message_type="notification",
            subtype_xmlid="mail.mt_note",
        )
