from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG


def unlink_demo_accounting(env, module):
    """Delete the demo's invoices and payments of ``module`` (external ids of the module, like its other demo
    records), while the repair orders they update exist: posted and reconciled entries are deleted once their
    payments are back to draft, which undoes the reconciliation."""
    demo = env["ir.model.data"].search([("module", "=", module), ("model", "in", ("account.payment", "account.move"))])
    uninstalling = {MODULE_UNINSTALL_FLAG: True}
    ids = {model: demo.filtered(lambda d, m=model: d.model == m).mapped("res_id") for model in demo.mapped("model")}
    payments = env["account.payment"].browse(ids.get("account.payment", [])).exists().with_context(**uninstalling)
    moves = env["account.move"].browse(ids.get("account.move", [])).exists().with_context(**uninstalling)
    # Exchange differences of their reconciliation, and the reversals that undoing it posts, go too.
    partials = moves.line_ids.matched_debit_ids | moves.line_ids.matched_credit_ids
    exchange = partials.exchange_move_id | partials.full_reconcile_id.exchange_move_id
    payments.filtered(lambda payment: payment.state != "draft").action_draft()
    exchange |= env["account.move"].search([("reversed_entry_id", "in", exchange.ids)])
    (moves | exchange).line_ids.remove_move_reconcile()
    payments.unlink()
    (moves | exchange).exists().with_context(**uninstalling).unlink()


def uninstall_hook(env):
    """Leave nothing behind that Odoo's uninstall cannot remove by itself."""
    # A clock restricts the deletion of its policy, and Odoo deletes the
    # shipped policies (of the documents going away) while the clocks stay:
    # the clocks of this add-on's documents go first, those of other
    # documents (Project tasks, ...) stay with the engine.
    env.cr.execute(
        "DELETE FROM aftersales_sla_clock WHERE res_model IN %s",
        [("aftersales.request", "aftersales.repair", "aftersales.followup")],
    )
    # Follow-up calls planned by the scheduled action have no external id:
    # they would keep Odoo from deleting the (demo) customers they call,
    # which goes before their table is dropped.
    env.cr.execute("DELETE FROM aftersales_followup")
    # Odoo deletes a module's records newest first: the demo calendar would go
    # before the shipped teams that use it, and its deletion be refused.
    env.cr.execute(
        """UPDATE aftersales_team t SET resource_calendar_id = c.resource_calendar_id
             FROM res_company c WHERE c.id = t.company_id"""
    )
    env.invalidate_all()
    unlink_demo_accounting(env, "aftersales_service")
    # The yearly ranges of the numbering sequences go with their sequence
    # through the database's cascade, which leaves their PostgreSQL sequences
    # (ir_sequence_NNN_MMM) behind: unlinked through the ORM, they drop them.
    sequences = env["ir.sequence"].with_context(active_test=False).search([("code", "=like", "aftersales.%")])
    sequences.date_range_ids.unlink()
    # The demo mail domain became the company's, and mail gave it to every
    # alias without one (the journals'): those aliases (ondelete restrict)
    # would keep Odoo from deleting it.
    domain = env.ref("aftersales_service.mail_alias_domain_demo", raise_if_not_found=False)
    if domain:
        other = env["mail.alias.domain"].search([("id", "!=", domain.id)], limit=1)
        env["mail.alias"].with_context(active_test=False).search(
            [("alias_domain_id", "=", domain.id)]
        ).alias_domain_id = other
        env["res.company"].with_context(active_test=False).search(
            [("alias_domain_id", "=", domain.id)]
        ).alias_domain_id = other
