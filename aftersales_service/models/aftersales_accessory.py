from odoo import fields, models


class AftersalesAccessory(models.Model):
    _name = "aftersales.accessory"
    _description = "Device Accessory"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    advise_against = fields.Boolean(
        string="Advise Against Sending",
        help="Customers are advised not to send this accessory with the device when it works (R10): "
        "receiving it raises a warning so that it is recorded and returned.",
    )
