from odoo import fields
from odoo.tests import new_test_user

from odoo.addons.aftersales_service.tests.common import AftersalesCommon

SCALE_QUESTIONS = ("overall", "speed", "skill", "quality", "fees")


class SurveyCampaignCommon(AftersalesCommon):
    """The shipped survey named in the settings, customers served this year and some who are not."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("aftersales_service_survey.survey_aftersales_satisfaction")
        cls.company.aftersales_survey_id = cls.survey
        cls.company.aftersales_survey_low_score = 2.0
        cls.env.user.email = "admin-sender@example.com"
        cls.questions = {
            key: cls.env.ref(f"aftersales_service_survey.survey_aftersales_satisfaction_q_{key}")
            for key in (*SCALE_QUESTIONS, "suggestion")
        }
        Partner = cls.env["res.partner"]
        cls.contact = Partner.create(
            {"name": "Liu Contact", "parent_id": cls.customer.id, "email": "liu@bj-standard.example.com"}
        )
        cls.no_email = Partner.create({"name": "No Mail Workshop", "is_company": True})
        cls.served_long_ago = Partner.create(
            {"name": "Old Customer Ltd", "is_company": True, "email": "old@example.com"}
        )
        cls.never_served = Partner.create({"name": "Prospect Ltd", "is_company": True, "email": "p@example.com"})
        Request = cls.env["aftersales.request"]
        cls.request_key = Request.create(cls._complete_request_vals(team_id=cls.team_south.id))
        # A contact's request makes the company (its commercial partner) eligible.
        cls.request_contact = Request.create(
            cls._complete_request_vals(partner_id=cls.contact.id, equipment_id=False, request_type="consultation")
        )
        Request.create(
            cls._complete_request_vals(partner_id=cls.no_email.id, equipment_id=False, request_type="consultation")
        )
        old = Request.create(
            cls._complete_request_vals(
                partner_id=cls.served_long_ago.id, equipment_id=False, request_type="consultation"
            )
        )
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE aftersales_request SET create_date = now() - interval '13 months' WHERE id = %s", [old.id]
        )
        old.invalidate_recordset(["create_date"])
        # Start from no campaign in this company, whatever the database holds.
        campaigns = cls.env["aftersales.survey.campaign"].search([("company_id", "=", cls.company.id)])
        campaigns.user_input_ids.unlink()
        campaigns.unlink()
        cls.survey_officer = new_test_user(
            cls.env, "as_survey_officer", groups="survey.group_survey_user", email="officer@example.com"
        )

    @classmethod
    def _campaign(cls, year=None, **vals):
        return cls.env["aftersales.survey.campaign"].create(
            {"year": year or cls._this_year(), "company_id": cls.company.id, **vals}
        )

    @classmethod
    def _this_year(cls):
        return fields.Date.context_today(cls.env.user).year

    @classmethod
    def _answers(cls, campaign, partner):
        return campaign.user_input_ids.filtered(lambda a: a.partner_id == partner)

    def _complete(self, answer, scores, suggestion=None):
        """Answer as the customer does online: one value per scale question, then submit."""
        for key, value in zip(SCALE_QUESTIONS, scores, strict=True):
            answer._save_lines(self.questions[key], value)
        if suggestion is not None:
            answer._save_lines(self.questions["suggestion"], suggestion)
        answer.sudo()._mark_done()
        return answer
