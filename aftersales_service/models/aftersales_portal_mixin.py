import uuid

from odoo import api, models


class AftersalesPortalMixin(models.AbstractModel):
    """The portal documents of the service centre (requests, repair orders, units): each gets its access token
    when it is created, not on its first view.

    Odoo's portal writes a missing token when a page shows the document or its neighbours (the previous/next
    buttons, ``get_records_pager``): pages that write cannot be served by a read-only replica. With a token from
    the start, the customer's lists and pages only read."""

    _name = "aftersales.portal.mixin"
    _inherit = "portal.mixin"
    _description = "After-Sales Portal Document"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("access_token"):
                vals["access_token"] = str(uuid.uuid4())
        return super().create(vals_list)
