from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SurveyCampaignCommon


@tagged("post_install", "-at_install")
class TestCampaign(SurveyCampaignCommon):
    def _invitation_mails(self, partner):
        return self.env["mail.mail"].search([("recipient_ids", "in", partner.ids)])

    def test_invites_eligible_customers_once(self):
        campaign = self._campaign()
        self.assertEqual(campaign.survey_id, self.survey, "the campaign takes the survey of the settings")
        campaign.with_user(self.service_manager).action_invite()
        self.assertEqual(campaign.state, "sent")
        for partner in (self.key_account, self.customer):
            answer = self._answers(campaign, partner)
            self.assertEqual(len(answer), 1, partner.name)
            self.assertEqual(answer.state, "new")
            self.assertEqual(answer.survey_id, self.survey)
            mails = self._invitation_mails(partner)
            self.assertEqual(len(mails), 1, partner.name)
            self.assertIn(answer.access_token, mails.body_html)
        invited = campaign.user_input_ids.partner_id
        self.assertNotIn(self.contact, invited, "the company is invited, not its contact")
        for partner in (self.no_email, self.served_long_ago, self.never_served):
            self.assertNotIn(partner, invited, partner.name)
        self.assertEqual(self._answers(campaign, self.key_account).aftersales_team_id, self.team_south)

        # The button pressed again invites nobody twice and mails nobody again.
        count = len(campaign.user_input_ids)
        campaign.with_user(self.service_manager).action_invite()
        self.assertEqual(len(campaign.user_input_ids), count)
        self.assertEqual(len(self._invitation_mails(self.key_account)), 1)

    def test_cron_twice_is_idempotent(self):
        Campaign = self.env["aftersales.survey.campaign"]
        Campaign._cron_run_yearly_campaign()
        Campaign._cron_run_yearly_campaign()
        campaign = Campaign.search([("company_id", "=", self.company.id), ("year", "=", self._this_year())])
        self.assertEqual(len(campaign), 1)
        self.assertEqual(len(self._answers(campaign, self.key_account)), 1)
        self.assertEqual(len(self._answers(campaign, self.customer)), 1)
        self.assertEqual(len(self.env["mail.mail"].search([("recipient_ids", "in", self.key_account.ids)])), 1)
        # A customer served since is invited by the next run, the others are not again.
        late = self.env["res.partner"].create({"name": "Late Ltd", "is_company": True, "email": "late@example.com"})
        self.env["aftersales.request"].create(
            self._complete_request_vals(partner_id=late.id, equipment_id=False, request_type="consultation")
        )
        campaign.action_invite()
        self.assertEqual(len(self._answers(campaign, late)), 1)
        self.assertEqual(len(self._answers(campaign, self.key_account)), 1)

    def test_next_year_new_answer_last_year_not_resent(self):
        last_year = self._campaign(year=self._this_year() - 1)
        last_year.action_invite()
        old_answer = self._complete(self._answers(last_year, self.key_account), [4, 4, 4, 4, 4])
        self.env["mail.mail"].search([("recipient_ids", "in", self.key_account.ids)]).unlink()

        self.env["aftersales.survey.campaign"]._cron_run_yearly_campaign()
        campaign = self.env["aftersales.survey.campaign"].search(
            [("company_id", "=", self.company.id), ("year", "=", self._this_year())]
        )
        new_answer = self._answers(campaign, self.key_account)
        self.assertEqual(len(new_answer), 1)
        self.assertNotEqual(new_answer, old_answer)
        self.assertEqual(new_answer.state, "new")
        self.assertEqual(old_answer.state, "done", "last year's answer is kept as it was")
        self.assertEqual(old_answer.aftersales_campaign_id, last_year)
        mails = self.env["mail.mail"].search([("recipient_ids", "in", self.key_account.ids)])
        self.assertEqual(len(mails), 1)
        self.assertIn(new_answer.access_token, mails.body_html)
        self.assertNotIn(old_answer.access_token, mails.body_html)

    def test_closed_campaign_left_alone(self):
        campaign = self._campaign()
        campaign.action_close()
        self.env["aftersales.survey.campaign"]._cron_run_yearly_campaign()
        self.assertFalse(campaign.user_input_ids)
        with self.assertRaisesText(UserError, "allowed from"):
            campaign.action_invite()
        self.assertIs(campaign.action_reopen(), True)
        self.assertEqual(campaign.state, "sent")

    def test_one_campaign_per_year_and_customer(self):
        campaign = self._campaign()
        campaign.action_invite()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self._campaign()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.survey._create_answer(
                partner=self.key_account, check_attempts=False, aftersales_campaign_id=campaign.id
            )
            self.env.flush_all()

    def test_campaign_with_answers_not_deleted(self):
        campaign = self._campaign()
        campaign.action_invite()
        with self.assertRaisesText(UserError, "kept for the record"):
            campaign.unlink()
        self.assertTrue(campaign.exists())
