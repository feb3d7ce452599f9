from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction Survey",
        help="Survey sent to the service customers by the yearly satisfaction campaign (policy 5.6).",
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
