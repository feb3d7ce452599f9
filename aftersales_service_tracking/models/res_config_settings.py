from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_kuaidi100_customer = fields.Char(related="company_id.aftersales_kuaidi100_customer", readonly=False)
    aftersales_kuaidi100_key = fields.Char(related="company_id.aftersales_kuaidi100_key", readonly=False)
    aftersales_kuaidi100_api_url = fields.Char(related="company_id.aftersales_kuaidi100_api_url", readonly=False)
    aftersales_kuaidi100_autonumber_url = fields.Char(
        related="company_id.aftersales_kuaidi100_autonumber_url", readonly=False
    )
    aftersales_kuaidi100_poll_hours = fields.Integer(
        related="company_id.aftersales_kuaidi100_poll_hours", readonly=False
    )
    aftersales_parcel_retention_days = fields.Integer(
        related="company_id.aftersales_parcel_retention_days", readonly=False
    )
    aftersales_parcel_auto_receive = fields.Boolean(related="company_id.aftersales_parcel_auto_receive", readonly=False)
