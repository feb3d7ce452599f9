import secrets
import uuid

from odoo import fields, models

from ..tools.kuaidi100 import Kuaidi100


class ResCompany(models.Model):
    _inherit = "res.company"

    # The account is the company's; its secrets are for administrators only.
    aftersales_kuaidi100_customer = fields.Char("Kuaidi100 Customer ID", groups="base.group_system")
    aftersales_kuaidi100_key = fields.Char("Kuaidi100 Key", groups="base.group_system")
    aftersales_kuaidi100_salt = fields.Char(
        "Kuaidi100 Push Salt",
        groups="base.group_system",
        default=lambda self: secrets.token_hex(16),
        copy=False,
        help="Kuaidi100 signs each push with it; sent with each subscription.",
    )
    aftersales_kuaidi100_webhook = fields.Char(
        "Kuaidi100 Push Path",
        groups="base.group_system",
        default=lambda self: uuid.uuid4().hex,
        copy=False,
        help="The secret part of the push URL (/aftersales/kuaidi100/push/<this>).",
    )
    aftersales_kuaidi100_api_url = fields.Char("Kuaidi100 API URL", default="https://poll.kuaidi100.com")
    aftersales_kuaidi100_autonumber_url = fields.Char(
        "Kuaidi100 Carrier Detection URL", default="https://www.kuaidi100.com"
    )
    aftersales_kuaidi100_poll_hours = fields.Integer(
        "Query Parcels Without Push After (hours)",
        default=6,
        help="A subscribed parcel with no push for this long is queried directly.",
    )
    aftersales_parcel_retention_days = fields.Integer(
        "Keep Parcel Data (days)",
        default=90,
        help="Raw pushes, and the events and phone digits of parcels delivered this long ago, are deleted "
        "(personal data under China's PIPL).",
    )
    aftersales_parcel_auto_receive = fields.Boolean(
        "Receive Signed Parcels Automatically",
        help="When the courier reports the customer's parcel signed for, the repair order is received at once; "
        "otherwise its technician gets an activity to receive it.",
    )

    def _aftersales_kuaidi100(self):
        """The Kuaidi100 client of this company, or None without an account."""
        self.ensure_one()
        company = self.sudo()
        if not company.aftersales_kuaidi100_key:
            return None
        return Kuaidi100(
            company.aftersales_kuaidi100_customer,
            company.aftersales_kuaidi100_key,
            company.aftersales_kuaidi100_api_url,
            company.aftersales_kuaidi100_autonumber_url,
        )

    def _aftersales_kuaidi100_callback_url(self):
        self.ensure_one()
        base = self.get_base_url().rstrip("/")
        return f"{base}/aftersales/kuaidi100/push/{self.sudo().aftersales_kuaidi100_webhook}"
