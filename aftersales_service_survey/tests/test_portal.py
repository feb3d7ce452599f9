from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import SurveyCampaignCommon


@tagged("post_install", "-at_install")
class TestPortalAnswer(SurveyCampaignCommon, HttpCase):
    """A customer opens their own invitation; another customer's is refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env, "as_survey_portal", groups="base.group_portal", name="Zhang Private", email="zhang@example.com"
        )
        cls.env["aftersales.request"].create(
            cls._complete_request_vals(
                partner_id=cls.portal_user.partner_id.id, equipment_id=False, request_type="consultation"
            )
        )
        cls.campaign = cls._campaign()
        cls.campaign.action_invite()
        cls.own = cls._answers(cls.campaign, cls.portal_user.partner_id)
        cls.foreign = cls._answers(cls.campaign, cls.key_account)

    def _open(self, answer):
        url = f"/survey/start/{self.survey.access_token}?answer_token={answer.access_token}"
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_portal_customer_answers_only_their_own(self):
        self.assertEqual(len(self.own), 1)
        self.authenticate("as_survey_portal", "as_survey_portal")
        page = self._open(self.own)
        self.assertNotIn("Survey Access Error", page)
        self.assertIn("After-Sales Service Satisfaction Survey", page)
        self.assertIn("Survey Access Error", self._open(self.foreign))
        # Not through the ORM either.
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.portal_user).read(["aftersales_score"])
