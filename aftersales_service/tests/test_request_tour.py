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


@tagged("post_install", "-at_install")
class TestRepairTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(cls.env, "as_tour_tech", groups="aftersales_service.group_aftersales_user", name="Tour Tech")
        customer = cls.env["res.partner"].create({"name": "Tour Repair Customer", "email": "tour-repair@example.com"})
        device = cls.env["product.product"].create({"name": "Tour Logger", "aftersales_serviceable": True})
        equipment = cls.env["aftersales.equipment"].create(
            {
                "product_id": device.id,
                "serial_number": "TOUR-1",
                "partner_id": customer.id,
                "purchase_date": "2020-01-15",
            }
        )
        cls.repair = cls.env["aftersales.repair"].create({"partner_id": customer.id, "equipment_id": equipment.id})

    def test_technician_receives_and_quotes(self):
        self.start_tour(
            f"/odoo/action-aftersales_service.aftersales_repair_action/{self.repair.id}",
            "aftersales_repair_tour",
            login="as_tour_tech",
        )
        self.assertEqual(self.repair.state, "quoted")
        self.assertFalse(self.repair.under_warranty, "bought in 2020: out of warranty")
        self.assertEqual(self.repair.line_ids.mapped("price_unit"), [250.0])
        self.assertEqual(self.repair.amount_total, 250.0)
        self.assertEqual(self.repair.quote_state, "sent")
        self.assertEqual(self.repair.quote_mail_ids.state, "queued", "the desk did not wait for the PDF")
        self.env["aftersales.quote.mail"]._cron_send()
        sent = self.repair.message_ids.filtered(lambda m: self.repair.name in (m.subject or ""))
        self.assertTrue(sent, "sent by the queue")
        self.assertTrue(sent.attachment_ids, "with the quotation attached")
