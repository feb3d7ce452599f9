from odoo.tests import Form, new_test_user, tagged

from odoo.addons.aftersales_service_survey.hooks import post_init_hook

from .common import SurveyCampaignCommon


@tagged("post_install", "-at_install")
class TestDefaultSurvey(SurveyCampaignCommon):
    """Installing the bridge is the opt-in: every company runs the campaign with the shipped survey."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.branch = cls.env["res.company"].create({"name": "Test Branch Office"})
        cls.branch_customer = cls.env["res.partner"].create(
            {"name": "Branch Customer Ltd", "is_company": True, "email": "branch-customer@example.com"}
        )
        cls.env["aftersales.request"].with_company(cls.branch).create(
            cls._complete_request_vals(
                partner_id=cls.branch_customer.id,
                equipment_id=False,
                request_type="consultation",
                company_id=cls.branch.id,
            )
        )
        cls.branch_admin = new_test_user(
            cls.env,
            "as_branch_admin",
            groups="base.group_system,aftersales_service.group_aftersales_manager",
            company_id=cls.branch.id,
            company_ids=[(6, 0, cls.branch.ids)],
        )

    def _branch_campaigns(self):
        return self.env["aftersales.survey.campaign"].search([("company_id", "=", self.branch.id)])

    def test_new_company_runs_the_shipped_survey(self):
        self.assertEqual(self.branch.aftersales_survey_id, self.survey)
        with Form(self.env["res.config.settings"].with_user(self.branch_admin)) as settings:
            self.assertEqual(settings.aftersales_survey_id, self.survey, "the settings show the shipped survey")
        self.env["aftersales.survey.campaign"]._cron_run_yearly_campaign()
        campaign = self._branch_campaigns()
        self.assertEqual(len(campaign), 1)
        self.assertEqual(campaign.year, self._this_year())
        self.assertEqual(campaign.survey_id, self.survey)
        self.assertEqual(campaign.state, "sent")
        self.assertEqual(campaign.user_input_ids.partner_id, self.branch_customer)

    def test_cleared_setting_runs_no_campaign(self):
        with Form(self.env["res.config.settings"].with_user(self.branch_admin)) as settings:
            settings.aftersales_survey_id = self.env["survey.survey"]
        settings.save().execute()
        self.assertFalse(self.branch.aftersales_survey_id)
        self.env["aftersales.survey.campaign"]._cron_run_yearly_campaign()
        self.assertFalse(self._branch_campaigns())
        with Form(self.env["res.config.settings"].with_user(self.branch_admin)) as settings:
            self.assertFalse(settings.aftersales_survey_id, "cleared stays cleared")

    def test_install_opts_existing_companies_in(self):
        # As the companies were when the bridge was installed: no survey yet, or one chosen.
        other = self.survey.copy({"title": "Short satisfaction survey"})
        self.branch.aftersales_survey_id = False
        self.company.aftersales_survey_id = other
        post_init_hook(self.env)
        self.assertEqual(self.branch.aftersales_survey_id, self.survey)
        self.assertEqual(self.company.aftersales_survey_id, other, "a survey already chosen is kept")

    def test_archived_shipped_survey_is_no_default(self):
        self.survey.active = False
        company = self.env["res.company"].create({"name": "Test Later Office"})
        self.assertFalse(company.aftersales_survey_id)
