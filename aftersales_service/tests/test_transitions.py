from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models.aftersales_repair import REPAIR_STATES, REPAIR_TRANSITIONS
from ..models.aftersales_request import REQUEST_STATES, REQUEST_TRANSITIONS
from .common import AftersalesCommon, RepairCommon


class TransitionWalk:
    """Every action of a document's transition table, tried in every state.

    For each state the record is put in that state with all the data its
    actions ask for. The button (``can_<action>``) must be shown exactly when
    the guard accepts: a shown action runs and returns what XML-RPC can
    carry; a hidden one is refused with a ``UserError`` and changes nothing.
    """

    def _walk(self, record, states, transitions):
        walked = 0
        for state, _label in states:
            record.write({"state": state})
            for action in transitions:
                with self.subTest(state=state, action=action):
                    can = record[f"can_{action}"]
                    if state not in transitions[action]:
                        self.assertFalse(can, "the table does not allow it from this state")
                    savepoint = self.env.cr.savepoint()
                    if can:
                        result = getattr(record, f"action_{action}")()
                        self.assertTrue(result is True or isinstance(result, dict), f"returned {result!r}")
                    else:
                        with self.assertRaises(UserError):
                            getattr(record, f"action_{action}")()
                        self.env.flush_all()
                        self.assertEqual(record.state, state, "a refused action changes nothing")
                    savepoint.close(rollback=True)
                    self.env.invalidate_all()
                    walked += 1
        self.assertEqual(walked, len(states) * len(transitions))


@tagged("post_install", "-at_install")
class TestRequestTransitions(AftersalesCommon, TransitionWalk):
    def test_every_action_in_every_state(self):
        request = self.env["aftersales.request"].create(
            self._complete_request_vals(technician_id=self.technician.id, resolution="remote")
        )
        self._walk(request, REQUEST_STATES, REQUEST_TRANSITIONS)

    def test_create_repair_is_for_repair_requests(self):
        consultation = self.env["aftersales.request"].create(self._complete_request_vals(request_type="consultation"))
        self.assertFalse(consultation.can_create_repair)
        with self.assertRaisesText(UserError, "only repair requests"):
            consultation.action_create_repair()
        self.assertFalse(consultation.repair_ids)

    def test_refusal_names_record_and_state(self):
        request = self.env["aftersales.request"].create(self._complete_request_vals())
        with self.assertRaisesText(UserError, f"Dispatch is not possible for {request.display_name}: status is New"):
            request.action_dispatch()


@tagged("post_install", "-at_install")
class TestRepairTransitions(RepairCommon, TransitionWalk):
    def _full_repair(self, equipment):
        repair = self._repair(
            equipment,
            outbound_carrier="SF Express",
            outbound_tracking_ref="SF100",
            warranty_void_reason="human_damage",
            diagnostic_fee=50.0,
        )
        self._add_lines(repair)
        self._attach_confirmation(repair)
        return repair

    def test_every_action_in_every_state_chargeable(self):
        self.env.company.aftersales_repair_requires_payment = False
        repair = self._full_repair(self.unit_expired)
        repair.action_receive()
        self.assertFalse(repair.under_warranty)
        self._walk(repair, REPAIR_STATES, REPAIR_TRANSITIONS)

    def test_every_action_in_every_state_under_warranty(self):
        repair = self._full_repair(self.unit_in_warranty)
        repair.action_receive()
        self.assertTrue(repair.under_warranty)
        self._walk(repair, REPAIR_STATES, REPAIR_TRANSITIONS)

    def test_buttons_follow_preconditions(self):
        self.env.company.aftersales_repair_requires_payment = True
        repair = self._full_repair(self.unit_expired)
        repair.action_receive()
        self.assertFalse(repair.can_void_warranty, "nothing to void out of warranty")
        self.assertFalse(repair.can_start_repair, "charges need an accepted quotation first")
        repair.write({"state": "approved", "quote_state": "accepted"})
        self.assertFalse(repair.can_start_repair, "payment required before the repair starts")
        with self.assertRaisesText(UserError, "waits for the customer's payment"):
            repair.action_start_repair()
        self.assertEqual(repair.state, "approved")
        self.assertTrue(repair.can_create_invoice)
        repair.action_create_invoice()
        self.assertFalse(repair.can_create_invoice, "already invoiced")
        invoice = repair.sudo().invoice_ids
        invoice.with_user(self.accountant).action_post()
        self._pay(invoice)
        self.assertTrue(repair.can_start_repair)

    def test_cancel_hidden_and_refused_once_shipped(self):
        repair = self._full_repair(self.unit_in_warranty)
        repair.write({"state": "shipped"})
        self.assertFalse(repair.can_cancel)
        with self.assertRaisesText(UserError, "status is Shipped"):
            repair.action_cancel()

    def test_nothing_to_quote_under_warranty(self):
        repair = self._repair(self.unit_in_warranty)
        repair.write({"line_ids": [Command.create({"line_type": "part", "product_id": self.part.id})]})
        repair.action_receive()
        self.assertFalse(repair.can_send_quote)
        with self.assertRaisesText(UserError, "nothing to charge"):
            repair.action_send_quote()
        self.assertEqual(repair.quote_state, "none")


@tagged("post_install", "-at_install")
class TestTransitionTable(AftersalesCommon):
    """The table is an extension point: bridges add to it with ``super()``, and the registry refuses an
    action that misses one of its pieces."""

    def test_table_extended_with_super(self):
        Request = type(self.env["aftersales.request"])
        original = Request._get_transitions

        def with_more_states(self):
            table = original(self)
            return {**table, "cancel": (*table["cancel"], "resolved")}

        with patch.object(Request, "_get_transitions", with_more_states):
            request = self.env["aftersales.request"].create(self._complete_request_vals())
            request.write({"state": "resolved"})
            self.assertTrue(request.can_cancel, "the extended table drives the button")
            self.assertTrue(request.action_cancel())
        self.assertEqual(request.state, "cancelled")

    def test_incomplete_table_refused(self):
        Request = type(self.env["aftersales.request"])
        original = Request._get_transitions
        with patch.object(Request, "_get_transitions", lambda self: {**original(self), "teleport": ("new",)}):
            with self.assertRaisesText(UserError, "aftersales.request") as caught:
                self.env["aftersales.request"]._check_transition_table()
        for piece in ("can_teleport", "the label of teleport", "action_teleport", "_action_teleport"):
            self.assertIn(piece, str(caught.exception))
        self.assertTrue(self.env["aftersales.request"]._check_transition_table(), "the shipped table is complete")
