from odoo.tests import tagged

from .common import SurveyCampaignCommon


@tagged("post_install", "-at_install")
class TestAnswers(SurveyCampaignCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls.env["aftersales.survey.campaign"].create(
            {"year": cls._this_year(), "company_id": cls.company.id}
        )
        cls.campaign.action_invite()
        cls.answer_key = cls.campaign.user_input_ids.filtered(lambda a: a.partner_id == cls.key_account)
        cls.answer_std = cls.campaign.user_input_ids.filtered(lambda a: a.partner_id == cls.customer)
        cls.activity_type = cls.env.ref("aftersales_service_survey.mail_activity_type_dissatisfied")

    def _followups(self, partner):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    def test_low_score_gives_team_manager_an_activity_once(self):
        self._complete(self.answer_key, [1, 2, 2, 1, 3])
        self.assertAlmostEqual(self.answer_key.aftersales_score, 1.8)
        self.assertTrue(self.answer_key.aftersales_is_dissatisfied)
        activity = self._followups(self.key_account)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.team_south.manager_id, "the manager of the team that served them")
        self.assertIn("1.8", activity.summary)
        self.answer_key._aftersales_process_completed()
        self.assertEqual(len(self._followups(self.key_account)), 1, "once per answer")

    def test_good_score_no_activity(self):
        self._complete(self.answer_std, [4, 5, 4, 3, 4])
        self.assertAlmostEqual(self.answer_std.aftersales_score, 4.0)
        self.assertFalse(self.answer_std.aftersales_is_dissatisfied)
        self.assertFalse(self._followups(self.customer))

    def test_threshold_is_configurable(self):
        self.company.aftersales_survey_low_score = 3.5
        self._complete(self.answer_std, [3, 3, 3, 3, 3])
        self.assertTrue(self.answer_std.aftersales_is_dissatisfied)
        self.assertEqual(len(self._followups(self.customer)), 1)

    def test_unfinished_answer_is_not_dissatisfied(self):
        for key, value in zip(("overall", "speed"), (1, 1), strict=True):
            self.answer_key._save_lines(self.questions[key], value)
        self.assertFalse(self.answer_key.aftersales_is_dissatisfied)
        self.assertFalse(self._followups(self.key_account))

    def test_suggestion_becomes_a_request_once(self):
        text = "Please open a service point in Shenzhen."
        self._complete(self.answer_key, [4, 4, 4, 4, 4], suggestion=text)
        request = self.answer_key.aftersales_request_id
        self.assertTrue(request)
        self.assertEqual(request.request_type, "suggestion")
        self.assertEqual(request.channel, "portal")
        self.assertEqual(request.partner_id, self.key_account)
        self.assertEqual(request.company_id, self.company)
        self.assertIn("service point in Shenzhen", request.description)
        self.answer_key._aftersales_process_completed()
        requests = self.env["aftersales.request"].search(
            [("partner_id", "=", self.key_account.id), ("request_type", "=", "suggestion")]
        )
        self.assertEqual(requests, request, "one request per answer")

    def test_blank_suggestion_makes_no_request(self):
        self._complete(self.answer_std, [4, 4, 4, 4, 4], suggestion="   ")
        self.assertFalse(self.answer_std.aftersales_request_id)

    def test_analysis_by_tier_team_and_year(self):
        self._complete(self.answer_key, [2, 2, 2, 2, 2])
        self._complete(self.answer_std, [4, 4, 4, 4, 4])
        Answer = self.env["survey.user_input"].with_user(self.service_manager)
        groups = Answer._read_group(
            [("aftersales_campaign_id", "=", self.campaign.id), ("state", "=", "done")],
            ["aftersales_tier", "aftersales_team_id", "aftersales_year"],
            ["aftersales_score:avg"],
        )
        by_tier = {tier: (team, year, score) for tier, team, year, score in groups}
        self.assertEqual(by_tier["key_account"], (self.team_south, self._this_year(), 2.0))
        self.assertEqual(by_tier["standard"][1:], (self._this_year(), 4.0))
        self.assertAlmostEqual(self.campaign.average_score, 3.0)
        self.assertEqual(self.campaign.completed_count, 2)
        self.assertEqual(self.campaign.dissatisfied_count, 1)
