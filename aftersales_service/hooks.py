def uninstall_hook(env):
    """Leave nothing behind that Odoo's uninstall cannot remove by itself."""
    # A clock restricts the deletion of its policy, and Odoo deletes the
    # shipped policies before it drops the clocks' table: each attempt would
    # fail and log an error. The table goes anyway.
    env.cr.execute("DELETE FROM aftersales_sla_clock")
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
