import base64
import functools
import re
import xmlrpc.client

from odoo import Command
from odoo.tests import HttpCase, get_db_name, new_test_user, tagged

from ..models.aftersales_followup import FOLLOWUP_TRANSITIONS
from ..models.aftersales_repair import REPAIR_TRANSITIONS
from ..models.aftersales_request import REQUEST_TRANSITIONS
from .common import RepairCommon


@tagged("post_install", "-at_install")
class TestXmlRpcContract(RepairCommon, HttpCase):
    """Every contract action, called as an integrator calls it: through Odoo's XML-RPC endpoint.

    XML-RPC cannot carry ``None``: an action returning nothing commits its
    change and then answers with a Fault, and the client retries a change
    that happened.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.integrator = new_test_user(
            cls.env,
            "as_integrator",
            password="as_integrator",
            groups="aftersales_service.group_aftersales_user,account.group_account_invoice",
            company_id=cls.env.company.id,
            company_ids=[Command.set(cls.env.company.ids)],
        )
        cls.env.company.aftersales_repair_requires_payment = False

    def setUp(self):
        super().setUp()
        self.db = get_db_name()
        self.uid = self.xmlrpc_common.authenticate(self.db, "as_integrator", "as_integrator", {})
        self.called = set()

    def _call(self, record, method, *args):
        """Call ``method`` on ``record`` over XML-RPC; it must answer True or an action."""
        result = self.xmlrpc_object.execute_kw(
            self.db, self.uid, "as_integrator", record._name, method, [record.ids, *args]
        )
        self.assertTrue(result is True or isinstance(result, dict), f"{method} answered {result!r}")
        self.called.add((record._name, method))
        self.env.invalidate_all()
        return result

    def _confirmation(self, repair):
        attachment = self.env["ir.attachment"].create(
            {
                "name": "fax.pdf",
                "datas": base64.b64encode(b"%PDF-1.4 fax"),
                "res_model": repair._name,
                "res_id": repair.id,
            }
        )
        repair.quote_confirmation_ids = [Command.link(attachment.id)]

    def test_every_contract_action_over_xmlrpc(self):
        Request = self.env["aftersales.request"]
        vals = {
            "subject": "Relay chatters",
            "request_type": "repair",
            "partner_id": self.customer.id,
            "phone": "+86 755 1234",
            "contact_address": "Nanshan, Shenzhen",
            "product_id": self.device.id,
            "purchase_date": "2024-01-10",
            "description": "<p>Relay chatters on start-up.</p>",
            "project_manager_id": self.agent.id,
            "technician_id": self.agent.id,
            "resolution": "repair",
            "team_id": self.team.id,
        }
        request = Request.create(vals)
        self._call(request, "action_start")
        self._call(request, "action_escalate")
        self._call(request, "action_dispatch")
        opened = self._call(request, "action_create_repair")
        self.assertEqual(opened["res_model"], "aftersales.repair")
        self._call(request, "action_resolve")
        self._call(request, "action_close")
        self.assertEqual(request.state, "closed")
        other = Request.create(vals)
        self._call(other, "action_cancel")
        self._call(other, "action_reopen")

        # A chargeable repair, from receipt to the customer.
        repair = request.repair_ids
        self._add_lines(repair)
        self._call(repair, "action_receive")
        self._call(repair, "action_diagnose")
        self._call(repair, "action_send_quote")
        self._confirmation(repair)
        self._call(repair, "action_accept_quote")
        self._call(repair, "action_create_invoice")
        self.assertEqual(len(repair.invoice_ids), 1)
        self._call(repair, "action_start_repair")
        self._call(repair, "action_finish_repair")
        repair.write({"outbound_carrier": "SF Express", "outbound_tracking_ref": "SF1"})
        self._call(repair, "action_ship")
        self._call(repair, "action_done")
        self.assertEqual(repair.state, "done")

        # A declined quotation, a voided warranty, a cancellation.
        declined = self._repair(self.unit_expired)
        self._add_lines(declined)
        self._call(declined, "action_receive")
        self._call(declined, "action_send_quote")
        self._call(declined, "action_decline_quote")
        faxed = self._repair(self.unit_expired)
        self._add_lines(faxed)
        self._call(faxed, "action_receive")
        self._call(faxed, "action_mark_quote_sent")
        self.assertEqual((faxed.state, faxed.quote_state), ("quoted", "sent"))
        voided = self._repair(self.unit_in_warranty, warranty_void_reason="human_damage")
        self._call(voided, "action_receive")
        self._call(voided, "action_void_warranty")
        self._call(voided, "action_cancel")

        # An exchange that waited for parts, and a unit taken back for a refund of its price.
        exchanged = self._repair(self.unit_in_warranty, operation="exchange", replacement_serial_number="PC500-RPL")
        self._call(exchanged, "action_receive")
        self._call(exchanged, "action_wait_parts")
        self._call(exchanged, "action_start_repair")
        self._call(exchanged, "action_finish_repair")
        exchanged.write({"outbound_carrier": "SF Express", "outbound_tracking_ref": "SF2"})
        self._call(exchanged, "action_ship")
        self.assertEqual(exchanged.replacement_equipment_id.serial_number, "PC500-RPL")
        refunded = self._repair(self.unit_in_warranty, operation="refund", refund_price=800.0)
        self._call(refunded, "action_receive")
        self._call(refunded, "action_create_refund")
        self.assertEqual((refunded.state, refunded.sudo().refund_ids.amount_untaxed), ("refunded", 800.0))

        # The quarterly follow-up call, from planning to the request it opens.
        Followup = self.env["aftersales.followup"]
        call = Followup.create({"partner_id": self.customer.id, "team_id": self.team.id, "user_id": self.agent.id})
        self._call(call, "action_unreachable")
        self._call(call, "action_reset")
        call.write({"contact_name": "Ms. Zhang", "satisfaction": "4", "issues": "Wants a spare adapter."})
        self._call(call, "action_done")
        opened = self._call(call, "action_create_request")
        self.assertEqual(opened["res_model"], "aftersales.request")
        cancelled = Followup.create({"partner_id": self.customer.id, "team_id": self.team.id})
        self._call(cancelled, "action_cancel")

        expected = (
            {("aftersales.request", f"action_{a}") for a in REQUEST_TRANSITIONS}
            | {("aftersales.repair", f"action_{a}") for a in REPAIR_TRANSITIONS}
            | {("aftersales.followup", f"action_{a}") for a in FOLLOWUP_TRANSITIONS}
        )
        self.assertEqual(expected - self.called, set(), "every contract action was called over XML-RPC")

    def test_refusal_is_a_clear_fault_and_changes_nothing(self):
        repair = self._repair(self.unit_in_warranty, outbound_carrier="SF Express", outbound_tracking_ref="SF2")
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.xmlrpc_object.execute_kw(
                self.db, self.uid, "as_integrator", "aftersales.repair", "action_ship", [repair.ids]
            )
        self.assertIn("Shipping is not possible", caught.exception.faultString)
        self.assertIn("status is Draft", caught.exception.faultString)
        self.env.invalidate_all()
        self.assertEqual(repair.state, "draft")

    def _create_over_xmlrpc(self, model, vals_list):
        return self.xmlrpc_object.execute_kw(self.db, self.uid, "as_integrator", model, "create", [vals_list])

    def test_create_retried_after_a_lost_answer_returns_the_first_request(self):
        """An integrator whose answer was lost sends its create again, with its own reference: it gets the request
        first created, not a second one; a batch mixing a retried and a new request gets both, in its order."""
        vals = {
            "subject": "Retried create",
            "channel": "phone",
            "partner_id": self.customer.id,
            "client_reference": "ERP-TICKET-4711",
        }
        create = functools.partial(self._create_over_xmlrpc, "aftersales.request")

        first = create([vals])
        self.assertEqual(create([vals]), first)
        both = create([{**vals, "client_reference": "ERP-TICKET-4712"}, vals])
        self.assertEqual(both[1], first[0])
        requests = self.env["aftersales.request"].search([("client_reference", "like", "ERP-TICKET-%")])
        self.assertEqual(len(requests), 2)
        self.assertEqual(set(requests.ids), {first[0], both[0]})

    def test_repair_create_retried_returns_the_first_repair(self):
        """Repair orders carry the same idempotency key: a retried create returns the first order, and takes no
        number from the sequence."""
        vals = {
            "equipment_id": self.unit_in_warranty.id,
            "partner_id": self.customer.id,
            "client_reference": "ERP-RMA-0815",
        }
        create = functools.partial(self._create_over_xmlrpc, "aftersales.repair")

        first = create([vals])
        self.assertEqual(create([vals]), first)
        both = create([vals, {**vals, "client_reference": "ERP-RMA-0816"}])
        self.assertEqual(both[0], first[0])
        repairs = self.env["aftersales.repair"].search([("client_reference", "like", "ERP-RMA-%")], order="id")
        self.assertEqual(repairs.ids, [first[0], both[1]])
        numbers = [int(re.search(r"(\d+)$", name).group(1)) for name in repairs.mapped("name")]
        self.assertEqual(numbers[1], numbers[0] + 1, "the retries took no number")
