import re

from odoo import _, api, fields, models

TRACKING_FIELDS = {"inbound": "inbound_tracking_ref", "outbound": "outbound_tracking_ref"}


class AftersalesRepair(models.Model):
    _inherit = "aftersales.repair"

    parcel_ids = fields.One2many("aftersales.parcel", "repair_id", string="Parcels", readonly=True)
    inbound_parcel_state = fields.Selection(
        selection=lambda self: self.env["aftersales.parcel"]._fields["state"].selection,
        string="Inbound Parcel",
        compute="_compute_parcel_fields",
    )
    parcel_arrived_date = fields.Datetime(
        compute="_compute_parcel_fields", string="Parcel Arrived", help="The courier reported it signed for."
    )
    parcel_delivered_date = fields.Datetime(
        compute="_compute_parcel_fields", string="Delivered to the Customer", help="The courier reported it."
    )

    @api.depends("parcel_ids.state", "parcel_ids.delivered_date", "parcel_ids.direction")
    def _compute_parcel_fields(self):
        for repair in self:
            parcels = {parcel.direction: parcel for parcel in repair.sudo().parcel_ids}
            inbound, outbound = parcels.get("inbound"), parcels.get("outbound")
            repair.inbound_parcel_state = inbound.state if inbound else False
            repair.parcel_arrived_date = inbound.delivered_date if inbound else False
            repair.parcel_delivered_date = outbound.delivered_date if outbound else False

    @api.model_create_multi
    def create(self, vals_list):
        repairs = super().create(vals_list)
        repairs._aftersales_sync_parcels()
        return repairs

    def write(self, vals):
        result = super().write(vals)
        if set(TRACKING_FIELDS.values()) & set(vals):
            self._aftersales_sync_parcels()
        return result

    def _aftersales_phone_last4(self):
        digits = re.sub(r"\D", "", self.partner_id.mobile or self.partner_id.phone or "")
        return digits[-4:] or False

    def _aftersales_sync_parcels(self):
        """Make each order's parcels follow its tracking numbers: a new number, a new parcel followed from
        scratch; no number, no parcel. Subscriptions are queued (Kuaidi100 is called out of the transaction)."""
        Parcel = self.env["aftersales.parcel"].sudo()
        to_subscribe = Parcel
        for repair in self:
            parcels = {parcel.direction: parcel for parcel in repair.sudo().parcel_ids}
            for direction, fname in TRACKING_FIELDS.items():
                number = (repair[fname] or "").replace(" ", "").strip()
                parcel = parcels.get(direction)
                if not number:
                    if parcel:
                        parcel.unlink()
                    continue
                if parcel and parcel.tracking_number == number:
                    continue
                if parcel:
                    parcel._reset(number)
                else:
                    parcel = Parcel.create(
                        {
                            "repair_id": repair.id,
                            "direction": direction,
                            "tracking_number": number,
                            "phone_last4": repair._aftersales_phone_last4(),
                        }
                    )
                to_subscribe |= parcel
        to_subscribe = to_subscribe.filtered(lambda parcel: parcel.company_id._aftersales_kuaidi100())
        if to_subscribe:
            self.env["aftersales.parcel.job"]._job_enqueue(
                [
                    {"kind": "subscribe", "parcel_id": parcel.id, "company_id": parcel.company_id.id}
                    for parcel in to_subscribe
                ]
            )

    def _aftersales_parcel_arrived(self, parcel):
        """The courier reports the customer's parcel signed for: receive the order (company setting), or ask
        its technician to."""
        self.ensure_one()
        body = _("The courier reports parcel %(number)s signed for.", number=parcel.tracking_number)
        if self.state != "draft":
            self.message_post(body=body)
            return
        if self.company_id.sudo().aftersales_parcel_auto_receive:
            self.message_post(body=body)
            self._action_receive()
            return
        user = self.user_id or self.team_id.manager_id
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=_("Receive the device: its parcel arrived"),
            note=body,
            user_id=user.id or self.env.uid,
        )
