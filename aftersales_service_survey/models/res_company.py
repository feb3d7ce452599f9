from odoo import fields, models

SHIPPED_SURVEY = "aftersales_service_survey.survey_aftersales_satisfaction"


class ResCompany(models.Model):
    _inherit = "res.company"

    def _default_aftersales_survey_id(self):
        """The shipped satisfaction survey, unless it was deleted or archived.

        Installing the bridge is the opt-in: every company runs the yearly
        campaign with it until an administrator chooses another or clears it.
        """
        survey = self.env.ref(SHIPPED_SURVEY, raise_if_not_found=False)
        # Whoever creates a company may have no Surveys rights; only the archive flag is read.
        return survey if survey and survey.sudo().active else self.env["survey.survey"]

    aftersales_survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction Survey",
        default=lambda self: self._default_aftersales_survey_id(),
        help="Survey sent to the service customers by the yearly satisfaction campaign (policy 5.6). "
        "Empty, the company runs no campaign.",
    )
    aftersales_survey_low_score = fields.Float(
        string="Dissatisfied at or Below",
        default=2.0,
        help="A completed satisfaction survey whose average score (on 1 to 5) is at or below this value "
        "gives the customer's team manager a follow-up activity.",
    )

    _sql_constraints = [
        (
            "aftersales_survey_low_score_range",
            "CHECK(aftersales_survey_low_score >= 1 AND aftersales_survey_low_score <= 5)",
            "The dissatisfaction threshold is a score between 1 and 5.",
        ),
    ]
