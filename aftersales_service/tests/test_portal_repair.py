import json
import logging
import re
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.account_payment.tests.common import AccountPaymentCommon

from .common import RepairCommon

_logger = logging.getLogger(__name__)

# A 1x1 PNG, as the signature widget sends it (base64, without the data URI prefix).
SIGNATURE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


class PortalRepairCommon(RepairCommon):
    """Two customers with a portal user each, and a sent quotation for each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.aftersales_quote_require_signature = True
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "Other Customer Ltd", "is_company": True, "email": "other@example.com", "lang": "en_US"}
        )
        cls.portal_a = new_test_user(
            cls.env, "rep_portal_a", password="rep_portal_a", groups="base.group_portal", name="Alice Portal"
        )
        cls.portal_a.partner_id.parent_id = cls.customer
        cls.portal_b = new_test_user(
            cls.env, "rep_portal_b", password="rep_portal_b", groups="base.group_portal", name="Bob Portal"
        )
        cls.portal_b.partner_id.parent_id = cls.customer_b
        cls.unit_b = cls.env["aftersales.equipment"].create(
            {
                "product_id": cls.device.id,
                "serial_number": "PC500-B",
                "partner_id": cls.customer_b.id,
                "purchase_date": fields.Date.today() - timedelta(days=800),
            }
        )

    def _quoted_repair(self, equipment=None, partner=None, **vals):
        repair = self._repair(equipment or self.unit_expired, **vals)
        if partner:
            repair.partner_id = partner
        repair.with_user(self.agent).write(
            {"inbound_carrier": "SF Express", "inbound_tracking_ref": "SF1234567890", "diagnostic_fee": 50.0}
        )
        repair.with_user(self.agent).action_receive()
        self._add_lines(repair)
        repair.with_user(self.agent).action_mark_quote_sent()
        return repair


@tagged("post_install", "-at_install")
class TestPortalRepair(PortalRepairCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.aftersales_repair_requires_payment = True

    def setUp(self):
        super().setUp()
        self.repair_a = self._quoted_repair()
        self.repair_b = self._quoted_repair(self.unit_b, partner=self.customer_b)
        self.repair_a._portal_ensure_token()
        self.repair_b._portal_ensure_token()

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _snapshot(self, repair):
        self.env.invalidate_all()
        return repair.read(["state", "quote_state", "signed_by", "signed_on", "quote_confirmation_ids", "line_ids"])[0]

    def _accept(self, repair, token=None, **params):
        url = f"/my/repairs/{repair.id}/accept"
        if token:
            url += f"?access_token={token}"
        return self.make_jsonrpc_request(url, params)

    def _csrf_token(self, repair, token=None):
        url = repair.access_url + (f"?access_token={token}" if token else "")
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _decline(self, repair, csrf_token, token=None, message="Too expensive, we buy a new unit."):
        url = f"/my/repairs/{repair.id}/decline" + (f"?access_token={token}" if token else "")
        data = {"decline_message": message}
        if csrf_token:
            data["csrf_token"] = csrf_token
        return self.url_open(url, data=data, allow_redirects=False)

    # ------------------------------------------------------------------
    # Home, list, search bar
    # ------------------------------------------------------------------

    def test_quotation_email_links_to_portal(self):
        body = self.env.ref("aftersales_service.mail_template_repair_quotation")._render_field(
            "body_html", self.repair_a.ids
        )[self.repair_a.id]
        self.assertIn(self.repair_a.get_portal_url().replace("&", "&amp;"), str(body))
        self.assertEqual(self.url_open(self.repair_a.get_portal_url()).status_code, 200)

    def test_preview_opens_the_portal_page(self):
        action = self.repair_a.action_preview()
        self.assertEqual(action["url"], self.repair_a.get_portal_url())

    def test_home_counters(self):
        """The /my tiles count the customer's repairs and the quotations waiting for them, no one else's."""
        self.authenticate("rep_portal_a", "rep_portal_a")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["aftersales_repair_count", "aftersales_repair_quote_count"]}
        )
        self.assertEqual(counters, {"aftersales_repair_count": 1, "aftersales_repair_quote_count": 1})
        self.repair_a.sudo().quote_validity_date = fields.Date.today() - timedelta(days=1)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["aftersales_repair_quote_count"]})
        self.assertEqual(counters, {"aftersales_repair_quote_count": 0}, "an expired quotation is not to review")
        home = self.url_open("/my")
        self.assertIn('href="/my/repairs"', home.text)
        self.assertIn('href="/my/repairs?filterby=to_review"', home.text)

    def test_list_shows_own_repairs_only(self):
        self.authenticate("rep_portal_a", "rep_portal_a")
        page = self.url_open("/my/repairs")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.repair_a.name, page.text)
        self.assertNotIn(self.repair_b.name, page.text)
        self.assertNotIn("PC500-B", page.text)

    def test_list_filters_and_search(self):
        self.authenticate("rep_portal_a", "rep_portal_a")
        done = self._repair(self.unit_in_warranty)
        done.sudo().state = "done"
        cases = {
            "filterby=open": ([self.repair_a], [done]),
            "filterby=closed": ([done], [self.repair_a]),
            "filterby=state_quoted": ([self.repair_a], [done]),
            "filterby=to_review": ([self.repair_a], [done]),
            "search_in=serial&search=PC500-OLD": ([self.repair_a], [done]),
            "search_in=tracking&search=SF12345": ([self.repair_a], [done]),
            "search_in=name&search=" + self.repair_a.name: ([self.repair_a], [done]),
            "sortby=name&filterby=all": ([self.repair_a, done], []),
        }
        for query, (shown, hidden) in cases.items():
            with self.subTest(query=query):
                page = self.url_open(f"/my/repairs?{query}")
                self.assertEqual(page.status_code, 200)
                for repair in shown:
                    self.assertIn(f'href="{repair.access_url}"', page.text)
                for repair in hidden:
                    self.assertNotIn(f'href="{repair.access_url}"', page.text)

    def test_list_unknown_keys_fall_back(self):
        """Keys outside the whitelists never reach the ORM: the defaults are used instead."""
        self.authenticate("rep_portal_a", "rep_portal_a")
        default = self.url_open("/my/repairs")
        for query in (
            "sortby=partner_id.name",
            "sortby=id;DROP TABLE aftersales_repair",
            "filterby=state_nonsense",
            "filterby=__class__",
            "sortby=x&filterby=y&search_in=z",
        ):
            with self.subTest(query=query):
                page = self.url_open(f"/my/repairs?{query}")
                self.assertEqual(page.status_code, 200)
                self.assertIn(f'href="{self.repair_a.access_url}"', page.text)
                self.assertNotIn(self.repair_b.name, page.text)
        self.assertIn("Newest", default.text)
        # An unknown search field searches everywhere the customer may search (not in partners).
        page = self.url_open("/my/repairs?search_in=partner_id&search=Other Customer")
        self.assertNotIn(self.repair_a.access_url, page.text)

    def test_list_query_count_is_flat(self):
        """The list reads a page of repairs in a constant number of queries (measured: 20 vs 80 rows)."""
        self.authenticate("rep_portal_a", "rep_portal_a")

        def make(count):
            repairs = self.env["aftersales.repair"].create(
                [
                    {
                        "partner_id": self.customer.id,
                        "equipment_id": self.unit_expired.id,
                        "team_id": self.team.id,
                        "received_date": fields.Datetime.now(),
                        "line_ids": [Command.create({"line_type": "part", "product_id": self.part.id})],
                    }
                    for _i in range(count)
                ]
            )
            self.env.flush_all()
            return repairs

        def measure():
            self.url_open("/my/repairs")  # warm the caches
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            page = self.url_open("/my/repairs")
            self.assertEqual(page.status_code, 200)
            return self.cr.sql_log_count - before, page.text.count('href="/my/repairs/')

        make(19)  # with repair_a: 20 rows
        queries_20, rows_20 = measure()
        make(60)
        queries_80, rows_80 = measure()
        self.assertEqual((rows_20, rows_80), (20, 80))
        _logger.info("Portal /my/repairs: %s queries for 20 rows, %s for 80 rows", queries_20, queries_80)
        self.assertLessEqual(queries_80, queries_20 + 2, f"20 rows: {queries_20} queries, 80 rows: {queries_80}")

    # ------------------------------------------------------------------
    # Repair page
    # ------------------------------------------------------------------

    def test_page_shows_receipt_warranty_lines_and_quotation(self):
        self.authenticate("rep_portal_a", "rep_portal_a")
        page = self.url_open(self.repair_a.access_url)
        self.assertEqual(page.status_code, 200)
        for text in ("SF Express", "SF1234567890", "Not covered by the warranty", "Main board", "Return courier"):
            self.assertIn(text, page.text)
        self.assertIn('id="aftersales_repair_tax_totals"', page.text)
        self.assertIn('<owl-component name="portal.signature_form"', page.text)
        self.assertIn(f"/my/repairs/{self.repair_a.id}/decline", page.text)
        self.assertIn("report_type=pdf", page.text)
        self.assertIn('id="discussion"', page.text)

    def test_page_access(self):
        """Another customer's repair, or no token, is refused without data; a token opens the page."""
        refused = self.url_open(self.repair_a.access_url, allow_redirects=False)
        self.assertEqual(refused.status_code, 303, "anonymous without token")
        self.assertNotIn(self.repair_a.name, refused.text)
        wrong = self.url_open(
            f"{self.repair_a.access_url}?access_token={self.repair_b.access_token}", allow_redirects=False
        )
        self.assertEqual(wrong.status_code, 303, "anonymous with another repair's token")
        page = self.url_open(f"{self.repair_a.access_url}?access_token={self.repair_a.access_token}")
        self.assertEqual(page.status_code, 200, "anonymous with the token")
        self.assertIn(self.repair_a.name, page.text)

        self.authenticate("rep_portal_b", "rep_portal_b")
        for url in (self.repair_a.access_url, f"{self.repair_a.access_url}?report_type=pdf"):
            with self.subTest(url=url):
                other = self.url_open(url, allow_redirects=False)
                self.assertEqual(other.status_code, 303)
                self.assertTrue(other.headers["Location"].endswith("/my"))
                self.assertNotIn(self.repair_a.name, other.text)
        missing = self.url_open("/my/repairs/999999999", allow_redirects=False)
        self.assertEqual(missing.status_code, 303)

    def test_quotation_pdf(self):
        response = self.url_open(
            f"{self.repair_a.access_url}?access_token={self.repair_a.access_token}&report_type=pdf&download=true"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", response.headers["Content-Disposition"])

    def test_page_in_customer_language_for_token_visitor(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", "aftersales_service")])._update_translations("zh_CN")
        self.customer.lang = "zh_CN"
        Repair = self.env["aftersales.repair"].with_context(lang="zh_CN")
        quoted = dict(Repair._fields["state"]._description_selection(Repair.env))["quoted"]
        self.assertNotEqual(quoted, "Quoted")
        page = self.url_open(f"{self.repair_a.access_url}?access_token={self.repair_a.access_token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(quoted, page.text)

    # ------------------------------------------------------------------
    # Accept
    # ------------------------------------------------------------------

    def test_accept_with_signature(self):
        self.authenticate("rep_portal_a", "rep_portal_a")
        result = self._accept(self.repair_a, name="Alice Portal", signature=SIGNATURE)
        self.assertTrue(result.get("force_refresh"), result)
        self.assertIn("message=accepted", result["redirect_url"])
        repair = self.repair_a
        self.env.invalidate_all()
        self.assertEqual((repair.state, repair.quote_state), ("approved", "accepted"))
        self.assertEqual(repair.signed_by, "Alice Portal")
        self.assertTrue(repair.signed_on and repair.signature)
        confirmation = repair.quote_confirmation_ids
        self.assertEqual(len(confirmation), 1)
        self.assertEqual((confirmation.res_model, confirmation.res_id), ("aftersales.repair", repair.id))
        self.assertEqual(confirmation.mimetype, "application/pdf")
        message = repair.message_ids.filtered(lambda m: confirmation in m.attachment_ids)
        self.assertEqual(
            (message.author_id, message.message_type),
            (repair.company_id.partner_id, "notification"),
            "a notification of the company: nobody edits it, the customer cannot delete its attachment",
        )
        self.assertIn("signed online by Alice Portal", message.body)
        page = self.url_open(result["redirect_url"])
        self.assertIn("The quotation is accepted", page.text)
        self.assertNotIn(f"/my/repairs/{repair.id}/decline", page.text, "no more accept/decline once accepted")

    def test_accept_by_click_when_no_signature_required(self):
        """Without online signature, the customer who came by the emailed link accepts with their name only."""
        self.repair_a.sudo().require_signature = False
        result = self._accept(self.repair_a, token=self.repair_a.access_token, name="Li Wei")
        self.assertTrue(result.get("force_refresh"), result)
        self.env.invalidate_all()
        self.assertEqual(self.repair_a.quote_state, "accepted")
        self.assertEqual(self.repair_a.signed_by, "Li Wei")
        self.assertFalse(self.repair_a.signature)
        self.assertTrue(self.repair_a.quote_confirmation_ids)
        message = self.repair_a.message_ids.filtered(lambda m: "accepted online by Li Wei" in (m.body or ""))
        self.assertEqual(message.message_type, "notification")

    @mute_logger("odoo.http")
    def test_accepted_evidence_survives_the_customer(self):
        self.authenticate("rep_portal_a", "rep_portal_a")
        self._accept(self.repair_a, name="Alice Portal", signature=SIGNATURE)
        self.env.invalidate_all()
        evidence = self.repair_a.quote_confirmation_ids
        self.assertEqual(len(evidence), 1)
        # The chatter's own route lets a portal author delete the attachments of their messages: not this one.
        response = self.url_open(
            "/mail/attachment/delete",
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": {"attachment_id": evidence.id}}),
            headers={"Content-Type": "application/json"},
        )
        self.assertTrue(response.status_code != 200 or "error" in response.json(), response.text)
        self.assertTrue(evidence.exists())
        # Nobody deletes or replaces it, staff included; the signature stays on the order.
        with self.assertRaisesText(UserError, "evidence of the accepted quotation"):
            evidence.unlink()
        with self.assertRaisesText(UserError, "evidence of the accepted quotation"):
            evidence.write({"raw": b"%PDF-1.4 forged"})
        self.assertTrue(self.repair_a.signature)
        # A second acceptance without a new quotation is refused.
        result = self._accept(self.repair_a, name="Mallory", signature=SIGNATURE)
        self.assertEqual(result, {"error": "This quotation is no longer open for acceptance."})

    def test_accept_refused(self):
        """Another customer's, a wrong-state or expired quotation, or missing data: refused, nothing changed."""
        self.authenticate("rep_portal_a", "rep_portal_a")
        before_b = self._snapshot(self.repair_b)
        result = self._accept(self.repair_b, name="Alice Portal", signature=SIGNATURE)
        self.assertEqual(result, {"error": "Invalid repair order."})
        result = self._accept(self.repair_b, token="not-the-token", name="Alice Portal", signature=SIGNATURE)
        self.assertIn("error", result)
        self.assertEqual(self._snapshot(self.repair_b), before_b)

        before_a = self._snapshot(self.repair_a)
        result = self._accept(self.repair_a, name="Alice Portal")
        self.assertEqual(result, {"error": "Signature is missing."})
        result = self._accept(self.repair_a, name="", signature=SIGNATURE)
        self.assertIn("error", result)
        result = self._accept(self.repair_a, name="Alice Portal", signature="not an image")
        self.assertEqual(result, {"error": "Invalid signature data."})
        self.assertEqual(self._snapshot(self.repair_a), before_a)

        self.repair_a.sudo().quote_validity_date = fields.Date.today() - timedelta(days=1)
        before_a = self._snapshot(self.repair_a)
        result = self._accept(self.repair_a, name="Alice Portal", signature=SIGNATURE)
        self.assertEqual(result, {"error": "This quotation is no longer open for acceptance."})
        self.assertEqual(self._snapshot(self.repair_a), before_a)

        received = self._repair(self.unit_expired)
        received.with_user(self.agent).action_receive()
        before = self._snapshot(received)
        result = self._accept(received, name="Alice Portal", signature=SIGNATURE)
        self.assertIn("error", result)
        self.assertEqual(self._snapshot(received), before)

        self.authenticate(None, None)
        result = self._accept(self.repair_a, name="Anonymous", signature=SIGNATURE)
        self.assertEqual(result, {"error": "Invalid repair order."}, "anonymous without token")

    def test_accept_get_changes_nothing(self):
        self.authenticate("rep_portal_a", "rep_portal_a")
        before = self._snapshot(self.repair_a)
        for url in (f"/my/repairs/{self.repair_a.id}/accept", f"/my/repairs/{self.repair_a.id}/decline"):
            with self.subTest(url=url):
                response = self.url_open(url, allow_redirects=False)
                self.assertGreaterEqual(response.status_code, 400)
        self.url_open(self.repair_a.access_url)
        self.assertEqual(self._snapshot(self.repair_a), before)

    def test_rpc_accept_refused(self):
        """Portal users only read repairs: the model's action is refused over /web/dataset/call_kw."""
        self._attach_confirmation(self.repair_a)
        self.authenticate("rep_portal_a", "rep_portal_a")
        before = self._snapshot(self.repair_a)
        for method in ("action_accept_quote", "action_decline_quote", "write"):
            args = [[self.repair_a.id], {"signed_by": "x"}] if method == "write" else [[self.repair_a.id]]
            with self.subTest(method=method), self.assertRaises(JsonRpcException) as caught:
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {"model": "aftersales.repair", "method": method, "args": args, "kwargs": {}},
                )
            self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")
        self.assertEqual(self._snapshot(self.repair_a), before)

    # ------------------------------------------------------------------
    # Decline
    # ------------------------------------------------------------------

    def test_decline_with_reason(self):
        self.authenticate("rep_portal_a", "rep_portal_a")
        csrf = self._csrf_token(self.repair_a)
        response = self._decline(self.repair_a, csrf, message="Too expensive <b>really</b>")
        self.assertEqual(response.status_code, 303)
        self.assertIn("message=declined", response.headers["Location"])
        self.env.invalidate_all()
        self.assertEqual((self.repair_a.state, self.repair_a.quote_state), ("repaired", "declined"))
        fee = self.repair_a.line_ids.filtered("is_diagnostic_fee")
        self.assertEqual(fee.price_unit, 50.0)
        message = self.repair_a.message_ids.filtered(lambda m: "Too expensive" in (m.body or ""))
        self.assertEqual(message.author_id, self.portal_a.partner_id)
        self.assertIn("Too expensive &lt;b&gt;really&lt;/b&gt;", message.body, "the reason is text, not HTML")

    def test_decline_by_token_visitor(self):
        token = self.repair_a.access_token
        csrf = self._csrf_token(self.repair_a, token)
        response = self._decline(self.repair_a, csrf, token=token)
        self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        self.assertEqual(self.repair_a.quote_state, "declined")

    def test_decline_refused(self):
        self.authenticate("rep_portal_a", "rep_portal_a")
        csrf = self._csrf_token(self.repair_a)
        before_b = self._snapshot(self.repair_b)
        response = self._decline(self.repair_b, csrf)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))
        self.assertEqual(self._snapshot(self.repair_b), before_b, "another customer's quotation")

        before_a = self._snapshot(self.repair_a)
        response = self._decline(self.repair_a, None)
        self.assertIn(response.status_code, (400, 403), "no CSRF token")
        response = self._decline(self.repair_a, csrf, message="   ")
        self.assertIn("message=cant_decline", response.headers["Location"], "no reason")
        self.repair_a.sudo().quote_validity_date = fields.Date.today() - timedelta(days=1)
        before_a = self._snapshot(self.repair_a)
        response = self._decline(self.repair_a, csrf)
        self.assertIn("message=cant_decline", response.headers["Location"], "expired")
        self.assertEqual(self._snapshot(self.repair_a), before_a)

    # ------------------------------------------------------------------
    # Chatter
    # ------------------------------------------------------------------

    def _post(self, repair, body, **kwargs):
        return self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "aftersales.repair",
                "thread_id": repair.id,
                "post_data": {"body": body, "message_type": "comment", "subtype_xmlid": "mail.mt_comment"},
                **kwargs,
            },
        )

    def test_chatter(self):
        """The customer reads and posts; internal notes stay internal; another customer cannot post."""
        self.repair_a.with_user(self.agent).message_post(
            body="Internal: board is water damaged", subtype_xmlid="mail.mt_note"
        )
        self.repair_a.with_user(self.agent).message_post(
            body="Public: we received your device", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.authenticate("rep_portal_a", "rep_portal_a")
        page = self.url_open(self.repair_a.access_url)
        token = re.search(r'data-token="([^"]+)"', page.text).group(1)
        self.assertEqual(token, self.repair_a.access_token)
        self._post(self.repair_a, "Please hurry", token=token)
        self.env.invalidate_all()
        self.assertTrue(self.repair_a.message_ids.filtered(lambda m: "Please hurry" in (m.body or "")))
        fetched = str(
            self.make_jsonrpc_request(
                "/mail/chatter_fetch",
                {"thread_model": "aftersales.repair", "thread_id": self.repair_a.id, "token": token},
            )
        )
        self.assertIn("we received your device", fetched)
        self.assertIn("Please hurry", fetched)
        self.assertNotIn("water damaged", fetched)

        self.authenticate("rep_portal_b", "rep_portal_b")
        for kwargs in ({}, {"token": self.repair_b.access_token}, {"token": "wrong"}):
            with self.subTest(kwargs=kwargs), self.assertRaises(JsonRpcException):
                self._post(self.repair_a, "Intruder", **kwargs)
        self.env.invalidate_all()
        self.assertFalse(self.repair_a.message_ids.filtered(lambda m: "Intruder" in (m.body or "")))

    # ------------------------------------------------------------------
    # Invoices
    # ------------------------------------------------------------------

    def test_invoices_link_to_their_portal_page(self):
        """Only the posted invoices of the customer are listed, each linking to its own portal page."""
        self._attach_confirmation(self.repair_a)
        self.repair_a.with_user(self.agent).action_accept_quote()
        self.repair_a.with_user(self.agent).action_create_invoice()
        invoice = self.env["account.move"].browse(self.repair_a.sudo().invoice_ids.ids)
        draft_other = invoice.copy({"partner_id": self.customer_b.id, "aftersales_repair_id": self.repair_a.id})
        self.authenticate("rep_portal_a", "rep_portal_a")
        page = self.url_open(self.repair_a.access_url)
        self.assertNotIn("o_aftersales_repair_invoice", page.text, "a draft invoice is not shown")

        invoice.action_post()
        other = draft_other.copy({"partner_id": self.customer_b.id, "aftersales_repair_id": self.repair_a.id})
        other.action_post()
        page = self.url_open(self.repair_a.access_url)
        self.assertEqual(page.text.count("o_aftersales_repair_invoice"), 1)
        self.assertIn(invoice.name, page.text)
        self.assertNotIn(other.name, page.text, "another customer's invoice linked to the repair is not shown")
        link = re.search(r'href="(/my/invoices/%d\?access_token=[^"]+)"' % invoice.id, page.text.replace("&amp;", "&"))
        self.assertTrue(link)
        self.assertIn("o_aftersales_repair_pay", page.text)
        invoice_page = self.url_open(link.group(1))
        self.assertEqual(invoice_page.status_code, 200)
        self.assertIn(invoice.name, invoice_page.text)

    # ------------------------------------------------------------------
    # Tour
    # ------------------------------------------------------------------

    def test_portal_sign_tour(self):
        self.start_tour("/my/repairs", "aftersales_portal_sign_tour", login="rep_portal_a")
        self.env.invalidate_all()
        self.assertEqual((self.repair_a.state, self.repair_a.quote_state), ("approved", "accepted"))
        self.assertEqual(self.repair_a.signed_by, "Alice Portal")
        self.assertTrue(self.repair_a.signature)
        self.assertTrue(self.repair_a.quote_confirmation_ids)


@tagged("post_install", "-at_install")
class TestPortalRepairPayment(PortalRepairCommon, AccountPaymentCommon):
    """The customer pays the repair's invoice online (payment test helpers, dummy provider)."""

    def test_paid_online(self):
        self.env.company.aftersales_repair_requires_payment = True
        repair = self._quoted_repair()
        self._attach_confirmation(repair)
        repair.with_user(self.agent).action_accept_quote()
        repair.with_user(self.agent).action_create_invoice()
        invoice = self.env["account.move"].browse(repair.sudo().invoice_ids.ids)
        invoice.action_post()
        self.assertEqual(repair.payment_state, "not_paid")
        self.assertFalse(repair.can_start_repair)

        tx = self._create_transaction(
            "redirect",
            reference=f"{invoice.name}-portal",
            amount=invoice.amount_residual,
            currency_id=invoice.currency_id.id,
            partner_id=invoice.partner_id.id,
            invoice_ids=[Command.set(invoice.ids)],
        )
        tx._set_done()
        tx._post_process()

        self.assertTrue(tx.payment_id)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(repair.payment_state, "paid")
        self.assertTrue(repair.can_start_repair)
        repair.with_user(self.agent).action_start_repair()
        self.assertEqual(repair.state, "in_repair")
