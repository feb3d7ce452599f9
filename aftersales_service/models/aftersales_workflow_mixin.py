from odoo import _, models
from odoo.exceptions import UserError


class AftersalesWorkflowMixin(models.AbstractModel):
    """One transition table per document, driving both its guards and its buttons.

    The inheriting model sets ``_transitions`` to ``{action: states it may
    start from}``, declares a computed boolean ``can_<action>`` per action
    (``_compute_can_act``, depending on ``state`` and on what its blockers
    read) and names each action in ``_transition_labels``. Its public
    ``action_<verb>`` calls ``_check_transition(verb)``, then the
    ``_action_<verb>`` hook that bridges extend, and returns ``True`` or an
    action.

    ``_transition_blocker`` answers what, besides the state, keeps an action
    from running on a record (nothing to charge, payment still due, ...), so
    that the button is shown exactly when the guard accepts. Data the user
    still has to enter (a carrier, an attachment, intake fields) is not a
    blocker: the button stays visible and its guard says what is missing.
    """

    _name = "aftersales.workflow.mixin"
    _description = "After-Sales Document Transitions"

    _transitions = {}

    def _transition_labels(self):
        """``{action: translated label}`` for the guards' messages."""
        return {}

    def _transition_blocker(self, action):
        """Why ``action`` cannot run on this record although its state allows it, or ``False``."""
        self.ensure_one()
        return False

    def _can(self, action):
        """Whether the guard of ``action`` accepts this record (its state and its blockers)."""
        self.ensure_one()
        return self.state in self._transitions[action] and not self._transition_blocker(action)

    def _compute_can_act(self):
        for record in self:
            for action in record._transitions:
                record[f"can_{action}"] = record._can(action)

    def _check_transition(self, action):
        """Refuse ``action`` for the whole recordset unless every record may take it.

        The error names the records, their states or what keeps them, and
        nothing is written.
        """
        label = self._transition_labels().get(action, action)
        allowed = self._transitions[action]
        wrong = self.filtered(lambda r: r.state not in allowed)
        if wrong:
            state_labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                _(
                    "%(action)s is not possible for %(records)s: status is %(states)s.",
                    action=label,
                    records=", ".join(wrong.mapped("display_name")),
                    states=", ".join(sorted({state_labels[s] for s in wrong.mapped("state")})),
                )
            )
        blocked = [(record, record._transition_blocker(action)) for record in self]
        blocked = [(record, why) for record, why in blocked if why]
        if blocked:
            raise UserError(
                _(
                    "%(action)s is not possible:\n%(problems)s",
                    action=label,
                    problems="\n".join(f"{record.display_name}: {why}" for record, why in blocked),
                )
            )
