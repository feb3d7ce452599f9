from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import date_utils

from ..tools.replica import read_on_replica

PERIOD_TYPES = [
    ("week", "Weekly"),
    ("month", "Monthly"),
]

REPORT_STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
]

# The stored figures besides the breakdowns kept in ``figures``.
FIGURE_FIELDS = (
    "request_count",
    "complaint_count",
    "suggestion_count",
    "repair_received_count",
    "repair_done_count",
    "repair_shipped_count",
    "repair_exchanged_count",
    "repair_refunded_count",
    "sla_met_count",
    "sla_breached_count",
    "request_turnaround_hours",
    "repair_turnaround_hours",
    "amount_invoiced",
    "amount_collected",
    "amount_residual",
    "rating_count",
    "rating_average",
    "rating_satisfaction",
    "followup_done_count",
)


class AftersalesServiceReport(models.Model):
    """A team's weekly or monthly service report to management (R15, policy 5.5).

    The figures are computed once, on the records of the period, and stored:
    a sent report stays as it was sent. Period boundaries are midnights in
    the time zone of the team's working hours.
    """

    _name = "aftersales.service.report"
    _description = "Service Report"
    _inherit = ["mail.thread"]
    _order = "date_from desc, period_type, team_id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True, readonly=True)
    active = fields.Boolean(default=True)
    team_id = fields.Many2one(
        "aftersales.team", required=True, index=True, ondelete="restrict", check_company=True, tracking=True
    )
    company_id = fields.Many2one(related="team_id.company_id", store=True, index=True, precompute=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_type = fields.Selection(PERIOD_TYPES, string="Period", required=True, default="month")
    date_from = fields.Date(
        string="From", required=True, help="First day of the period: a Monday for a week, the 1st for a month."
    )
    date_to = fields.Date(string="To", compute="_compute_date_to", store=True, precompute=True)
    state = fields.Selection(REPORT_STATES, required=True, default="draft", tracking=True, index=True)
    recipient_ids = fields.Many2many(
        "res.partner",
        string="Recipients",
        compute="_compute_recipient_ids",
        store=True,
        readonly=False,
        precompute=True,
        help="The team manager and the team's report recipients.",
    )
    sent_date = fields.Datetime(string="Sent on", readonly=True, copy=False)
    computed_date = fields.Datetime(string="Figures of", readonly=True, copy=False)
    attachment_id = fields.Many2one("ir.attachment", string="PDF", readonly=True, copy=False)

    # Figures, stored at generation
    figures = fields.Json(readonly=True, copy=False)
    request_count = fields.Integer(string="Requests", readonly=True)
    complaint_count = fields.Integer(string="Complaints", readonly=True)
    suggestion_count = fields.Integer(string="Suggestions", readonly=True)
    repair_received_count = fields.Integer(string="Repairs Received", readonly=True)
    repair_done_count = fields.Integer(string="Repairs Done", readonly=True)
    repair_shipped_count = fields.Integer(string="Repairs Returned", readonly=True)
    repair_exchanged_count = fields.Integer(
        string="Units Exchanged", readonly=True, help="Replacement units shipped in the period."
    )
    repair_refunded_count = fields.Integer(
        string="Units Refunded", readonly=True, help="Returned units whose refund was paid in the period."
    )
    sla_met_count = fields.Integer(string="Service Levels Met", readonly=True)
    sla_breached_count = fields.Integer(string="Service Levels Breached", readonly=True)
    sla_met_rate = fields.Float(string="Met (%)", compute="_compute_sla_met_rate", digits=(16, 1))
    request_turnaround_hours = fields.Float(
        string="Request Turnaround (h)",
        readonly=True,
        digits=(16, 1),
        help="Average working hours from creation to resolution of the requests resolved in the period.",
    )
    repair_turnaround_hours = fields.Float(
        string="Repair Turnaround (h)",
        readonly=True,
        digits=(16, 1),
        help="Average working hours from receipt to return (or completion) of the repairs finished in the period.",
    )
    amount_invoiced = fields.Monetary(
        string="Fees Invoiced", readonly=True, help="Untaxed, net of credit notes, in company currency."
    )
    amount_collected = fields.Monetary(
        string="Fees Collected", readonly=True, help="Paid part of the period's invoices, taxes included."
    )
    amount_residual = fields.Monetary(string="Fees Outstanding", readonly=True)
    rating_count = fields.Integer(string="Ratings Received", readonly=True)
    rating_average = fields.Float(string="Average Rating", readonly=True, digits=(16, 2))
    rating_satisfaction = fields.Float(string="Satisfied (%)", readonly=True, digits=(16, 1))
    followup_done_count = fields.Integer(string="Follow-up Calls Done", readonly=True)
    figures_html = fields.Html(string="Report", compute="_compute_figures_html", sanitize=False)

    _sql_constraints = [
        (
            "team_period_uniq",
            "unique(team_id, period_type, date_from)",
            "This team already has a report for this period.",
        ),
    ]

    # Not on the team's name: a report keeps the name it was made with.
    @api.depends("team_id", "period_type", "date_from")
    def _compute_name(self):
        for report in self:
            if not (report.team_id and report.date_from):
                report.name = False
                continue
            if report.period_type == "week":
                year, week, __ = report.date_from.isocalendar()
                period = f"{year}-W{week:02d}"
            else:
                period = report.date_from.strftime("%Y-%m")
            report.name = f"{period} {report.team_id.name}"

    @api.depends("period_type", "date_from")
    def _compute_date_to(self):
        for report in self:
            if not report.date_from:
                report.date_to = False
            elif report.period_type == "week":
                report.date_to = report.date_from + timedelta(days=6)
            else:
                report.date_to = report.date_from + relativedelta(months=1, days=-1)

    @api.depends("team_id.manager_id", "team_id.report_partner_ids")
    def _compute_recipient_ids(self):
        for report in self:
            if report.state == "sent":
                # A sent report keeps the recipients it was sent to.
                report.recipient_ids = report.recipient_ids
            else:
                report.recipient_ids = report.team_id.manager_id.partner_id | report.team_id.report_partner_ids

    @api.depends("sla_met_count", "sla_breached_count")
    def _compute_sla_met_rate(self):
        for report in self:
            reached = report.sla_met_count + report.sla_breached_count
            report.sla_met_rate = report.sla_met_count * 100.0 / reached if reached else 0.0

    @api.depends("figures", *FIGURE_FIELDS)
    @api.depends_context("lang")
    def _compute_figures_html(self):
        QWeb = self.env["ir.qweb"]
        for report in self:
            report.figures_html = (
                QWeb._render(
                    "aftersales_service.service_report_figures",
                    {"service_report": report, "lines": report._get_figures_render_values()},
                )
                if report.figures
                else False
            )

    @api.constrains("period_type", "date_from", "team_id")
    def _check_period(self):
        for report in self:
            if report.period_type == "week" and report.date_from.weekday() != 0:
                raise ValidationError(_("A weekly report starts on a Monday, not on %(date)s.", date=report.date_from))
            if report.period_type == "month" and report.date_from.day != 1:
                raise ValidationError(
                    _("A monthly report starts on the first day of a month, not on %(date)s.", date=report.date_from)
                )
            today = self._team_today(report.team_id)
            if report.date_to >= today:
                raise ValidationError(
                    _(
                        "The report %(name)s cannot be made yet: its period ends on %(date_to)s and "
                        "only finished periods (ending before %(today)s) can be reported.",
                        name=report.name,
                        date_to=report.date_to,
                        today=today,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        sent = self.filtered(lambda r: r.state == "sent")
        if sent:
            raise UserError(
                _(
                    "Sent reports are kept as they were sent; archive them instead: %(names)s",
                    names=", ".join(sent.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_compute_figures(self):
        """Compute the figures of draft reports again, from the records of their period."""
        sent = self.filtered(lambda r: r.state == "sent")
        if sent:
            raise UserError(
                _(
                    "The figures of a sent report stay as they were sent: %(names)s",
                    names=", ".join(sent.mapped("name")),
                )
            )
        self._compute_figures()
        return True

    def action_send(self):
        """Email each report, with its PDF, to its recipients in their own language."""
        missing = self.filtered(lambda r: not r.recipient_ids)
        if missing:
            raise UserError(
                _(
                    "Give these reports a recipient (the team manager or report recipients) first: %(names)s",
                    names=", ".join(missing.mapped("name")),
                )
            )
        self._action_send()
        return True

    def action_print(self):
        """Print the report as PDF."""
        return self.env.ref("aftersales_service.action_report_service_report").report_action(self)

    def _action_send(self):
        self.filtered(lambda r: not r.figures)._compute_figures()
        template = self.env.ref("aftersales_service.mail_template_service_report")
        for report in self:
            messages = self.env["mail.message"]
            by_lang = {}
            for partner in report.recipient_ids:
                lang = partner.lang or report.company_id.partner_id.lang or "en_US"
                by_lang.setdefault(lang, self.env["res.partner"])
                by_lang[lang] |= partner
            for lang, partners in by_lang.items():
                # The template renders its subject, body and PDF in the context's language.
                messages |= report.with_context(lang=lang).message_post_with_source(
                    template,
                    subtype_xmlid="mail.mt_comment",
                    partner_ids=partners.ids,
                )
            report.write(
                {
                    "state": "sent",
                    "sent_date": fields.Datetime.now(),
                    "attachment_id": messages.attachment_ids[:1].id,
                }
            )

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------

    @api.model
    def _team_calendar(self, team):
        """The working schedule whose time zone the team's periods follow: the team's, else its company's."""
        return team.resource_calendar_id or team.company_id.resource_calendar_id

    @api.model
    def _team_today(self, team):
        calendar = self._team_calendar(team)
        return calendar._get_today() if calendar else fields.Date.today()

    def _period_bounds(self):
        """UTC naive datetimes of the period's start and end (exclusive) in the team's time zone."""
        self.ensure_one()
        calendar = self._team_calendar(self.team_id)
        end_day = self.date_to + timedelta(days=1)
        if not calendar:
            return datetime.combine(self.date_from, time.min), datetime.combine(end_day, time.min)
        return calendar._local_to_utc(self.date_from), calendar._local_to_utc(end_day)

    def _compute_figures(self):
        """Compute and store the figures, reading on the replica when there is one.

        The figures are read from the period's parameters, not from the report, so that a report created in
        this very transaction (by the scheduled action) can be computed on a cursor that does not see it.
        """
        periods = [
            {"team_id": report.team_id.id, "period_type": report.period_type, "date_from": report.date_from}
            for report in self
        ]

        def read_figures(env):
            return [env[self._name].new(period)._get_figures() for period in periods]

        for report, values in zip(self, read_on_replica(self.env, read_figures, needs=[self.team_id]), strict=True):
            figures = values.pop("figures")
            report.write({**values, "figures": figures, "computed_date": fields.Datetime.now()})

    # ------------------------------------------------------------------
    # Scheduled generation
    # ------------------------------------------------------------------

    @api.model
    def _last_finished_periods(self, today):
        """(period type, first day) of the last finished ISO week and calendar month before ``today``."""
        week_start = date_utils.start_of(today, "week") - timedelta(days=7)
        month_start = date_utils.start_of(today, "month") - relativedelta(months=1)
        return [("week", week_start), ("month", month_start)]

    @api.model
    def _cron_send_service_reports(self, batch_size=50):
        """Create, compute and email each team's report of the last finished week and month (R15).

        Teams with a manager get one report per period: the reports already
        there (even archived) are skipped, so the cron can run again safely.
        At most ``batch_size`` reports are made per run; the progress
        reported makes the scheduler run it again while some remain.
        """
        teams = self.env["aftersales.team"].search([("manager_id", "!=", False)])
        todo = [
            (team, period_type, date_from)
            for team in teams
            for period_type, date_from in self._last_finished_periods(self._team_today(team))
        ]
        if not todo:
            return self.browse()
        existing = {
            (report.team_id.id, report.period_type, report.date_from)
            for report in self.with_context(active_test=False).search_fetch(
                [("team_id", "in", teams.ids), ("date_from", ">=", min(date_from for *__, date_from in todo))],
                ["team_id", "period_type", "date_from"],
            )
        }
        todo = [key for key in todo if (key[0].id, key[1], key[2]) not in existing]
        # Made by the system: nobody to subscribe but the recipients it is sent to.
        reports = self.with_context(mail_create_nosubscribe=True).create(
            [
                {"team_id": team.id, "period_type": period_type, "date_from": date_from}
                for team, period_type, date_from in todo[:batch_size]
            ]
        )
        reports._compute_figures()
        reports.filtered("recipient_ids")._action_send()
        self.env["ir.cron"]._notify_progress(done=len(reports), remaining=max(len(todo) - batch_size, 0))
        return reports
