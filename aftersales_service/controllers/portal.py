# Customer portal: service requests and equipment (routes /my/requests, /my/equipment).
import re
import uuid

from odoo import _, fields, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.osv import expression
from odoo.tools import plaintext2html

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.aftersales_request import OPEN_STATES
from .portal_list import AftersalesPortalList, note_written, page_read, readonly_unless_just_written

# Photos and documents a customer may join to a new request.
MAX_ATTACHMENTS = 10
MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024  # bytes, per file
PORTAL_REQUEST_TYPES = ("repair", "consultation", "complaint", "suggestion")


class AftersalesCustomerPortal(AftersalesPortalList, CustomerPortal):
    # ------------------------------------------------------------------
    # Home
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        partner = request.env.user.partner_id
        if "aftersales_request_count" in counters:
            Request = request.env["aftersales.request"]
            values["aftersales_request_count"] = (
                Request.search_count(self._aftersales_request_domain(partner)) if Request.has_access("read") else 0
            )
        if "aftersales_equipment_count" in counters:
            Equipment = request.env["aftersales.equipment"]
            values["aftersales_equipment_count"] = (
                Equipment.search_count(self._aftersales_equipment_domain(partner))
                if Equipment.has_access("read")
                else 0
            )
        return values

    def _aftersales_request_domain(self, partner):
        return [("partner_id", "child_of", [partner.commercial_partner_id.id])]

    def _aftersales_equipment_domain(self, partner):
        return [("partner_id", "child_of", [partner.commercial_partner_id.id])]

    # ------------------------------------------------------------------
    # Search bar: every key the visitor may send is looked up in these
    # dictionaries; an unknown key falls back to the default and never
    # reaches the ORM.
    # ------------------------------------------------------------------

    def _aftersales_request_searchbar_sortings(self):
        return {
            "date": {"label": _("Newest"), "order": "create_date desc, id desc"},
            "name": {"label": _("Reference"), "order": "name desc, id desc"},
            "deadline": {"label": _("Next Deadline"), "order": "sla_deadline asc, id desc"},
            "state": {"label": _("Status"), "order": "state, id desc"},
        }

    def _aftersales_request_searchbar_filters(self):
        filters = {
            "all": {"label": _("All"), "domain": []},
            "open": {"label": _("Open"), "domain": [("state", "in", list(OPEN_STATES))]},
            "closed": {"label": _("Closed"), "domain": [("state", "not in", list(OPEN_STATES))]},
        }
        return self._aftersales_state_filters("aftersales.request", filters)

    def _aftersales_request_searchbar_inputs(self):
        return {
            "all": {"input": "all", "label": _("Search in All")},
            "name": {"input": "name", "label": _("Search in Reference and Subject")},
            "product": {"input": "product", "label": _("Search in Product")},
            "serial": {"input": "serial", "label": _("Search in Serial Number")},
        }

    def _aftersales_request_search_domain(self, search_in, search):
        domains = {
            "name": ["|", ("name", "ilike", search), ("subject", "ilike", search)],
            "product": [("product_id", "in", self._aftersales_product_query(search))],
            "serial": [("equipment_id.serial_number", "ilike", search)],
        }
        if search_in == "all":
            return expression.OR(domains.values())
        return domains[search_in]

    def _aftersales_product_query(self, search):
        # sudo: portal users cannot read products; only the text searched
        # comes from the request, and the records found are limited by the
        # visitor's own search on their requests or units.
        return request.env["product.product"].sudo()._search([("name", "ilike", search)])

    def _aftersales_equipment_searchbar_sortings(self):
        return {
            "product": {"label": _("Product"), "order": "product_id, serial_number, id"},
            "serial": {"label": _("Serial Number"), "order": "serial_number, id"},
            "purchase": {"label": _("Purchase Date"), "order": "purchase_date desc, id desc"},
            "warranty": {"label": _("Warranty End"), "order": "warranty_end_date desc, id desc"},
        }

    def _aftersales_equipment_searchbar_filters(self):
        return {
            "all": {"label": _("All"), "domain": []},
            "in_warranty": {"label": _("In Warranty"), "domain": [("warranty_state", "=", "in_warranty")]},
            "expired": {"label": _("Warranty Expired"), "domain": [("warranty_state", "=", "expired")]},
        }

    def _aftersales_equipment_searchbar_inputs(self):
        return {
            "all": {"input": "all", "label": _("Search in All")},
            "serial": {"input": "serial", "label": _("Search in Serial Number")},
            "product": {"input": "product", "label": _("Search in Product")},
        }

    def _aftersales_equipment_search_domain(self, search_in, search):
        domains = {
            "serial": [("serial_number", "ilike", search)],
            "product": [("product_id", "in", self._aftersales_product_query(search))],
        }
        if search_in == "all":
            return expression.OR(domains.values())
        return domains[search_in]

    # ------------------------------------------------------------------
    # Requests
    # ------------------------------------------------------------------

    @http.route(["/my/requests", "/my/requests/page/<int:page>"], type="http", auth="user", website=True, readonly=True)
    def portal_my_aftersales_requests(self, page=1, sortby=None, filterby=None, search_in=None, search=None, **kw):
        options = {
            "sortings": self._aftersales_request_searchbar_sortings(),
            "filters": self._aftersales_request_searchbar_filters(),
            "inputs": self._aftersales_request_searchbar_inputs(),
            "search_domain": self._aftersales_request_search_domain,
        }
        domain = self._aftersales_request_domain(request.env.user.partner_id)
        values = self._aftersales_list_page(
            "aftersales.request",
            "/my/requests",
            domain,
            options,
            "my_aftersales_requests_history",
            (page, sortby, filterby, search_in, search),
        )
        values.update(requests=values.pop("records"), page_name="aftersales_request")
        return request.render("aftersales_service.portal_my_aftersales_requests", values)

    @http.route(
        ["/my/requests/<int:request_id>"],
        type="http",
        auth="public",
        website=True,
        readonly=readonly_unless_just_written,
    )
    def portal_my_aftersales_request(self, request_id, access_token=None, **kw):
        page_read()
        try:
            request_sudo = self._document_check_access("aftersales.request", request_id, access_token=access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = {
            "aftersales_request": request_sudo,
            "page_name": "aftersales_request",
            "repairs": self._aftersales_visible_records("aftersales.repair", [("request_id", "=", request_sudo.id)]),
            "tz": self._aftersales_tz(request_sudo),
        }
        values = self._get_page_view_values(
            request_sudo, access_token, values, "my_aftersales_requests_history", False, **kw
        )
        if not access_token and request_sudo.access_token:
            # The customer reads the request through their own access rights,
            # which do not let them post (mail needs write access by default):
            # the chatter posts with the request's token instead.
            values["token"] = request_sudo.access_token
        return request.render("aftersales_service.portal_my_aftersales_request", values)

    def _aftersales_visible_records(self, model, domain):
        """Records of ``model`` the visitor may read themselves, sudo only to display them.

        A visitor who came with an access token reads the document, not its
        related records: they see none.
        """
        Model = request.env[model]
        if request.env.user._is_public() or not Model.has_access("read"):
            return Model.sudo().browse()
        return Model.search(domain).sudo()

    def _aftersales_tz(self, document_sudo):
        """Time zone to show the dates of ``document_sudo`` in: the visitor's, else its customer's or company's."""
        user = request.env.user
        if not user._is_public() and user.tz:
            return user.tz
        return document_sudo.partner_id.tz or document_sudo.company_id.partner_id.tz or "UTC"

    # ------------------------------------------------------------------
    # New request
    # ------------------------------------------------------------------

    def _aftersales_serviceable_products(self):
        # sudo: portal users cannot read products; the domain is fixed here,
        # not taken from the request.
        return (
            request.env["product.product"]
            .sudo()
            .search(
                [
                    ("aftersales_serviceable", "=", True),
                    ("company_id", "in", [False, request.env.company.id]),
                ],
                order="name, id",
            )
        )

    def _aftersales_new_request_values(self, form=None, errors=None):
        partner = request.env.user.partner_id
        values = self._prepare_portal_layout_values()
        if form is None:
            lines = partner._display_address(without_company=True).splitlines()
            address = ", ".join(part for line in lines for part in [line.strip(" ,")] if part)
            form = {
                "request_type": "repair",
                "phone": partner.phone or partner.mobile or "",
                "contact_address": address,
                # The form's own reference: submitted twice (a double click, a retry after a lost answer), it
                # opens one request.
                "client_reference": str(uuid.uuid4()),
            }
        labels = dict(request.env["aftersales.request"]._fields["request_type"]._description_selection(request.env))
        Equipment = request.env["aftersales.equipment"]
        equipments = (
            Equipment.search(self._aftersales_equipment_domain(partner)) if Equipment.has_access("read") else Equipment
        )
        values.update(
            {
                "page_name": "aftersales_request_new",
                "request_types": [(key, labels[key]) for key in PORTAL_REQUEST_TYPES],
                # sudo: the units were searched as the customer; their product
                # names are not readable by portal users.
                "equipments": equipments.sudo(),
                "products": self._aftersales_serviceable_products(),
                "complaint_categories": request.env["aftersales.complaint.category"].search([]),
                "form": form,
                "errors": errors or {},
                "max_attachments": MAX_ATTACHMENTS,
                "max_attachment_size_mb": MAX_ATTACHMENT_SIZE // (1024 * 1024),
            }
        )
        return values

    @http.route("/my/requests/new", type="http", auth="user", website=True, methods=["GET"])
    def portal_aftersales_request_new(self, equipment_id=None, **kw):
        values = self._aftersales_new_request_values()
        if equipment_id:
            # Only preselects the unit when it is among the customer's own.
            values["form"]["equipment_id"] = str(equipment_id)
        return request.render("aftersales_service.portal_aftersales_request_new", values)

    @http.route(
        "/my/requests/new",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
        max_content_length=(MAX_ATTACHMENTS + 1) * MAX_ATTACHMENT_SIZE,
    )
    def portal_aftersales_request_submit(self, **post):
        # Only the fields of the form are read: a partner_id or any other
        # field sent along is ignored; the customer is the logged-in user.
        keys = (
            "request_type",
            "subject",
            "equipment_id",
            "product_id",
            "purchase_date",
            "description",
            "phone",
            "contact_address",
            "complaint_category_id",
            "client_reference",
        )
        form = {key: (post.get(key) or "").strip() for key in keys}
        done = self._aftersales_request_submitted(form["client_reference"])
        if done:
            # The same form again: the request it created, not a second one (nor its files twice).
            note_written()
            return request.redirect(done.access_url)
        files = [f for f in request.httprequest.files.getlist("attachments") if f.filename]
        vals, attachments, errors = self._aftersales_validate_request_form(form, files)
        if errors:
            values = self._aftersales_new_request_values(form=form, errors=errors)
            return request.render("aftersales_service.portal_aftersales_request_new", values)
        # sudo: portal users may only read requests. Everything above was
        # validated for this customer (their own unit, a serviceable product,
        # a known category, the files' count and size) and the customer is the
        # logged-in user; routing, priority and SLA clocks run as for any
        # request created through the ORM.
        new_request = request.env["aftersales.request"].sudo().create(vals)
        partner = request.env.user.partner_id
        new_request.message_subscribe(partner_ids=partner.ids)
        if attachments:
            new_request.message_post(
                body=_("Photos and documents sent with the request."),
                author_id=partner.id,
                attachments=attachments,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        note_written()
        return request.redirect(new_request.access_url)

    def _aftersales_form_reference(self, form_reference):
        """The client reference of a portal form: the form's random id, in the customer's own namespace (another
        customer sending the same id never reaches their request); none for anything but such an id."""
        if not re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", form_reference or ""):
            return False
        return f"portal-{request.env.user.partner_id.id}-{form_reference}"

    def _aftersales_request_submitted(self, form_reference):
        """The request this customer's form already created, if it was submitted before."""
        reference = self._aftersales_form_reference(form_reference)
        if not reference:
            return request.env["aftersales.request"]
        # sudo: portal users only read requests; the reference is in this customer's namespace.
        return request.env["aftersales.request"].sudo().search([("client_reference", "=", reference)], limit=1)

    def _aftersales_validate_request_form(self, form, files):
        """Check the new request form of the logged-in customer.

        :return: (values to create the request with, [(file name, content)], {field: error})
        """
        errors = {}
        partner = request.env.user.partner_id
        request_type = form["request_type"]
        if request_type not in PORTAL_REQUEST_TYPES:
            errors["request_type"] = _("Choose the type of your request.")
        if not form["subject"]:
            errors["subject"] = _("Give your request a short subject.")
        if not form["description"]:
            errors["description"] = _("Describe the fault and its symptoms, or your question.")
        if not form["phone"]:
            errors["phone"] = _("Give a phone number where we can reach you.")

        equipment = request.env["aftersales.equipment"]
        if form["equipment_id"]:
            # Searched as the customer, among their own units only.
            equipment_id = int(form["equipment_id"]) if form["equipment_id"].isdigit() else 0
            equipment = equipment.search(
                expression.AND([[("id", "=", equipment_id)], self._aftersales_equipment_domain(partner)]), limit=1
            )
            if not equipment:
                errors["equipment_id"] = _("Choose one of your own units.")
        product = request.env["product.product"]
        if form["product_id"] and not equipment:
            products = self._aftersales_serviceable_products()
            product = products.filtered(lambda p: str(p.id) == form["product_id"])
            if not product:
                errors["product_id"] = _("Choose one of the products we service.")
        if (
            request_type == "repair"
            and not (equipment or product)
            and not errors.keys() & {"equipment_id", "product_id"}
        ):
            errors["product_id"] = _("Choose your unit, or the product and its purchase date.")

        purchase_date = False
        if form["purchase_date"] and not equipment:
            try:
                purchase_date = fields.Date.to_date(form["purchase_date"])
            except ValueError:
                purchase_date = False
            if not purchase_date:
                errors["purchase_date"] = _("Give the purchase date as YYYY-MM-DD.")
            elif purchase_date > fields.Date.context_today(request.env.user):
                errors["purchase_date"] = _("The purchase date cannot be in the future.")

        category = request.env["aftersales.complaint.category"]
        if request_type == "complaint":
            category_id = int(form["complaint_category_id"]) if form["complaint_category_id"].isdigit() else 0
            category = category.search([("id", "=", category_id)], limit=1) if category_id else category
            if not category:
                errors["complaint_category_id"] = _("Choose what your complaint is about.")

        attachments, file_error = self._aftersales_read_files(files)
        if file_error:
            errors["attachments"] = file_error
        vals = {
            "request_type": request_type,
            "channel": "portal",
            "partner_id": partner.id,
            "subject": form["subject"],
            "description": plaintext2html(form["description"]),
            "phone": form["phone"],
            "contact_address": form["contact_address"],
            "equipment_id": equipment.id,
            "complaint_category_id": category.id,
            "client_reference": self._aftersales_form_reference(form["client_reference"]),
        }
        if not equipment:
            vals.update(product_id=product.id, purchase_date=purchase_date)
        return vals, attachments, errors

    def _aftersales_read_files(self, files):
        """Return ([(name, content)], error) for the uploaded ``files``, refusing too many or too large."""
        if len(files) > MAX_ATTACHMENTS:
            return [], _(
                "You sent %(count)s files: at most %(max)s files can be joined to a request.",
                count=len(files),
                max=MAX_ATTACHMENTS,
            )
        attachments = []
        for upload in files:
            content = upload.read(MAX_ATTACHMENT_SIZE + 1)
            if len(content) > MAX_ATTACHMENT_SIZE:
                return [], _(
                    "The file %(name)s is larger than %(max)s MB.",
                    name=upload.filename,
                    max=MAX_ATTACHMENT_SIZE // (1024 * 1024),
                )
            error = request.env["ir.attachment"]._aftersales_upload_error(upload.filename, content)
            if error:
                return [], error
            attachments.append((upload.filename, content))
        return attachments, False

    # ------------------------------------------------------------------
    # Equipment
    # ------------------------------------------------------------------

    @http.route(
        ["/my/equipment", "/my/equipment/page/<int:page>"], type="http", auth="user", website=True, readonly=True
    )
    def portal_my_aftersales_equipments(self, page=1, sortby=None, filterby=None, search_in=None, search=None, **kw):
        options = {
            "sortings": self._aftersales_equipment_searchbar_sortings(),
            "filters": self._aftersales_equipment_searchbar_filters(),
            "inputs": self._aftersales_equipment_searchbar_inputs(),
            "search_domain": self._aftersales_equipment_search_domain,
        }
        domain = self._aftersales_equipment_domain(request.env.user.partner_id)
        values = self._aftersales_list_page(
            "aftersales.equipment",
            "/my/equipment",
            domain,
            options,
            "my_aftersales_equipments_history",
            (page, sortby, filterby, search_in, search),
        )
        values.update(equipments=values.pop("records"), page_name="aftersales_equipment")
        return request.render("aftersales_service.portal_my_aftersales_equipments", values)

    @http.route(
        ["/my/equipment/<int:equipment_id>"],
        type="http",
        auth="public",
        website=True,
        readonly=readonly_unless_just_written,
    )
    def portal_my_aftersales_equipment(self, equipment_id, access_token=None, **kw):
        page_read()
        try:
            equipment_sudo = self._document_check_access(
                "aftersales.equipment", equipment_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        history_domain = [("equipment_id", "=", equipment_sudo.id)]
        values = {
            "equipment": equipment_sudo,
            "page_name": "aftersales_equipment",
            "requests": self._aftersales_visible_records("aftersales.request", history_domain),
            "repairs": self._aftersales_visible_records("aftersales.repair", history_domain),
            "tz": self._aftersales_tz(equipment_sudo),
        }
        values = self._get_page_view_values(
            equipment_sudo, access_token, values, "my_aftersales_equipments_history", False, **kw
        )
        return request.render("aftersales_service.portal_my_aftersales_equipment", values)
