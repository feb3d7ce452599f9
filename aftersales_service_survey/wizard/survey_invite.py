from odoo import models


class SurveyInvite(models.TransientModel):
    _inherit = "survey.invite"

    def _get_answers_values(self):
        values = super()._get_answers_values()
        # Set by aftersales.survey.campaign when it sends its invitations.
        campaign_id = self.env.context.get("aftersales_campaign_id")
        if campaign_id:
            values["aftersales_campaign_id"] = campaign_id
        return values
