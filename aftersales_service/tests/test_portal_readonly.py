import re
from unittest.mock import patch

from odoo.http import request
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.aftersales_service.controllers import portal, portal_repair
from odoo.addons.aftersales_service.controllers.portal_list import page_read, readonly_unless_just_written

from .test_portal_repair import PortalRepairCommon

# The customer's lists and pages: only reads, so that a read-only replica may serve them.
READ_ONLY_PAGES = [
    (portal.AftersalesCustomerPortal, "portal_my_aftersales_requests", True),
    (portal.AftersalesCustomerPortal, "portal_my_aftersales_request", readonly_unless_just_written),
    (portal.AftersalesCustomerPortal, "portal_my_aftersales_equipments", True),
    (portal.AftersalesCustomerPortal, "portal_my_aftersales_equipment", readonly_unless_just_written),
    (portal_repair.AftersalesRepairPortal, "portal_my_aftersales_repairs", True),
    (portal_repair.AftersalesRepairPortal, "portal_my_aftersales_repair", readonly_unless_just_written),
]


@tagged("post_install", "-at_install")
class TestPortalReadOnly(PortalRepairCommon, HttpCase):
    """The portal pages that only read are read-only routes and write nothing: Odoo's test cursor is read-only on
    them, so a write would fail and be retried on a read/write cursor, with a warning."""

    def setUp(self):
        super().setUp()
        self.repairs = self._quoted_repair() | self._quoted_repair()
        # A repair whose invoice is posted: its page links to the invoice's own portal page.
        self.invoiced = self._approved_repair()
        self.invoiced.action_create_invoice()
        self.invoiced.sudo().invoice_ids.filtered(lambda move: move.state == "draft").action_post()
        self.requests = self.env["aftersales.request"].create(
            [
                {
                    "subject": subject,
                    "channel": "phone",
                    "partner_id": self.customer.id,
                    "description": "<p>Since the last update.</p>",
                }
                for subject in ("Screen flickers", "Fan noise")
            ]
        )

    def _pages(self):
        # The lists first: the pages then have neighbours (previous/next buttons).
        return [
            "/my/requests",
            f"/my/requests/{self.requests[0].id}",
            "/my/repairs",
            f"/my/repairs/{self.repairs[0].id}",
            f"/my/repairs/{self.repairs[0].id}?report_type=html",
            f"/my/repairs/{self.invoiced.id}",
            "/my/equipment",
            f"/my/equipment/{self.unit_expired.id}",
        ]

    def test_routes_are_read_only(self):
        for controller, method, readonly in READ_ONLY_PAGES:
            with self.subTest(method=method):
                self.assertEqual(getattr(controller, method).original_routing.get("readonly"), readonly)

    def test_documents_have_their_token_from_creation(self):
        unit = self.env["aftersales.equipment"].create(
            {"product_id": self.device.id, "serial_number": "TOKEN-1", "partner_id": self.customer.id}
        )
        for record in (self.requests, self.repairs, unit, self.requests[0].copy()):
            self.assertTrue(all(record.mapped("access_token")), record._name)
        self.assertEqual(len(set((self.requests | self.requests[0].copy()).mapped("access_token"))), 3)

    def test_read_pages_write_nothing(self):
        self.authenticate("rep_portal_a", "rep_portal_a")
        texts = {}
        with self.assertNoLogs("odoo.http", level="WARNING"):
            for url in self._pages():
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200, url)
                self.assertFalse(response.url.endswith("/my"), f"{url}: the document is shown")
                texts[url] = response.text
        invoice = self.invoiced.sudo().invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertIn(f"access_token={invoice.access_token}", texts[f"/my/repairs/{self.invoiced.id}"])
        # The harness sees a write: a neighbour without a token (as before 18.0.1.6.0) had Odoo's pager write one.
        self.env.cr.execute("UPDATE aftersales_repair SET access_token = NULL WHERE id = %s", [self.repairs[1].id])
        self.env.invalidate_all()
        with self.assertLogs("odoo.http", level="WARNING") as logs, mute_logger("odoo.sql_db"):
            self.url_open(f"/my/repairs/{self.repairs[0].id}")
        self.assertIn("read/write cursor", logs.output[0])

    def test_the_page_after_a_write_reads_the_primary(self):
        """A customer who declines a quotation sees it declined at once, even when the replica lags: that page is
        read on the primary; the next view of it on the replica again."""
        self.authenticate("rep_portal_a", "rep_portal_a")
        repair = self.repairs[0]
        readonly_cursors = []

        def spy():
            readonly_cursors.append(request.env.cr.readonly)
            page_read()

        with patch.object(portal_repair, "page_read", spy):
            page = self.url_open(repair.access_url)
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
            response = self.url_open(
                f"/my/repairs/{repair.id}/decline",
                data={"decline_message": "Too expensive", "csrf_token": csrf},
                allow_redirects=False,
            )
            self.assertIn("The quotation is declined", self.url_open(response.headers["Location"]).text)
            self.url_open(repair.access_url)
        self.assertEqual(readonly_cursors, [True, False, True])
