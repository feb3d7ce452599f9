import json

from markupsafe import Markup

from odoo import models

# System parameter (one per year) remembering the day of the last reminder and whom it reached that day.
REMINDER_PARAMETER = "resource_calendar_public_holiday_mail.year_missing_reminder.%s"


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _notify_public_holiday_year_missing(self, year):
        """Also remind the administrators in Discuss (or by email, as each of them prefers)."""
        res = super()._notify_public_holiday_year_missing(year)
        if self:
            self._send_public_holiday_year_missing_reminder(year)
        return res

    def _get_public_holiday_reminder_users(self):
        """The users to remind: the active internal users of Settings (administrators)."""
        return (
            self.env["res.users"]
            .sudo()
            .search([("groups_id", "in", self.env.ref("base.group_system").id), ("share", "=", False)])
        )

    def _send_public_holiday_year_missing_reminder(self, year):
        """Remind the administrators, in their language, that ``year`` is missing from the chinesecalendar
        package for these schedules. Administrators already reminded of that year that day (in the time
        zone of the first schedule) are not reminded again: running the scheduled action twice a day sends
        one reminder, its next weekly run another one."""
        today = self[:1]._get_public_holiday_today().isoformat()
        parameters = self.env["ir.config_parameter"].sudo()
        key = REMINDER_PARAMETER % year
        try:
            sent = json.loads(parameters.get_param(key) or "{}")
        except ValueError:
            sent = {}
        reminded = set(sent.get("partner_ids") or []) if sent.get("date") == today else set()
        users = self._get_public_holiday_reminder_users().filtered(lambda user: user.partner_id.id not in reminded)
        if not users:
            return
        calendars = self.sudo()
        author = self.env.ref("base.partner_root")
        for lang, lang_users in users.grouped(lambda user: user.lang or self.env.lang or "en_US").items():
            env = calendars.with_context(lang=lang).env
            subject = env._(
                "The public holidays of China of %(year)s are missing: upgrade chinesecalendar",
                year=year,
            )
            body = Markup("<p>%s</p><p>%s</p>") % (
                env._(
                    "The public holidays and make-up working days of China of %(year)s are not published in "
                    "the chinesecalendar Python package installed on the Odoo server, so the working schedules "
                    "%(schedules)s do not have them yet.",
                    year=year,
                    schedules=", ".join(calendars.with_env(env).mapped("display_name")),
                ),
                env._(
                    "Upgrade the package on the server (pip install --upgrade chinesecalendar) once its new "
                    "release has them, and restart Odoo: the weekly scheduled action then imports %(year)s "
                    "into every schedule of China. Until then, this reminder comes back every week.",
                    year=year,
                ),
            )
            self.env["mail.thread"].sudo().with_context(lang=lang).message_notify(
                model=self._name,
                res_id=self[:1].id,
                partner_ids=lang_users.partner_id.ids,
                author_id=author.id,
                subject=subject,
                body=body,
            )
        sent = {"date": today, "partner_ids": sorted(reminded | set(users.partner_id.ids))}
        parameters.set_param(key, json.dumps(sent))
