import uuid

from odoo import api, fields, models
from odoo.tools import SQL


class AccountMove(models.Model):
    _inherit = "account.move"

    aftersales_repair_id = fields.Many2one(
        "aftersales.repair",
        string="Repair Order",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="Repair order this invoice charges.",
    )
    aftersales_refund_repair_id = fields.Many2one(
        "aftersales.repair",
        string="Returned by Repair Order",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="Repair order whose returned unit this credit note refunds (not a repair fee).",
    )

    # The invoices and credit notes of repair orders show on the repair's portal page, which only reads (a replica
    # may serve it): they get their access token with the link, not from the page's links to them.
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if (vals.get("aftersales_repair_id") or vals.get("aftersales_refund_repair_id")) and not vals.get(
                "access_token"
            ):
                vals["access_token"] = str(uuid.uuid4())
        return super().create(vals_list)

    def write(self, vals):
        res = super().write(vals)
        if vals.get("aftersales_repair_id") or vals.get("aftersales_refund_repair_id"):
            self.filtered(lambda move: not move.access_token)._portal_ensure_token()
        return res

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        # The activity to post a repair order's draft invoice is done once it is posted, by whoever.
        posted.filtered("aftersales_repair_id").activity_feedback(
            ["aftersales_service.mail_activity_type_post_repair_invoice"]
        )
        return posted

    @api.model
    def _get_aftersales_fee_domain(self):
        """The one definition of repair fees: the posted customer invoices and credit notes of repair
        orders. Amounts are signed (credit notes count negative), untaxed, in the company's currency."""
        return [
            ("aftersales_repair_id", "!=", False),
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("state", "=", "posted"),
        ]

    @api.model
    def _get_aftersales_fee_figures(self, domain, groupby=()):
        """Repair fees of the moves of ``domain`` (invoice dates, companies, teams...), as ``{group:
        {"invoiced": untaxed, "collected": paid, "residual": still due}}`` (``group``: the tuple of
        ``groupby`` values, ``()`` without). The service report and the digest read it."""
        figures = {}
        for *group, untaxed, total, residual in self._read_group(
            [*self._get_aftersales_fee_domain(), *domain],
            list(groupby),
            ["amount_untaxed_signed:sum", "amount_total_signed:sum", "amount_residual_signed:sum"],
        ):
            figures[tuple(group)] = {
                "invoiced": untaxed or 0.0,
                "collected": (total or 0.0) - (residual or 0.0),
                "residual": residual or 0.0,
            }
        return figures

    @api.model
    def _get_aftersales_fee_query(self):
        """SQL of the repair fees per repair order (``repair_id``, ``amount``), for the repairs analysis."""
        query = self.sudo()._search(self._get_aftersales_fee_domain())
        query.groupby = SQL("account_move.aftersales_repair_id")
        return query.select(
            SQL("account_move.aftersales_repair_id AS repair_id"),
            SQL("SUM(account_move.amount_untaxed_signed) AS amount"),
        )
