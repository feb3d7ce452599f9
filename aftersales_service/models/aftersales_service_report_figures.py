from collections import Counter

from odoo import _, models

from odoo.addons.rating.models.rating_data import RATING_LIMIT_MIN, RATING_LIMIT_SATISFIED


class AftersalesServiceReport(models.Model):
    """The figures of a service report, section by section, each from the one definition of its metric
    (the analyses, the SLA analysis, the repair fees of account.move)."""

    _inherit = "aftersales.service.report"

    def _get_figures(self):
        """Figures of the team's activity in the period, from flat queries whatever the volume."""
        self.ensure_one()
        start, end = self._period_bounds()
        values = {}
        figures = {}
        for part in self._get_figure_sections():
            part_values, part_figures = part(start, end)
            values.update(part_values)
            figures.update(part_figures)
        values["figures"] = figures
        return values

    def _get_figure_sections(self):
        """The sections of the report, as methods ``(start, end) -> (stored values, other figures)``; an
        add-on adds its own with ``super()``."""
        return [
            self._get_request_figures,
            self._get_repair_figures,
            self._get_sla_figures,
            self._get_fee_figures,
            self._get_rating_figures,
            self._get_followup_figures,
        ]

    def _get_request_figures(self, start, end):
        Request = self.env["aftersales.request"].with_context(active_test=False)
        team_domain = [("team_id", "=", self.team_id.id)]
        created = [*team_domain, ("create_date", ">=", start), ("create_date", "<", end)]
        by_type = Counter()
        by_channel = Counter()
        for request_type, channel, count in Request._read_group(created, ["request_type", "channel"], ["__count"]):
            by_type[request_type] += count
            by_channel[channel] += count
        categories = [
            {"id": category.id, "name": category.name, "count": count}
            for category, count in Request._read_group(
                [*created, ("request_type", "=", "complaint")], ["complaint_category_id"], ["__count"]
            )
        ]
        # sudo: the team's requests, whoever computes the report; the analysis holds the one definition.
        resolved, turnaround = (
            self.env["aftersales.request.analysis"]
            .sudo()
            ._read_group(
                [*team_domain, ("resolve_date", ">=", start), ("resolve_date", "<", end)],
                [],
                ["__count", "turnaround_hours:avg"],
            )[0]
        )
        values = {
            "request_count": sum(by_type.values()),
            "complaint_count": by_type["complaint"],
            "suggestion_count": by_type["suggestion"],
            "request_turnaround_hours": turnaround or 0.0,
        }
        figures = {
            "requests_by_type": dict(by_type),
            "requests_by_channel": dict(by_channel),
            "complaints_by_category": sorted(categories, key=lambda c: -c["count"]),
            "requests_resolved": resolved,
        }
        return values, figures

    def _get_repair_figures(self, start, end):
        Repair = self.env["aftersales.repair"].with_context(active_test=False)
        team_domain = [("team_id", "=", self.team_id.id)]
        counts = {}
        for key, date_field in (("received", "received_date"), ("done", "done_date"), ("shipped", "shipped_date")):
            counts[key] = Repair._read_group(
                [*team_domain, (date_field, ">=", start), (date_field, "<", end)], [], ["__count"]
            )[0][0]
        # Finished: returned to the customer in the period, or done in it without a shipment.
        finished, turnaround = (
            self.env["aftersales.repair.analysis"]
            .sudo()
            ._read_group(
                [*team_domain, ("finished_date", ">=", start), ("finished_date", "<", end), ("date", "!=", False)],
                [],
                ["__count", "turnaround_hours:avg"],
            )[0]
        )
        # Settled in the period, by operation: replacements shipped, refunds paid.
        settled = dict(
            Repair._read_group(
                [*team_domain, ("settled_date", ">=", start), ("settled_date", "<", end)], ["operation"], ["__count"]
            )
        )
        values = {
            "repair_received_count": counts["received"],
            "repair_done_count": counts["done"],
            "repair_shipped_count": counts["shipped"],
            "repair_exchanged_count": settled.get("exchange", 0),
            "repair_refunded_count": settled.get("refund", 0),
            "repair_turnaround_hours": turnaround or 0.0,
        }
        return values, {"repairs_finished": finished}

    def _get_sla_figures(self, start, end):
        # sudo: every clock of the team's documents, whoever computes the report.
        per_policy = (
            self.env["aftersales.sla.analysis"]
            .sudo()
            ._get_met_figures(
                [("team_id", "=", self.team_id.id), ("reached_date", ">=", start), ("reached_date", "<", end)],
                ["policy_id"],
            )
        )
        lines = sorted(
            (
                {"id": policy.id, "name": policy.name, "met": counts["met"], "breached": counts["breached"]}
                for (policy,), counts in per_policy.items()
            ),
            key=lambda line: line["name"] or "",
        )
        values = {
            "sla_met_count": sum(line["met"] for line in lines),
            "sla_breached_count": sum(line["breached"] for line in lines),
        }
        return values, {"sla_by_policy": lines}

    def _get_fee_figures(self, start, end):
        # sudo: a service manager reports on the repair fees without reading accounting.
        figures = (
            self.env["account.move"]
            .sudo()
            ._get_aftersales_fee_figures(
                [
                    ("company_id", "=", self.company_id.id),
                    ("aftersales_repair_id.team_id", "=", self.team_id.id),
                    ("invoice_date", ">=", self.date_from),
                    ("invoice_date", "<=", self.date_to),
                ]
            )
        )
        fees = figures.get((), {"invoiced": 0.0, "collected": 0.0, "residual": 0.0})
        values = {
            "amount_invoiced": fees["invoiced"],
            "amount_collected": fees["collected"],
            "amount_residual": fees["residual"],
        }
        return values, {}

    def _get_rating_figures(self, start, end):
        # sudo: the ratings of the team's documents, whoever may read them.
        grades = dict(
            self.env["rating.rating"]
            .sudo()
            ._read_group(
                [
                    ("parent_res_model", "=", "aftersales.team"),
                    ("parent_res_id", "=", self.team_id.id),
                    ("res_model", "in", self.env["aftersales.rating.mixin"]._get_rated_models()),
                    ("consumed", "=", True),
                    ("rating", ">=", RATING_LIMIT_MIN),
                    ("write_date", ">=", start),
                    ("write_date", "<", end),
                ],
                ["rating"],
                ["__count"],
            )
        )
        count = sum(grades.values())
        satisfied = sum(n for rating, n in grades.items() if rating >= RATING_LIMIT_SATISFIED)
        values = {
            "rating_count": count,
            "rating_average": sum(rating * n for rating, n in grades.items()) / count if count else 0.0,
            "rating_satisfaction": satisfied * 100.0 / count if count else 0.0,
        }
        return values, {}

    def _get_followup_figures(self, start, end):
        count = (
            self.env["aftersales.followup"]
            .with_context(active_test=False)
            ._read_group(
                [
                    ("team_id", "=", self.team_id.id),
                    ("state", "=", "done"),
                    ("call_date", ">=", start),
                    ("call_date", "<", end),
                ],
                [],
                ["__count"],
            )[0][0]
        )
        return {"followup_done_count": count}, {}

    def _get_figures_render_values(self):
        """Values of the figures template, labels in the context's language."""
        self.ensure_one()
        Request = self.env["aftersales.request"]
        type_labels = dict(Request._fields["request_type"]._description_selection(self.env))
        channel_labels = dict(Request._fields["channel"]._description_selection(self.env))
        figures = self.figures or {}
        categories = self.env["aftersales.complaint.category"].with_context(active_test=False)
        policies = self.env["aftersales.sla.policy"].with_context(active_test=False)

        def translated(model, line):
            record = model.browse(line["id"]).exists() if line.get("id") else model
            return record.name if record else (line.get("name") or _("Undefined"))

        return {
            "requests_by_type": [
                (label, figures.get("requests_by_type", {}).get(key, 0)) for key, label in type_labels.items()
            ],
            "requests_by_channel": [
                (label, figures.get("requests_by_channel", {}).get(key, 0)) for key, label in channel_labels.items()
            ],
            "complaints_by_category": [
                (translated(categories, line), line["count"]) for line in figures.get("complaints_by_category", [])
            ],
            "sla_by_policy": [
                (translated(policies, line), line["met"], line["breached"]) for line in figures.get("sla_by_policy", [])
            ],
        }
