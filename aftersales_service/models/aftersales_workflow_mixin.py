from odoo import _, models
from odoo.exceptions import UserError


class AftersalesWorkflowMixin(models.AbstractModel):
    """One transition table per document, driving both its guards and its buttons.

    The inheriting model returns ``{action: states it may start from}`` from
    ``_get_transitions`` (bridges add actions or states there with
    ``super()``), declares a computed boolean ``can_<action>`` per action
    (``_compute_can_act``, depending on ``state`` and on what its blockers
    read) and names each action in ``_transition_labels``. Its public
    ``action_<verb>`` calls ``_check_transition(verb)``, then the
    ``_action_<verb>`` hook that bridges extend, and returns ``True`` or an
    action. The registry refuses to load a document whose table misses one
    of these pieces (``_check_transition_table``).

    ``_transition_blocker`` answers what, besides the state, keeps an action
    from running on a record (nothing to charge, payment still due, ...), so
    that the button is shown exactly when the guard accepts. Data the user
    still has to enter (a carrier, an attachment, intake fields) is not a
    blocker: the button stays visible and its guard says what is missing.
    """

    _name = "aftersales.workflow.mixin"
    _description = "After-Sales Document Transitions"

    def _get_transitions(self):
        """``{action: tuple of the states it may start from}``; extend it with ``super()``."""
        return {}

    def _register_hook(self):
        res = super()._register_hook()
        if not self._abstract:
            self._check_transition_table()
        return res

    def _check_transition_table(self):
        """Refuse a transition table whose actions miss their ``can_<action>`` field, their label or their
        ``action_<action>``/``_action_<action>`` pair, naming the model and what is missing."""
        labels = self._transition_labels()
        missing = []
        for action in self._get_transitions():
            can_name = "can_" + action
            field = self._fields.get(can_name)
            if not field or field.type != "boolean":
                missing.append(_("the field %(field)s", field=can_name))
            if action not in labels:
                missing.append(_("the label of %(action)s", action=action))
            for method in ("action_" + action, "_action_" + action):
                if not hasattr(self, method):
                    missing.append(_("the method %(method)s", method=method))
        if missing:
            raise UserError(
                _(
                    "The transitions of %(model)s are incomplete: %(missing)s.",
                    model=self._name,
                    missing=", ".join(missing),
                )
            )
        return True

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
        return self.state in self._get_transitions()[action] and not self._transition_blocker(action)

    def _compute_can_act(self):
        transitions = self._get_transitions()
        for record in self:
            for action in transitions:
                record[f"can_{action}"] = record._can(action)

    def _check_transition(self, action):
        """Refuse ``action`` for the whole recordset unless every record may take it.

        The error names the records, their states or what keeps them, and
        nothing is written.
        """
        label = self._transition_labels().get(action, action)
        allowed = self._get_transitions()[action]
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
