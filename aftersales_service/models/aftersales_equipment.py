from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

WARRANTY_STATES = [
    ("in_warranty", "In Warranty"),
    ("expired", "Expired"),
]


def warranty_end(purchase_date, months):
    """Last day covered by a warranty of ``months`` bought on ``purchase_date``.

    The warranty covers ``months`` whole months: it ends the day before the
    same calendar day ``months`` later (bought 2025-03-15 with 12 months, the
    last covered day is 2026-03-14). Month ends are clamped the way
    ``relativedelta`` does (bought 2024-01-31 with 1 month: covered until
    2024-02-28 inclusive).
    """
    if not purchase_date or not months:
        return False
    return purchase_date + relativedelta(months=months) - relativedelta(days=1)


class AftersalesEquipment(models.Model):
    _name = "aftersales.equipment"
    _description = "Customer Equipment"
    _inherit = ["aftersales.portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "partner_id, product_id, serial_number, id"
    _rec_names_search = ["serial_number", "product_id", "partner_id", "sales_reference"]
    _check_company_auto = True

    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    product_id = fields.Many2one(
        "product.product",
        required=True,
        tracking=True,
        check_company=True,
        index=True,
    )
    serial_number = fields.Char(tracking=True, index="trigram")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        tracking=True,
        index=True,
        check_company=True,
    )
    purchase_date = fields.Date(tracking=True)
    warranty_months = fields.Integer(
        compute="_compute_warranty_months",
        store=True,
        readonly=False,
        precompute=True,
        string="Warranty (months)",
        help="Taken from the product; change it for an extended or special warranty.",
    )
    warranty_end_date = fields.Date(
        compute="_compute_warranty_end_date",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Last day covered by the warranty (inclusive).",
    )
    warranty_state = fields.Selection(
        WARRANTY_STATES,
        compute="_compute_warranty_state",
        search="_search_warranty_state",
        help="Warranty status as of today.",
    )
    sales_reference = fields.Char(
        help="Sales order, invoice or delivery note of the purchase. A refund reverses the customer's posted "
        "invoice of this number."
    )
    replaced_by_id = fields.Many2one(
        "aftersales.equipment",
        readonly=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
        help="The unit shipped to the customer in exchange for this one.",
    )
    replaced_equipment_id = fields.Many2one(
        "aftersales.equipment",
        string="Replaces",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The unit this one was shipped in exchange for.",
    )
    note = fields.Html()
    request_ids = fields.One2many("aftersales.request", "equipment_id", string="Requests")
    request_count = fields.Integer(compute="_compute_request_count")
    repair_ids = fields.One2many("aftersales.repair", "equipment_id", string="Repair History")
    repair_count = fields.Integer(compute="_compute_request_count")

    _sql_constraints = [
        # One active, not replaced unit of a product holds a serial number: a replaced or archived unit's
        # serial may come back (a refurbished unit sold again). An exclusion constraint, unlike a partial
        # unique index, gives its message to the user.
        (
            "serial_holder_uniq",
            "EXCLUDE USING btree (product_id WITH =, serial_number WITH =) WHERE (active AND replaced_by_id IS NULL)",
            "This serial number is already held by another unit of this product in service.",
        ),
    ]

    @api.depends("product_id", "serial_number")
    def _compute_display_name(self):
        for equipment in self:
            name = equipment.product_id.display_name or _("Equipment")
            if equipment.serial_number:
                name = f"{name} [{equipment.serial_number}]"
            equipment.display_name = name

    @api.depends("product_id")
    def _compute_warranty_months(self):
        for equipment in self:
            equipment.warranty_months = equipment.product_id.product_tmpl_id.warranty_months

    @api.depends("purchase_date", "warranty_months")
    def _compute_warranty_end_date(self):
        for equipment in self:
            equipment.warranty_end_date = warranty_end(equipment.purchase_date, equipment.warranty_months)

    def _compute_warranty_state(self):
        today = fields.Date.context_today(self)
        for equipment in self:
            equipment.warranty_state = self._warranty_state_on(equipment._warranty_evidence(), today) or "expired"

    def _search_warranty_state(self, operator, value):
        if operator not in ("=", "!=") or value not in ("in_warranty", "expired"):
            raise ValidationError(_("Unsupported search on the warranty status."))
        today = fields.Date.context_today(self)
        covered = [("warranty_end_date", ">=", today)]
        if (operator == "=") == (value == "in_warranty"):
            return covered
        return ["|", ("warranty_end_date", "=", False), ("warranty_end_date", "<", today)]

    def _compute_access_url(self):
        for equipment in self:
            equipment.access_url = f"/my/equipment/{equipment.id}"

    def _compute_request_count(self):
        counts = dict(
            self.env["aftersales.request"]._read_group(
                [("equipment_id", "in", self.ids)], ["equipment_id"], ["__count"]
            )
        )
        repair_counts = dict(
            self.env["aftersales.repair"]._read_group([("equipment_id", "in", self.ids)], ["equipment_id"], ["__count"])
        )
        for equipment in self:
            equipment.request_count = counts.get(equipment, 0)
            equipment.repair_count = repair_counts.get(equipment, 0)

    @api.constrains("purchase_date")
    def _check_purchase_date(self):
        self._check_purchase_date_not_future(self)

    @api.model
    def _check_purchase_date_not_future(self, records):
        """Refuse a purchase date after today on ``records`` (units, requests: anything with one)."""
        today = fields.Date.context_today(self)
        for record in records:
            if record.purchase_date and record.purchase_date > today:
                raise ValidationError(
                    _(
                        "The purchase date of %(record)s (%(date)s) is in the future.",
                        record=record.display_name,
                        date=record.purchase_date,
                    )
                )

    @api.model
    def _find_serial_holder(self, product, serial_number):
        """The active, not replaced unit of ``product`` with ``serial_number`` (any company), if any: checked
        before a write that the database's constraint would refuse, to say whose unit holds it."""
        return self.sudo().search(
            [("product_id", "=", product.id), ("serial_number", "=", serial_number), ("replaced_by_id", "=", False)],
            limit=1,
        )

    @api.constrains("warranty_months")
    def _check_warranty_months(self):
        for equipment in self:
            if equipment.warranty_months < 0:
                raise ValidationError(
                    _("The warranty period of %(equipment)s cannot be negative.", equipment=equipment.display_name)
                )

    def is_under_warranty_on(self, date):
        """Return whether this unit is covered by its warranty on ``date``."""
        self.ensure_one()
        return self._warranty_state_on(self._warranty_evidence(), fields.Date.to_date(date)) == "in_warranty"

    def _warranty_evidence(self):
        """What a warranty decision rests on: purchase date, months and last covered day."""
        self.ensure_one()
        return {
            "purchase_date": self.purchase_date,
            "months": self.warranty_months,
            "end_date": self.warranty_end_date,
        }

    @api.model
    def _warranty_evidence_for(self, product, purchase_date):
        """The warranty of a unit of ``product`` bought on ``purchase_date``, with no unit on record."""
        months = product.warranty_months
        return {"purchase_date": purchase_date, "months": months, "end_date": warranty_end(purchase_date, months)}

    @api.model
    def _warranty_state_on(self, evidence, date):
        """``in_warranty`` when ``date`` is covered by the warranty ``evidence`` describes,
        ``expired`` when it is not, ``False`` without a purchase date."""
        purchase_date, end = evidence["purchase_date"], evidence["end_date"]
        if not purchase_date:
            return False
        return "in_warranty" if end and purchase_date <= date <= end else "expired"

    def action_view_requests(self):
        """Open the requests about this unit."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("aftersales_service.aftersales_request_action")
        action["domain"] = [("equipment_id", "=", self.id)]
        action["context"] = {
            "default_equipment_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_product_id": self.product_id.id,
        }
        return action

    def action_view_repairs(self):
        """Open the repair history of this unit."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("aftersales_service.aftersales_repair_action")
        action["domain"] = [("equipment_id", "=", self.id)]
        action["context"] = {"default_equipment_id": self.id, "default_partner_id": self.partner_id.id}
        return action
