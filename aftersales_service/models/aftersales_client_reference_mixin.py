from odoo import api, fields, models


class AftersalesClientReferenceMixin(models.AbstractModel):
    """Creation that a client may safely send again.

    An integrator (or the portal form) gives the document its own reference,
    unique per company. When the answer to a create is lost (a node dies, a
    time-out), the client sends the same create again: it gets the document
    created the first time instead of a second one. Two creates racing with
    one reference meet the unique constraint: the second fails and, sent
    again, returns the first.

    The inheriting model has a ``company_id``. An override of ``create`` that
    prepares values (a sequence number, say) does so for
    ``self._new_client_vals(vals_list)`` only.
    """

    _name = "aftersales.client.reference.mixin"
    _description = "Client Reference of a Document (idempotent creation)"
    _sql_constraints = [
        (
            "client_reference_uniq",
            "unique(company_id, client_reference)",
            "A document with this client reference exists already (or is being created): send it again to get it.",
        ),
    ]

    client_reference = fields.Char(
        copy=False,
        index="btree_not_null",
        help="The integrator's (or the portal form's) own reference of this document, unique per company: a "
        "create sent again with it, after an answer was lost, returns this document instead of a second one.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        existing = self._find_by_client_reference(vals_list)
        if not existing:
            return super().create(vals_list)
        created = iter(super().create([vals for vals in vals_list if vals.get("client_reference") not in existing]))
        return self.browse(
            [
                existing[vals["client_reference"]] if vals.get("client_reference") in existing else next(created).id
                for vals in vals_list
            ]
        )

    @api.model
    def _find_by_client_reference(self, vals_list):
        """{client reference: id} of the documents already created with the references of ``vals_list``, in
        the companies they would belong to (the reference is unique per company)."""
        references = {vals["client_reference"] for vals in vals_list if vals.get("client_reference")}
        if not references:
            return {}
        companies = {vals.get("company_id") for vals in vals_list if vals.get("client_reference")} - {None, False}
        domain = [
            ("client_reference", "in", list(references)),
            ("company_id", "in", list(companies) or self.env.companies.ids),
        ]
        found = self.with_context(active_test=False).search(domain, order="id")
        return {record.client_reference: record.id for record in reversed(found)}

    @api.model
    def _new_client_vals(self, vals_list):
        """The values of ``vals_list`` that will create a document: those without a client reference already
        used."""
        existing = self._find_by_client_reference(vals_list)
        return [vals for vals in vals_list if vals.get("client_reference") not in existing]
