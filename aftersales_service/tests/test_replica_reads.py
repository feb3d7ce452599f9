import logging
from datetime import date
from unittest.mock import ANY, call, patch

from freezegun import freeze_time

from odoo.modules.registry import Registry
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.aftersales_service.models.aftersales_service_report import FIGURE_FIELDS
from odoo.addons.aftersales_service.tools import replica
from odoo.addons.aftersales_service.tools.replica import read_on_replica

from .test_service_report import NOW, ServiceReportCommon

ANALYSES = ("aftersales.request.analysis", "aftersales.repair.analysis", "aftersales.sla.analysis")


def spy_cursors():
    """Record the cursors asked of the registry, keeping what they do."""
    return patch.object(Registry, "cursor", autospec=True, side_effect=Registry.cursor)


@tagged("post_install", "-at_install")
class TestReplicaReads(ServiceReportCommon, HttpCase):
    """The heavy reads (service report figures, digest KPIs, analyses) run on a read-only cursor: the replica
    when one is configured. In an HttpCase the registry's read-only cursor is the test's transaction set
    READ ONLY, so a write there fails."""

    def _stored_figures(self, report):
        return {field: report[field] for field in FIGURE_FIELDS} | {"figures": report.figures}

    @freeze_time(NOW)
    def test_report_figures_read_on_the_replica(self):
        self._make_november()
        with spy_cursors() as cursor, self.assertNoLogs(replica.__name__, level=logging.INFO):
            report = self._report("month", date(2026, 11, 1))
        self.assertIn(call(ANY, readonly=True), cursor.call_args_list)
        on_replica = self._stored_figures(report)
        self.assertEqual((report.request_count, report.complaint_count, report.sla_met_count), (7, 3, 3))
        self.assertAlmostEqual(report.amount_invoiced, 1500.0)

        # The same figures as read in the report's own transaction.
        with patch.object(replica, "_replica_configured", return_value=False), spy_cursors() as cursor:
            report.action_compute_figures()
        self.assertNotIn(call(ANY, readonly=True), cursor.call_args_list)
        self.assertEqual(self._stored_figures(report), on_replica)

    @freeze_time(NOW)
    def test_scheduled_reports_read_on_the_replica(self):
        """The scheduled action creates the reports and computes them in one transaction: the figures are
        read from each period, which the read-only cursor can do without seeing the new report."""
        self._make_november()
        with self.mock_mail_gateway(), spy_cursors() as cursor:
            created = self.env["aftersales.service.report"]._cron_send_service_reports()
        self.assertIn(call(ANY, readonly=True), cursor.call_args_list)
        monthly = created.filtered(lambda r: r.team_id == self.team and r.period_type == "month")
        self.assertEqual((monthly.request_count, monthly.state), (7, "sent"))

    def test_writes_and_missing_records_fall_back_to_the_primary(self):
        def write(env):
            return env["res.partner"].create({"name": "Written on a replica"}).id

        with self.assertLogs(replica.__name__, level="WARNING") as logs, mute_logger("odoo.sql_db"):
            partner_id = read_on_replica(self.env, write)
        self.assertIn("wrote on the read-only cursor", logs.output[0])
        self.assertEqual(self.env["res.partner"].browse(partner_id).name, "Written on a replica")

        # A record the replica does not have yet: read where it is.
        missing = self.env["res.partner"].browse(partner_id + 10**9)
        with self.assertLogs(replica.__name__, level=logging.INFO) as logs:
            used = read_on_replica(self.env, lambda env: env, needs=[self.customer, missing])
        self.assertIs(used, self.env)
        self.assertIn("not on the replica yet", logs.output[0])

    def test_digest_kpis_read_on_the_replica(self):
        digest = self.env["digest.digest"].create(
            {"name": "Service daily", "company_id": self.env.company.id, "kpi_aftersales_request_created": True}
        )

        def new_requests():
            kpis = {kpi["kpi_name"]: kpi for kpi in digest._compute_kpis(self.env.company, self.agent)}
            return kpis["kpi_aftersales_request_created"]["kpi_col1"]["value"]

        before = new_requests()
        self.env["aftersales.request"].create({"subject": "Call", "partner_id": self.customer.id})
        with spy_cursors() as cursor, self.assertNoLogs(replica.__name__, level=logging.INFO):
            self.assertEqual(new_requests(), before + 1)
        self.assertIn(call(ANY, readonly=True), cursor.call_args_list)
        # Sending writes the mail on the read/write cursor.
        with self.mock_mail_gateway():
            digest.write({"user_ids": [(4, self.agent.id)]})
            digest.action_send()
        self.assertTrue(self.env["mail.mail"].search([("subject", "like", "Service daily")]))

    @freeze_time(NOW)
    def test_analyses_are_read_only_calls(self):
        """The analyses' pivot and graph views read through ``web_read_group``, a read-only call that the
        web client's route sends to the replica: the analyses' queries run on a read-only cursor."""
        self._make_november()
        self.authenticate("rep_manager", "rep_manager")
        with self.assertNoLogs("odoo.http", level="WARNING"):
            for model in ANALYSES:
                groups = self.make_jsonrpc_request(
                    f"/web/dataset/call_kw/{model}/web_read_group",
                    {
                        "model": model,
                        "method": "web_read_group",
                        "args": [[("team_id", "=", self.team.id)], ["__count"], ["team_id"]],
                        "kwargs": {},
                    },
                )
                self.assertEqual(groups["length"], 1, model)
                self.assertGreater(groups["groups"][0]["team_id_count"], 0, model)
