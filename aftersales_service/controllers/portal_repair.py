# Customer portal: repair orders, quotations online and payment (routes /my/repairs).
import binascii

from markupsafe import Markup

from odoo import Command, _, fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.osv import expression
from odoo.tools import plaintext2html

from odoo.addons.portal.controllers.portal import CustomerPortal

from .portal_list import AftersalesPortalList, note_written, page_read, readonly_unless_just_written

CLOSED_REPAIR_STATES = ("done", "cancelled")
QUOTATION_REPORT = "aftersales_service.action_report_repair_quotation"


class AftersalesRepairPortal(AftersalesPortalList, CustomerPortal):
    # ------------------------------------------------------------------
    # Home
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        partner = request.env.user.partner_id
        Repair = request.env["aftersales.repair"]
        can_read = Repair.has_access("read")
        if "aftersales_repair_count" in counters:
            values["aftersales_repair_count"] = (
                Repair.search_count(self._aftersales_repair_domain(partner)) if can_read else 0
            )
        if "aftersales_repair_quote_count" in counters:
            values["aftersales_repair_quote_count"] = (
                Repair.search_count(
                    expression.AND([self._aftersales_repair_domain(partner), self._aftersales_open_quote_domain()])
                )
                if can_read
                else 0
            )
        return values

    def _aftersales_repair_domain(self, partner):
        return [("partner_id", "child_of", [partner.commercial_partner_id.id])]

    def _aftersales_open_quote_domain(self):
        """Repairs whose quotation waits for the customer (as ``_is_quote_open_online``)."""
        today = fields.Date.context_today(request.env.user)
        return [
            ("state", "=", "quoted"),
            ("quote_state", "=", "sent"),
            "|",
            ("quote_validity_date", "=", False),
            ("quote_validity_date", ">=", today),
        ]

    # ------------------------------------------------------------------
    # Search bar: every key the visitor sends is looked up in these
    # dictionaries; an unknown key falls back to the default (the first).
    # ------------------------------------------------------------------

    def _aftersales_repair_searchbar_sortings(self):
        return {
            "date": {"label": _("Newest"), "order": "create_date desc, id desc"},
            "name": {"label": _("Reference"), "order": "name desc, id desc"},
            "state": {"label": _("Status"), "order": "state, id desc"},
        }

    def _aftersales_repair_searchbar_filters(self):
        filters = {
            "all": {"label": _("All"), "domain": []},
            "open": {"label": _("Open"), "domain": [("state", "not in", CLOSED_REPAIR_STATES)]},
            "closed": {"label": _("Closed"), "domain": [("state", "in", CLOSED_REPAIR_STATES)]},
            "to_review": {"label": _("Quotation to Review"), "domain": self._aftersales_open_quote_domain()},
        }
        return self._aftersales_state_filters("aftersales.repair", filters)

    def _aftersales_repair_searchbar_inputs(self):
        return {
            "all": {"input": "all", "label": _("Search in All")},
            "name": {"input": "name", "label": _("Search in Reference")},
            "serial": {"input": "serial", "label": _("Search in Serial Number")},
            "tracking": {"input": "tracking", "label": _("Search in Tracking Reference")},
        }

    def _aftersales_repair_search_domain(self, search_in, search):
        domains = {
            "name": [("name", "ilike", search)],
            "serial": [("equipment_id.serial_number", "ilike", search)],
            "tracking": [
                "|",
                ("inbound_tracking_ref", "ilike", search),
                ("outbound_tracking_ref", "ilike", search),
            ],
        }
        if search_in == "all":
            return expression.OR(list(domains.values()))
        return domains[search_in]

    # ------------------------------------------------------------------
    # List
    # ------------------------------------------------------------------

    def _prepare_aftersales_repairs_values(self, page=1, sortby=None, filterby=None, search_in=None, search=None):
        options = {
            "sortings": self._aftersales_repair_searchbar_sortings(),
            "filters": self._aftersales_repair_searchbar_filters(),
            "inputs": self._aftersales_repair_searchbar_inputs(),
            "search_domain": self._aftersales_repair_search_domain,
        }
        values = self._aftersales_list_page(
            "aftersales.repair",
            "/my/repairs",
            self._aftersales_repair_domain(request.env.user.partner_id),
            options,
            "my_aftersales_repairs_history",
            (page, sortby, filterby, search_in, search),
        )
        values.update(repairs=values.pop("records"), page_name="aftersales_repair")
        return values

    @http.route(["/my/repairs", "/my/repairs/page/<int:page>"], type="http", auth="user", website=True, readonly=True)
    def portal_my_aftersales_repairs(self, page=1, sortby=None, filterby=None, search_in=None, search=None, **kw):
        values = self._prepare_aftersales_repairs_values(page, sortby, filterby, search_in, search)
        return request.render("aftersales_service.portal_my_aftersales_repairs", values)

    # ------------------------------------------------------------------
    # Repair page
    # ------------------------------------------------------------------

    def _aftersales_repair_check_access(self, repair_id, access_token):
        """The repair as superuser if the visitor owns it or holds its token; raise otherwise."""
        return self._document_check_access("aftersales.repair", repair_id, access_token=access_token)

    def _aftersales_repair_invoices(self, repair_sudo):
        """Posted invoices of the repair that belong to its customer, to link to their own portal page.

        ``repair_sudo.invoice_ids`` is read as superuser: an invoice is only
        shown when it is posted, a customer invoice or credit note of the same
        company and its partner is the repair's customer (its commercial
        entity), i.e. a document the customer may open on /my/invoices.
        """
        commercial_partner = repair_sudo.partner_id.commercial_partner_id
        return repair_sudo.invoice_ids.filtered(
            lambda move: move.state == "posted"
            and move.move_type in ("out_invoice", "out_refund")
            and move.company_id == repair_sudo.company_id
            and move.partner_id.commercial_partner_id == commercial_partner
        )

    def _aftersales_repair_lang(self, repair_sudo):
        """The language to show the page in: the visitor's, or for an anonymous visitor the customer's."""
        if not request.env.user._is_public():
            return request.env.lang
        lang = repair_sudo.partner_id.lang
        return lang if lang and request.env["res.lang"]._lang_get(lang) else request.env.lang

    @http.route(
        ["/my/repairs/<int:repair_id>"], type="http", auth="public", website=True, readonly=readonly_unless_just_written
    )
    def portal_my_aftersales_repair(
        self, repair_id, access_token=None, report_type=None, download=False, message=False, **kw
    ):
        page_read()
        try:
            repair_sudo = self._aftersales_repair_check_access(repair_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")

        lang = self._aftersales_repair_lang(repair_sudo)
        if lang != request.env.lang:
            request.update_context(lang=lang)
            repair_sudo = repair_sudo.with_context(lang=lang)

        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=repair_sudo, report_type=report_type, report_ref=QUOTATION_REPORT, download=download
            )

        values = {
            "repair": repair_sudo,
            "invoices": self._aftersales_repair_invoices(repair_sudo),
            "quote_open": repair_sudo._is_quote_open_online(),
            "message": message,
            "page_name": "aftersales_repair",
            "report_type": "html",
            "res_company": repair_sudo.company_id,
        }
        values = self._get_page_view_values(repair_sudo, access_token, values, "my_aftersales_repairs_history", False)
        # The portal chatter posts with the document's token; a logged-in
        # customer who came without it (from /my/repairs) was checked above.
        values.setdefault("token", repair_sudo.access_token)
        return request.render("aftersales_service.portal_my_aftersales_repair", values)

    # ------------------------------------------------------------------
    # Quotation: accept or decline
    # ------------------------------------------------------------------

    def _aftersales_portal_author(self, repair_sudo):
        """The partner the customer's messages are posted as."""
        if request.env.user._is_public():
            return repair_sudo.partner_id
        return request.env.user.partner_id

    @http.route(["/my/repairs/<int:repair_id>/accept"], type="json", auth="public", website=True)
    def portal_aftersales_repair_accept(self, repair_id, access_token=None, name=None, signature=None):
        # The signature form posts to the URL given to it, token in the query string.
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            repair_sudo = self._aftersales_repair_check_access(repair_id, access_token)
        except (AccessError, MissingError):
            return {"error": _("Invalid repair order.")}
        if not repair_sudo._is_quote_open_online():
            return {"error": _("This quotation is no longer open for acceptance.")}
        name = (name or "").strip()
        if not name:
            return {"error": _("Your name is missing.")}
        if repair_sudo.require_signature and not signature:
            return {"error": _("Signature is missing.")}

        # sudo: portal users and anonymous visitors only read repair orders;
        # the visitor was checked above (owner or access token) and the
        # quotation is open. Run as the visitor with superuser rights, so the
        # tracking and the write stamps name them, not the superuser.
        repair = repair_sudo.with_user(request.env.user).sudo()
        values = {"signed_by": name, "signed_on": fields.Datetime.now()}
        if signature:
            values["signature"] = signature
        try:
            with request.env.cr.savepoint():
                repair.write(values)
        except (TypeError, ValueError, binascii.Error, UserError, ValidationError):
            return {"error": _("Invalid signature data.")}

        pdf = request.env["ir.actions.report"].sudo()._render_qweb_pdf(QUOTATION_REPORT, repair.ids)[0]
        body = (
            _("Quotation accepted and signed online by %(name)s.", name=name)
            if signature
            else _("Quotation accepted online by %(name)s.", name=name)
        )
        # The evidence is a notification of the company, which nobody edits: a customer may delete the
        # attachments of their own messages, not this one's.
        message = repair.message_post(
            body=body,
            attachments=[(_("%(name)s - accepted.pdf", name=repair.name), pdf)],
            author_id=repair.company_id.partner_id.id,
            message_type="notification",
            subtype_xmlid="mail.mt_comment",
        )
        # The quotation as accepted is the confirmation the acceptance requires.
        repair.quote_confirmation_ids = [Command.link(attachment.id) for attachment in message.attachment_ids]
        repair.action_accept_quote()
        note_written()
        return {
            "force_refresh": True,
            "redirect_url": repair.get_portal_url(query_string="&message=accepted"),
        }

    @http.route(["/my/repairs/<int:repair_id>/decline"], type="http", auth="public", methods=["POST"], website=True)
    def portal_aftersales_repair_decline(self, repair_id, access_token=None, decline_message=None, **kw):
        try:
            repair_sudo = self._aftersales_repair_check_access(repair_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        decline_message = (decline_message or "").strip()
        if not repair_sudo._is_quote_open_online() or not decline_message:
            return request.redirect(repair_sudo.get_portal_url(query_string="&message=cant_decline"))

        # sudo: as for the acceptance, the visitor was checked above and the
        # quotation is open; portal users only read repair orders.
        repair = repair_sudo.with_user(request.env.user).sudo()
        repair.action_decline_quote()
        repair.message_post(
            body=Markup("%s<br/>%s") % (_("Quotation declined online. Reason:"), plaintext2html(decline_message)),
            author_id=self._aftersales_portal_author(repair).id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        note_written()
        return request.redirect(repair.get_portal_url(query_string="&message=declined"))
