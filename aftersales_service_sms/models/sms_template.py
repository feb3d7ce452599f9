import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import phone

PARAM_LINE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$")


class SmsTemplate(models.Model):
    """A notice is an Odoo SMS template whose body is the preview of a template approved on the provider's
    console; the provider receives that template's id and the variables, never the body."""

    _inherit = "sms.template"

    aftersales_provider_template = fields.Char(
        "Provider Template ID",
        company_dependent=True,
        help="The id of the approved template on this company's provider console: Tencent Cloud's TemplateId "
        "(e.g. 1234567), Alibaba Cloud's TemplateCode (e.g. SMS_123456789). Without it, the SMS is free text, "
        "which Chinese providers refuse.",
    )
    aftersales_template_params = fields.Text(
        "Template Variables",
        help="One variable per line, in the order of the approved template: name={{ expression }}. Tencent Cloud "
        "fills {1}, {2}... in this order; Alibaba Cloud fills ${name}.",
    )

    @api.constrains("aftersales_template_params")
    def _check_aftersales_template_params(self):
        for template in self:
            for line in (template.aftersales_template_params or "").splitlines():
                if line.strip() and not PARAM_LINE.match(line):
                    raise ValidationError(
                        _(
                            "Each template variable is a line name={{ expression }}, the name made of letters, "
                            "digits and underscores: %(line)s",
                            line=line.strip(),
                        )
                    )

    def _aftersales_render_params(self, res_ids):
        """``{res_id: [[name, value], ...]}``: the variables rendered on the records, in their order."""
        self.ensure_one()
        lines = [
            PARAM_LINE.match(line).groups()
            for line in (self.aftersales_template_params or "").splitlines()
            if line.strip()
        ]
        rendered = [self._render_template(expression, self.model, res_ids) for _name, expression in lines]
        return {
            res_id: [
                [name, str(values[res_id] or "").strip()] for (name, _expr), values in zip(lines, rendered, strict=True)
            ]
            for res_id in res_ids
        }

    @api.model
    def _aftersales_notify(self, xmlid, records):
        """Post the notice ``xmlid`` on each of ``records`` as an SMS to its customer's mobile, queued."""
        template = self.env.ref(xmlid, raise_if_not_found=False) if records else None
        if not template:
            return
        for record in records:
            template.sudo()._aftersales_post(record)

    def _aftersales_post(self, record):
        """Post this notice on ``record``'s chatter through Odoo's SMS path, so that it shows there with its
        delivery status; the SMS is queued (sent by the SMS queue's scheduled action, triggered at once), so that
        the desk never waits for the provider and nothing is sent for a transaction rolled back."""
        self.ensure_one()
        partner = record.partner_id
        company = record.company_id
        region = partner.country_id.code or company.country_id.code
        number = next(filter(None, (phone.sms_number(n, region) for n in record._aftersales_sms_numbers())), None)
        if not number:
            return None
        user = self.env.user
        author = user.partner_id if not user.share else self.env.ref("base.partner_root")
        message = (
            record.sudo()
            .with_context(mail_create_nosubscribe=True)
            ._message_sms_with_template(
                template=self,
                partner_ids=partner.ids,
                sms_pid_to_number={partner.id: number} if partner else {},
                sms_numbers=None if partner else [number],
                put_in_queue=True,
                author_id=author.id,
                aftersales_sms_template_code=self.with_company(company).aftersales_provider_template or False,
                aftersales_sms_template_params=self._aftersales_render_params(record.ids)[record.id],
            )
        )
        self.env.ref("sms.ir_cron_sms_scheduler_action").sudo()._trigger()
        return message
