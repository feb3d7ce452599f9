from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import RepairCommon


@tagged("post_install", "-at_install")
class TestRepair(RepairCommon):
    def test_warranty_repair_end_to_end(self):
        request = self.env["aftersales.request"].create(
            {
                "subject": "Controller trips",
                "request_type": "repair",
                "partner_id": self.customer.id,
                "equipment_id": self.unit_in_warranty.id,
                "team_id": self.team.id,
            }
        )
        action = request.with_user(self.agent).action_create_repair()
        repair = request.repair_ids
        self.assertEqual(action["res_id"], repair.id)
        self.assertEqual(request.resolution, "repair")
        self.assertEqual(
            (repair.partner_id, repair.equipment_id, repair.product_id),
            (self.customer, self.unit_in_warranty, self.device),
        )

        repair.write(
            {
                "inbound_carrier": "SF Express",
                "inbound_tracking_ref": "SF1234567890",
                "accessories_received": [Command.set(self.adapter.ids)],
            }
        )
        repair.action_receive()
        self.assertEqual(repair.state, "received")
        self.assertTrue(repair.under_warranty)
        self.assertEqual(repair.warranty_checked_on, fields.Date.context_today(repair))
        self.assertEqual(repair.warranty_purchase_date, self.unit_in_warranty.purchase_date)
        self.assertEqual(repair.warranty_end_date, self.unit_in_warranty.warranty_end_date)
        self.assertIn(self.adapter.name, repair.accessory_warning)
        self.assertIn(self.adapter.name, repair.message_ids[0].body, "the warning is on record")

        self._add_lines(repair)
        self.assertTrue(all(repair.line_ids.mapped("covered_by_warranty")))
        self.assertEqual(repair.amount_total, 0.0, "parts, labour and return shipping are free")
        self.assertEqual(repair.payment_state, "not_required")
        with self.assertRaises(UserError):
            repair.action_send_quote()
        repair.action_start_repair()
        repair.action_finish_repair()
        repair.write({"outbound_carrier": "SF Express", "outbound_tracking_ref": "SF0987654321"})
        repair.action_ship()
        repair.action_done()
        self.assertEqual(repair.state, "done")
        self.assertFalse(repair.invoice_ids)
        statuses = {c.policy_id.name: c.status for c in repair.sla_clock_ids}
        self.assertTrue(repair.sla_clock_ids, "repair (R5) and return (R6) clocks ran")
        self.assertEqual(set(statuses.values()), {"met"})

    def test_non_warranty_repair_end_to_end(self):
        repair = self._repair(self.unit_expired, diagnostic_fee=50.0)
        repair.action_receive()
        self.assertFalse(repair.under_warranty)
        self._add_lines(repair)
        # 300 + 15% tax, 2 x 100 without tax, 20 shipping
        self.assertEqual(repair.amount_untaxed, 520.0)
        self.assertEqual(repair.amount_tax, 45.0)
        self.assertEqual(repair.amount_total, 565.0)
        with self.assertRaisesRegex(UserError, "send the quotation"):
            repair.action_start_repair()

        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("aftersales_service.action_report_repair_quotation", repair.ids)[0]
            .decode()
        )
        self.assertIn("深圳维修客户有限公司", html)
        self.assertIn("Non-warranty Product Repair Quotation", html)
        self.assertIn("565.00", html)
        # A real PDF through wkhtmltopdf. Its asset requests must not reach the
        # test server, which waits for this very transaction: point them at a
        # closed port (the PDF is still produced, unstyled).
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        pdf = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("aftersales_service.action_report_repair_quotation", repair.ids)[0]
        )
        self.assertTrue(pdf.startswith(b"%PDF"))

        repair.action_send_quote()
        self.assertEqual((repair.state, repair.quote_state), ("quoted", "sent"))
        # The desk does not wait for the PDF: the email waits in the queue, its scheduled action triggered.
        self.assertTrue(repair.quote_mail_pending)
        self.assertFalse(repair.message_ids.filtered(lambda m: repair.name in (m.subject or "")))
        self.assertEqual(self.env["aftersales.quote.mail"]._cron_send(), 1)
        self.assertEqual(repair.quote_mail_ids.state, "done")
        self.assertFalse(repair.quote_mail_pending)
        sent = repair.message_ids.filtered(lambda m: repair.name in (m.subject or ""))
        self.assertEqual(len(sent), 1)
        self.assertIn(self.customer, sent.partner_ids)
        self.assertTrue(sent.attachment_ids, "the quotation PDF goes with the email")
        self.assertTrue(repair.sla_clock_ids.filtered(lambda c: c.status == "paused"), "waiting for approval pauses")

        with self.assertRaisesRegex(UserError, "confirmation"):
            repair.action_accept_quote()
        self._attach_confirmation(repair)
        repair.action_accept_quote()
        self.assertEqual((repair.state, repair.quote_state), ("approved", "accepted"))

        self.env.invalidate_all()  # what a new request of the service user sees
        self.assertIs(repair.with_user(self.agent).action_create_invoice(), True, "no invoice view without rights")
        self.assertEqual(repair.with_user(self.agent).invoice_count, 1)
        invoice = repair.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.aftersales_repair_id, repair)
        self.assertEqual(invoice.payment_reference, repair.name, "one reference for quote, invoice and remittance")
        self.assertEqual(invoice.amount_total, 565.0)
        self.assertEqual(invoice.partner_id, self.customer)
        with self.assertRaisesRegex(UserError, "already invoiced"):
            repair.action_create_invoice()
        self.assertEqual(len(repair.invoice_ids), 1)
        with self.assertRaises(AccessError):
            invoice.with_user(self.agent).action_post()
        invoice.with_user(self.accountant).action_post()
        self.assertEqual(repair.payment_state, "not_paid")
        with self.assertRaisesRegex(UserError, "payment"):
            repair.action_start_repair()
        self.assertEqual(repair.state, "approved")

        self._pay(invoice)
        self.assertIn(repair.payment_state, ("paid", "in_payment"))
        repair.action_start_repair()
        repair.action_finish_repair()
        with self.assertRaisesRegex(UserError, "tracking reference"):
            repair.action_ship()
        repair.write({"outbound_carrier": "EMS", "outbound_tracking_ref": "EMS-001"})
        repair.action_ship()
        repair.action_done()
        self.assertEqual(repair.state, "done")

    def test_repair_may_start_before_payment_when_allowed(self):
        self.env.company.aftersales_repair_requires_payment = False
        repair = self._approved_repair()
        repair.action_start_repair()
        self.assertEqual(repair.state, "in_repair")

    def test_declined_quote_with_diagnostic_fee(self):
        repair = self._repair(self.unit_expired, diagnostic_fee=50.0)
        repair.action_receive()
        self._add_lines(repair)
        repair.action_send_quote()
        repair.action_decline_quote()
        self.assertEqual((repair.state, repair.quote_state), ("repaired", "declined"))
        fee = repair.line_ids.filtered("is_diagnostic_fee")
        self.assertEqual(fee.price_unit, 50.0)
        self.assertEqual(repair.amount_total, 50.0, "only the diagnostic fee is charged")
        repair.action_create_invoice()
        # sudo: the technician cannot read invoices.
        self.assertEqual(repair.sudo().invoice_ids.amount_total, 50.0)
        repair.write({"outbound_carrier": "EMS", "outbound_tracking_ref": "EMS-002"})
        repair.action_ship()
        self.assertEqual(repair.state, "shipped")

    def test_declined_without_fee_costs_nothing(self):
        repair = self._repair(self.unit_expired)
        repair.action_receive()
        self._add_lines(repair)
        repair.action_send_quote()
        repair.action_decline_quote()
        self.assertEqual(repair.amount_total, 0.0)
        self.assertEqual(repair.payment_state, "not_required")

    def test_voided_warranty(self):
        # The accounting fixture disables tracking; the chatter is what is tested here.
        repair = self._repair(self.unit_in_warranty).with_context(tracking_disable=False, mail_notrack=False)
        repair.action_receive()
        self._add_lines(repair)
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertEqual(repair.amount_total, 0.0)
        with self.assertRaisesRegex(UserError, "reason"):
            repair.action_void_warranty()
        self.assertTrue(repair.under_warranty)
        repair.write({"warranty_void_reason": "human_damage", "warranty_void_note": "Housing cracked, water inside"})
        repair.action_void_warranty()
        self.assertFalse(repair.under_warranty)
        self.assertEqual(repair.amount_total, 565.0)
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = repair.sudo().message_ids.tracking_value_ids.mapped("field_id.name")
        self.assertIn("under_warranty", tracked)
        self.assertIn("warranty_void_reason", tracked)

    def test_taxes_follow_fiscal_position(self):
        self.customer.property_account_position_id = self.fiscal_pos_a
        repair = self._repair(self.unit_expired)
        self.assertEqual(repair.fiscal_position_id, self.fiscal_pos_a)
        repair.action_receive()
        repair.write({"line_ids": [Command.create({"line_type": "part", "product_id": self.part.id})]})
        self.assertEqual(repair.line_ids.tax_ids, self.tax_sale_b, "tax A mapped to tax B")
        self._send_and_accept(repair)
        repair.action_create_invoice()
        invoice = repair.sudo().invoice_ids
        self.assertEqual(invoice.fiscal_position_id, self.fiscal_pos_a)
        self.assertEqual(invoice.invoice_line_ids.tax_ids, self.tax_sale_b)
        self.assertEqual(repair.invoice_ids.amount_total, repair.amount_total)

    def test_multi_currency_pricelist(self):
        other = self.setup_other_currency("EUR")
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "EUR customers",
                "currency_id": other.id,
                "item_ids": [
                    Command.create({"applied_on": "0_product_variant", "product_id": self.part.id, "fixed_price": 45.0})
                ],
            }
        )
        self.customer.property_product_pricelist = pricelist
        repair = self._repair(self.unit_expired)
        self.assertEqual(repair.currency_id, other)
        repair.action_receive()
        repair.write({"line_ids": [Command.create({"line_type": "part", "product_id": self.part.id})]})
        self.assertEqual(repair.line_ids.price_unit, 45.0)
        self._send_and_accept(repair)
        repair.action_create_invoice()
        invoice = repair.sudo().invoice_ids
        self.assertEqual(invoice.currency_id, other)
        self.assertEqual(invoice.amount_untaxed, 45.0)

    def test_bad_input_changes_nothing(self):
        repair = self._repair(self.unit_expired)
        with self.assertRaises(ValidationError):
            repair.write(
                {"line_ids": [Command.create({"line_type": "part", "product_id": self.part.id, "quantity": -1})]}
            )
        with self.assertRaises(ValidationError):
            repair.write({"line_ids": [Command.create({"line_type": "fee", "name": "Fee", "price_unit": -5})]})
        self.assertFalse(repair.line_ids)
        repair.write({"outbound_carrier": "EMS", "outbound_tracking_ref": "EMS-003"})
        with self.assertRaisesRegex(UserError, "Shipping is not possible"):
            repair.action_ship()
        self.assertEqual(repair.state, "draft")
        with self.assertRaisesRegex(UserError, "Invoicing is not possible"):
            repair.action_create_invoice()

    def test_actions_refused_without_service_rights(self):
        repair = self._repair(self.unit_expired)
        employee = new_test_user(self.env, "rep_employee", groups="base.group_user")
        with self.assertRaises(AccessError):
            repair.with_user(employee).action_receive()
        with self.assertRaises(AccessError):
            repair.with_user(self.accountant).action_receive()
        self.assertEqual(repair.state, "draft")
        with self.assertRaises(AccessError):
            self.env["aftersales.sla.policy"].with_user(self.agent).create({"name": "Rogue", "target_value": 1})
        # The actions added for the desk and the portal are refused the same way.
        self._add_lines(repair)
        repair.action_receive()
        for method in ("action_quotation_send", "action_mark_quote_sent", "action_preview"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(repair.with_user(employee), method)()
        self.assertEqual((repair.state, repair.quote_state), ("received", "none"))
        clock = repair.sla_clock_ids[:1]
        self.assertTrue(clock)
        with self.assertRaises(AccessError):
            clock.with_user(employee).action_open_document()

    def test_accountant_reads_but_does_not_edit(self):
        repair = self._repair(self.unit_expired)
        self.assertEqual(repair.with_user(self.accountant).name, repair.name)
        with self.assertRaises(AccessError):
            repair.with_user(self.accountant).write({"diagnosis": "<p>x</p>"})
        with self.assertRaises(AccessError):
            repair.with_user(self.agent).unlink()

    def test_equipment_and_customer_history(self):
        repair = self._repair(self.unit_expired)
        self.assertEqual(self.unit_expired.repair_count, 1)
        self.assertEqual(self.customer.aftersales_repair_count, 1)
        action = self.unit_expired.action_view_repairs()
        self.assertEqual(self.env["aftersales.repair"].search(action["domain"]), repair)

    def test_clocks_count_from_the_recorded_receipt(self):
        repair = self._repair(self.unit_expired)
        received = fields.Datetime.now() - relativedelta(days=1)
        repair.write({"received_date": received})
        repair.action_receive()
        self.assertTrue(repair.sla_clock_ids)
        for clock in repair.sla_clock_ids:
            self.assertEqual(clock.start_date, received, clock.policy_id.name)

    def test_receive_without_unit_or_request(self):
        """An order opened directly for a product, with no registered unit and no request: no purchase
        date is known, so the receipt decides out of warranty and says why."""
        repair = self._repair(self.env["aftersales.equipment"], product_id=self.product.id)
        self.assertTrue(repair.action_receive())
        self.assertEqual(repair.state, "received")
        self.assertFalse(repair.under_warranty)
        self.assertFalse(repair.warranty_purchase_date)
        self.assertEqual(repair.warranty_checked_on, fields.Date.context_today(repair))
        notes = repair.message_ids.filtered(lambda message: "No purchase date is known" in (message.body or ""))
        self.assertEqual(len(notes), 1, "the evidence says why")

    def test_quotation_email_failure_is_kept_and_retried(self):
        repair = self._repair(self.unit_expired)
        repair.action_receive()
        self._add_lines(repair)
        repair.action_send_quote()
        Queue = self.env["aftersales.quote.mail"]
        template = self.env.ref("aftersales_service.mail_template_repair_quotation")
        subject = template.subject
        template.subject = "{{ object.no_such_field }}"
        with mute_logger("odoo.addons.aftersales_service.models.aftersales_job_mixin", "odoo.addons.mail"):
            for attempt in (1, 2, 3):
                with self.subTest(attempt=attempt):
                    self.assertEqual(Queue._cron_send(), 0)
                    self.assertEqual(repair.quote_mail_ids.attempts, attempt)
                    self.assertEqual(Queue._cron_send(), 0, "not tried again before its time")
                    self.assertEqual(repair.quote_mail_ids.attempts, attempt)
                    repair.quote_mail_ids.sudo().retry_after = fields.Datetime.now()  # time passes
        job = repair.quote_mail_ids
        self.assertEqual(job.state, "failed", "given up after three attempts")
        self.assertTrue(job.error)
        self.assertTrue(repair.quote_mail_failed)
        self.assertIn("could not be sent", repair.message_ids[0].body)
        self.assertEqual(repair.quote_state, "sent", "the quotation stays sent: the desk sends it again")
        template.subject = subject
        repair.action_send_quote()
        self.assertEqual(Queue._cron_send(), 1)
        self.assertFalse(repair.quote_mail_failed)
