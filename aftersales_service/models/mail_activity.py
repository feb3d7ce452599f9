from odoo import _, models
from odoo.exceptions import AccessError


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        self._check_aftersales_escalation_owner()
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)

    def _check_aftersales_escalation_owner(self):
        """Only the project manager an escalation is assigned to, or a service manager, completes it.

        The request's own workflow (dispatch, resolution) completes it on the
        assignee's behalf with superuser rights.
        """
        if self.env.su or self.env.user.has_group("aftersales_service.group_aftersales_manager"):
            return
        escalation = self.env.ref("aftersales_service.mail_activity_type_escalation", raise_if_not_found=False)
        foreign = self.filtered(lambda a: a.activity_type_id == escalation and a.user_id != self.env.user)
        if foreign:
            raise AccessError(
                _(
                    "Only %(users)s, to whom the escalation is assigned, or a service manager can mark it done.",
                    users=", ".join(foreign.user_id.mapped("name")),
                )
            )
