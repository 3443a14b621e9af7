# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailMessage(models.Model):
    _inherit = "mail.message"

    def write(self, vals):
        res = super().write(vals)
        if {"body", "subject", "attachment_ids"} & set(
            vals
        ) and not self.env.context.get("stekas_pii_guarding"):
            self._stekas_pii_guard_changed()
        return res

    def _stekas_pii_guard_changed(self):
        """A message of a ticket changed after it was posted (its author edits
        it, adds a file): the personal-data guard looks again, at the text and
        at the files it has not seen yet (R-PII-4)."""
        messages = self.filtered(
            lambda m: m.model == "helpdesk.ticket"
            and m.res_id
            and m.message_type in ("email", "comment")
        )
        # sudo: the guard acts on tickets and files whoever edits the message
        tickets = self.env["helpdesk.ticket"].sudo()
        for message in messages.sudo():
            author = message.author_id
            attachments = message.attachment_ids.filtered(
                lambda a: not a.stekas_pii_state
            )
            if not attachments and author and author._stekas_pii_is_internal():
                continue  # staff text is not guarded and there is no new file
            ticket = tickets.browse(message.res_id).exists()
            if ticket:
                ticket._stekas_pii_guard(
                    attachments=attachments,
                    message=message,
                    author=author,
                    source=ticket._stekas_pii_get_source(message, author),
                )
