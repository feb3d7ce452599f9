from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import SurveyCampaignCommon


@tagged("post_install", "-at_install")
class TestSettingsAndAccess(SurveyCampaignCommon):
    def test_setting_names_the_survey(self):
        other = self.survey.copy({"title": "Short satisfaction survey"})
        admin = new_test_user(
            self.env, "as_settings_admin", groups="base.group_system,aftersales_service.group_aftersales_manager"
        )
        with Form(self.env["res.config.settings"].with_user(admin)) as settings:
            self.assertEqual(settings.aftersales_survey_id, self.survey)
            settings.aftersales_survey_id = other
            settings.aftersales_survey_low_score = 2.5
        settings.save().execute()
        self.assertEqual(self.company.aftersales_survey_id, other)
        self.assertEqual(self.company.aftersales_survey_low_score, 2.5)
        self.assertEqual(self._campaign().survey_id, other, "a new campaign takes the survey of the settings")

    def test_service_user_cannot_configure(self):
        agent_env = self.env(user=self.agent)
        with self.assertRaises(AccessError):
            agent_env["res.config.settings"].create({"aftersales_survey_id": False})
        with self.assertRaises(AccessError):
            self.company.with_user(self.agent).write({"aftersales_survey_id": False})
        with self.assertRaises(AccessError):
            self.survey.with_user(self.agent).write({"title": "Hacked"})
        with self.assertRaises(AccessError):
            self.questions["overall"].with_user(self.agent).write({"scale_max": 10})
        with self.assertRaises(AccessError):
            agent_env["aftersales.survey.campaign"].create({"year": 2030, "company_id": self.company.id})
        campaign = self._campaign()
        with self.assertRaises(AccessError):
            campaign.with_user(self.agent).action_invite()
        self.assertFalse(campaign.user_input_ids)
        self.assertEqual(self.company.aftersales_survey_id, self.survey)
        self.assertEqual(self.survey.title, "After-Sales Service Satisfaction Survey")

    def test_manager_runs_campaign_and_reads_only_its_answers(self):
        campaign = self._campaign().with_user(self.service_manager)
        campaign.action_invite()
        answer = self._answers(campaign, self.key_account)
        self.assertEqual(answer.partner_id, self.key_account)
        other = self.survey.copy({"title": "Internal poll"})._create_answer(partner=self.customer, check_attempts=False)
        with self.assertRaises(AccessError):
            other.with_user(self.service_manager).read(["partner_id"])
        with self.assertRaises(AccessError):
            answer.with_user(self.service_manager).write({"deadline": "2030-01-01 00:00:00"})
        with self.assertRaises(AccessError):
            self.survey.with_user(self.service_manager).write({"title": "Hacked"})
