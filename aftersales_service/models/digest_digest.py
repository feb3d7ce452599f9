from collections import Counter

from odoo import _, fields, models
from odoo.exceptions import AccessError
from odoo.osv import expression

from odoo.addons.rating.models.rating_data import RATING_LIMIT_MIN, _rating_to_grade

from ..tools.replica import read_on_replica


class DigestDigest(models.Model):
    """After-sales KPIs in Odoo's periodic digest email (R15)."""

    _inherit = "digest.digest"

    kpi_aftersales_request_created = fields.Boolean(string="New Service Requests")
    kpi_aftersales_request_created_value = fields.Integer(compute="_compute_kpi_aftersales_request_created_value")
    kpi_aftersales_complaint_created = fields.Boolean(string="New Complaints")
    kpi_aftersales_complaint_created_value = fields.Integer(compute="_compute_kpi_aftersales_complaint_created_value")
    kpi_aftersales_sla_met = fields.Boolean(string="Service Levels Met (%)")
    kpi_aftersales_sla_met_value = fields.Float(compute="_compute_kpi_aftersales_sla_met_value")
    kpi_aftersales_repair_done = fields.Boolean(string="Repairs Done")
    kpi_aftersales_repair_done_value = fields.Integer(compute="_compute_kpi_aftersales_repair_done_value")
    kpi_aftersales_repair_revenue = fields.Boolean(string="Repair Revenue")
    kpi_aftersales_repair_revenue_value = fields.Monetary(compute="_compute_kpi_aftersales_repair_revenue_value")
    kpi_aftersales_rating_satisfaction = fields.Boolean(string="Customer Satisfaction (%)")
    kpi_aftersales_rating_satisfaction_value = fields.Float(compute="_compute_kpi_aftersales_rating_satisfaction_value")

    def _compute_kpis(self, company, user):
        """The KPIs of past days, read on the replica when there is one."""

        def compute(env):
            digest = self.with_env(env)
            return super(DigestDigest, digest)._compute_kpis(company.with_env(env), user.with_env(env))

        return read_on_replica(self.env, compute, needs=[self, company, user])

    def _check_aftersales_kpi_access(self):
        """Only service users get after-sales KPIs: the digest skips a KPI that raises AccessError."""
        if not self.env.user.has_group("aftersales_service.group_aftersales_user"):
            raise AccessError(_("Do not have access, skip this data for user's digest email"))

    def _compute_kpi_aftersales_request_created_value(self):
        self._check_aftersales_kpi_access()
        self._calculate_company_based_kpi("aftersales.request", "kpi_aftersales_request_created_value")

    def _compute_kpi_aftersales_complaint_created_value(self):
        self._check_aftersales_kpi_access()
        self._calculate_company_based_kpi(
            "aftersales.request",
            "kpi_aftersales_complaint_created_value",
            additional_domain=[("request_type", "=", "complaint")],
        )

    def _compute_kpi_aftersales_repair_done_value(self):
        self._check_aftersales_kpi_access()
        self._calculate_company_based_kpi(
            "aftersales.repair",
            "kpi_aftersales_repair_done_value",
            date_field="done_date",
            additional_domain=[("state", "=", "done")],
        )

    def _compute_kpi_aftersales_sla_met_value(self):
        """Share of the service-level clocks reached in the period that met their target."""
        self._check_aftersales_kpi_access()
        start, end, companies = self._get_kpi_compute_parameters()
        figures = self.env["aftersales.sla.analysis"]._get_met_figures(
            [("company_id", "in", companies.ids), ("reached_date", ">=", start), ("reached_date", "<", end)],
            ["company_id"],
        )
        for digest in self:
            company = digest.company_id or self.env.company
            rate = figures.get((company,), {}).get("rate")
            digest.kpi_aftersales_sla_met_value = rate or 0.0

    def _compute_kpi_aftersales_repair_revenue_value(self):
        """Untaxed amount of the repair orders' posted customer invoices (net of credit notes), company currency."""
        self._check_aftersales_kpi_access()
        start, end, companies = self._get_kpi_compute_parameters()
        # sudo: service staff prepare repair invoices but need not read
        # accounting; the KPI shows them only this total.
        figures = (
            self.env["account.move"]
            .sudo()
            ._get_aftersales_fee_figures(
                # Dates compared as account's revenue KPI does.
                [("company_id", "in", companies.ids), ("invoice_date", ">", start), ("invoice_date", "<=", end)],
                ["company_id"],
            )
        )
        totals = {company: fees["invoiced"] for (company,), fees in figures.items()}
        for digest in self:
            company = digest.company_id or self.env.company
            digest.kpi_aftersales_repair_revenue_value = totals.get(company, 0.0)

    def _compute_kpi_aftersales_rating_satisfaction_value(self):
        """Share of satisfied customers (4 or 5 out of 5) among the ratings given in the period."""
        self._check_aftersales_kpi_access()
        start, end, __ = self._get_kpi_compute_parameters()
        for digest in self:
            company = digest.company_id or self.env.company
            grades = Counter()
            domain = [
                ("consumed", "=", True),
                ("rating", ">=", RATING_LIMIT_MIN),
                ("write_date", ">=", start),
                ("write_date", "<", end),
            ]
            domain = expression.AND([domain, self._aftersales_rated_documents_domain(company)])
            for rating, count in self.env["rating.rating"]._read_group(domain, ["rating"], ["__count"]):
                grades[_rating_to_grade(rating)] += count
            total = sum(grades.values())
            digest.kpi_aftersales_rating_satisfaction_value = grades["great"] * 100.0 / total if total else 0.0

    def _aftersales_rated_documents_domain(self, company):
        """Ratings of the documents of ``company`` the user may read."""
        return expression.OR(
            [
                [
                    ("res_model", "=", model),
                    ("res_id", "in", self.env[model]._search([("company_id", "=", company.id)])),
                ]
                for model in self.env["aftersales.rating.mixin"]._get_rated_models()
            ]
        )

    def _compute_kpis_actions(self, company, user):
        res = super()._compute_kpis_actions(company, user)
        menu_id = self.env.ref("aftersales_service.aftersales_menu_root").id
        request_action = f"aftersales_service.aftersales_request_action?menu_id={menu_id}"
        repair_action = f"aftersales_service.aftersales_repair_action?menu_id={menu_id}"
        res.update(
            {
                "kpi_aftersales_request_created": request_action,
                "kpi_aftersales_complaint_created": request_action,
                "kpi_aftersales_sla_met": f"aftersales_sla.aftersales_sla_clock_action_analysis?menu_id={menu_id}",
                "kpi_aftersales_repair_done": repair_action,
                "kpi_aftersales_repair_revenue": repair_action,
                "kpi_aftersales_rating_satisfaction": (
                    f"aftersales_service.rating_rating_action_aftersales?menu_id={menu_id}"
                ),
            }
        )
        return res
