import re

from odoo import api, fields, models

UUID = re.compile(r"^[0-9a-f]{32}$")


class SmsTracker(models.Model):
    """The tracker outlives the SMS row (deleted once sent): it keeps the provider's id of the message, the
    key of Tencent's status reports (``sid``, the SerialNo) and Alibaba's second key (``biz_id``)."""

    _inherit = "sms.tracker"

    aftersales_provider = fields.Selection(
        [("tencent", "Tencent Cloud SMS"), ("aliyun", "Alibaba Cloud SMS")], string="SMS Provider", readonly=True
    )
    aftersales_provider_ref = fields.Char("Provider Message ID", index="btree_not_null", readonly=True)

    @api.model
    def _aftersales_apply_reports(self, provider, reports):
        """Apply delivery reports ``[{uuid, ref, delivered, code, description}]`` of ``provider``: delivered
        marks the notification delivered, a failure marks it failed with the carrier's code as its reason.
        Reports of unknown messages are ignored (the provider would only send them again)."""
        uuids = {report["uuid"] for report in reports if UUID.match(report.get("uuid") or "")}
        refs = {report["ref"] for report in reports if report.get("ref")}
        trackers = self.sudo().search(
            [
                "|",
                ("sms_uuid", "in", list(uuids)),
                "&",
                ("aftersales_provider", "=", provider),
                ("aftersales_provider_ref", "in", list(refs)),
            ]
        )
        by_uuid = {tracker.sms_uuid: tracker for tracker in trackers}
        by_ref = {tracker.aftersales_provider_ref: tracker for tracker in trackers if tracker.aftersales_provider_ref}
        matched = self.sudo()
        for report in reports:
            tracker = by_uuid.get(report.get("uuid")) or by_ref.get(report.get("ref"))
            if not tracker:
                continue
            matched |= tracker
            if report["delivered"]:
                tracker._action_update_from_sms_state("sent")
            else:
                reason = ": ".join(part for part in (report.get("code"), report.get("description")) if part)
                tracker._update_sms_notifications(
                    "exception", failure_type="sms_not_delivered", failure_reason=reason[:500] or False
                )
        # As Odoo's /sms/status: the SMS rows reported on are deleted (the trackers keep the status).
        sms = self.env["sms.sms"].sudo().search([("uuid", "in", matched.mapped("sms_uuid")), ("to_delete", "=", False)])
        sms.to_delete = True
        return matched
