import logging
from datetime import timedelta

from odoo import _, api, fields, models

from ..tools.kuaidi100 import DELIVERED_STATES, EXCEPTION_STATES, Kuaidi100Error

_logger = logging.getLogger(__name__)

DIRECTIONS = [("inbound", "To us"), ("outbound", "To the customer")]
PARCEL_STATES = [
    ("pending", "Not yet followed"),
    ("in_transit", "In transit"),
    ("delivered", "Delivered"),
    ("exception", "Exception"),
]


class AftersalesParcel(models.Model):
    """A parcel of a repair order, followed through Kuaidi100: the customer's device on its way to us, or on its
    way back. The order's tracking fields are the master; the parcel follows them."""

    _name = "aftersales.parcel"
    _description = "Repair Parcel"
    _order = "id desc"
    _rec_name = "tracking_number"

    repair_id = fields.Many2one("aftersales.repair", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="repair_id.company_id", store=True, index=True)
    direction = fields.Selection(DIRECTIONS, required=True)
    carrier_code = fields.Char(help="Kuaidi100's code of the carrier (shunfeng, ems, zhongtong...), detected.")
    tracking_number = fields.Char(required=True, index=True)
    phone_last4 = fields.Char("Phone (last 4 digits)", size=4, help="SF Express shows a parcel's route only with them.")
    state = fields.Selection(PARCEL_STATES, required=True, default="pending", index=True)
    provider_state = fields.Char(help="Kuaidi100's last state code (3: signed for).")
    subscribed = fields.Boolean(readonly=True)
    subscribe_date = fields.Datetime(readonly=True)
    abort_date = fields.Datetime(readonly=True, help="Kuaidi100 stopped following it (it is subscribed again).")
    last_push_date = fields.Datetime(readonly=True)
    delivered_date = fields.Datetime(readonly=True)
    event_ids = fields.One2many("aftersales.parcel.event", "parcel_id", string="Events", readonly=True)

    _sql_constraints = [
        ("repair_direction_uniq", "unique(repair_id, direction)", "A repair order has one parcel each way."),
    ]

    def _reset(self, number):
        self.event_ids.unlink()
        self.write(
            {
                "tracking_number": number,
                "carrier_code": False,
                "state": "pending",
                "provider_state": False,
                "subscribed": False,
                "delivered_date": False,
                "last_push_date": False,
            }
        )

    def _subscribe(self):
        """Detect the carrier when needed and subscribe the parcel to Kuaidi100's pushes (a job runs it)."""
        self.ensure_one()
        client = self.company_id._aftersales_kuaidi100()
        if not client:
            return
        if not self.carrier_code:
            carriers = client.autonumber(self.tracking_number)
            if not carriers:
                raise Kuaidi100Error(_("No carrier recognises %(number)s.", number=self.tracking_number))
            self.carrier_code = carriers[0]
        company = self.company_id.sudo()
        client.subscribe(
            self.carrier_code,
            self.tracking_number,
            self.phone_last4,
            company._aftersales_kuaidi100_callback_url(),
            company.aftersales_kuaidi100_salt,
        )
        self.write({"subscribed": True, "subscribe_date": fields.Datetime.now(), "abort_date": False})

    def _apply_result(self, result):
        """Store the new events of Kuaidi100's ``lastResult`` (or query answer) once, and follow its state."""
        self.ensure_one()
        known = {(event.time, event.description) for event in self.event_ids}
        new = []
        for row in result.get("data") or []:
            when = fields.Datetime.to_datetime(row.get("ftime") or row.get("time"))
            text = (row.get("context") or "").strip()
            if not when or not text:
                continue
            when -= timedelta(hours=8)  # Kuaidi100's times are Beijing time: stored in UTC
            if (when, text) in known:
                continue
            known.add((when, text))
            new.append(
                {
                    "parcel_id": self.id,
                    "time": when,
                    "description": text,
                    "area": row.get("areaName") or row.get("location") or False,
                }
            )
        self.env["aftersales.parcel.event"].create(new)
        provider_state = str(result.get("state") or "")
        vals = {"provider_state": provider_state}
        if result.get("com") and result["com"] != self.carrier_code:
            vals["carrier_code"] = result["com"]
        if provider_state in DELIVERED_STATES or str(result.get("ischeck")) == "1":
            vals["state"] = "delivered"
        elif provider_state in EXCEPTION_STATES:
            vals["state"] = "exception"
        elif self.event_ids or new:
            vals["state"] = "in_transit"
        delivered = vals.get("state") == "delivered" and self.state != "delivered"
        if delivered:
            signed = [event["time"] for event in new] or [fields.Datetime.now()]
            vals["delivered_date"] = max(signed)
        self.write(vals)
        if delivered and self.direction == "inbound":
            self.repair_id._aftersales_parcel_arrived(self)
        return len(new)

    @api.model
    def _cron_poll(self):
        """Query the parcels Kuaidi100 has not pushed for a while; subscribe again those it stopped following."""
        now = fields.Datetime.now()
        self = self.sudo()
        Job = self.env["aftersales.parcel.job"]
        for company in self.search([("state", "not in", ("delivered",))]).company_id:
            hours = company.sudo().aftersales_kuaidi100_poll_hours or 6
            silent = now - timedelta(hours=hours)
            parcels = self.search(
                [
                    ("company_id", "=", company.id),
                    ("state", "!=", "delivered"),
                    ("subscribed", "=", True),
                    "|",
                    ("last_push_date", "<", silent),
                    "&",
                    ("last_push_date", "=", False),
                    ("subscribe_date", "<", silent),
                ]
            )
            client = company._aftersales_kuaidi100()
            for parcel in parcels if client else ():
                try:
                    parcel._apply_result(client.query(parcel.carrier_code, parcel.tracking_number, parcel.phone_last4))
                    parcel.last_push_date = now
                except Kuaidi100Error as error:
                    _logger.warning("Kuaidi100 query of %s failed: %s", parcel.tracking_number, error)
            aborted = self.search(
                [
                    ("company_id", "=", company.id),
                    ("subscribed", "=", False),
                    ("abort_date", "<", now - timedelta(minutes=30)),
                ]
            )
            if aborted:
                Job._job_enqueue([{"kind": "subscribe", "parcel_id": parcel.id} for parcel in aborted])
                aborted.abort_date = False

    @api.model
    def _cron_purge(self):
        """Delete what is personal data (PIPL) once its use is over: raw pushes, and the events and phone digits
        of parcels delivered more than the company's retention ago."""
        now = fields.Datetime.now()
        for company in self.env["res.company"].sudo().search([]):
            limit = now - timedelta(days=company.aftersales_parcel_retention_days or 90)
            self.env["aftersales.parcel.job"].sudo().search(
                [("company_id", "=", company.id), ("state", "!=", "queued"), ("create_date", "<", limit)]
            ).unlink()
            old = self.sudo().search([("company_id", "=", company.id), ("delivered_date", "<", limit)])
            old.event_ids.unlink()
            old.phone_last4 = False


class AftersalesParcelEvent(models.Model):
    _name = "aftersales.parcel.event"
    _description = "Parcel Event"
    _order = "time desc, id desc"

    parcel_id = fields.Many2one("aftersales.parcel", required=True, ondelete="cascade", index=True)
    time = fields.Datetime(required=True)
    description = fields.Char(required=True)
    area = fields.Char()

    _sql_constraints = [
        ("parcel_event_uniq", "unique(parcel_id, time, description)", "An event is stored once."),
    ]
