# Customer portal: what the lists of requests, units and repair orders share.
from odoo import _
from odoo.http import request
from odoo.osv import expression

from odoo.addons.portal.controllers.portal import pager as portal_pager

# Set by the customer's writes (a new request, a quotation accepted or declined): the next page shows what was
# just written, so it is read on the primary database even when a read-only replica lags behind; that page
# clears it.
JUST_WROTE = "aftersales_portal_just_wrote"


def readonly_unless_just_written(controller):
    """``readonly`` of the portal's document pages: a replica may serve them, except the page right after a write
    of the same visitor (Odoo calls it with the controller, ``request`` being the current one)."""
    return not request.session.get(JUST_WROTE)


def note_written():
    """After a write of the visitor: their next document page is read on the primary database."""
    request.session[JUST_WROTE] = True


def page_read():
    request.session.pop(JUST_WROTE, None)


class AftersalesPortalList:
    """Paged, sorted, filtered and searched lists of the visitor's records.

    Every key the visitor sends (sort, filter, search field) is looked up in
    whitelists; an unknown key falls back to the default (the first) and never
    reaches the ORM. Records are searched as the visitor: access rights and
    record rules apply.
    """

    def _aftersales_state_filters(self, model, filters):
        """Add to ``filters`` one filter per state of ``model``, labelled in the visitor's language."""
        field = request.env[model]._fields["state"]
        for state, label in field._description_selection(request.env):
            filters[f"state_{state}"] = {
                "label": _("Status: %(state)s", state=label),
                "domain": [("state", "=", state)],
            }
        return filters

    def _aftersales_list_values(self, model, url, base_domain, options, page, sortby, filterby, search_in, search):
        """Values of a paged, sorted, filtered and searched list of ``model`` for the visitor.

        ``options`` holds the whitelists (``sortings``, ``filters``, ``inputs``,
        ``search_domain``) and the defaults (the first key of each).
        """
        sortings, filters, inputs = options["sortings"], options["filters"], options["inputs"]
        sortby = sortby if sortby in sortings else next(iter(sortings))
        filterby = filterby if filterby in filters else next(iter(filters))
        search_in = search_in if search_in in inputs else next(iter(inputs))
        search = (search or "").strip()
        domain = expression.AND([base_domain, filters[filterby]["domain"]])
        if search:
            domain = expression.AND([domain, options["search_domain"](search_in, search)])
        Model = request.env[model]
        url_args = {"sortby": sortby, "filterby": filterby}
        if search:
            url_args.update(search_in=search_in, search=search)
        pager = portal_pager(
            url=url, total=Model.search_count(domain), page=page, step=self._items_per_page, url_args=url_args
        )
        records = Model.search(
            domain, order=sortings[sortby]["order"], limit=self._items_per_page, offset=pager["offset"]
        )
        return {
            "records": records,
            "pager": pager,
            "default_url": url,
            "searchbar_sortings": sortings,
            "sortby": sortby,
            "searchbar_filters": filters,
            "filterby": filterby,
            "searchbar_inputs": inputs,
            "search_in": search_in,
            "search": search,
        }

    def _aftersales_list_page(self, model, url, base_domain, options, history_key, list_args):
        """The portal layout values and the list of ``model`` (``records``, as superuser to display the
        records found as the visitor: portal users cannot read their product names), remembering the
        records for the previous/next buttons of their pages."""
        values = self._prepare_portal_layout_values()
        values.update(self._aftersales_list_values(model, url, base_domain, options, *list_args))
        request.session[history_key] = values["records"].ids[:100]
        values["records"] = values["records"].sudo()
        return values
