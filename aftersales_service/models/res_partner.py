from odoo import api, fields, models

AFTERSALES_TIERS = [
    ("standard", "Standard"),
    ("key_account", "Key Account"),
    ("major_project", "Major Project"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    aftersales_tier = fields.Selection(
        AFTERSALES_TIERS,
        string="Service Tier",
        default="standard",
        required=True,
        tracking=True,
        help="Key accounts and major projects are served first and get tighter targets.",
    )
    aftersales_project_manager_id = fields.Many2one(
        "res.users",
        string="Service Project Manager",
        tracking=True,
        help="Responsible person who receives this customer's escalated requests.",
    )
    aftersales_request_ids = fields.One2many("aftersales.request", "partner_id", string="Service Requests")
    aftersales_request_count = fields.Integer(compute="_compute_aftersales_counts", string="Service Request Count")
    aftersales_equipment_count = fields.Integer(compute="_compute_aftersales_counts", string="Equipment Count")
    aftersales_repair_count = fields.Integer(compute="_compute_aftersales_counts", string="Repair Count")
    aftersales_followup_count = fields.Integer(
        compute="_compute_aftersales_followup_count", string="Follow-up Call Count"
    )

    def _compute_aftersales_counts(self):
        # Counted over the whole commercial entity: a contact's requests belong
        # to the company too.
        commercial = self.commercial_partner_id
        all_partners = self.with_context(active_test=False).search([("commercial_partner_id", "in", commercial.ids)])
        request_counts = dict(
            self.env["aftersales.request"]._read_group(
                [("partner_id", "in", all_partners.ids)],
                ["partner_id"],
                ["__count"],
            )
        )
        equipment_counts = dict(
            self.env["aftersales.equipment"]._read_group(
                [("partner_id", "in", all_partners.ids)],
                ["partner_id"],
                ["__count"],
            )
        )
        repair_counts = dict(
            self.env["aftersales.repair"]._read_group(
                [("partner_id", "in", all_partners.ids)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            members = all_partners.filtered(lambda p, c=partner.commercial_partner_id: p.commercial_partner_id == c)
            partner.aftersales_request_count = sum(request_counts.get(p, 0) for p in members)
            partner.aftersales_equipment_count = sum(equipment_counts.get(p, 0) for p in members)
            partner.aftersales_repair_count = sum(repair_counts.get(p, 0) for p in members)

    def _compute_aftersales_followup_count(self):
        # Calls are made to the commercial entity: its contacts show its count.
        counts = dict(
            self.env["aftersales.followup"]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.aftersales_followup_count = counts.get(partner.commercial_partner_id, 0)

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + ["aftersales_tier", "aftersales_project_manager_id"]

    def _aftersales_domain(self):
        return [("partner_id", "child_of", self.commercial_partner_id.ids)]

    def action_view_aftersales_requests(self):
        """Open the service requests of this customer and its contacts."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("aftersales_service.aftersales_request_action")
        action["domain"] = self._aftersales_domain()
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_view_aftersales_equipment(self):
        """Open the equipment registered for this customer and its contacts."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("aftersales_service.aftersales_equipment_action")
        action["domain"] = self._aftersales_domain()
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_view_aftersales_followups(self):
        """Open the follow-up calls made to this customer."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("aftersales_service.aftersales_followup_action")
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_view_aftersales_repairs(self):
        """Open the repair history of this customer and its contacts."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("aftersales_service.aftersales_repair_action")
        action["domain"] = self._aftersales_domain()
        action["context"] = {"default_partner_id": self.id}
        return action
