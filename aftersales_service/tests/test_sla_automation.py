from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import SlaCommon


@tagged("post_install", "-at_install")
class TestSlaAutomation(SlaCommon):
    """Integrators react to SLA breaches with Odoo's automated actions (base_automation): the README's rule."""

    def test_breach_triggers_automated_action(self):
        if "base.automation" not in self.env:
            self.skipTest("base_automation is not installed")
        model_id = self.env["ir.model"]._get_id("aftersales.sla.clock")
        rule = self.env["base.automation"].create(
            {
                "name": "Urgent when an SLA is breached",
                "model_id": model_id,
                "trigger": "on_create_or_write",
                "trigger_field_ids": [
                    Command.set(self.env.ref("aftersales_sla.field_aftersales_sla_clock__status").ids)
                ],
                "filter_domain": "[('status', '=', 'breached'), ('res_model', '=', 'aftersales.request')]",
            }
        )
        self.env["ir.actions.server"].create(
            {
                "name": "Raise the request's priority",
                "model_id": model_id,
                "state": "code",
                "usage": "base_automation",
                "base_automation_id": rule.id,
                "code": "env['aftersales.request'].browse(records.mapped('res_id')).write({'priority': '2'})",
            }
        )
        with freeze_time("2026-06-08 09:00:00"):
            request = self._request(team_id=self.team_south.id)
            on_time = self._request(team_id=self.team_south.id)
        priority = on_time.priority
        self.assertNotEqual(request.priority, "2")
        with freeze_time("2026-06-08 10:00:00"):
            on_time.action_escalate()
        with freeze_time("2026-06-08 12:00:00"):
            self.env["aftersales.sla.clock"]._cron_sla_sweep()
        self.assertEqual(self._clock(request, self.policy_escalate).status, "breached")
        self.assertEqual(request.priority, "2", "the rule ran on the breach")
        self.assertEqual(on_time.priority, priority, "escalated in time: no breach, no rule")
