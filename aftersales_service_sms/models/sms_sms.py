import logging

from odoo import _, api, fields, models

from ..tools import phone
from ..tools.providers import PROVIDERS, ProviderServerError

_logger = logging.getLogger(__name__)

# Failure types of the Chinese providers, on sms.sms and on mail.notification (the chatter shows the latter's
# label in its notification popover and in the resend wizard).
CN_FAILURE_TYPES = [
    ("sms_cn_template", "Approved Template Required"),
    ("sms_cn_param", "Template Variable Refused"),
    ("sms_cn_template_unapproved", "Template Not Approved"),
    ("sms_cn_signature", "Signature Not Approved"),
    ("sms_cn_throttled", "Sending Limit Reached"),
    ("sms_cn_auth", "SMS Provider Credentials Refused"),
    ("sms_cn_rejected", "Refused by the SMS Provider"),
    ("sms_cn_config", "SMS Provider Not Configured"),
]
CN_FAILURE_ONDELETE = {key: "set null" for key, _label in CN_FAILURE_TYPES}


class SmsSms(models.Model):
    """Odoo 18's ``_send`` hands every SMS to IAP; companies that use a Chinese provider send theirs through it
    instead (the shape of Odoo's later ``sms_twilio``: a provider per company, one API class per provider).

    Which company? The one of the record the SMS was posted on (``mail.message.record_company_id``, set by
    ``message_post`` from the record's company), else the company of its partner, else the current company.
    """

    _inherit = "sms.sms"

    failure_type = fields.Selection(selection_add=CN_FAILURE_TYPES, ondelete=CN_FAILURE_ONDELETE)
    aftersales_template_code = fields.Char(
        "Provider Template ID",
        readonly=True,
        help="The template approved on the provider's console (Tencent TemplateId, Alibaba TemplateCode); the "
        "body is only its preview.",
    )
    aftersales_template_params = fields.Json(
        "Template Variables", readonly=True, help="[[name, value], ...], in the template's order."
    )
    aftersales_failure_reason = fields.Char("Failure Reason", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        # An SMS created for a message posted with a provider template (the notices, a resend) gets it.
        message_ids = {vals["mail_message_id"] for vals in vals_list if vals.get("mail_message_id")}
        messages = {message.id: message for message in self.env["mail.message"].sudo().browse(message_ids)}
        for vals in vals_list:
            message = messages.get(vals.get("mail_message_id"))
            if message and message.aftersales_sms_template_code and not vals.get("aftersales_template_code"):
                vals["aftersales_template_code"] = message.aftersales_sms_template_code
                vals["aftersales_template_params"] = message.aftersales_sms_template_params or []
        return super().create(vals_list)

    def _aftersales_company(self):
        self.ensure_one()
        return self.mail_message_id.record_company_id or self.partner_id.company_id or self.env.company

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        """Send through each company's provider; what belongs to IAP companies goes to Odoo's ``_send``."""
        own = self.browse()
        for company, records in self.grouped(lambda sms: sms._aftersales_company()).items():
            if company.sudo().aftersales_sms_provider in PROVIDERS:
                records._aftersales_send(company, unlink_failed, unlink_sent, raise_exception)
                own |= records
        if self - own:
            return super(SmsSms, self - own)._send(
                unlink_failed=unlink_failed, unlink_sent=unlink_sent, raise_exception=raise_exception
            )
        return None

    def _aftersales_send(self, company, unlink_failed, unlink_sent, raise_exception):
        """One provider call per SMS (its uuid is the provider's context); every answer is final: sent to the
        carrier (pending, delivered by the report), or failed with its failure type. Nothing is put back in
        the queue, so a refusal never loops; a server error is ``sms_server``, resent from the chatter as with
        IAP."""
        provider = company.sudo().aftersales_sms_provider
        api = company._aftersales_sms_api()
        results = {}
        for sms in self:
            try:
                results[sms] = sms._aftersales_send_one(api, company, provider)
            except ProviderServerError as error:
                _logger.info("SMS %s: %s", sms.id, error)
                if raise_exception:
                    raise
                results[sms] = ("error", "sms_server", str(error)[:500], False)
        self._aftersales_apply_results(provider, results, unlink_failed, unlink_sent)

    def _aftersales_send_one(self, api, company, provider):
        """Check and send this SMS: ``(state, failure_type, reason, provider_ref)``."""
        self.ensure_one()
        selection = self.env["res.company"]._fields["aftersales_sms_provider"]._description_selection(self.env)
        label = dict(selection)[provider]
        if api is None:
            return (
                "error",
                "sms_cn_config",
                _(
                    "%(company)s has no credentials or signature name for %(provider)s: see Settings > After-Sales.",
                    company=company.name,
                    provider=label,
                ),
                False,
            )
        number = phone.to_e164(self.number)
        if not number:
            return "error", "sms_number_format", _("The number is not a valid phone number."), False
        if not self.aftersales_template_code:
            if phone.is_mainland(number):
                reason = _(
                    "Mainland China numbers only receive SMS from a template and a signature approved on the "
                    "provider's console; this free text was not sent. Send it from an SMS template that has "
                    "%(provider)s's template ID of %(company)s.",
                    provider=label,
                    company=company.name,
                )
            else:
                reason = _(
                    "%(provider)s only sends templates approved on its console; this free text was not sent. "
                    "Send it from an SMS template that has the provider's template ID of %(company)s.",
                    provider=label,
                    company=company.name,
                )
            return "error", "sms_cn_template", reason, False
        params = [[str(name), str(value)] for name, value in (self.aftersales_template_params or [])]
        if problem := api.check_params(params):
            return "error", "sms_cn_param", self._aftersales_param_reason(api, *problem), False
        result = api.send(number, self.aftersales_template_code, params, self.uuid)
        if result.ok:
            return "pending", False, False, result.ref
        failure_type = api.failure_type(result.code)
        _logger.info("SMS %s refused by %s: %s %s", self.id, provider, result.code, result.message)
        return "error", failure_type, f"{result.code}: {result.message}"[:500], False

    def _aftersales_param_reason(self, api, name, problem, value):
        if problem == "empty":
            return _("The template variable %(name)s is empty.", name=name)
        if problem == "url":
            return _(
                "The template variable %(name)s holds a web address, which the provider refuses: write the link "
                "as fixed text of the approved template.",
                name=name,
            )
        return _(
            "The template variable %(name)s has %(length)s characters; the provider accepts %(max)s at most "
            "(Settings > After-Sales > SMS).",
            name=name,
            length=len(value),
            max=api.max_length,
        )

    def _aftersales_apply_results(self, provider, results, unlink_failed, unlink_sent):
        """Write each SMS's outcome on it, its tracker and its notification, as Odoo's ``_send`` does."""
        for sms, (state, failure_type, reason, ref) in results.items():
            sms_sudo = sms.sudo().with_context(sms_skip_msg_notification=True)
            tracker = sms_sudo.sms_tracker_id
            if state == "pending":
                tracker.write({"aftersales_provider": provider, "aftersales_provider_ref": ref or False})
                tracker._action_update_from_sms_state("pending")
                to_delete = {"to_delete": True} if unlink_sent else {}
                sms_sudo.write(
                    {"state": "pending", "failure_type": False, "aftersales_failure_reason": False, **to_delete}
                )
            else:
                tracker._action_update_from_sms_state("error", failure_type=failure_type, failure_reason=reason)
                to_delete = {"to_delete": True} if unlink_failed else {}
                sms_sudo.write(
                    {"state": "error", "failure_type": failure_type, "aftersales_failure_reason": reason, **to_delete}
                )
        self.sudo().mail_message_id._notify_message_notification_update()

    @api.model
    def _aftersales_cron_purge(self):
        """Delete the SMS data older than the retention setting (PIPL): SMS rows Odoo keeps (failed, cancelled),
        the numbers of SMS notifications (the chatter keeps the recipient's name) and the trackers (provider ids,
        of no use once no report can come)."""
        days = int(self.env["ir.config_parameter"].sudo().get_param("aftersales_service_sms.retention_days", 180))
        if days <= 0:
            return
        limit = fields.Datetime.subtract(fields.Datetime.now(), days=days)
        self.sudo().search([("create_date", "<", limit), ("state", "!=", "outgoing")]).unlink()
        notifications = (
            self.env["mail.notification"]
            .sudo()
            .search(
                [
                    ("notification_type", "=", "sms"),
                    ("sms_number", "!=", False),
                    ("mail_message_id.date", "<", limit),
                ]
            )
        )
        notifications.write({"sms_number": False})
        self.env["sms.tracker"].sudo().search([("create_date", "<", limit)]).unlink()
