import re

import requests

from odoo.exceptions import UserError
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

from .common import AftersalesCommon


class PortalRequestCommon(AftersalesCommon, HttpCase):
    """Two customers with a portal user each, their units and requests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.aftersales_tier = "standard"
        cls.portal_a = new_test_user(
            cls.env, "as_portal_a", groups="base.group_portal", name="Portal Alice", email="alice@example.com"
        )
        cls.portal_a.partner_id.write({"parent_id": cls.key_account.id, "phone": "+86 20 5555 0101"})
        cls.portal_a.tz = "Asia/Shanghai"
        cls.portal_b = new_test_user(
            cls.env, "as_portal_b", groups="base.group_portal", name="Portal Bob", email="bob@example.com"
        )
        cls.portal_b.partner_id.parent_id = cls.customer
        cls.equipment.serial_number = "PTOUR-0001"
        cls.equipment_b = cls.env["aftersales.equipment"].create(
            {
                "product_id": cls.product.id,
                "serial_number": "SECRET-B-0001",
                "partner_id": cls.customer.id,
                "purchase_date": "2025-01-10",
            }
        )
        Request = cls.env["aftersales.request"]
        cls.request_a = Request.create(cls._complete_request_vals(subject="Alice screen flickers"))
        cls.repair_a = cls.env["aftersales.repair"].browse(cls.request_a.action_create_repair()["res_id"])
        cls.request_b = Request.create(
            cls._complete_request_vals(
                subject="Bob confidential fault",
                partner_id=cls.customer.id,
                equipment_id=cls.equipment_b.id,
            )
        )
        cls.request_b._portal_ensure_token()
        cls.request_a._portal_ensure_token()
        cls.not_serviceable = cls.env["product.product"].create(
            {"name": "Office chair", "aftersales_serviceable": False}
        )

    def _csrf_token(self):
        page = self.url_open("/my/requests/new")
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _form(self, **overrides):
        data = {
            "csrf_token": self._csrf_token(),
            "request_type": "repair",
            "subject": "Keeps rebooting",
            "equipment_id": str(self.equipment.id),
            "description": "Reboots every 10 minutes.\nLog attached.",
            "phone": "+86 20 5555 0101",
            "contact_address": "2 Tianhe Road, 广州",
        }
        data.update(overrides)
        return data

    def _submit(self, data, files=None):
        return self.url_open("/my/requests/new", data=data, files=files, allow_redirects=False)

    def _portal_requests(self, partner):
        return self.env["aftersales.request"].search([("partner_id", "=", partner.id), ("channel", "=", "portal")])

    def _assert_refused(self, response):
        """Refused: sent back to /my (the login page for a visitor), no data shown."""
        self.assertIn(response.status_code, (302, 303, 403, 404), response.url)
        if response.status_code in (302, 303):
            self.assertRegex(response.headers["Location"], r"/(my|web/login)")


# The first bytes of a JPEG picture.
JPEG = b"\xff\xd8\xff\xe0 jpeg"


@tagged("post_install", "-at_install")
class TestPortalRequest(PortalRequestCommon):
    # ------------------------------------------------------------------
    # Home, lists
    # ------------------------------------------------------------------

    def test_home_counters(self):
        self.authenticate("as_portal_a", "as_portal_a")
        home = self.url_open("/my")
        self.assertEqual(home.status_code, 200)
        self.assertIn('data-placeholder_count="aftersales_request_count"', home.text)
        self.assertIn('data-placeholder_count="aftersales_equipment_count"', home.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["aftersales_request_count", "aftersales_equipment_count"]}
        )
        self.assertEqual(counters, {"aftersales_request_count": 1, "aftersales_equipment_count": 1})

    def test_request_list_sort_filter_search(self):
        extra = self.env["aftersales.request"].create(
            self._complete_request_vals(subject="Alice second request", request_type="consultation")
        )
        extra.action_resolve()
        self.authenticate("as_portal_a", "as_portal_a")
        page = self.url_open("/my/requests")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.request_a.name, page.text)
        self.assertIn(extra.name, page.text)
        self.assertNotIn(self.request_b.name, page.text)

        page = self.url_open("/my/requests?filterby=open")
        self.assertIn(self.request_a.name, page.text)
        self.assertNotIn(extra.name, page.text)
        page = self.url_open("/my/requests?filterby=closed")
        self.assertNotIn(self.request_a.name, page.text)
        self.assertIn(extra.name, page.text)
        page = self.url_open("/my/requests?filterby=state_resolved&sortby=state")
        self.assertIn(extra.name, page.text)
        self.assertNotIn(self.request_a.name, page.text)
        page = self.url_open("/my/requests?search_in=name&search=second")
        self.assertIn(extra.name, page.text)
        self.assertNotIn(self.request_a.name, page.text)
        page = self.url_open("/my/requests?search_in=product&search=DL-200")
        self.assertIn(self.request_a.name, page.text)
        self.assertNotIn(self.request_b.name, page.text, "the product of another customer's request")
        page = self.url_open("/my/requests?search_in=serial&search=PTOUR")
        self.assertIn(self.request_a.name, page.text)

    def test_unknown_keys_fall_back(self):
        self.authenticate("as_portal_a", "as_portal_a")
        for query in (
            "sortby=id%3Bdrop%20table%20res_users",
            "sortby=partner_id",
            "filterby=__all__",
            "filterby=state_nonsense",
            "search_in=partner_id&search=Beijing",
            "search_in=id&search=1",
        ):
            with self.subTest(query=query):
                page = self.url_open(f"/my/requests?{query}")
                self.assertEqual(page.status_code, 200)
                self.assertNotIn(self.request_b.name, page.text)
        page = self.url_open("/my/requests?sortby=nope&filterby=nope")
        self.assertIn(self.request_a.name, page.text, "fell back to all requests, newest first")
        page = self.url_open("/my/equipment?sortby=nope&filterby=nope&search_in=nope&search=PTOUR")
        self.assertEqual(page.status_code, 200)
        self.assertIn("PTOUR-0001", page.text, "an unknown search field falls back to searching everywhere")

    def test_paging(self):
        self.env["aftersales.request"].create(
            [self._complete_request_vals(subject=f"Bulk {i}", request_type="consultation") for i in range(85)]
        )
        self.authenticate("as_portal_a", "as_portal_a")
        page = self.url_open("/my/requests/page/2")
        self.assertEqual(page.status_code, 200)
        self.assertEqual(len(re.findall(r'href="/my/requests/\d+"', page.text)), 6, "86 requests: 6 on page 2")
        self.assertIn("/my/requests?", page.text, "pager link back to the first page")

    def test_equipment_list_and_page(self):
        self.authenticate("as_portal_a", "as_portal_a")
        page = self.url_open("/my/equipment?filterby=in_warranty&sortby=product")
        self.assertEqual(page.status_code, 200)
        page = self.url_open("/my/equipment")
        self.assertIn("PTOUR-0001", page.text)
        self.assertNotIn("SECRET-B-0001", page.text)
        page = self.url_open(f"/my/equipment/{self.equipment.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Data Logger DL-200", page.text)
        self.assertIn("PTOUR-0001", page.text)
        self.assertIn("03/14/2026", page.text, "warranty end")
        self.assertIn(self.request_a.name, page.text)
        self.assertIn(f"/my/repairs/{self.repair_a.id}", page.text)

    # ------------------------------------------------------------------
    # Request page
    # ------------------------------------------------------------------

    def _running_clock(self, xmlid, deadline):
        """A running clock of policy ``xmlid`` on request A, counted on Beijing working hours."""
        calendar = self.env["resource.calendar"].create({"name": "Beijing hours", "tz": "Asia/Shanghai"})
        return (
            self.env["aftersales.sla.clock"]
            .sudo()
            .create(
                {
                    "policy_id": self.env.ref(f"aftersales_service.{xmlid}").id,
                    "res_model": "aftersales.request",
                    "res_id": self.request_a.id,
                    "calendar_id": calendar.id,
                    "target_hours": 8.0,
                    "start_date": "2030-01-04 01:00:00",
                    "running_since": "2030-01-04 01:00:00",
                    "deadline": deadline,
                }
            )
        )

    def test_request_page(self):
        self.request_a.sudo().sla_clock_ids.unlink()
        # Monday 7 January 2030, 02:00 UTC: 10:00 in Beijing. The escalation to a project manager falls due
        # first, but it is an internal target: the customer sees the reply promised to them.
        self._running_clock("sla_policy_first_reply", "2030-01-07 02:00:00")
        self._running_clock("sla_policy_escalation", "2030-01-04 03:00:00")
        state, messages = self.request_a.state, len(self.request_a.message_ids)
        self.authenticate("as_portal_a", "as_portal_a")
        page = self.url_open(f"/my/requests/{self.request_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Alice screen flickers", page.text)
        self.assertIn("Reply by", page.text)
        self.assertIn("01/07/2030 10:00:00", page.text, "the promised deadline in the team calendar's time zone")
        self.assertIn("(Beijing Time)", page.text)
        self.assertNotIn("01/04/2030 11:00:00", page.text, "no internal escalation target")
        self.assertIn(f'href="/my/repairs/{self.repair_a.id}"', page.text)
        self.assertIn('id="discussion"', page.text)
        self.assertIn('data-res_model="aftersales.request"', page.text)
        self.assertIn(f'data-token="{self.request_a.access_token}"', page.text, "the customer can post")
        self.assertEqual(self.request_a.state, state, "no state change on GET")
        self.assertEqual(len(self.request_a.message_ids), messages, "nothing logged on GET")

    def test_anonymous_with_and_without_token(self):
        self._assert_refused(self.url_open(f"/my/requests/{self.request_a.id}", allow_redirects=False))
        self._assert_refused(
            self.url_open(f"/my/requests/{self.request_a.id}?access_token=wrong", allow_redirects=False)
        )
        self._assert_refused(
            self.url_open(
                f"/my/requests/{self.request_a.id}?access_token={self.request_b.access_token}", allow_redirects=False
            )
        )
        page = self.url_open(f"/my/requests/{self.request_a.id}?access_token={self.request_a.access_token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Alice screen flickers", page.text)
        self.assertNotIn("/my/repairs/", page.text, "the token opens the request, not its repair orders")
        for url in ("/my/requests", "/my/equipment", "/my/requests/new"):
            with self.subTest(url=url):
                self._assert_refused(self.url_open(url, allow_redirects=False))
        self._assert_refused(self.url_open(f"/my/equipment/{self.equipment.id}", allow_redirects=False))

    def test_other_customer_by_id_and_token(self):
        self.authenticate("as_portal_b", "as_portal_b")
        self._assert_refused(self.url_open(f"/my/requests/{self.request_a.id}", allow_redirects=False))
        self._assert_refused(
            self.url_open(f"/my/requests/{self.request_a.id}?access_token=wrong", allow_redirects=False)
        )
        self._assert_refused(
            self.url_open(
                f"/my/requests/{self.request_a.id}?access_token={self.request_b.access_token}", allow_redirects=False
            )
        )
        self._assert_refused(self.url_open(f"/my/equipment/{self.equipment.id}", allow_redirects=False))
        self._assert_refused(self.url_open("/my/requests/999999999", allow_redirects=False))

    def test_wrong_customer_walks_every_route(self):
        """Customer B visits every route with A's ids: nothing of A shows."""
        self.authenticate("as_portal_b", "as_portal_b")
        secrets = [self.request_a.name, "Alice screen flickers", "PTOUR-0001", self.repair_a.name]
        routes = [
            "/my",
            "/my/requests",
            "/my/requests/page/2",
            f"/my/requests?search=Alice&search_in=all&filterby=all&sortby=name&requests_id={self.request_a.id}",
            f"/my/requests/{self.request_a.id}",
            f"/my/requests/{self.request_a.id}?access_token=wrong",
            f"/my/requests/new?equipment_id={self.equipment.id}",
            "/my/equipment",
            "/my/equipment/page/2",
            "/my/equipment?search=PTOUR",
            f"/my/equipment/{self.equipment.id}",
            f"/my/equipment/{self.equipment.id}?access_token=wrong",
        ]
        for route in routes:
            with self.subTest(route=route):
                response = self.url_open(route)
                self.assertIn(response.status_code, (200, 403, 404))
                for secret in secrets:
                    self.assertNotIn(secret, response.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["aftersales_request_count", "aftersales_equipment_count"]}
        )
        self.assertEqual(counters, {"aftersales_request_count": 1, "aftersales_equipment_count": 1})

    # ------------------------------------------------------------------
    # Chatter and RPC
    # ------------------------------------------------------------------

    def _assert_rpc_refused(self, call, *args, **kwargs):
        try:
            call(*args, **kwargs)
        except (JsonRpcException, requests.HTTPError):
            return
        self.fail("the call went through")

    def _post(self, record, body, **kwargs):
        return self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": record._name,
                "thread_id": record.id,
                "post_data": {"body": body, "message_type": "comment", "subtype_xmlid": "mail.mt_comment"},
                **kwargs,
            },
        )

    @mute_logger("odoo.http")
    def test_chatter_refused_on_another_customers_request(self):
        self.authenticate("as_portal_b", "as_portal_b")
        for kwargs in ({}, {"token": "wrong"}, {"token": self.request_b.access_token}):
            with self.subTest(kwargs=kwargs):
                self._assert_rpc_refused(self._post, self.request_a, "Intruder message", **kwargs)
        response = self.url_open(
            "/mail/attachment/upload",
            data={
                "csrf_token": self._csrf_token(),
                "thread_model": "aftersales.request",
                "thread_id": str(self.request_a.id),
            },
            files={"ufile": ("intruder.txt", b"intruder", "text/plain")},
        )
        self.assertEqual(response.status_code, 404)
        self._assert_rpc_refused(
            self.make_jsonrpc_request,
            "/mail/chatter_fetch",
            {"thread_model": "aftersales.request", "thread_id": self.request_a.id, "token": "wrong"},
        )
        self.assertFalse(self.request_a.message_ids.filtered(lambda m: "Intruder" in (m.body or "")))
        self.assertFalse(self.env["ir.attachment"].search([("name", "=", "intruder.txt")]))

    def test_chatter_customer_posts_internal_notes_stay_internal(self):
        self.request_a.with_user(self.agent).message_post(
            body="Internal: customer is difficult", subtype_xmlid="mail.mt_note"
        )
        self.request_a.with_user(self.agent).message_post(
            body="Dear customer, please send a photo", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.authenticate("as_portal_a", "as_portal_a")
        self._post(self.request_a, "Here is the photo", token=self.request_a.access_token)
        message = self.request_a.message_ids.filtered(lambda m: "Here is the photo" in (m.body or ""))
        self.assertEqual(message.author_id, self.portal_a.partner_id)
        result = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {
                "thread_model": "aftersales.request",
                "thread_id": self.request_a.id,
                "token": self.request_a.access_token,
            },
        )
        bodies = str(result)
        self.assertIn("please send a photo", bodies)
        self.assertIn("Here is the photo", bodies)
        self.assertNotIn("customer is difficult", bodies)

    @mute_logger("odoo.http")
    def test_portal_user_cannot_call_actions(self):
        self.authenticate("as_portal_a", "as_portal_a")
        for method in ("action_escalate", "action_cancel", "write"):
            args = [[self.request_a.id]] + ([{"state": "closed"}] if method == "write" else [])
            with self.subTest(method=method), self.assertRaises(JsonRpcException) as caught:
                self.make_jsonrpc_request(
                    f"/web/dataset/call_kw/aftersales.request/{method}",
                    {"model": "aftersales.request", "method": method, "args": args, "kwargs": {}},
                )
            self.assertIn("AccessError", str(caught.exception))
        self.assertEqual(self.request_a.state, "new")

    # ------------------------------------------------------------------
    # New request
    # ------------------------------------------------------------------

    def test_form_prefilled(self):
        self.authenticate("as_portal_a", "as_portal_a")
        page = self.url_open("/my/requests/new")
        self.assertEqual(page.status_code, 200)
        self.assertIn('value="+86 20 5555 0101"', page.text)
        self.assertIn('value="China, 广东省 深圳 科技园南区 8 号"', page.text, "the company's address, cleaned")
        self.assertIn("PTOUR-0001", page.text)
        self.assertNotIn("SECRET-B-0001", page.text)
        self.assertIn("Data Logger DL-200", page.text)
        self.assertNotIn("Office chair", page.text, "only serviceable products")

    def test_submit_repair_request(self):
        self.authenticate("as_portal_a", "as_portal_a")
        data = self._form(partner_id=str(self.customer.id), channel="phone", user_id=str(self.agent.id))
        files = [
            ("attachments", ("front.jpg", JPEG, "image/jpeg")),
            ("attachments", ("log.txt", b"reboot log", "text/plain")),
        ]
        response = self._submit(data, files)
        self.assertEqual(response.status_code, 303)
        new = self._portal_requests(self.portal_a.partner_id)
        self.assertEqual(len(new), 1)
        self.assertTrue(response.headers["Location"].endswith(f"/my/requests/{new.id}"))
        self.assertEqual(new.partner_id, self.portal_a.partner_id, "the logged-in customer, never a form's partner")
        self.assertEqual(new.channel, "portal")
        self.assertEqual(new.request_type, "repair")
        self.assertEqual(new.equipment_id, self.equipment)
        self.assertEqual(new.product_id, self.product)
        self.assertFalse(new.user_id)
        self.assertEqual(new.priority, "1", "key account priority, as for any request")
        self.assertTrue(new.team_id, "routed")
        self.assertIn("Log attached.", new.description)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "aftersales.request"), ("res_id", "=", new.id)]
        )
        self.assertEqual(sorted(attachments.mapped("name")), ["front.jpg", "log.txt"])
        self.assertEqual({a.name: a.raw for a in attachments}, {"front.jpg": JPEG, "log.txt": b"reboot log"})
        posted = new.message_ids.filtered("attachment_ids")
        self.assertEqual(posted.attachment_ids, attachments)
        self.assertEqual(posted.author_id, self.portal_a.partner_id)
        self.assertTrue(new.access_token, "the customer's chatter posts with it")
        self.assertFalse(self._portal_requests(self.customer))

    def test_form_submitted_twice_opens_one_request(self):
        """A double click, or a retry after a lost answer, sends the same form again: one request, files once."""
        self.authenticate("as_portal_a", "as_portal_a")
        page = self.url_open("/my/requests/new")
        reference = re.search(r'name="client_reference" value="([^"]+)"', page.text).group(1)
        data = self._form(client_reference=reference)
        files = [("attachments", ("front.jpg", JPEG, "image/jpeg"))]
        first, second = self._submit(data, files), self._submit(data, files)
        new = self._portal_requests(self.portal_a.partner_id)
        self.assertEqual(len(new), 1)
        self.assertEqual(first.headers["Location"], second.headers["Location"])
        self.assertEqual(len(new.message_ids.attachment_ids), 1)
        # Another customer sending the same form id opens their own request, never reaches this one.
        self.authenticate("as_portal_b", "as_portal_b")
        data_b = self._form(client_reference=reference, equipment_id=str(self.equipment_b.id))
        self.assertNotEqual(self._submit(data_b).headers["Location"], first.headers["Location"])
        self.assertEqual(len(self._portal_requests(self.portal_b.partner_id)), 1)
        self.assertNotIn(self.portal_b.partner_id, new.message_partner_ids)

    def test_submit_with_product_and_purchase_date(self):
        self.authenticate("as_portal_a", "as_portal_a")
        data = self._form(equipment_id="", product_id=str(self.product.id), purchase_date="2024-05-01")
        self.assertEqual(self._submit(data).status_code, 303)
        new = self._portal_requests(self.portal_a.partner_id)
        self.assertEqual((new.product_id, str(new.purchase_date)), (self.product, "2024-05-01"))
        self.assertFalse(new.equipment_id)

    def test_submit_complaint(self):
        self.authenticate("as_portal_a", "as_portal_a")
        page = self._submit(self._form(request_type="complaint", equipment_id=""))
        self.assertEqual(page.status_code, 200)
        self.assertIn("Choose what your complaint is about.", page.text)
        self.assertFalse(self._portal_requests(self.portal_a.partner_id))
        data = self._form(request_type="complaint", complaint_category_id=str(self.cat_packaging.id))
        self.assertEqual(self._submit(data).status_code, 303)
        new = self._portal_requests(self.portal_a.partner_id)
        self.assertEqual(new.complaint_category_id, self.cat_packaging)
        self.assertEqual(new.team_id, self.team_logistics, "routed by category")

    def test_submit_refuses_bad_input_and_keeps_values(self):
        self.authenticate("as_portal_a", "as_portal_a")
        cases = [
            ({"equipment_id": str(self.equipment_b.id)}, "Choose one of your own units."),
            ({"equipment_id": "1 OR 1=1"}, "Choose one of your own units."),
            (
                {"equipment_id": "", "product_id": str(self.not_serviceable.id)},
                "Choose one of the products we service.",
            ),
            ({"equipment_id": ""}, "Choose your unit, or the product and its purchase date."),
            (
                {"equipment_id": "", "product_id": str(self.product.id), "purchase_date": "2999-01-01"},
                "The purchase date cannot be in the future.",
            ),
            ({"request_type": "invoice"}, "Choose the type of your request."),
            ({"description": "  "}, "Describe the fault and its symptoms"),
            ({"phone": ""}, "Give a phone number"),
        ]
        for overrides, error in cases:
            with self.subTest(overrides=overrides):
                page = self._submit(self._form(subject="Kept subject", **overrides))
                self.assertEqual(page.status_code, 200)
                self.assertIn(error, page.text)
                self.assertIn('value="Kept subject"', page.text)
                self.assertNotIn("SECRET-B-0001", page.text)
        self.assertFalse(self._portal_requests(self.portal_a.partner_id))
        self.assertFalse(self.env["aftersales.request"].search([("subject", "=", "Kept subject")]))

    def test_submit_refuses_too_many_or_too_large_files(self):
        self.authenticate("as_portal_a", "as_portal_a")
        too_many = [("attachments", (f"photo{i}.jpg", JPEG, "image/jpeg")) for i in range(11)]
        page = self._submit(self._form(), too_many)
        self.assertEqual(page.status_code, 200)
        self.assertIn("You sent 11 files: at most 10 files can be joined to a request.", page.text)
        too_large = [("attachments", ("video.mp4", b"0" * (10 * 1024 * 1024 + 1), "video/mp4"))]
        page = self._submit(self._form(), too_large)
        self.assertEqual(page.status_code, 200)
        self.assertIn("The file video.mp4 is larger than 10 MB.", page.text)
        self.assertFalse(self._portal_requests(self.portal_a.partner_id))
        self.assertFalse(self.env["ir.attachment"].search([("name", "in", ["photo0.jpg", "video.mp4"])]))
        ten = [("attachments", (f"photo{i}.jpg", JPEG, "image/jpeg")) for i in range(10)]
        self.assertEqual(self._submit(self._form(), ten).status_code, 303, "ten files are fine")

    def test_submit_refuses_programs_scripts_and_web_pages(self):
        self.authenticate("as_portal_a", "as_portal_a")
        forbidden = [
            ("setup.exe", b"MZ\x90\x00program", "application/octet-stream"),
            ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml"),
            ("page.html", b"<html><body>phish</body></html>", "text/html"),
            ("run.sh", b"#!/bin/sh\nrm -rf /", "text/x-sh"),
            ("invoice.pdf", b"MZ\x90\x00renamed program", "application/pdf"),
        ]
        for name, content, mimetype in forbidden:
            with self.subTest(name=name):
                page = self._submit(self._form(subject=f"With {name}"), [("attachments", (name, content, mimetype))])
                self.assertEqual(page.status_code, 200)
                self.assertIn(f"{name} is not accepted: send pictures", page.text)
        self.assertFalse(self._portal_requests(self.portal_a.partner_id), "nothing was created")
        self.assertFalse(self.env["ir.attachment"].search([("name", "in", [f[0] for f in forbidden])]))

    def test_chatter_refuses_forbidden_uploads(self):
        # The portal chatter uploads the files first, then posts the message with their ids.
        Attachment = self.env["ir.attachment"].with_user(self.portal_a).sudo()
        upload = {"res_model": "mail.compose.message", "res_id": 0}
        svg = Attachment.create({"name": "logo.svg", "raw": b'<svg xmlns="http://www.w3.org/2000/svg"/>', **upload})
        as_portal = self.request_a.with_user(self.portal_a).sudo()
        with self.assertRaisesText(UserError, "logo.svg is not accepted"):
            as_portal.message_post(body="Our logo", attachment_ids=svg.ids, message_type="comment")
        self.assertFalse(self.request_a.message_ids.filtered(lambda m: m.body and "Our logo" in m.body))
        jpeg = Attachment.create({"name": "front.jpg", "raw": JPEG, **upload})
        message = as_portal.message_post(body="The front", attachment_ids=jpeg.ids, message_type="comment")
        self.assertEqual(message.attachment_ids, jpeg)

    @mute_logger("odoo.http")
    def test_submit_needs_csrf_token(self):
        self.authenticate("as_portal_a", "as_portal_a")
        data = self._form()
        del data["csrf_token"]
        self.assertEqual(self._submit(data).status_code, 400)
        self.assertFalse(self._portal_requests(self.portal_a.partner_id))

    # ------------------------------------------------------------------
    # Backend
    # ------------------------------------------------------------------

    def test_share_button(self):
        arch = (
            self.env["aftersales.request"].with_user(self.agent).get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn(str(self.env.ref("portal.portal_share_action").id), arch)

    # ------------------------------------------------------------------
    # Queries
    # ------------------------------------------------------------------

    def _count_queries(self, url, rows):
        self.url_open(url)  # warm the caches
        before = self.cr.sql_log_count
        response = self.url_open(url)
        queries = self.cr.sql_log_count - before
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(re.findall(rf'href="{url}/\d+"', response.text)), rows)
        return queries

    def test_list_queries_flat(self):
        """The list pages cost the same queries with 80 rows as with 20."""
        Request = self.env["aftersales.request"]
        Equipment = self.env["aftersales.equipment"]
        products = self.env["product.product"].create(
            [{"name": f"Logger {i}", "aftersales_serviceable": True} for i in range(80)]
        )
        Equipment.create(
            [
                {
                    "product_id": p.id,
                    "serial_number": f"Q-{i}",
                    "partner_id": self.key_account.id,
                    "purchase_date": "2025-01-01",
                }
                for i, p in enumerate(products[:19])
            ]
        )
        Request.create(
            [
                self._complete_request_vals(subject=f"Q {i}", product_id=p.id, equipment_id=False)
                for i, p in enumerate(products[:19])
            ]
        )
        self.authenticate("as_portal_a", "as_portal_a")
        counts = {
            "requests_20": self._count_queries("/my/requests", 20),
            "equipment_20": self._count_queries("/my/equipment", 20),
        }
        Equipment.create(
            [
                {
                    "product_id": p.id,
                    "serial_number": f"Q-{i}",
                    "partner_id": self.key_account.id,
                    "purchase_date": "2025-01-01",
                }
                for i, p in enumerate(products[19:79], start=19)
            ]
        )
        Request.create(
            [
                self._complete_request_vals(subject=f"Q {i}", product_id=p.id, equipment_id=False)
                for i, p in enumerate(products[19:79], start=19)
            ]
        )
        for url, budget in (("/my/requests", counts["requests_20"]), ("/my/equipment", counts["equipment_20"])):
            self.url_open(url)  # warm the caches
            with self.subTest(url=url), self.assertQueryCount(budget):
                response = self.url_open(url)
            self.assertEqual(len(re.findall(rf'href="{url}/\d+"', response.text)), 80)


@tagged("post_install", "-at_install")
class TestPortalRequestTour(PortalRequestCommon):
    def test_customer_submits_repair_request_with_photo(self):
        self.start_tour("/my/requests", "aftersales_portal_request_tour", login="as_portal_a")
        new = self._portal_requests(self.portal_a.partner_id)
        self.assertEqual(len(new), 1)
        self.assertEqual(new.subject, "Display stays blank")
        self.assertEqual(new.equipment_id, self.equipment)
        self.assertEqual(new.request_type, "repair")
        photo = self.env["ir.attachment"].search([("res_model", "=", "aftersales.request"), ("res_id", "=", new.id)])
        self.assertEqual(photo.name, "faulty-unit.png")
        self.assertEqual(photo.mimetype, "image/png")
