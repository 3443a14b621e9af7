# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import contextlib
import logging
import os
import re
from collections import defaultdict

import psycopg2

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ...lib import anonymize

_logger = logging.getLogger(__name__)


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
    # Quarantined while its scan waits in a job (`_stekas_pii_scan_job`).
    stekas_pii_scan_pending = fields.Boolean(
        string="Scan pending", copy=False, readonly=True
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
        if not guarded or not self.env.user._is_internal():
            return guarded  # clients never see what the guard holds back
        return guarded - guarded.sudo(False)._filtered_access("read")

    def _stekas_filter_for_clients(self):
        """Those of these files a client may see and download: not held back
        by the guard, and sent with a message the portal shows (not an internal
        note) or uploaded without a message by a client (the portal form)."""
        # sudo: which messages carry the files decides, whoever asks
        files = self.sudo().filtered(
            lambda a: a.stekas_pii_state not in ("quarantine", "personal")
        )
        if not files:
            return self.browse()
        Message = self.env["mail.message"].sudo()
        carried = Message.search([("attachment_ids", "in", files.ids)])
        shown = carried.filtered_domain(Message._get_search_domain_share())
        visible = (shown.attachment_ids & files) | files.filtered(
            lambda a: a not in carried.attachment_ids and a.create_uid.share
        )
        return self.filtered(lambda a: a in visible)

    def _stekas_check_download(self):
        """Refuse a ticket's file to whoever may not see it, also when the
        request carries the file's access token: a client gets only the files
        meant for clients, staff those the record rules let them read."""
        self.ensure_one()
        attachment = self.sudo()
        if attachment.res_field or not (
            attachment.res_model == "helpdesk.ticket" or attachment.stekas_pii_ticket_id
        ):
            return
        if self.env.user._is_internal():
            refused = attachment._stekas_pii_restricted_for_user()
        else:
            refused = attachment - attachment._stekas_filter_for_clients()
        if refused:
            raise AccessError(self.env._("You are not allowed to open this file."))

    def _stekas_pii_check_decidable(self):
        self.env.user._stekas_check_dispatcher(
            self.env._("Only the dispatcher can release or destroy quarantined files.")
        )
        if any(attachment.stekas_pii_state != "quarantine" for attachment in self):
            raise UserError(
                self.env._("Only quarantined files can be released or destroyed.")
            )
        if any(self.mapped("stekas_pii_scan_pending")):
            raise UserError(
                self.env._(
                    "The personal data guard is still scanning this file: decide "
                    "on it once the scan is done."
                )
            )

    # ------------------------------------------------------------------
    # The scan as a job (channel root.stekas_scan).

    def _stekas_pii_prepare_scan_job_options(self):
        """The job's options: one job per file (a second one while it waits
        is not queued)."""
        self.ensure_one()
        return {
            "channel": "root.stekas_scan",
            "identity_key": f"stekas_pii_scan:{self.id}",
            "max_retries": 5,
            "description": self.env._("Personal data scan of a ticket's file"),
        }

    def _stekas_pii_scan_job(self, ticket, author, source, email_from=False):
        """Scan one quarantined file and act as the guard does in the
        request: verdict, audit, destruction and the client's notice. A file
        already decided, deleted or destroyed is left alone, so a job run
        twice decides once."""
        # sudo: the guard reads, decides and destroys whoever sent the file
        attachment = self.sudo()._stekas_pii_take_pending()
        if not attachment:
            return "Nothing to scan: the file is decided or gone."
        ticket = ticket.sudo().exists() or attachment.stekas_pii_ticket_id
        audits = ticket.with_context(stekas_pii_scan_now=True)._stekas_pii_guard(
            attachments=attachment,
            author=author.sudo().exists(),
            source=source,
            email_from=email_from,
        )
        return f"Scanned: {len(audits)} audit(s)."

    def _stekas_pii_take_pending(self):
        """Those of these files still waiting for their scan, locked and
        taken (no longer pending): a concurrent run of the same job waits,
        then fails to serialize and is retried, and finds nothing to do."""
        files = self.exists()
        if not files:
            return files
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM ir_attachment WHERE id IN %s "
                "AND stekas_pii_scan_pending FOR NO KEY UPDATE",
                tuple(files.ids),
                to_flush=self._fields["stekas_pii_scan_pending"],
            )
        )
        taken = self.browse([row[0] for row in rows])
        taken.invalidate_recordset(["stekas_pii_scan_pending"])
        taken.write({"stekas_pii_scan_pending": False})
        return taken

    def _stekas_pii_get_source(self):
        """The audit's source of a file, from how it arrived."""
        self.ensure_one()
        if (
            self.env["mail.message"]
            .sudo()  # sudo: which message carried the file, whoever asks
            .search_count(
                [("attachment_ids", "in", self.ids), ("message_type", "=", "email")],
                limit=1,
            )
        ):
            return "mail"
        return "portal" if self.create_uid.share else "backoffice"

    def _stekas_pii_scan_failed(self, **fail_vals):
        """The job failed for good (queue_job's `on_fail_method`): the file
        stays quarantined, now for the dispatcher, with an audit that it could
        not be verified and a note on the ticket."""
        # sudo: called by the job runner for whoever queued the scan
        for ticket, files in (
            self.sudo()
            ._stekas_pii_take_pending()
            .grouped("stekas_pii_ticket_id")
            .items()
        ):
            if not ticket:
                continue
            guarded = ticket.with_context(stekas_pii_guarding=True)
            audits = guarded._stekas_pii_quarantine_on_failure(
                files, self.env["res.partner"], files[:1]._stekas_pii_get_source()
            )
            guarded._stekas_pii_log_note(audits)
        return True

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
        """Destroy these files, every other copy of the same content that
        arrived for the same client and is not kept lawfully, and their indexed
        text; their content leaves the filestore once the transaction commits.
        Returns {checksum: number of other copies destroyed}."""
        checksums = [c for c in self.mapped("checksum") if c]
        copies = self.browse()
        if checksums:
            copies = self.search(
                [
                    ("checksum", "in", checksums),
                    ("id", "not in", self.ids),
                    ("stekas_pii_state", "!=", "personal"),
                ]
            )._stekas_pii_of_same_client(self)
        counts = {}
        for checksum in copies.mapped("checksum"):
            counts[checksum] = counts.get(checksum, 0) + 1
        doomed = self | copies
        fnames = [fname for fname in doomed.mapped("store_fname") if fname]
        doomed.write({"index_content": False})
        doomed.unlink()
        self._stekas_pii_erase_after_commit(fnames)
        return counts

    def _stekas_pii_of_same_client(self, originals):
        """Those of these copies that belong to the same client as an original
        of the same content: on the same record, or on a record of the same
        client company. Another company's file with the same bytes is its own
        and stays."""
        clients = {
            **originals._stekas_pii_get_clients(),
            **self._stekas_pii_get_clients(),
        }
        records, companies = defaultdict(set), defaultdict(set)
        for original in originals:
            records[original.checksum].add((original.res_model, original.res_id))
            if clients[original.id]:
                companies[original.checksum].add(clients[original.id])
        return self.filtered(
            lambda copy: (copy.res_model, copy.res_id) in records[copy.checksum]
            or clients[copy.id] in companies[copy.checksum]
        )

    def _stekas_pii_get_clients(self):
        """{attachment id: id of the client company of the record it is
        attached to, or 0 when the record belongs to no client}."""
        by_model = defaultdict(set)
        for attachment in self:
            if attachment.res_model in self.env and attachment.res_id:
                by_model[attachment.res_model].add(attachment.res_id)
        client_of = {}
        for model, ids in by_model.items():
            # sudo: the guard compares the owners of files whoever may read them
            records = self.env[model].sudo().browse(ids).exists()
            partner_field = records._fields.get("partner_id")
            if "commercial_partner_id" in records._fields:
                partners = {r.id: r.commercial_partner_id for r in records}
            elif getattr(partner_field, "comodel_name", None) == "res.partner":
                partners = {r.id: r.partner_id.commercial_partner_id for r in records}
            else:
                continue  # a record of no client: only its own copies go
            for record_id, partner in partners.items():
                client_of[(model, record_id)] = partner.id
        return {
            attachment.id: client_of.get((attachment.res_model, attachment.res_id), 0)
            for attachment in self
        }

    def _stekas_pii_erase_after_commit(self, fnames):
        """Remove destroyed content from the filestore as soon as the
        destruction is committed, not at the next garbage collection; a
        rollback keeps the files that are then still referenced."""
        if not fnames or self._storage() != "file":
            return
        registry = self.env.registry

        @self.env.cr.postcommit.add
        def erase():
            with registry.cursor() as cr:
                api.Environment(cr, SUPERUSER_ID, {})[
                    "ir.attachment"
                ]._stekas_pii_erase_files(fnames)

    @api.model
    def _stekas_pii_erase_files(self, fnames):
        """Unlink from disk those of these stored files no attachment refers
        to any more, as Odoo's garbage collection does: the lock keeps a
        concurrent upload of the same content from reusing a file being
        removed. When the lock is not granted the daily collection does it."""
        cr = self.env.cr
        cr.execute("SET LOCAL lock_timeout TO '10s'")
        try:
            cr.execute("LOCK ir_attachment IN SHARE MODE")
        except psycopg2.errors.LockNotAvailable:
            cr.rollback()
            _logger.info("Destroyed files are left to the filestore collection.")
            return
        cr.execute(
            SQL(
                "SELECT store_fname FROM ir_attachment WHERE store_fname IN %s",
                tuple(fnames),
            )
        )
        referenced = {row[0] for row in cr.fetchall()}
        for fname in set(fnames) - referenced:
            with contextlib.suppress(OSError):
                os.unlink(self._full_path(fname))
            checklist = re.sub("[.]", "", fname).strip("/\\")
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(self._full_path("checklist"), checklist))

    def action_stekas_pii_anonymized_copy(self):
        """R-PII-2: attach an anonymized copy of a text, CSV, XLSX, DOCX, PDF,
        PNG or JPEG file next to it, for the consultant or the client to use
        instead."""
        self._stekas_pii_make_anonymized_copies()
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    def _stekas_pii_anonymize_error(self, reason):
        """The message for an anonymization refused for `reason`."""
        if reason == anonymize.pd.OVER_BUDGET:
            return self.env._(
                "%(name)s is too large to be anonymized in time: split it into "
                "smaller files.",
                name=self.name,
            )
        if reason == anonymize.NOT_CLEAN:
            return self.env._(
                "The anonymized copy of %(name)s still showed personal data when "
                "it was checked again, so it was not made.",
                name=self.name,
            )
        return self.env._("%(name)s could not be read to anonymize it.", name=self.name)

    def _stekas_pii_make_anonymized_copies(self):
        copies_vals = []
        for attachment in self:
            attachment.check_access("read")
            data = attachment.raw or b""
            if not anonymize.can_anonymize(data, attachment.name):
                raise UserError(
                    self.env._(
                        "%(name)s cannot be anonymized here: only text, CSV, XLSX, "
                        "DOCX, PDF, PNG and JPEG files can.",
                        name=attachment.name,
                    )
                )
            # Reading a scanned page or an image takes seconds of OCR: the
            # guard's budget keeps it within the request's time.
            budget = self.env["helpdesk.ticket"]._stekas_pii_get_budget()
            try:
                out, name, _report = anonymize.anonymize_file(
                    data, attachment.name, budget=budget
                )
            except anonymize.AnonymizeError as exc:
                raise UserError(
                    attachment._stekas_pii_anonymize_error(str(exc))
                ) from exc
            copies_vals.append(
                {
                    "name": name,
                    "datas": base64.b64encode(out),
                    "res_model": attachment.res_model,
                    "res_id": attachment.res_id,
                }
            )
        # The copies were checked again as they were made (anonymize's
        # rescan): the guard reads them now rather than holding them back
        # for a job, so the consultant can use them at once.
        return self.with_context(stekas_pii_scan_now=True).create(copies_vals)
