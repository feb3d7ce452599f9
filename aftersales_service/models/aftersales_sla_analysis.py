from odoo import api, fields, models
from odoo.tools import SQL

from ..models.aftersales_sla_clock import CLOCK_STATUSES
from ..models.res_partner import AFTERSALES_TIERS


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
            "team_id",
            "customer_tier",
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
    res_name = fields.Char(string="Document", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("aftersales.team", readonly=True)
    customer_tier = fields.Selection(AFTERSALES_TIERS, readonly=True)
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
        return SQL(
            """
            SELECT clock.id AS id,
                   clock.id AS clock_id,
                   clock.policy_id AS policy_id,
                   clock.res_model AS res_model,
                   clock.res_name AS res_name,
                   clock.company_id AS company_id,
                   clock.team_id AS team_id,
                   clock.customer_tier AS customer_tier,
                   clock.start_date AS date,
                   clock.reached_date AS reached_date,
                   clock.deadline AS deadline,
                   clock.status AS status,
                   clock.target_hours AS target_hours,
                   CASE WHEN clock.reached_date IS NOT NULL THEN clock.consumed_hours END AS consumed_hours,
                   CASE clock.status WHEN 'met' THEN 100.0 WHEN 'breached' THEN 0.0 END AS met_rate,
                   (clock.status = 'met')::int AS count_met,
                   (clock.status = 'breached')::int AS count_breached,
                   (clock.status IN ('met', 'breached'))::int AS count_decided,
                   1 AS nbr
            """
        )

    @api.model
    def _from(self):
        return SQL("FROM aftersales_sla_clock clock")

    @api.model
    def _where(self):
        return SQL("WHERE clock.status != 'cancelled'")
