from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

from .aftersales_sla_clock import CLOCK_STATUSES


class AftersalesSlaAnalysis(models.Model):
    """One row per service-level clock (cancelled ones left out).

    ``met_rate`` is 100 on a met clock, 0 on a breached one and empty while
    the clock runs or is paused: the pivot's average of it is the share of
    met clocks among those decided, met / (met + breached), in percent,
    whatever the grouping. A breached clock counts as decided as soon as it
    is breached, even if its stop event has not happened yet. ``count_met``
    and ``count_decided`` give the same ratio as two sums.
    """

    _name = "aftersales.sla.analysis"
    _description = "Service Levels Analysis"
    _auto = False
    _rec_name = "res_name"
    _order = "date desc, id desc"
    _depends = {
        "aftersales.sla.clock": [
            "policy_id",
            "res_model",
            "res_id",
            "res_name",
            "company_id",
            "start_date",
            "reached_date",
            "deadline",
            "status",
            "target_hours",
            "consumed_hours",
        ],
    }

    clock_id = fields.Many2one("aftersales.sla.clock", readonly=True)
    policy_id = fields.Many2one("aftersales.sla.policy", readonly=True)
    res_model = fields.Selection(selection="_selection_document_model", string="Document Model", readonly=True)
    res_id = fields.Many2oneReference(string="Document ID", model_field="res_model", readonly=True)
    res_name = fields.Char(string="Document", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Datetime(string="Started", readonly=True)
    reached_date = fields.Datetime(string="Reached", readonly=True)
    deadline = fields.Datetime(readonly=True)
    status = fields.Selection(CLOCK_STATUSES, readonly=True)
    target_hours = fields.Float(string="Target (working hours)", readonly=True, aggregator="avg")
    consumed_hours = fields.Float(
        string="Consumed (working hours)", readonly=True, aggregator="avg", help="Of the clocks reached."
    )
    met_rate = fields.Float(string="Met (%)", readonly=True, aggregator="avg")
    count_met = fields.Integer(string="# Met", readonly=True, aggregator="sum")
    count_breached = fields.Integer(string="# Breached", readonly=True, aggregator="sum")
    count_decided = fields.Integer(string="# Met or Breached", readonly=True, aggregator="sum")
    nbr = fields.Integer(string="# Clocks", readonly=True, aggregator="sum")

    @api.model
    def _selection_document_model(self):
        return self.env["aftersales.sla.clock"]._selection_document_model()

    @property
    def _table_query(self):
        return SQL("%s %s %s", self._select(), self._from(), self._where())

    @api.model
    def _select(self):
        return SQL("SELECT %s", SQL(", ").join(self._select_columns()))

    @api.model
    def _select_columns(self):
        """The view's columns; add-ons that add fields to clocks append theirs with ``super()``."""
        return [
            SQL("clock.id AS id"),
            SQL("clock.id AS clock_id"),
            SQL("clock.policy_id AS policy_id"),
            SQL("clock.res_model AS res_model"),
            SQL("clock.res_id AS res_id"),
            SQL("clock.res_name AS res_name"),
            SQL("clock.company_id AS company_id"),
            SQL("clock.start_date AS date"),
            SQL("clock.reached_date AS reached_date"),
            SQL("clock.deadline AS deadline"),
            SQL("clock.status AS status"),
            SQL("clock.target_hours AS target_hours"),
            SQL("CASE WHEN clock.reached_date IS NOT NULL THEN clock.consumed_hours END AS consumed_hours"),
            SQL("CASE clock.status WHEN 'met' THEN 100.0 WHEN 'breached' THEN 0.0 END AS met_rate"),
            SQL("(clock.status = 'met')::int AS count_met"),
            SQL("(clock.status = 'breached')::int AS count_breached"),
            SQL("(clock.status IN ('met', 'breached'))::int AS count_decided"),
            SQL("1 AS nbr"),
        ]

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        # The rows of the clocks the user may read: those of the documents the user may read.
        if not self.env.su:
            domain = expression.AND([domain, self.env["aftersales.sla.clock"]._get_document_access_domain()])
        return super()._search(domain, offset=offset, limit=limit, order=order, **kwargs)

    @api.model
    def _get_met_figures(self, domain, groupby=()):
        """The one definition of "service levels met" for reports and KPIs: the clocks of ``domain``
        reached (met or breached with their stop event, ``reached_date``) counted met or breached, as
        ``{group: {"met": n, "breached": n, "rate": % or None}}`` (``group``: the tuple of ``groupby``
        values, ``()`` without). Filter ``reached_date`` on a period for the figures of the period: the
        pivot filtered the same way shows the same numbers."""
        figures = {}
        for *group, met, breached in self._read_group(
            [*domain, ("reached_date", "!=", False)], list(groupby), ["count_met:sum", "count_breached:sum"]
        ):
            decided = met + breached
            figures[tuple(group)] = {
                "met": met,
                "breached": breached,
                "rate": met * 100.0 / decided if decided else None,
            }
        return figures

    @api.model
    def _from(self):
        return SQL("FROM aftersales_sla_clock clock")

    @api.model
    def _where(self):
        return SQL("WHERE clock.status != 'cancelled'")
