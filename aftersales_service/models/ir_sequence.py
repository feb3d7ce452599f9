from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    @api.model
    def _aftersales_sequence_codes(self):
        """Codes of the yearly after-sales sequences (bridges add theirs)."""
        return ["aftersales.request", "aftersales.repair"]

    @api.model
    def _cron_aftersales_prepare_date_ranges(self):
        """Create this year's and next year's ranges of the after-sales sequences ahead of time.

        Odoo creates a yearly range when the year's first number is drawn:
        two records numbered at the same moment (several workers, New Year's
        morning) both create it and one fails on the range's unique
        constraint. Prepared at install, at each upgrade and daily, the range
        is always there before it is needed.
        """
        sequences = self.sudo().search(
            [("code", "in", self._aftersales_sequence_codes()), ("use_date_range", "=", True)]
        )
        today = fields.Date.context_today(self)
        DateRange = self.env["ir.sequence.date_range"].sudo()
        for day in (today, today + relativedelta(years=1)):
            for sequence in sequences:
                covered = DateRange.search_count(
                    [("sequence_id", "=", sequence.id), ("date_from", "<=", day), ("date_to", ">=", day)], limit=1
                )
                if not covered:
                    sequence._create_date_range_seq(day)
        return True
