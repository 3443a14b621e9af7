# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from markupsafe import Markup

from odoo import Command, models

from ...lib import anonymize, file_text, html_text, personal_data

_logger = logging.getLogger(__name__)


# The text half of the personal-data guard (a client's message text and the
# ticket's own text), apart from the files so that each file can be read whole.
# pylint: disable=consider-merging-classes-inherited
class HelpdeskTicket(models.Model):
    """The personal-data guard on the text clients write: a message's text and
    subject, and the ticket's own name, description and intake fields, by any
    path. Certain data is replaced by stand-ins, suspect or unverifiable text is
    quarantined for the dispatcher, a text over the scan budget too."""

    _inherit = "helpdesk.ticket"

    def _stekas_pii_guard_text_fields(self, field_names):
        """Client text written on the ticket itself, by any path (the portal
        form, the intake page, a client's ORM call): its certain personal data
        is replaced by stand-ins and audited, as in a message (R-PII-4)."""
        context = self.env.context
        if (
            context.get("stekas_pii_guarding")
            or context.get("stekas_pii_text_of_message")
            or not set(field_names) & set(self._STEKAS_PII_TEXT_FIELDS)
        ):
            return
        if not self.env.user.share:
            return  # staff text is not guarded (nor the mail gateway's: its
            # message is, with the ticket text it became)
        for ticket in self:
            # The public user (a token page) writes for the ticket's client.
            author = (
                ticket.partner_id
                if self.env.user._is_public()
                else self.env.user.partner_id
            )
            ticket._stekas_pii_guard_text_safely(author, "portal")

    def _stekas_pii_guard_text_safely(self, author, source):
        """The guard of the ticket's text never undoes the client's write: a
        failure quarantines the text for the dispatcher instead."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                self._stekas_pii_guard_text(author, source)
        except Exception:
            _logger.warning(
                "Personal data guard failed on the text of ticket %s: the text "
                "is quarantined.",
                self.id,
                exc_info=True,
            )
            try:
                with self.env.cr.savepoint():
                    self._stekas_pii_quarantine_text_on_failure(author, source)
            except Exception:
                _logger.warning(
                    "Could not quarantine the text of ticket %s.",
                    self.id,
                    exc_info=True,
                )

    def _stekas_pii_quarantine_text_on_failure(self, author, source):
        """The ticket's text as written becomes a quarantined file, its
        description a notice, as a message the guard could not check."""
        self.ensure_one()
        # sudo: the guard reads and rewrites the ticket whoever wrote it
        ticket = self.sudo().with_context(stekas_pii_guarding=True)
        author = author.sudo()
        original = ticket._stekas_pii_ticket_text()
        attachment = ticket._stekas_pii_quarantine_html(
            html_text.text_to_html(original), "ticket-text.html"
        )
        if ticket.description:
            ticket.description = Markup("<p>%s</p>") % self.env._(
                "The text of this request is quarantined for the dispatcher: it "
                "could not be checked for personal data."
            )
        audit = ticket.env["stekas.pii.audit"].create(
            {
                **ticket._stekas_pii_prepare_audit_vals(attachment, author, source),
                "content_type": "body",
                "status": personal_data.STATUS_CANNOT_VERIFY,
                "action": "quarantined",
                "reasons": file_text.ERROR,
            }
        )
        ticket._stekas_pii_log_note(audit)

    def _stekas_pii_guard_text(self, author, source):
        self.ensure_one()
        # sudo: the guard reads and rewrites the ticket whoever wrote it
        ticket = self.sudo().with_context(stekas_pii_guarding=True)
        author = author.sudo()
        budget = ticket._stekas_pii_get_budget()
        text = ticket._stekas_pii_ticket_text()
        # The contact data the intake asks for is the client's own (R-INT-2):
        # left out at once, other known values only if something is left; so
        # is the writer's own contact zone (their signature and contact lines
        # in the description), as in a message.
        own = ticket._stekas_pii_get_own_values()
        zone = ticket._stekas_pii_zone_of(text, author)
        first = personal_data.scan_text(
            text, "body", ignore=own, budget=budget, sender_zone=zone
        )
        if (
            first.over_budget
            and ticket.description
            and not ticket._stekas_pii_has_lawful_basis()
        ):
            audit = ticket._stekas_pii_quarantine_description(author, source, first)
            ticket._stekas_pii_log_note(audit)
            text = ticket._stekas_pii_ticket_text()
            zone = ticket._stekas_pii_zone_of(text, author)
            first = personal_data.scan_text(
                text, "body", ignore=own, budget=budget, sender_zone=zone
            )
        if first.status != personal_data.STATUS_CERTAIN:
            return  # nothing certain even before the known values are left out
        if ticket._stekas_pii_has_lawful_basis():
            return
        ignore = own | ticket._stekas_pii_get_ignore(author)
        report = personal_data.scan_text(
            text, "body", ignore=ignore, budget=budget, sender_zone=zone
        )
        if report.status != personal_data.STATUS_CERTAIN:
            return
        ticket._stekas_pii_apply_replacements(
            anonymize.replacements_for(report, anonymize.StandIns())
        )
        Audit = ticket.env["stekas.pii.audit"]  # as the ticket: in sudo
        audits = Audit.create(
            {
                **ticket._stekas_pii_prepare_audit_vals(None, author, source),
                **Audit._prepare_vals_from_report(report),
                "content_type": "body",
                "action": "destroyed",
            }
        )
        ticket._stekas_pii_notify_client(audits, author)
        ticket._stekas_pii_log_note(audits)

    def _stekas_pii_get_own_values(self):
        """The ticket's own contact data (intake fields and contact), to leave
        alone in its text."""
        self.ensure_one()
        partner = self.partner_id
        return personal_data.make_ignore(
            emails=[self.partner_email, partner.email],
            phones=[self.stekas_intake_phone, partner.phone, partner.mobile],
            names=[
                self.partner_name,
                partner.name,
                f"{self.stekas_intake_firstname or ''} "
                f"{self.stekas_intake_lastname or ''}",
            ],
        )

    def _stekas_pii_ticket_text(self):
        """The ticket's own text as its reader sees it, a field a line; the
        description last, so that a signature ending it ends the text as a
        mail's does (the contact zone is read there)."""
        self.ensure_one()
        texts = []
        names = [n for n in self._STEKAS_PII_TEXT_FIELDS if n != "description"]
        for name in [*names, "description"]:
            value = self[name]
            if value and self._fields[name].type == "html":
                value = html_text.rendered_text(str(value))
            if value:
                texts.append(value)
        return "\n".join(texts)

    def _stekas_pii_guard_body(self, message, author, source, ignore, budget=None):
        """Replace the certain personal data of a client's message text and
        subject (and of the ticket's text they became) by stand-ins."""
        text = self._stekas_pii_message_text(message)
        # The sender's own signature and contact lines are what R-INT-2 asks
        # them to give: left alone, only the material around it is guarded.
        report = personal_data.scan_text(
            text,
            "body",
            ignore=ignore,
            budget=budget,
            sender_zone=self._stekas_pii_sender_zone(message, text),
        )
        if report.over_budget:
            return self._stekas_pii_quarantine_over_budget_body(
                message, author, source, report
            )
        if report.status != personal_data.STATUS_CERTAIN:
            return self._stekas_pii_quarantine_body(message, author, source, report)
        replacements = anonymize.replacements_for(report, anonymize.StandIns())
        message_vals = {
            "body": Markup(anonymize.replace_in_html(str(message.body), replacements))
        }
        if message.subject:
            message_vals["subject"] = anonymize.replace_values(
                message.subject, replacements
            )
        # sudo: the guard rewrites the message whoever posted it (a client)
        message.sudo().with_context(stekas_pii_guarding=True).write(message_vals)
        self._stekas_pii_apply_replacements(replacements)
        return {
            **self._stekas_pii_prepare_audit_vals(None, author, source),
            **self.env["stekas.pii.audit"]._prepare_vals_from_report(report),
            "content_type": "body",
            "action": "destroyed",
        }

    def _stekas_pii_quarantine_body(self, message, author, source, report):
        """Suspect or unverifiable data in a client's text is quarantined as a
        file would be: the original text goes to the dispatcher as a
        quarantined file of the ticket, the message (and the description it
        became) shows stand-ins until she releases it."""
        if report.status == personal_data.STATUS_CLEAN:
            return {}
        original = (
            self.env["ir.attachment"]
            .with_context(stekas_pii_defer=True)
            .create(
                {
                    "name": self.env._("message-%(id)s.txt", id=message.id),
                    "raw": html_text.rendered_text(str(message.body or "")).encode(),
                    "mimetype": "text/plain",
                    "res_model": self._name,
                    "res_id": self.id,
                    "stekas_pii_state": "quarantine",
                    "stekas_pii_ticket_id": self.id,
                }
            )
        )
        replacements = anonymize.replacements_for(report, anonymize.StandIns())
        # sudo: the guard rewrites the message whoever posted it (a client)
        message.sudo().with_context(stekas_pii_guarding=True).write(
            {"body": Markup(anonymize.replace_in_html(str(message.body), replacements))}
        )
        self._stekas_pii_apply_replacements(replacements)
        return {
            **self._stekas_pii_prepare_audit_vals(original, author, source),
            **self.env["stekas.pii.audit"]._prepare_vals_from_report(report),
            "content_type": "body",
            "action": "quarantined",
        }

    def _stekas_pii_quarantine_over_budget_body(self, message, author, source, report):
        """A text too long to be checked in time is not left readable: it
        becomes a quarantined file of its message, for the dispatcher, and the
        message (and the description it became) says so."""
        body = str(message.body or "")
        attachment = self._stekas_pii_quarantine_html(body, "message.html")
        notice = self._stekas_pii_quarantine_notice()
        # sudo: the guard rewrites the message whoever posted it (a client)
        message.sudo().with_context(stekas_pii_guarding=True).write(
            {"body": notice, "attachment_ids": [Command.link(attachment.id)]}
        )
        if self.description and body[:2000] in str(self.description):
            self.with_context(stekas_pii_guarding=True).description = notice
        return {
            **self._stekas_pii_prepare_audit_vals(attachment, author, source),
            **self.env["stekas.pii.audit"]._prepare_vals_from_report(report),
            "content_type": "body",
            "action": "quarantined",
        }

    def _stekas_pii_quarantine_html(self, html, name):
        """A quarantined file of this ticket holding `html`."""
        return (
            self.env["ir.attachment"]
            .with_context(stekas_pii_defer=True)  # quarantined already
            .create(
                {
                    "name": name,
                    "raw": html.encode(),
                    "mimetype": "text/html",
                    "res_model": "helpdesk.ticket",
                    "res_id": self.id,
                    "stekas_pii_state": "quarantine",
                    "stekas_pii_ticket_id": self.id,
                }
            )
        )

    def _stekas_pii_quarantine_notice(self):
        return Markup("<p>%s</p>") % self.env._(
            "The text of this message is quarantined for the dispatcher: it "
            "was too long to be checked for personal data in time."
        )

    def _stekas_pii_quarantine_description(self, author, source, report):
        """The ticket's description, too long to be checked in time, becomes a
        quarantined file; returns its audit record."""
        attachment = self._stekas_pii_quarantine_html(
            str(self.description or ""), "description.html"
        )
        self.with_context(
            stekas_pii_guarding=True
        ).description = self._stekas_pii_quarantine_notice()
        Audit = self.env["stekas.pii.audit"]
        return Audit.create(
            {
                **self._stekas_pii_prepare_audit_vals(attachment, author, source),
                **Audit._prepare_vals_from_report(report),
                "content_type": "body",
                "action": "quarantined",
            }
        )

    def _stekas_pii_apply_replacements(self, replacements):
        """Put the stand-ins in the ticket's own text too (its name and
        description came from the first message, its intake fields from the
        client's answers)."""
        self.ensure_one()
        vals = {}
        for name in self._STEKAS_PII_TEXT_FIELDS:
            value = self[name]
            if not value:
                continue
            if self._fields[name].type == "html":
                cleaned = Markup(anonymize.replace_in_html(str(value), replacements))
            else:
                cleaned = anonymize.replace_values(value, replacements)
            if cleaned != value:
                vals[name] = cleaned
        if vals:
            # sudo: the guard rewrites what a client wrote; not guarded again
            self.sudo().with_context(stekas_pii_guarding=True).write(vals)
