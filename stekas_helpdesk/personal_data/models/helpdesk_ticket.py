# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

from psycopg2 import OperationalError

from odoo import api, fields, models
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tools.mail import parse_contact_from_email
from odoo.tools.misc import hash_sign, verify_hash_signed

from odoo.addons.queue_job.utils import must_run_without_delay

from ...lib import contact_zone, file_text, html_text, personal_data

_logger = logging.getLogger(__name__)


# The personal-data guard (R-PII-1..5) is a concern of its own, kept apart from
# intake and the journal so that each file can be read whole.
# pylint: disable=consider-merging-classes-inherited
class HelpdeskTicket(models.Model):
    """The personal-data guard on tickets (R-PII-1..5).

    Every file and client message that arrives on a ticket (mail gateway,
    portal, back office) is scanned. Without a valid agreement (R-PII-5) or an
    approved request (R-PII-3), certain personal data is destroyed at once and
    the client told why (R-PII-4); suspect or unreadable content is
    quarantined for the dispatcher. With one, the content is kept, restricted
    to the assigned consultant and the working group, and destroyed some days
    after the ticket closes.
    """

    _inherit = "helpdesk.ticket"

    _PII_ACTIONS = {"destroy": "destroyed", "quarantine": "quarantined", "keep": "kept"}
    # Files above this size, images and PDFs (which may need OCR) are scanned
    # by a job on the channel `root.stekas_scan`, quarantined until then:
    # the mail fetch or the upload that brings them stays fast.
    _STEKAS_PII_SCAN_JOB_BYTES = 256 * 1024
    # The ticket's own text a client writes (portal form, intake page, e-mail
    # subject): guarded as a message text is.
    _STEKAS_PII_TEXT_FIELDS = (
        "name",
        "description",
        "stekas_intake_company_name",
        "stekas_intake_firstname",
        "stekas_intake_lastname",
        "stekas_intake_function",
        "stekas_intake_phone",
        "partner_email",
        "partner_name",
    )

    stekas_pii_request_ids = fields.One2many(
        "stekas.pii.transfer.request",
        "ticket_id",
        string="Personal data transfer requests",
    )
    stekas_pii_lawful = fields.Boolean(
        string="Personal data may be received",
        compute="_compute_stekas_pii_lawful",
        help="The client has a valid data processing agreement, or this ticket "
        "an approved personal data transfer request.",
    )

    @api.depends(
        "commercial_partner_id",
        "stekas_pii_request_ids.state",
        "stekas_pii_request_ids.valid_until",
    )
    def _compute_stekas_pii_lawful(self):
        for ticket in self:
            ticket.stekas_pii_lawful = ticket._stekas_pii_has_lawful_basis()

    # ------------------------------------------------------------------
    # Entry points: mail gateway and chatter posts, direct uploads.

    def _process_attachments_for_post(
        self, attachments, attachment_ids, message_values
    ):
        # Files of a post are guarded with their message, after it is created.
        return super(
            HelpdeskTicket, self.with_context(stekas_pii_defer=True)
        )._process_attachments_for_post(attachments, attachment_ids, message_values)

    def _message_post_after_hook(self, message, msg_values):
        # The automatic intake reply waits for the guard: it then shows the
        # stand-ins in the ticket's name and, where the guard acted, the
        # anonymizer's link (R-PII-2).
        res = super(
            HelpdeskTicket, self.with_context(stekas_intake_reply_later=True)
        )._message_post_after_hook(message, msg_values)
        audits = self.env["stekas.pii.audit"]
        if message.message_type in ("email", "comment") and len(self) == 1:
            author = message.author_id
            if not (
                not message.attachment_ids
                and author
                and author._stekas_pii_is_internal()
            ):  # else staff text, not guarded, and no file
                audits = self._stekas_pii_guard(
                    attachments=message.attachment_ids,
                    message=message,
                    author=author,
                    source=self._stekas_pii_get_source(message, author),
                )
        if msg_values.get("message_type") == "email":
            # What the guard did is known here: the reply need not look it up.
            self.with_context(
                stekas_pii_guard_acted=bool(
                    audits.filtered(lambda a: a.action in ("destroyed", "quarantined"))
                )
            )._stekas_send_pending_intake_reply()
        return res

    @api.model
    def message_new(self, msg, custom_values=None):
        # The ticket's name and description come from the mail, whose guard
        # (when it is posted) puts its stand-ins in them too: one decision,
        # one audit, one mail to the client.
        return super(
            HelpdeskTicket, self.with_context(stekas_pii_text_of_message=True)
        ).message_new(msg, custom_values=custom_values)

    def message_update(self, msg, update_vals=None):
        # Intake answers read from a reply: guarded with the reply (above).
        return super(
            HelpdeskTicket, self.with_context(stekas_pii_text_of_message=True)
        ).message_update(msg, update_vals=update_vals)

    @api.model
    def _stekas_pii_guard_new_attachments(self, attachments):
        """Files attached to tickets directly (portal form, back office)."""
        author = self.env.user.partner_id
        source = "portal" if self.env.user.share else "backoffice"
        # sudo: the ticket may be read by the guard whatever the uploader's rights.
        tickets = self.sudo().browse(set(attachments.mapped("res_id")))
        for ticket in tickets.exists():
            ticket._stekas_pii_guard(
                attachments=attachments.filtered(lambda a, t=ticket: a.res_id == t.id),
                author=author,
                source=source,
            )

    @api.model
    def _stekas_pii_get_source(self, message, author):
        if message.message_type == "email":
            return "mail"
        if author and not author._stekas_pii_is_internal():
            return "portal"
        return "backoffice"

    # ------------------------------------------------------------------
    # The guard.

    def _stekas_pii_guard(
        self,
        attachments=None,
        message=None,
        author=None,
        source="mail",
        email_from=None,
    ):
        """Scan and act; never raises (the guard must not break intake): a
        failure quarantines the files. Returns the audits it made. Heavy
        files are left quarantined to a job (`_stekas_pii_defer_scans`).
        `email_from`: where to tell the client when there is no message."""
        self.ensure_one()
        # sudo: the guard reads, restricts and destroys files whoever sent them;
        # what it writes itself is not guarded again.
        ticket = self.sudo().with_context(stekas_pii_guarding=True)
        attachments = (attachments or self.env["ir.attachment"]).sudo().exists()
        author = (author or self.env["res.partner"]).sudo()
        email_from = email_from or (message and message.email_from) or False
        attachments -= ticket._stekas_pii_defer_scans(
            attachments, author, source, email_from
        )
        # One budget for the text and all the files of one message: a mail
        # with many files is answered within Odoo's time limits too.
        budget = ticket._stekas_pii_get_budget()
        audits = ticket.env["stekas.pii.audit"]
        if not attachments and not ticket._stekas_pii_body_may_hold_data(
            message, budget
        ):
            return audits  # nothing to act on: no savepoint, no known values
        try:
            with self.env.cr.savepoint():
                return ticket._stekas_pii_guard_run(
                    attachments,
                    message,
                    author,
                    source,
                    budget=budget,
                    email_from=email_from,
                )
        except Exception as error:
            if (
                isinstance(error, OperationalError)
                and error.pgcode in PG_CONCURRENCY_ERRORS_TO_RETRY
            ):
                # a lock or serialization conflict is no failure of the scan:
                # the transaction is retried whole (a job by queue_job, a
                # request by Odoo, a fetched mail by the next fetch), instead
                # of quarantining the files as unverifiable
                raise
            _logger.warning(
                "Personal data guard failed on ticket %s: its files are quarantined.",
                self.id,
                exc_info=True,
            )
            try:
                with self.env.cr.savepoint():
                    return ticket._stekas_pii_quarantine_on_failure(
                        attachments, author, source
                    )
            except Exception:
                _logger.warning(
                    "Could not quarantine the files of ticket %s.",
                    self.id,
                    exc_info=True,
                )
        return audits

    def _stekas_pii_defer_scans(self, attachments, author, source, email_from=False):
        """Quarantine the heavy ones of `attachments` and queue a scan job
        for each (`ir.attachment._stekas_pii_scan_job`); return them. None
        with the context `stekas_pii_scan_now` (the job itself, anonymized
        copies) or where jobs run at once (the context `queue_job__no_delay`,
        the variable `QUEUE_JOB__NO_DELAY`): then the guard scans them all
        now, as it did before jobs."""
        self.ensure_one()
        heavy = attachments.browse()
        if self.env.context.get("stekas_pii_scan_now") or must_run_without_delay(
            self.env
        ):
            return heavy
        heavy = attachments.filtered(self._stekas_pii_needs_scan_job)
        if not heavy:
            return heavy
        heavy.write(
            {
                "stekas_pii_state": "quarantine",
                "stekas_pii_ticket_id": self.id,
                "stekas_pii_scan_pending": True,
            }
        )
        for attachment in heavy:
            attachment.with_delay(
                **attachment._stekas_pii_prepare_scan_job_options()
            )._stekas_pii_scan_job(self, author, source, email_from or False)
        return heavy

    def _stekas_pii_needs_scan_job(self, attachment):
        """Whether a file is scanned by a job rather than in the request:
        above the size limit, or an image or PDF, which may need OCR."""
        mimetype = attachment.mimetype or ""
        return (
            attachment.file_size > self._stekas_pii_get_scan_job_bytes()
            or mimetype.startswith("image/")
            or mimetype == "application/pdf"
        )

    @api.model
    def _stekas_pii_get_scan_job_bytes(self):
        """The size above which a file is scanned by a job; settable by
        ``stekas_helpdesk.pii_scan_job_bytes``."""
        # sudo: reading the guard's settings, whoever triggers it
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("stekas_helpdesk.pii_scan_job_bytes")
        )
        try:
            return int(value) if value else self._STEKAS_PII_SCAN_JOB_BYTES
        except ValueError:
            return self._STEKAS_PII_SCAN_JOB_BYTES

    @api.model
    def _stekas_pii_body_may_hold_data(self, message, budget=None):
        """Whether the message text holds anything the guard would act on.

        Known values (``_stekas_pii_get_ignore``) only remove hits, so a text with no
        hit before they are looked up is clean whoever sent it: most client
        e-mails then cost one scan of their text. A scan that fails
        answers "cannot verify", not clean, and goes through the full guard.
        """
        if not message or not (message.body or message.subject):
            return False
        try:
            text = self._stekas_pii_message_text(message)
        except Exception:  # let the guard itself decide on what cannot be read
            return True
        report = personal_data.scan_text(
            text,
            "body",
            budget=budget,
            sender_zone=self._stekas_pii_sender_zone(message, text),
        )
        return report.status != personal_data.STATUS_CLEAN

    @api.model
    def _stekas_pii_sender_zone(self, message, text):
        """The sender's own contact zone of a message text (their signature,
        the lines where they say how to reach them): the contact data R-INT-2
        asks for, never material to destroy (R-PII-4 rev. 2). None when the
        zone cannot be read: then everything is material, as before."""
        name, email = parse_contact_from_email(message.email_from or "")
        return self._stekas_pii_zone_of(text, message.author_id, name, email)

    @api.model
    def _stekas_pii_zone_of(self, text, author, name="", email=""):
        """The contact zone of `text` written by `author` (a partner, maybe
        empty; `name` and `email` where the author is unknown); None when it
        cannot be read."""
        # sudo: the sender's own contact data, whoever runs the guard
        author = author.sudo()
        known = personal_data.make_ignore(
            emails=[author.email],
            phones=[author.phone, author.mobile],
            names=[author.name],
        )
        try:
            return contact_zone.split(
                text,
                sender_name=author.name or name,
                sender_email=author.email or email,
                known=known,
            )
        except Exception:  # the guard never breaks intake: all is material
            _logger.warning("Could not read the sender's signature.", exc_info=True)
            return None

    @api.model
    def _stekas_pii_message_text(self, message):
        """A message's subject and text as its reader sees them."""
        body = html_text.rendered_text(str(message.body or ""))
        return f"{message.subject}\n{body}" if message.subject else body

    def _stekas_pii_quarantine_on_failure(self, attachments, author, source):
        attachments = attachments.exists()
        attachments.write(
            {"stekas_pii_state": "quarantine", "stekas_pii_ticket_id": self.id}
        )
        return self.env["stekas.pii.audit"].create(
            [
                {
                    **self._stekas_pii_prepare_audit_vals(attachment, author, source),
                    "status": personal_data.STATUS_CANNOT_VERIFY,
                    "action": "quarantined",
                    "reasons": file_text.ERROR,
                }
                for attachment in attachments
            ]
        )

    def _stekas_pii_guard_run(
        self, attachments, message, author, source, budget=None, email_from=None
    ):
        self.ensure_one()
        budget = budget or self._stekas_pii_get_budget()
        lawful = self._stekas_pii_has_lawful_basis()
        ignore = self._stekas_pii_get_ignore(author)
        body_vals = {}
        # The text first: it is short as a rule, and what the files leave of
        # the shared budget must not decide on it.
        if message and not (author and author._stekas_pii_is_internal()) and not lawful:
            body_vals = self._stekas_pii_guard_body(
                message, author, source, ignore, budget=budget
            )
        audit_vals = self._stekas_pii_guard_files(
            attachments, author, source, lawful, ignore, budget=budget
        )
        if body_vals:
            audit_vals.append(body_vals)
        audits = self.env["stekas.pii.audit"].create(audit_vals)
        destroyed = audits.filtered(lambda a: a.action == "destroyed")
        if destroyed:
            self._stekas_pii_notify_client(
                destroyed, author, email_from or (message and message.email_from)
            )
        if audits:
            self._stekas_pii_log_note(audits)
        return audits

    def _stekas_pii_guard_files(
        self, attachments, author, source, lawful, ignore, budget=None
    ):
        """Scan the files, mark each clean, quarantined or personal, destroy
        the doomed ones; return the audit values of those not clean."""
        limits = self._stekas_pii_get_limits()
        Audit = self.env["stekas.pii.audit"]
        audit_vals = []
        by_state = {"clean": [], "quarantine": [], "personal": []}
        doomed = self.env["ir.attachment"]
        for attachment in attachments:
            report = personal_data.scan_file(
                attachment.raw or b"",
                attachment.name or "",
                ignore=ignore,
                limits=limits,
                budget=budget,
            )
            decision = self._stekas_pii_decide(report, lawful)
            if decision == "clean":
                by_state["clean"].append(attachment.id)
                continue
            audit_vals.append(
                {
                    **self._stekas_pii_prepare_audit_vals(attachment, author, source),
                    **Audit._prepare_vals_from_report(report),
                    "action": self._PII_ACTIONS[decision],
                }
            )
            if decision == "destroy":
                doomed |= attachment
            else:
                by_state[decision if decision == "quarantine" else "personal"].append(
                    attachment.id
                )
        for state, ids in by_state.items():
            if ids:
                attachments.browse(ids).write(
                    {"stekas_pii_state": state, "stekas_pii_ticket_id": self.id}
                )
        if doomed:
            copies = doomed._stekas_pii_destroy()
            for vals in audit_vals:
                vals["copies_destroyed"] = copies.get(vals.get("checksum"), 0)
        return audit_vals

    def _stekas_pii_log_note(self, audits):
        """Tell the staff on the ticket what the guard did: counts only, never
        file names (they may hold personal data too)."""
        counts = {
            action: len(audits.filtered(lambda a, act=action: a.action == act))
            for action in ("destroyed", "quarantined", "kept")
        }
        body = self.env._(
            "Personal data guard: %(destroyed)s item(s) destroyed, "
            "%(quarantined)s quarantined for the dispatcher, %(kept)s kept as "
            "personal data (R-PII-4, R-PII-5).",
            **counts,
        )
        self.message_post(
            body=body, message_type="notification", subtype_xmlid="mail.mt_note"
        )

    @api.model
    def _stekas_pii_decide(self, report, lawful):
        """clean, destroy, quarantine or keep, from a report and the basis."""
        if report.status == personal_data.STATUS_CLEAN:
            return "clean"
        if lawful:
            return "keep"
        if report.status == personal_data.STATUS_CERTAIN:
            return "destroy"
        return "quarantine"

    def _stekas_pii_prepare_audit_vals(self, attachment, author, source):
        vals = {
            "ticket_id": self.id,
            "company_id": self.company_id.id or self.env.company.id,
            "partner_id": author.id or self.partner_id.id,
            "source": source,
            "content_type": "attachment",
        }
        if attachment:
            vals.update(
                checksum=attachment.checksum,
                file_size=attachment.file_size,
                mimetype=attachment.mimetype,
            )
        return vals

    def _stekas_pii_has_lawful_basis(self):
        """A valid agreement of the client (R-PII-5) or an approved request on
        this ticket (R-PII-3)."""
        self.ensure_one()
        # sudo: agreement fields are internal; the guard also runs for clients.
        ticket = self.sudo()
        if ticket.commercial_partner_id.stekas_pii_agreement_valid:
            return True
        return any(request._is_valid() for request in ticket.stekas_pii_request_ids)

    def _stekas_pii_get_ignore(self, author):
        """Known values left alone: contact data already registered with
        STEKAS (the author, the client company's contacts, R-INT-2) and STEKAS
        staff's own (quoted signatures of consultants)."""
        # sudo: the guard runs for clients, who may not read other contacts
        partners = (author | self.partner_id).sudo()
        partners |= (
            self.env["res.partner"]
            .sudo()
            .search(self._stekas_pii_get_known_partners_domain())
        )
        company = self.company_id or self.env.company
        return personal_data.make_ignore(
            emails=partners.mapped("email") + [self.partner_email, company.email],
            phones=partners.mapped("phone")
            + partners.mapped("mobile")
            + [company.phone],
            names=partners.mapped("name") + [self.partner_name],
        )

    def _stekas_pii_get_known_partners_domain(self):
        """Contacts of the client company and STEKAS's internal users."""
        domain = [("user_ids.share", "=", False)]
        if self.commercial_partner_id:
            domain = [
                "|",
                ("commercial_partner_id", "=", self.commercial_partner_id.id),
            ] + domain
        return domain

    def _stekas_pii_get_limits(self):
        return file_text.Limits()

    @api.model
    def _stekas_pii_get_budget(self):
        """One scan budget, shared by everything that arrives together (a
        mail's text and files): its time leaves room within Odoo's limits
        (limit_time_real 120 s); over it, the content is quarantined.
        Settable: ``stekas_helpdesk.pii_budget_seconds`` and
        ``stekas_helpdesk.pii_budget_chars``."""
        # sudo: reading the guard's settings, whoever triggers it
        params = self.env["ir.config_parameter"].sudo()
        default = personal_data.DEFAULT_BUDGET
        try:
            seconds = float(params.get_param("stekas_helpdesk.pii_budget_seconds", 30))
            chars = int(
                params.get_param("stekas_helpdesk.pii_budget_chars", default.max_chars)
            )
        except ValueError:
            seconds, chars = 30.0, default.max_chars
        return personal_data.Budget.shared(seconds, chars)

    def _stekas_pii_notify_client(self, audits, author, email_from=None):
        """Tell the client in Lithuanian what was destroyed, why, and how to
        anonymize or file a request (R-PII-4), where possible: the author, the
        ticket's contact, or the address the mail came from."""
        partner = (
            author
            if author and not author._stekas_pii_is_internal()
            else self.partner_id
        )
        if partner.email:
            email_values = {"recipient_ids": [(4, partner.id)]}
        elif email_from:
            email_values = {"email_to": email_from}
        else:
            return False
        template = self.env.ref(
            "stekas_helpdesk.mail_template_pii_destroyed",
            raise_if_not_found=False,
        )
        if not template:
            return False
        kinds = sorted(
            {kind.strip() for a in audits for kind in (a.kinds or "").split(",")}
        )
        template.with_context(
            pii_kinds=kinds,
            pii_files=len(audits.filtered(lambda a: a.content_type == "attachment")),
            pii_body=bool(audits.filtered(lambda a: a.content_type == "body")),
            pii_request_url=self._stekas_pii_request_url(partner),
            pii_anonymize_url=self._stekas_pii_anonymize_url(partner),
        ).send_mail(
            self.id,
            email_values=email_values,
            email_layout_xmlid="mail.mail_notification_light",
        )
        audits.write({"client_notified": True})
        return True

    _STEKAS_PII_LINK_SCOPE = "stekas_helpdesk.pii_link"
    # What a link of the notice opens: the transfer request form (R-PII-3) or
    # the anonymizer (R-PII-2). A token opens only the page of its purpose.
    _STEKAS_PII_LINK_PURPOSES = ("transfer", "anonymize")

    def _stekas_pii_request_url(self, partner):
        """The request form's link in the notice: with a token of this ticket
        and its client, so that a client who only writes e-mails (no portal
        login) can file the request."""
        return self._stekas_pii_link_url(partner, "transfer")

    def _stekas_pii_anonymize_url(self, partner):
        """The anonymizer's link in the notice (and the intake reply after the
        guard acted): with a token of this ticket and its client, so that a
        client without a portal login can make the anonymized copy (R-PII-2)."""
        return self._stekas_pii_link_url(partner, "anonymize")

    def _stekas_pii_link_url(self, partner, purpose):
        self.ensure_one()
        base = self.get_base_url()
        bound = bool(
            partner and partner.commercial_partner_id == self.commercial_partner_id
        ) or self._stekas_pii_link_by_email(partner, purpose)
        if purpose == "anonymize":
            if not bound:
                return f"{base}/my/personal-data/anonymize"
            url = f"{base}/my/ticket/{self.id}/anonymize"
        else:
            url = f"{base}/my/ticket/{self.id}/personal-data-request"
        if bound:
            token = self._stekas_pii_link_token(partner, purpose=purpose)
            url += f"?pii_token={token}"
        return url

    def _stekas_pii_link_by_email(self, partner, purpose):
        """Whether the link is bound to the address the ticket came from: an
        unknown sender has no contact to bind it to. Only the anonymizer,
        which shows nothing of the ticket, is opened so."""
        # sudo: the ticket's own contact fields, whoever sends the notice
        ticket = self.sudo()
        return bool(
            purpose == "anonymize"
            and not partner
            and not ticket.partner_id
            and ticket.partner_email
        )

    def _stekas_intake_reply_must_wait(self):
        # The reply names the anonymizer where the guard acted: it waits for
        # the scan jobs of the ticket's files. So the reply job also does not
        # update the ticket while a scan job records its verdict (whose audit
        # references the ticket: a serialization failure and a retry).
        # sudo: whether files wait, whoever queued the reply
        return super()._stekas_intake_reply_must_wait() or bool(
            self.env["ir.attachment"]
            .sudo()
            .search_count(
                [
                    ("stekas_pii_ticket_id", "=", self.id),
                    ("stekas_pii_scan_pending", "=", True),
                ],
                limit=1,
            )
        )

    def _stekas_pii_intake_anonymize_url(self):
        """The anonymizer's link for the automatic intake reply, only where the
        guard destroyed or quarantined something the client sent on this
        ticket; else an empty string."""
        self.ensure_one()
        acted = self.env.context.get("stekas_pii_guard_acted")
        if acted is None:
            acted = self._stekas_pii_guard_has_acted()
        if not acted:
            return ""
        # sudo: the reply is rendered for a sender who may not read the contact
        return self._stekas_pii_anonymize_url(self.sudo().partner_id)

    def _stekas_pii_guard_has_acted(self):
        """Whether the guard destroyed or quarantined something on this
        ticket."""
        self.ensure_one()
        # sudo: the reply is rendered for the client; audits are internal
        return bool(
            self.env["stekas.pii.audit"]
            .sudo()
            .search_count(
                [
                    ("ticket_id", "=", self.id),
                    ("action", "in", ("destroyed", "quarantined")),
                ],
                limit=1,
            )
        )

    def _stekas_pii_link_token(self, partner, expiration=None, purpose="transfer"):
        """A signed token bound to this ticket, `partner` and `purpose` (one of
        ``_STEKAS_PII_LINK_PURPOSES``), valid for
        ``stekas_helpdesk.pii_link_days`` days (14 by default) or until
        `expiration` (a timedelta from now)."""
        self.ensure_one()
        if purpose not in self._STEKAS_PII_LINK_PURPOSES:
            raise ValueError(f"Unknown link purpose {purpose!r}")
        # sudo: the signing secret and the setting are system parameters
        env = self.sudo().env
        if expiration is None:
            try:
                days = int(
                    env["ir.config_parameter"].get_param(
                        "stekas_helpdesk.pii_link_days", 14
                    )
                )
            except ValueError:
                days = 14
            expiration = timedelta(days=days)
        payload = {"ticket": self.id, "partner": partner.id, "purpose": purpose}
        if self._stekas_pii_link_by_email(partner, purpose):
            # sudo: the link is made for the mail, whoever triggers the guard
            payload["email"] = self.sudo().partner_email
        return hash_sign(
            env, self._STEKAS_PII_LINK_SCOPE, payload, expiration=expiration
        )

    @api.model
    def _stekas_pii_check_link_token(self, ticket_id, token, purpose="transfer"):
        """(ticket, partner), both in sudo, for a valid unexpired token of
        that ticket and `purpose` whose client is still the partner's company;
        else None. Tokens sent before purposes existed open the request form
        only."""
        # sudo: the token is checked against the system's secret; a client
        # without a login reads their own ticket through it
        env = self.sudo().env
        try:
            values = verify_hash_signed(env, self._STEKAS_PII_LINK_SCOPE, token or "")
        except ValueError:  # not a token at all (cut, altered)
            return None
        if not isinstance(values, dict) or values.get("ticket") != ticket_id:
            return None
        if values.get("purpose", "transfer") != purpose:
            return None
        ticket = env["helpdesk.ticket"].browse(ticket_id).exists()
        partner = env["res.partner"].browse(values.get("partner") or 0).exists()
        if (
            ticket
            and not values.get("partner")
            and ticket._stekas_pii_link_by_email(partner, purpose)
            and values.get("email") == ticket.partner_email
        ):
            return ticket, partner
        if not (ticket and partner) or (
            partner.commercial_partner_id != ticket.commercial_partner_id
        ):
            return None
        return ticket, partner

    def _stekas_get_client_attachments(self):
        """The files of this ticket its client may see in the portal."""
        self.ensure_one()
        # sudo: the portal lists the files of a ticket the client may read
        return self.sudo().attachment_ids._stekas_filter_for_clients()

    # ------------------------------------------------------------------
    # Retention of lawful personal data.

    @api.model
    def _cron_stekas_pii_destroy_expired(self):
        """Destroy personal data kept lawfully once its ticket has been closed
        for longer than the retention period."""
        # sudo: a system job over every ticket's restricted files
        Attachment = self.env["ir.attachment"].sudo()
        kept = Attachment.search(
            [
                ("stekas_pii_state", "=", "personal"),
                ("stekas_pii_ticket_id.closed_date", "!=", False),
                ("stekas_pii_ticket_id.stage_id.closed", "=", True),
            ]
        )
        now = fields.Datetime.now()
        expired = Attachment
        for attachment in kept:
            ticket = attachment.stekas_pii_ticket_id
            days = ticket._stekas_pii_retention_days()
            if ticket.closed_date + timedelta(days=days) <= now:
                expired |= attachment
        if not expired:
            return
        audit_vals = []
        for attachment in expired:
            ticket = attachment.stekas_pii_ticket_id
            audit_vals.append(
                {
                    **ticket._stekas_pii_prepare_audit_vals(
                        attachment, ticket.partner_id, "retention"
                    ),
                    "status": personal_data.STATUS_CERTAIN,
                    "action": "expired",
                }
            )
        expired._stekas_pii_destroy()
        # sudo: audit records are written by the system only
        self.env["stekas.pii.audit"].sudo().create(audit_vals)

    def _stekas_pii_retention_days(self):
        self.ensure_one()
        approved = self.stekas_pii_request_ids.filtered(lambda r: r.state == "approved")
        if approved:
            return max(approved.mapped("retention_days"))
        return self.company_id.stekas_pii_retention_days
