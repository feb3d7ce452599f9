import uuid

from odoo import fields, models

from ..tools.providers import AliyunSms, TencentSms

SMS_PROVIDERS = [
    ("iap", "Odoo (IAP)"),
    ("tencent", "Tencent Cloud SMS"),
    ("aliyun", "Alibaba Cloud SMS"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    # Each company has its own provider account, signature and approved templates: a group may send through
    # Tencent for one company and Alibaba for another. The secrets are for administrators only.
    aftersales_sms_provider = fields.Selection(
        SMS_PROVIDERS,
        string="SMS Provider",
        required=True,
        default="iap",
        help="Odoo (IAP) sends any text; Tencent Cloud and Alibaba Cloud send only templates approved on their "
        "console, signed with an approved signature name.",
    )
    aftersales_sms_sign_name = fields.Char(
        "SMS Signature Name", help="The approved signature (签名), without its brackets: e.g. 某某售后服务中心."
    )
    aftersales_sms_api_url = fields.Char(
        "SMS API URL",
        groups="base.group_system",
        help="Leave empty for the provider's endpoint (https://sms.tencentcloudapi.com, "
        "https://dysmsapi.aliyuncs.com).",
    )
    aftersales_sms_param_max_length = fields.Integer(
        "Longest SMS Variable",
        help="Characters a template variable may hold; 0 for the provider's default (Tencent Cloud: no limit for "
        "company-verified accounts, set 12 for an individually verified one; Alibaba Cloud 35). Longer values "
        "are refused, never cut.",
    )
    aftersales_tencent_secret_id = fields.Char("Tencent SecretId", groups="base.group_system")
    aftersales_tencent_secret_key = fields.Char("Tencent SecretKey", groups="base.group_system")
    aftersales_tencent_sdk_app_id = fields.Char("Tencent SMS SdkAppId", groups="base.group_system")
    aftersales_tencent_region = fields.Char("Tencent Region", groups="base.group_system", default="ap-guangzhou")
    aftersales_aliyun_access_key_id = fields.Char("Alibaba AccessKey ID", groups="base.group_system")
    aftersales_aliyun_access_key_secret = fields.Char("Alibaba AccessKey Secret", groups="base.group_system")
    aftersales_sms_webhook = fields.Char(
        "SMS Report Path",
        groups="base.group_system",
        default=lambda self: uuid.uuid4().hex,
        copy=False,
        help="The secret part of the delivery report URLs (/aftersales/sms/<provider>/report/<this>).",
    )

    def _aftersales_sms_api(self):
        """The provider client of this company, or None when it sends through IAP or lacks credentials."""
        self.ensure_one()
        company = self.sudo()
        options = {
            "base_url": company.aftersales_sms_api_url,
            "max_param_length": company.aftersales_sms_param_max_length,
        }
        if company.aftersales_sms_provider == "tencent":
            if not (
                company.aftersales_tencent_secret_id
                and company.aftersales_tencent_secret_key
                and company.aftersales_tencent_sdk_app_id
                and company.aftersales_sms_sign_name
            ):
                return None
            return TencentSms(
                company.aftersales_tencent_secret_id,
                company.aftersales_tencent_secret_key,
                company.aftersales_tencent_sdk_app_id,
                company.aftersales_tencent_region,
                company.aftersales_sms_sign_name,
                **options,
            )
        if company.aftersales_sms_provider == "aliyun":
            if not (
                company.aftersales_aliyun_access_key_id
                and company.aftersales_aliyun_access_key_secret
                and company.aftersales_sms_sign_name
            ):
                return None
            return AliyunSms(
                company.aftersales_aliyun_access_key_id,
                company.aftersales_aliyun_access_key_secret,
                company.aftersales_sms_sign_name,
                **options,
            )
        return None

    def _aftersales_sms_report_url(self, provider=None):
        """The delivery report URL to enter on the provider's console."""
        self.ensure_one()
        provider = provider or self.aftersales_sms_provider
        base = self.get_base_url().rstrip("/")
        return f"{base}/aftersales/sms/{provider}/report/{self.sudo().aftersales_sms_webhook}"
