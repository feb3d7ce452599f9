from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestRequestTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env, "as_tour_agent", groups="aftersales_service.group_aftersales_user", name="Tour Agent"
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Tour Key Account",
                "is_company": True,
                "phone": "+86 755 0000 0000",
                "email": "tour@example.com",
                "aftersales_tier": "key_account",
            }
        )

    def test_agent_logs_and_answers_a_call(self):
        self.start_tour("/odoo", "aftersales_request_tour", login="as_tour_agent")
        request = self.env["aftersales.request"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(request), 1)
        self.assertEqual(request.subject, "Readings drift after firmware update")
        self.assertEqual(request.state, "resolved")
        self.assertEqual(request.user_id, self.agent)
        self.assertEqual(request.priority, "1", "key account priority")
        self.assertIn("drift by 2%", request.description)
