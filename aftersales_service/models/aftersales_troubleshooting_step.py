from odoo import fields, models

STEP_RESULTS = [
    ("solved", "Solved"),
    ("improved", "Improved"),
    ("not_solved", "Not Solved"),
]


class AftersalesTroubleshootingStep(models.Model):
    _name = "aftersales.troubleshooting.step"
    _description = "Troubleshooting Step"
    _order = "request_id, sequence, id"

    request_id = fields.Many2one("aftersales.request", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Step Tried", required=True)
    result = fields.Selection(STEP_RESULTS, required=True, default="not_solved")
    note = fields.Text()
    user_id = fields.Many2one("res.users", string="Guided by", default=lambda self: self.env.user)
    date = fields.Datetime(default=fields.Datetime.now, required=True)
