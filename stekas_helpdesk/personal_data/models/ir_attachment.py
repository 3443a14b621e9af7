# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from ...lib import anonymize


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    # R-PII-4: what the personal-data guard decided about a ticket's file.
    stekas_pii_state = fields.Selection(
        [
            ("clean", "No personal data"),
            ("quarantine", "Quarantined"),
            ("personal", "Personal data (restricted)"),
        ],
        string="Personal data",
        index=True,
        copy=False,
        readonly=True,
    )
    stekas_pii_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Guarded on ticket",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        readonly=True,
    )

    @api.model_create_multi
    def create(self, vals_list):
        attachments = super().create(vals_list)
        if not self.env.context.get("stekas_pii_defer"):
            guarded = attachments.filtered(
                lambda a: a.res_model == "helpdesk.ticket"
                and a.res_id
                and not a.res_field
            )
            if guarded:
                self.env["helpdesk.ticket"]._stekas_pii_guard_new_attachments(guarded)
        return attachments

    def _to_store(self, store, /, *, fields=None, extra_fields=None):
        # The chatter reads a message's files in sudo: do not show the name of
        # a quarantined or restricted file to someone who may not open it.
        res = super()._to_store(store, fields=fields, extra_fields=extra_fields)
        for attachment in self._stekas_pii_restricted_for_user():
            label = (
                self.env._("Quarantined file")
                if attachment.stekas_pii_state == "quarantine"
                else self.env._("Restricted personal data file")
            )
            store.add(
                attachment,
                {
                    "name": label,
                    "filename": label,
                    "checksum": False,
                    "res_name": False,
                },
            )
        return res

    def _stekas_pii_restricted_for_user(self):
        """Those of these quarantined or personal files the current user (not
        superuser mode) may not read."""
        guarded = self.filtered(
            lambda a: a.stekas_pii_state in ("quarantine", "personal")
        )
        if not guarded:
            return guarded
        return guarded - guarded.sudo(False)._filtered_access("read")

    def _stekas_pii_check_decidable(self):
        self.env.user._stekas_check_dispatcher(
            self.env._("Only the dispatcher can release or destroy quarantined files.")
        )
        if any(attachment.stekas_pii_state != "quarantine" for attachment in self):
            raise UserError(
                self.env._("Only quarantined files can be released or destroyed.")
            )

    def action_stekas_pii_keep(self):
        """The dispatcher looked at a quarantined file and keeps it: it stays
        restricted to the assigned consultant and working group."""
        self._stekas_pii_check_decidable()
        self.env["stekas.pii.audit"].sudo().create(  # sudo: audit is append-only
            [
                attachment._stekas_pii_prepare_audit_vals("released", "clean")
                for attachment in self
            ]
        )
        self.write({"stekas_pii_state": "personal"})
        return True

    def action_stekas_pii_destroy(self):
        self._stekas_pii_check_decidable()
        audit_vals = [
            attachment._stekas_pii_prepare_audit_vals("destroyed", "certain")
            for attachment in self
        ]
        # sudo: the dispatcher destroys files on tickets she may not follow.
        self.sudo()._stekas_pii_destroy()
        self.env["stekas.pii.audit"].sudo().create(audit_vals)
        return True

    def _stekas_pii_prepare_audit_vals(self, action, status):
        self.ensure_one()
        return {
            "ticket_id": self.stekas_pii_ticket_id.id,
            "company_id": self.stekas_pii_ticket_id.company_id.id
            or self.env.company.id,
            "partner_id": self.create_uid.partner_id.id,
            "source": "backoffice",
            "content_type": "attachment",
            "checksum": self.checksum,
            "file_size": self.file_size,
            "mimetype": self.mimetype,
            "status": status,
            "action": action,
        }

    def _stekas_pii_destroy(self):
        """Destroy these files, every other copy of the same content that is not
        kept lawfully, and their indexed text. Returns {checksum: number of
        other copies destroyed}."""
        checksums = [c for c in self.mapped("checksum") if c]
        copies = self.browse()
        if checksums:
            copies = self.search(
                [
                    ("checksum", "in", checksums),
                    ("id", "not in", self.ids),
                    ("stekas_pii_state", "!=", "personal"),
                ]
            )
        counts = {}
        for checksum in copies.mapped("checksum"):
            counts[checksum] = counts.get(checksum, 0) + 1
        doomed = self | copies
        doomed.write({"index_content": False})
        doomed.unlink()  # the filestore garbage collector then removes the files
        return counts

    def action_stekas_pii_anonymized_copy(self):
        """R-PII-2: attach an anonymized copy of a text, CSV or XLSX file next
        to it, for the consultant or the client to use instead."""
        self._stekas_pii_make_anonymized_copies()
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    def _stekas_pii_make_anonymized_copies(self):
        copies_vals = []
        for attachment in self:
            attachment.check_access("read")
            data = attachment.raw or b""
            if not anonymize.can_anonymize(data, attachment.name):
                raise UserError(
                    self.env._(
                        "%(name)s cannot be anonymized here: only text, CSV and "
                        "XLSX files can.",
                        name=attachment.name,
                    )
                )
            try:
                out, name, _report = anonymize.anonymize_file(data, attachment.name)
            except anonymize.AnonymizeError as exc:
                raise UserError(
                    self.env._(
                        "%(name)s could not be read to anonymize it.",
                        name=attachment.name,
                    )
                ) from exc
            copies_vals.append(
                {
                    "name": name,
                    "datas": base64.b64encode(out),
                    "res_model": attachment.res_model,
                    "res_id": attachment.res_id,
                }
            )
        return self.create(copies_vals)
