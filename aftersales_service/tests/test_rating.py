from datetime import timedelta

from odoo import fields, http
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MailCase

from .common import AftersalesCommon, RepairCommon


class RatingAssertions:
    def _rating_mails(self, partner):
        return self._new_mails.filtered(lambda m: partner in m.recipient_ids)

    def _dissatisfied_activities(self, record):
        activity_type = self.env.ref("aftersales_service.mail_activity_type_dissatisfied_customer")
        return record.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)


@tagged("post_install", "-at_install")
class TestRating(RatingAssertions, AftersalesCommon, MailCase, HttpCase):
    """Customers rate resolved requests (R14, 5.6); dissatisfied ones get the manager's attention."""

    def test_rated_documents_found_in_the_registry(self):
        """Reports and KPIs find the rated documents through the mixin, not a list."""
        self.assertEqual(
            self.env["aftersales.rating.mixin"]._get_rated_models(), ("aftersales.repair", "aftersales.request")
        )

    def _resolved_request(self, **overrides):
        vals = self._complete_request_vals(request_type="consultation", equipment_id=False)
        vals.update(overrides)
        request = self.env["aftersales.request"].create(vals)
        with self.mock_mail_gateway():
            request.with_user(self.agent).action_resolve()
        return request

    def test_resolved_request_asks_for_rating_in_customer_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.key_account.lang = "zh_CN"
        template = self.env.ref("aftersales_service.mail_template_request_rating")
        template.with_context(lang="zh_CN").subject = "请评价我们的服务（{{ object.name }}）"
        request = self._resolved_request()
        self.assertEqual(request.team_id, self.team_south)
        rating = request.rating_ids
        self.assertEqual(len(rating), 1, "one rating waits for the customer")
        self.assertEqual(rating.partner_id, self.key_account)
        self.assertFalse(rating.consumed)
        self.assertEqual((rating.parent_res_model, rating.parent_res_id), ("aftersales.team", self.team_south.id))
        mails = self._rating_mails(self.key_account)
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.subject, f"请评价我们的服务（{request.name}）")
        for score in (1, 3, 5):
            self.assertIn(f"/rate/{rating.access_token}/{score}", mails.body_html)

    def test_team_switched_rating_requests_off(self):
        self.team_south.rating_request_enabled = False
        request = self._resolved_request()
        self.assertEqual(request.state, "resolved")
        self.assertFalse(request.rating_ids)
        self.assertFalse(self._rating_mails(self.key_account))

    def test_customer_without_email_is_not_asked(self):
        self.key_account.email = False
        request = self._resolved_request(phone="+86 755 8619 8173")
        self.assertEqual(request.state, "resolved")
        self.assertFalse(request.rating_ids)
        self.assertFalse(self._new_mails)

    def test_suggestion_is_thanked_not_rated(self):
        request = self._resolved_request(request_type="suggestion")
        self.assertFalse(request.rating_ids)
        mails = self._rating_mails(self.key_account)
        self.assertEqual(len(mails), 1, "only the thank-you mail")
        self.assertIn("Thank you for your suggestion", mails.subject)

    @mute_logger("odoo.http")
    def test_dissatisfied_rating_on_the_rate_page_gives_manager_an_activity(self):
        request = self._resolved_request()
        token = request.rating_ids.access_token
        self.authenticate(None, None)
        page = self.url_open(f"/rate/{token}/1")
        page.raise_for_status()
        self.assertFalse(request.rating_ids.consumed, "opening the link alone rates nothing")
        response = self.url_open(
            f"/rate/{token}/submit_feedback",
            data={"rate": 1, "csrf_token": http.Request.csrf_token(self), "feedback": "Nobody called back."},
        )
        response.raise_for_status()
        request.invalidate_recordset()
        rating = request.rating_ids
        self.assertTrue(rating.consumed)
        self.assertEqual(rating.rating, 1)
        activity = self._dissatisfied_activities(request)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.team_south.manager_id)
        self.assertIn("Nobody called back.", activity.note)
        self.assertIn(request.name, activity.note)

        # Rating again from the same link does not pile up activities.
        request.rating_apply(2, token=token, feedback="Still waiting.")
        self.assertEqual(len(self._dissatisfied_activities(request)), 1)

    def test_satisfied_rating_gives_no_activity(self):
        request = self._resolved_request()
        rating = request.rating_apply(5, token=request.rating_ids.access_token)
        self.assertEqual(rating.rating, 5)
        self.assertEqual(request.rating_last_value, 5)
        self.assertFalse(self._dissatisfied_activities(request))
        self.assertEqual(rating.message_id.author_id, self.key_account, "the rating is on record")
        self.assertEqual(rating.message_id.subtype_id, self.env.ref("mail.mt_note"), "kept internal")

    def test_out_of_range_rating_refused(self):
        request = self._resolved_request()
        rating = request.rating_ids
        messages = request.message_ids
        for rate in (0, 6, -1, 5.5):
            with self.assertRaisesText(ValidationError, "from 1 to 5"):
                request.rating_apply(rate, token=rating.access_token)
        self.assertFalse(rating.consumed)
        self.assertEqual(rating.rating, 0)
        self.assertEqual(request.message_ids, messages, "nothing posted")
        self.assertFalse(self._dissatisfied_activities(request))
        # Written directly on the rating, too.
        with self.assertRaisesText(ValidationError, "from 1 to 5"):
            rating.write({"rating": 7, "consumed": True})
        rating.invalidate_recordset()
        self.assertEqual((rating.rating, rating.consumed), (0, False))

    def test_team_satisfaction(self):
        happy = self._resolved_request()
        unhappy = self._resolved_request(subject="Second call")
        old = self._resolved_request(subject="Last quarter")
        happy.rating_apply(5, token=happy.rating_ids.access_token)
        unhappy.rating_apply(1, token=unhappy.rating_ids.access_token)
        old.rating_apply(1, token=old.rating_ids.access_token)
        self.env.flush_all()
        # Older than the team's 30-day window: not counted.
        self.env.cr.execute(
            "UPDATE rating_rating SET write_date = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(days=40), old.rating_ids.id],
        )
        self.env.invalidate_all()
        self.assertEqual(self.team_south.rating_count, 2)
        self.assertEqual(self.team_south.rating_percentage_satisfaction, 50)
        self.assertEqual(self.team_centre.rating_percentage_satisfaction, -1, "no rating yet")
        action = self.team_south.action_view_ratings()
        self.assertEqual(
            self.env["rating.rating"].search(action["domain"]),
            (happy | unhappy | old).rating_ids,
        )


