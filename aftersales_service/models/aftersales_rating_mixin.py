from markupsafe import Markup

from odoo import _, api, models
from odoo.exceptions import ValidationError

from odoo.addons.rating.models.rating_data import RATING_LIMIT_MIN

# Customers rate from 1 (dissatisfied) to 5 (satisfied); 0 means "not rated".
RATING_MAX = 5
# A rating at or below this gives the team manager a follow-up activity.
RATING_DISSATISFIED_MAX = 2


class AftersalesRatingMixin(models.AbstractModel):
    """Customer ratings of a service document (R14, policy 5.6).

    When the document ends (request resolved, repair order done) its customer
    is asked by email, in their language, to rate the service, unless the
    document's team switched rating requests off. Ratings roll up to the team
    (``rating.parent.mixin``); a dissatisfied customer gives the team manager
    an activity on the document.
    """

    _name = "aftersales.rating.mixin"
    _description = "After-Sales Customer Rating"
    _inherit = ["rating.mixin"]
    # XML id of the mail.template asking the customer for a rating.
    _rating_request_template = None

    @api.model
    def _get_rated_models(self):
        """The documents customers rate: the models inheriting this mixin, found in the registry (a bridge's
        rated document counts without being listed anywhere)."""
        return tuple(
            sorted(
                name
                for name in self.pool.descendants(["aftersales.rating.mixin"], "_inherit")
                if not self.pool[name]._abstract
            )
        )

    def _rating_get_parent_field_name(self):
        return "team_id"

    def _rating_apply_get_default_subtype_id(self):
        # The rating and its feedback stay internal: the customer's other
        # contacts following the document are not emailed about them.
        return self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")

    # ------------------------------------------------------------------
    # Rating requests
    # ------------------------------------------------------------------

    def _rating_is_requested(self):
        """Whether the customer is asked for a rating: they have an email and the team asks for ratings."""
        self.ensure_one()
        return bool(self._rating_get_partner().email and (not self.team_id or self.team_id.rating_request_enabled))

    def _send_rating_request(self):
        """Email each customer a rating request in their language (through the mail queue)."""
        template = self.env.ref(self._rating_request_template, raise_if_not_found=False)
        if not template or not template.active:
            return
        for record in self.filtered(lambda r: r._rating_is_requested()):
            record.rating_send_request(template, lang=record._rating_get_partner().lang, force_send=False)

    # ------------------------------------------------------------------
    # Applying a rating
    # ------------------------------------------------------------------

    @api.model
    def _check_rating_value(self, rate):
        if isinstance(rate, bool) or not isinstance(rate, int | float) or not RATING_LIMIT_MIN <= rate <= RATING_MAX:
            raise ValidationError(
                _(
                    "A customer rating is a number from %(min)s to %(max)s; %(rate)s is not one.",
                    min=RATING_LIMIT_MIN,
                    max=RATING_MAX,
                    rate=rate,
                )
            )

    def rating_apply(self, rate, token=None, rating=None, feedback=None, subtype_xmlid=None, notify_delay_send=False):
        """Record the customer's rating; at 2 or less out of 5 the team manager follows up."""
        self._check_rating_value(rate)
        rating = super().rating_apply(
            rate,
            token=token,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        if rating.res_model == self._name and rating.rating <= RATING_DISSATISFIED_MAX:
            self.browse(rating.res_id)._schedule_dissatisfied_activity(rating)
        return rating

    def _rating_follow_up_user(self):
        """Who follows up a dissatisfied customer: the team manager, else the assigned user."""
        self.ensure_one()
        return self.team_id.manager_id or self.user_id

    def _schedule_dissatisfied_activity(self, rating):
        activity_type = self.env.ref("aftersales_service.mail_activity_type_dissatisfied_customer")
        for record in self:
            user = record._rating_follow_up_user()
            if not user or record.activity_ids.filtered(lambda a, t=activity_type: a.activity_type_id == t):
                continue
            # The note is for the manager: in their language, not the customer's.
            note = record.with_context(lang=user.lang)._dissatisfied_activity_note(rating)
            record.activity_schedule(activity_type_id=activity_type.id, user_id=user.id, note=note)

    def _dissatisfied_activity_note(self, rating):
        self.ensure_one()
        note = Markup("<p>%s</p>") % _(
            "%(customer)s rated %(document)s %(rate)s out of %(max)s. Call them to understand what went wrong.",
            customer=rating.partner_id.display_name or _("The customer"),
            document=self.display_name,
            rate=int(rating.rating),
            max=RATING_MAX,
        )
        if rating.feedback:
            note += Markup("<p>%s</p>") % rating.feedback
        return note

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_view_ratings(self):
        """Open the customer ratings of these documents."""
        action = self.env["ir.actions.act_window"]._for_xml_id("aftersales_service.rating_rating_action_aftersales")
        action["domain"] = [("res_model", "=", self._name), ("res_id", "in", self.ids), ("consumed", "=", True)]
        action["context"] = {"create": False}
        return action
