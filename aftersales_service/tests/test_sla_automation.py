from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .test_sla import SlaCommon


@tagged("post_install", "-at_install")
class TestSlaAutomation(SlaCommon):
    """Integrators react to SLA breaches with Odoo's automated actions (base_automation)."""

    def test_breach_triggers_automated_action(self):
        if "base.automation" not in self.env:
            self.skipTest("base_automation is not installed")
        clock_model = self.env["ir.model"]._get("aftersales.sla.clock")
        automation = self.env["base.automation"].create(
            {
                "name": "Urgent when an SLA is breached",
                "model_id": clock_model.id,
                "trigger": "on_create_or_write",
                "trigger_field_ids": [
                    Command.set(self.env.ref("aftersales_service.field_aftersales_sla_clock__status").ids)
                ],
                "filter_domain": "[('status', '=', 'breached')]",
            }
        )
        action = self.env["ir.actions.server"].create(
            {
                "name": "Raise the request's priority",
                "model_id": clock_model.id,
                "state": "code",
                "usage": "base_automation",
                "base_automation_id": automation.id,
                "code": "records.request_id.write({'priority': '2'})",
            }
        )
        automation.write({"action_server_ids": [Command.set(action.ids)]})
        with freeze_time("2026-06-08 09:00:00"):
            request = self._request(
                partner_id=self.customer.id, team_id=self.team_south.id, equipment_id=False, product_id=self.product.id
            )
        self.assertEqual(request.priority, "0")
        with freeze_time("2026-06-08 12:00:00"):
            self.env["aftersales.sla.clock"]._cron_sla_sweep()
        self.assertEqual(request.priority, "2")
