from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import SurveyCampaignCommon


@tagged("post_install", "-at_install")
class TestChineseCampaign(SurveyCampaignCommon):
    """Chinese customers get the survey in Chinese; bad input is refused in the user's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"].search(
            [("name", "in", ("survey", "aftersales_service_survey"))]
        )._update_translations("zh_CN")
        cls.key_account.lang = "zh_CN"
        cls.customer.lang = "en_US"
        cls.campaign = cls._campaign()
        cls.campaign.action_invite()

    def test_invitation_in_customer_language(self):
        zh_mail = self.env["mail.mail"].search([("recipient_ids", "in", self.key_account.ids)])
        en_mail = self.env["mail.mail"].search([("recipient_ids", "in", self.customer.ids)])
        self.assertEqual(len(zh_mail), 1)
        self.assertEqual(len(en_mail), 1)
        self.assertIn("参与", zh_mail.subject)
        self.assertIn("Participate", en_mail.subject)
        self.assertIn("售后服务满意度调查", zh_mail.subject)

    def test_shipped_survey_translated(self):
        survey = self.survey.with_context(lang="zh_CN")
        self.assertEqual(survey.title, "售后服务满意度调查")
        self.assertTrue(all(any("\u4e00" <= ch <= "\u9fff" for ch in q.title) for q in survey.question_ids))

    def test_answer_for_a_foreign_campaign_refused(self):
        answer = self._answers(self.campaign, self.key_account)
        other_survey = self.survey.copy({"title": "Other survey"})
        foreign = self._campaign(year=self._this_year() - 1, survey_id=other_survey.id)
        with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
            answer.with_context(lang="zh_CN").write({"aftersales_campaign_id": foreign.id})
        self.assertIn("不能加入", str(caught.exception))
        self.assertIn(foreign.display_name, str(caught.exception))
        self.assertEqual(answer.aftersales_campaign_id, self.campaign, "nothing changed")
        self.assertFalse(foreign.user_input_ids)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            other_survey._create_answer(
                partner=self.never_served, check_attempts=False, aftersales_campaign_id=self.campaign.id
            )
        self.assertFalse(self._answers(self.campaign, self.never_served))
