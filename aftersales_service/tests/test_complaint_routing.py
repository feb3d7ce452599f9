from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestComplaintRouting(AftersalesCommon):
    def _complaint(self, category, **overrides):
        vals = self._complete_request_vals(request_type="complaint", complaint_category_id=category.id)
        vals.update(overrides)
        return self.env["aftersales.request"].with_user(self.agent).create(vals)

    def test_quality_goes_to_project_manager_and_rd(self):
        request = self._complaint(self.cat_quality)
        self.assertEqual(request.team_id, self.team_rd)
        self.assertEqual(request.user_id, self.project_manager)
        followers = request.message_partner_ids
        self.assertIn(self.rd_lead.partner_id, followers)
        self.assertIn(self.project_manager.partner_id, followers)
        self.assertIn("Complaint routed", request.message_ids[0].body)

    def test_quality_without_project_manager_goes_to_team_manager(self):
        request = self._complaint(self.cat_quality, partner_id=self.customer.id, equipment_id=False)
        self.assertEqual(request.user_id, self.rd_lead, "customer has no PM: the routed team's manager")

    def test_packaging_goes_to_logistics(self):
        request = self._complaint(self.cat_packaging)
        self.assertEqual(request.team_id, self.team_logistics)
        self.assertEqual(request.user_id, self.logistics_lead)
        self.assertIn(self.logistics_lead.partner_id, request.message_partner_ids)

    def test_staff_attitude_goes_to_customer_service(self):
        request = self._complaint(self.cat_staff)
        self.assertEqual(request.team_id, self.team_cs)
        self.assertEqual(request.user_id, self.cs_lead)

    def test_recategorising_reroutes(self):
        request = self._complaint(self.cat_packaging)
        request.complaint_category_id = self.cat_staff
        self.assertEqual(request.team_id, self.team_cs)
        self.assertEqual(request.user_id, self.cs_lead)

    def test_matrix_is_editable(self):
        self.cat_packaging.write({"responsible_mode": "user", "user_id": self.rd_lead.id})
        request = self._complaint(self.cat_packaging)
        self.assertEqual(request.user_id, self.rd_lead)
        with self.assertRaisesText(ValidationError, "choose that user"):
            self.cat_staff.write({"responsible_mode": "user", "user_id": False})

    def test_shipped_matrix(self):
        """The policy's defaults (R13) are installed as editable records."""
        quality = self.env.ref("aftersales_service.complaint_category_quality")
        self.assertEqual(quality.team_id, self.env.ref("aftersales_service.team_rd_production"))
        self.assertEqual(quality.responsible_mode, "project_manager")
        packaging = self.env.ref("aftersales_service.complaint_category_packaging")
        self.assertEqual(packaging.team_id, self.env.ref("aftersales_service.team_logistics"))
        staff = self.env.ref("aftersales_service.complaint_category_staff")
        self.assertEqual(staff.team_id, self.env.ref("aftersales_service.team_customer_service"))

    def test_unknown_category_refused(self):
        Request = self.env["aftersales.request"]
        count = Request.search_count([])
        with self.assertRaisesText(ValidationError, "Unknown complaint category"):
            Request.create(self._complete_request_vals(request_type="complaint", complaint_category_id=999999))
        self.assertEqual(Request.search_count([]), count)
        request = self._complaint(self.cat_staff)
        with self.assertRaisesText(ValidationError, "Unknown complaint category"):
            request.write({"complaint_category_id": 999999})
        self.assertEqual(request.complaint_category_id, self.cat_staff)

    def test_category_only_on_complaints(self):
        with self.assertRaisesText(ValidationError, "only complaints"):
            self.env["aftersales.request"].create(
                self._complete_request_vals(request_type="repair", complaint_category_id=self.cat_staff.id)
            )

    def test_complaint_needs_category_to_escalate(self):
        request = self.env["aftersales.request"].create(self._complete_request_vals(request_type="complaint"))
        with self.assertRaisesText(UserError, "Complaint Category"):
            request.action_escalate()
        self.assertEqual(request.state, "new")

    def test_changing_type_clears_category(self):
        request = self._complaint(self.cat_staff)
        request.request_type = "consultation"
        self.assertFalse(request.complaint_category_id)
        action = self.cat_staff.action_view_requests()
        self.assertFalse(self.env["aftersales.request"].search(action["domain"]))
