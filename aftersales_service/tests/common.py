from contextlib import contextmanager

from odoo.tests import TransactionCase, new_test_user


class AftersalesCommon(TransactionCase):
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
