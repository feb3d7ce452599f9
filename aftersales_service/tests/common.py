import base64
from contextlib import contextmanager

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class AftersalesTestMixin:
    """Assertions every after-sales test class shares."""

    @contextmanager
    def assertRaisesText(self, exception, text):
        """Like assertRaisesRegex, inside a savepoint so a refused operation leaves nothing behind."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(text, str(caught.exception))

    def flush_tracking(self):
        """Write the chatter tracking that Odoo otherwise writes at commit."""
        self.env.flush_all()
        self.env.cr.precommit.run()


class AftersalesCommon(AftersalesTestMixin, TransactionCase):
    """Teams, people, customers and products every after-sales test uses."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.company
        cls.company.aftersales_warranty_months = 12
        cls.country_cn = cls.env.ref("base.cn")
        cls.state_gd = cls.env.ref("base.state_cn_GD")
        user_group = "aftersales_service.group_aftersales_user"
        cls.agent = new_test_user(cls.env, "as_agent", groups=user_group, name="Agent Li", email="agent@example.com")
        cls.project_manager = new_test_user(cls.env, "as_pm", groups=user_group, name="PM Wang", email="pm@example.com")
        cls.technician = new_test_user(
            cls.env, "as_tech", groups=user_group, name="Tech Zhao", email="tech@example.com"
        )
        cls.service_manager = new_test_user(
            cls.env,
            "as_manager",
            groups="aftersales_service.group_aftersales_manager",
            name="Manager Chen",
            email="manager@example.com",
        )
        cls.rd_lead = new_test_user(cls.env, "as_rd", groups=user_group, name="R&D Lead", email="rd@example.com")
        cls.logistics_lead = new_test_user(
            cls.env, "as_logistics", groups=user_group, name="Logistics Lead", email="logistics@example.com"
        )
        cls.cs_lead = new_test_user(cls.env, "as_cs", groups=user_group, name="CS Lead", email="cs@example.com")

        Team = cls.env["aftersales.team"]
        cls.team_centre = Team.create(
            {
                "name": "Test Service Centre",
                "team_type": "service_centre",
                "sequence": 0,
                "manager_id": cls.service_manager.id,
                "member_ids": [(6, 0, [cls.agent.id])],
                "country_ids": [(6, 0, cls.country_cn.ids)],
            }
        )
        cls.team_south = Team.create(
            {
                "name": "Test South China Office",
                "team_type": "regional_office",
                "sequence": 1,
                "manager_id": cls.service_manager.id,
                "state_ids": [(6, 0, cls.state_gd.ids)],
            }
        )
        cls.team_rd = Team.create({"name": "Test R&D", "team_type": "department", "manager_id": cls.rd_lead.id})
        cls.team_logistics = Team.create(
            {"name": "Test Logistics", "team_type": "department", "manager_id": cls.logistics_lead.id}
        )
        cls.team_cs = Team.create(
            {"name": "Test Customer Service", "team_type": "department", "manager_id": cls.cs_lead.id}
        )
        Category = cls.env["aftersales.complaint.category"]
        cls.cat_quality = Category.create(
            {
                "name": "Test quality",
                "code": "T-QUALITY",
                "team_id": cls.team_rd.id,
                "responsible_mode": "project_manager",
                "follower_partner_ids": [(6, 0, cls.rd_lead.partner_id.ids)],
            }
        )
        cls.cat_packaging = Category.create(
            {"name": "Test packaging", "code": "T-PACK", "team_id": cls.team_logistics.id}
        )
        cls.cat_staff = Category.create({"name": "Test staff", "code": "T-STAFF", "team_id": cls.team_cs.id})

        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {
                "name": "Beijing Standard Instruments",
                "is_company": True,
                "email": "service@bj-standard.example.com",
                "phone": "+86 10 1234 5678",
                "street": "1 Chang'an Avenue",
                "city": "Beijing",
                "country_id": cls.country_cn.id,
            }
        )
        cls.key_account = Partner.create(
            {
                "name": "深圳重点客户有限公司",
                "is_company": True,
                "email": "ops@key-account.example.com",
                "phone": "+86 755 8619 8173",
                "street": "科技园南区 8 号",
                "city": "深圳",
                "state_id": cls.state_gd.id,
                "country_id": cls.country_cn.id,
                "aftersales_tier": "key_account",
                "aftersales_project_manager_id": cls.project_manager.id,
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Data Logger DL-200", "type": "consu", "aftersales_serviceable": True, "warranty_months": 12}
        )
        cls.equipment = cls.env["aftersales.equipment"].create(
            {
                "product_id": cls.product.id,
                "serial_number": "DL200-0001",
                "partner_id": cls.key_account.id,
                "purchase_date": "2025-03-15",
            }
        )

    @classmethod
    def _complete_request_vals(cls, **overrides):
        """Values of a request with all the intake data of rule R2."""
        vals = {
            "subject": "Device does not power on",
            "request_type": "repair",
            "channel": "phone",
            "partner_id": cls.key_account.id,
            "equipment_id": cls.equipment.id,
            "description": "<p>No LED after pressing the power button; tried another adapter.</p>",
        }
        vals.update(overrides)
        return vals


class SlaCommon(AftersalesCommon):
    """Our own policies and calendars, the shipped policies archived."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["aftersales.sla.policy"].search([]).active = False
        cls.calendar_utc = cls._make_calendar("Test UTC 9-13 14-18", "UTC")
        cls.calendar_sh = cls._make_calendar("Test Shanghai 9-12 13-18", "Asia/Shanghai", ((9, 12), (13, 18)))
        cls.team_south.resource_calendar_id = cls.calendar_utc
        Policy = cls.env["aftersales.sla.policy"]
        cls.policy_escalate = Policy.create(
            {
                "name": "Escalate in 2h",
                "filter_domain": "[('request_type', '=', 'repair')]",
                "start_event": "created",
                "stop_event": "escalated",
                "target_value": 2,
                "target_unit": "hours",
                "second_escalation_hours": 4,
            }
        )
        cls.policy_reply = Policy.create(
            {
                "name": "Reply in 1 day",
                "start_event": "created",
                "stop_event": "replied",
                "target_value": 1,
                "target_unit": "days",
            }
        )
        cls.policy_dispatch = Policy.create(
            {
                "name": "Dispatch in 4h",
                "start_event": "escalated",
                "stop_event": "dispatched",
                "target_value": 4,
                "target_unit": "hours",
            }
        )

    @classmethod
    def _make_calendar(cls, name, tz, periods=((9, 13), (14, 18))):
        attendances = []
        for day in range(5):
            for start, stop in periods:
                attendances.append(
                    (
                        0,
                        0,
                        {
                            "name": f"{day} {start}-{stop}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": stop,
                            "day_period": "morning" if start < 12 else "afternoon",
                        },
                    )
                )
        return cls.env["resource.calendar"].create({"name": name, "tz": tz, "attendance_ids": attendances})

    def _request(self, **overrides):
        return self.env["aftersales.request"].create(self._complete_request_vals(**overrides))

    def _clock(self, request, policy):
        return request.sla_clock_ids.filtered(lambda c: c.policy_id == policy)


class RepairCommon(AftersalesTestMixin, AccountTestInvoicingCommon):
    """A service desk on a company with a chart of accounts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        # The accounting fixture runs as an accountant: make it a service manager too.
        cls.env.user.groups_id |= cls.env.ref("aftersales_service.group_aftersales_manager")
        cls.agent = new_test_user(
            cls.env,
            "rep_agent",
            groups="aftersales_service.group_aftersales_user",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        cls.accountant = new_test_user(
            cls.env,
            "rep_accountant",
            groups="account.group_account_invoice",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        cls.team = cls.env["aftersales.team"].create({"name": "Repair centre", "manager_id": cls.agent.id})
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "深圳维修客户有限公司",
                "is_company": True,
                "email": "repair-customer@example.com",
                "lang": "en_US",
            }
        )
        cls.device = cls.env["product.product"].create(
            {"name": "Power Controller PC-500", "aftersales_serviceable": True, "warranty_months": 12}
        )
        cls.part = cls.env["product.product"].create(
            {
                "name": "Main board",
                "type": "consu",
                "lst_price": 300.0,
                "taxes_id": [Command.set(cls.tax_sale_a.ids)],
            }
        )
        cls.labour = cls.env["product.product"].create(
            {"name": "Repair labour (hour)", "type": "service", "lst_price": 100.0, "taxes_id": [Command.set([])]}
        )
        today = fields.Date.today()
        cls.unit_in_warranty = cls.env["aftersales.equipment"].create(
            {
                "product_id": cls.device.id,
                "serial_number": "PC500-NEW",
                "partner_id": cls.customer.id,
                "purchase_date": today - relativedelta(months=3),
            }
        )
        cls.unit_expired = cls.env["aftersales.equipment"].create(
            {
                "product_id": cls.device.id,
                "serial_number": "PC500-OLD",
                "partner_id": cls.customer.id,
                "purchase_date": today - relativedelta(years=2),
            }
        )
        cls.adapter = cls.env.ref("aftersales_service.accessory_power_adapter")

    def _repair(self, equipment, **vals):
        return (
            self.env["aftersales.repair"]
            .with_user(self.agent)
            .create(
                {
                    "partner_id": self.customer.id,
                    "equipment_id": equipment.id,
                    "team_id": self.team.id,
                    "description": "<p>Trips on overcurrent.</p>",
                    **vals,
                }
            )
        )

    def _add_lines(self, repair):
        repair.write(
            {
                "line_ids": [
                    Command.create({"line_type": "part", "product_id": self.part.id, "quantity": 1}),
                    Command.create({"line_type": "labour", "product_id": self.labour.id, "quantity": 2}),
                    Command.create({"line_type": "shipping", "name": "Return courier", "price_unit": 20.0}),
                ]
            }
        )

    def _send_and_accept(self, repair):
        """Send the quotation of ``repair`` and record the customer's signed acceptance."""
        repair.action_send_quote()
        self._attach_confirmation(repair)
        repair.action_accept_quote()
        return repair

    def _approved_repair(self, equipment=None, **vals):
        """A repair order received, priced with the usual lines, its quotation sent and accepted."""
        repair = self._repair(equipment or self.unit_expired, **vals)
        repair.action_receive()
        self._add_lines(repair)
        return self._send_and_accept(repair)

    def _attach_confirmation(self, repair):
        attachment = self.env["ir.attachment"].create(
            {
                "name": "signed-quotation.pdf",
                "datas": base64.b64encode(b"%PDF-1.4 signed"),
                "res_model": "aftersales.repair",
                "res_id": repair.id,
            }
        )
        repair.quote_confirmation_ids = [Command.link(attachment.id)]

    def _pay(self, invoice):
        wizard = (
            self.env["account.payment.register"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"payment_date": invoice.invoice_date})
        )
        wizard._create_payments()
