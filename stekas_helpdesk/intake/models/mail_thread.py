# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from contextlib import nullcontext

import psycopg2

from odoo import api, models

from ...lib import mail_charset
from .fetchmail_server import FETCH_FAILED
from .stekas_unprocessed_mail import mail_fingerprint

_logger = logging.getLogger(__name__)

# Values of Precedence that mark mail no person wrote (RFC 2076, RFC 3834).
AUTOMATIC_PRECEDENCE = ("bulk", "junk", "list", "auto_reply")


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def message_process(
        self,
        model,
        message,
        custom_values=None,
        save_original=False,
        strip_attachments=False,
        thread_id=None,
    ):
        in_fetch = self.env.context.get("fetchmail_cron_running")
        # Odoo's fetch loop commits whatever a failed mail left behind (a
        # ticket without its message, its automatic mails): a savepoint undoes
        # it, and the mail stays unseen on the server, fetched again
        # (fetchmail_server).
        undo_on_failure = self.env.cr.savepoint() if in_fetch else nullcontext()
        try:
            with undo_on_failure:
                thread_id = super().message_process(
                    model,
                    message,
                    custom_values=custom_values,
                    save_original=save_original,
                    strip_attachments=strip_attachments,
                    thread_id=thread_id,
                )
        except Exception as error:
            if in_fetch and not self._stekas_hold_failed_mail(message, error):
                self.env.cr.postcommit.data[FETCH_FAILED] = True
            raise
        if in_fetch:
            self._stekas_forget_failed_mail(message)
        return thread_id

    @api.model
    def _stekas_hold_failed_mail(self, message, error):
        """Count a failed fetch of `message`; True when the mail is now held
        for the dispatchers (stekas.unprocessed.mail) and may be marked seen.
        A lost database connection or a serialization failure is passing:
        the mail is fetched again, uncounted."""
        if isinstance(error, psycopg2.OperationalError | psycopg2.InterfaceError):
            return False
        try:
            with self.env.cr.savepoint():
                # sudo: the gateway keeps the failed mail whoever fetches
                return (
                    self.env["stekas.unprocessed.mail"]
                    .sudo()
                    .with_context(mail_create_nosubscribe=True, mail_create_nolog=True)
                    ._note_failure(
                        message,
                        error,
                        self.env.context.get("default_fetchmail_server_id"),
                    )
                )
        except Exception:  # noqa: BLE001 - the mail is then fetched again
            _logger.exception("Could not record a failed incoming mail")
            return False

    @api.model
    def _stekas_forget_failed_mail(self, message):
        """A mail that failed at an earlier fetch went through: no record."""
        # sudo: as _stekas_hold_failed_mail
        self.env["stekas.unprocessed.mail"].sudo().search(
            [
                ("fingerprint", "=", mail_fingerprint(message)),
                ("state", "=", "retrying"),
            ]
        ).unlink()

    @api.model
    def message_parse(self, message, save_original=False):
        self._stekas_repair_charsets(message)
        return super().message_parse(message, save_original=save_original)

    @api.model
    def _stekas_repair_charsets(self, message):
        """A text part whose charset no codec knows is read by a guess
        (lib/mail_charset) instead of making the whole mail fail."""
        for part in message.walk():
            charset = part.get_content_charset()
            if part.get_content_maintype() != "text" or not charset:
                continue
            if not mail_charset.is_known(charset):
                payload = part.get_payload(decode=True) or b""
                part.set_param("charset", mail_charset.guess(payload))

    @api.model
    def message_route(
        self, message, message_dict, model=None, thread_id=None, custom_values=None
    ):
        routes = super().message_route(
            message,
            message_dict,
            model=model,
            thread_id=thread_id,
            custom_values=custom_values,
        )
        routes = self._stekas_reroute_strangers(routes, message_dict)
        if not self._stekas_is_automatic_mail(message):
            return routes
        # RFC 3834: an out-of-office notice or another system's automatic reply
        # opens no ticket (and so gets no automatic reply of ours); a reply to
        # an existing ticket is kept on it like any other message.
        return [
            route
            for route in routes
            if not (route[0] == "helpdesk.ticket" and not route[1])
        ]

    @api.model
    def _stekas_reroute_strangers(self, routes, message_dict):
        """A mail that answers a ticket (by its References) from someone who is
        neither staff nor a contact of the ticket's client starts a ticket of
        its own: Odoo routes replies by references, not by sender, and the
        client would otherwise read a stranger's message on their ticket."""
        author = self.env["res.partner"].browse(message_dict.get("author_id"))
        rerouted = []
        for route in routes:
            model, thread_id = route[0], route[1]
            if model == "helpdesk.ticket" and thread_id:
                # sudo: the gateway decides where a mail goes whoever sent it
                ticket = self.env[model].sudo().browse(thread_id)
                if not ticket._stekas_is_trusted_author(author):
                    message_dict.pop("parent_id", None)
                    route = (model, False, {}, route[3], route[4])
            rerouted.append(route)
        return rerouted

    @api.model
    def _stekas_is_automatic_mail(self, message):
        auto_submitted = (message.get("Auto-Submitted") or "no").strip().lower()
        precedence = (message.get("Precedence") or "").strip().lower()
        return (
            not auto_submitted.startswith("no")
            or precedence in AUTOMATIC_PRECEDENCE
            or bool(message.get("X-Autoreply") or message.get("X-Autorespond"))
        )
