from odoo import _, api, models
from odoo.exceptions import ValidationError

from odoo.addons.rating.models.rating_data import RATING_LIMIT_MIN

from .aftersales_rating_mixin import RATING_MAX


class RatingRating(models.Model):
    _inherit = "rating.rating"

    @api.constrains("rating")
    def _check_aftersales_rating_range(self):
        """Refuse an out-of-range rating of a service document with a clear message.

        Without it, rating's computed text fails an assertion before its SQL
        constraint is reached.
        """
        for rating in self:
            if (
                rating.res_model in self.env["aftersales.rating.mixin"]._get_rated_models()
                and not 0 <= rating.rating <= RATING_MAX
            ):
                raise ValidationError(
                    _(
                        "A customer rating is a number from %(min)s to %(max)s (0 while not rated yet); "
                        "%(rate)s is not one.",
                        min=RATING_LIMIT_MIN,
                        max=RATING_MAX,
                        rate=rating.rating,
                    )
                )