@tagged("post_install", "-at_install")
class TestRatingRepair(RatingAssertions, RepairCommon, MailCase):
    """Customers rate the repair once it is done."""

    def _done_repair(self):
        repair = self._repair(self.unit_in_warranty)
        repair.action_receive()
        repair.action_start_repair()
        repair.action_finish_repair()
        repair.write({"outbound_carrier": "SF Express", "outbound_tracking_ref": "SF0987654321"})
        repair.action_ship()
        with self.mock_mail_gateway():
            repair.action_done()
        return repair

    def test_done_repair_asks_for_rating(self):
        repair = self._done_repair()
        self.assertTrue(repair.done_date)
        rating = repair.rating_ids
        self.assertEqual(len(rating), 1)
        self.assertEqual((rating.parent_res_model, rating.parent_res_id), ("aftersales.team", self.team.id))
        mails = self._rating_mails(self.customer)
        self.assertEqual(len(mails), 1)
        self.assertIn(repair.name, mails.subject)
        self.assertIn(f"/rate/{rating.access_token}/5", mails.body_html)

    def test_team_switched_rating_requests_off(self):
        self.team.rating_request_enabled = False
        repair = self._done_repair()
        self.assertEqual(repair.state, "done")
        self.assertFalse(repair.rating_ids)
        self.assertFalse(self._rating_mails(self.customer))

    def test_dissatisfied_repair_customer(self):
        repair = self._done_repair()
        repair.sudo().rating_apply(1, token=repair.rating_ids.access_token, feedback="Arrived scratched.")
        activity = self._dissatisfied_activities(repair)
        self.assertEqual(activity.user_id, self.team.manager_id)
        self.assertEqual(self.team.rating_percentage_satisfaction, 0)
        self.assertEqual(self.team.rating_count, 1)
