import os

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools.mimetypes import guess_mimetype

# What customers may upload on the portal (their request form, the chatter of their requests and repair orders):
# images, PDF and common office documents. Each extension with the content types its bytes may show; office
# files are containers that are not always recognised, so they may also read as zip or unknown binary.
_OFFICE = (
    "application/msword",
    "application/vnd.",
    "application/rtf",
    "text/rtf",
    "application/zip",
    "application/x-ole-storage",
    "application/CDFV2",
    "application/octet-stream",
)
PORTAL_UPLOAD_TYPES = {
    "pdf": ("application/pdf",),
    "png": ("image/png",),
    "jpg": ("image/jpeg",),
    "jpeg": ("image/jpeg",),
    "gif": ("image/gif",),
    "webp": ("image/webp",),
    "bmp": ("image/bmp", "image/x-ms-bmp"),
    "tif": ("image/tiff",),
    "tiff": ("image/tiff",),
    "heic": ("image/heic", "application/octet-stream"),
    "txt": ("text/plain",),
    "csv": ("text/plain", "text/csv"),
    **dict.fromkeys(("doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf"), _OFFICE),
}


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model
    def _aftersales_upload_error(self, name, content):
        """Why a customer may not upload the file ``name`` of bytes ``content``, or ``False``: only images, PDF
        and common office documents, whose bytes are what their extension says (no program, script, web page
        or SVG, renamed or not)."""
        extension = os.path.splitext(name or "")[1].lstrip(".").lower()
        accepted = PORTAL_UPLOAD_TYPES.get(extension)
        if accepted and guess_mimetype(content or b"").startswith(accepted):
            return False
        return _(
            "%(name)s is not accepted: send pictures (JPEG, PNG, ...), PDF or office documents (Word, Excel, "
            "PowerPoint, OpenDocument, text or CSV).",
            name=name or _("A file without a name"),
        )

    def _aftersales_check_uploads(self):
        """Refuse these attachments (raw bytes read as superuser) unless all may be uploaded by a customer."""
        errors = [error for a in self.sudo() if (error := self._aftersales_upload_error(a.name, a.raw))]
        if errors:
            raise UserError("\n".join(errors))

    def _aftersales_evidence_of(self):
        """The accepted repair quotations whose confirmation (signed PDF, faxed or scanned document) is one of
        these attachments."""
        if not self.ids:
            return self.env["aftersales.repair"]
        return (
            self.env["aftersales.repair"]
            .sudo()
            .with_context(active_test=False)
            .search([("quote_confirmation_ids", "in", self.ids), ("quote_state", "=", "accepted")])
        )

    def _aftersales_check_evidence(self, action):
        repairs = self._aftersales_evidence_of()
        if repairs:
            raise UserError(
                _(
                    "%(files)s cannot be %(action)s: it is the evidence of the accepted quotation of %(repairs)s. "
                    "Only a new acceptance supersedes it.",
                    files=", ".join(self.filtered(lambda a: a in repairs.quote_confirmation_ids).mapped("name")),
                    action=action,
                    repairs=", ".join(repairs.mapped("name")),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_quote_evidence(self):
        self._aftersales_check_evidence(_("deleted"))

    def write(self, vals):
        if {"datas", "raw", "db_datas", "url", "res_model", "res_id"} & set(vals):
            self._aftersales_check_evidence(_("replaced"))
        return super().write(vals)
