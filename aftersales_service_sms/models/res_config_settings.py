from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_sms_provider = fields.Selection(related="company_id.aftersales_sms_provider", readonly=False)
    aftersales_sms_sign_name = fields.Char(related="company_id.aftersales_sms_sign_name", readonly=False)
    aftersales_sms_api_url = fields.Char(related="company_id.aftersales_sms_api_url", readonly=False)
    aftersales_sms_param_max_length = fields.Integer(
        related="company_id.aftersales_sms_param_max_length", readonly=False
    )
    aftersales_tencent_secret_id = fields.Char(related="company_id.aftersales_tencent_secret_id", readonly=False)
    aftersales_tencent_secret_key = fields.Char(related="company_id.aftersales_tencent_secret_key", readonly=False)
    aftersales_tencent_sdk_app_id = fields.Char(related="company_id.aftersales_tencent_sdk_app_id", readonly=False)
    aftersales_tencent_region = fields.Char(related="company_id.aftersales_tencent_region", readonly=False)
    aftersales_aliyun_access_key_id = fields.Char(related="company_id.aftersales_aliyun_access_key_id", readonly=False)
    aftersales_aliyun_access_key_secret = fields.Char(
        related="company_id.aftersales_aliyun_access_key_secret", readonly=False
    )
    aftersales_sms_report_url = fields.Char(
        "Delivery Report URL", compute="_compute_aftersales_sms_report_url", groups="base.group_system"
    )
    aftersales_sms_retention_days = fields.Integer(
        "Keep SMS Data (days)",
        config_parameter="aftersales_service_sms.retention_days",
        default=180,
        help="SMS rows, the numbers of SMS notifications and the provider ids of older SMS are deleted after "
        "this many days (personal data under China's PIPL); 0 keeps them.",
    )

    @api.depends("company_id", "aftersales_sms_provider")
    def _compute_aftersales_sms_report_url(self):
        for settings in self:
            provider = settings.aftersales_sms_provider
            settings.aftersales_sms_report_url = (
                settings.company_id._aftersales_sms_report_url(provider) if provider in ("tencent", "aliyun") else ""
            )
