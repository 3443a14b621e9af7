# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import email
import email.policy
import hashlib
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.mail import decode_message_header

_logger = logging.getLogger(__name__)

# Fetches that may fail on one mail before it is held for the dispatchers: a
# failure that comes back at every fetch is no passing one.
MAX_FETCH_ATTEMPTS = 3
ERROR_CHARS = 2000


def mail_bytes(message):
    """The raw mail as bytes, as `message_process` may be given it (bytes,
    str, or an XML-RPC Binary)."""
    message = getattr(message, "data", message)
    return message if isinstance(message, bytes) else message.encode()


def mail_fingerprint(message):
    """The same mail's identity across fetches, Message-Id or not."""
    return hashlib.sha256(mail_bytes(message)).hexdigest()


class StekasUnprocessedMail(models.Model):
    """An incoming mail the gateway failed on. Until `MAX_FETCH_ATTEMPTS`
    it stays unseen on the server and is fetched again; then it is held here
    with its raw text, marked seen (the server no longer offers it at every
    fetch) and the dispatchers get a to-do: a mail is never lost nor retried
    for ever in silence."""

    _name = "stekas.unprocessed.mail"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Incoming mail that could not be processed"
    _order = "id desc"

    name = fields.Char(string="Subject", readonly=True)
    email_from = fields.Char(string="From", readonly=True)
    message_id = fields.Char(string="Message-Id", readonly=True)
    fingerprint = fields.Char(required=True, readonly=True, index=True)
    fetchmail_server_id = fields.Many2one(
        "fetchmail.server", string="Incoming mail server", readonly=True
    )
    attempts = fields.Integer(readonly=True)
    error = fields.Text(string="Last error", readonly=True)
    state = fields.Selection(
        [
            ("retrying", "Fetched again"),
            ("held", "Held"),
            ("processed", "Processed"),
        ],
        default="retrying",
        required=True,
        readonly=True,
        tracking=True,
    )
    raw_attachment_id = fields.Many2one(
        "ir.attachment", string="Original mail", readonly=True
    )
    ticket_id = fields.Many2one("helpdesk.ticket", readonly=True)

    _sql_constraints = [
        (
            "fingerprint_uniq",
            "unique(fingerprint)",
            "This mail is already recorded.",
        ),
    ]

    @api.model
    def _note_failure(self, message, error, server_id=False):
        """Count one failed fetch of `message` (bytes or str). Returns True
        when the mail is now held (to be marked seen), False when it is to
        be fetched again."""
        raw = mail_bytes(message)
        record = self.search([("fingerprint", "=", mail_fingerprint(raw))], limit=1)
        if not record:
            record = self.create(self._prepare_failure_vals(raw, server_id))
        elif record.state == "processed":
            # the same mail again (sent twice), failing anew: counted afresh
            record.write({"state": "retrying", "attempts": 0, "ticket_id": False})
        record.write(
            {
                "attempts": record.attempts + 1,
                "error": f"{type(error).__name__}: {error}"[:ERROR_CHARS],
            }
        )
        if record.state == "retrying" and record.attempts >= MAX_FETCH_ATTEMPTS:
            record._hold(raw)
        return record.state == "held"

    @api.model
    def _prepare_failure_vals(self, raw, server_id):
        parsed = email.message_from_bytes(raw, policy=email.policy.SMTP)
        return {
            "fingerprint": mail_fingerprint(raw),
            "name": decode_message_header(parsed, "Subject")[:998],
            "email_from": decode_message_header(parsed, "From")[:998],
            "message_id": decode_message_header(parsed, "Message-Id").strip()[:998],
            "fetchmail_server_id": server_id or False,
        }

    def _hold(self, raw):
        """Keep the raw mail (bytes) on the record and tell the dispatchers."""
        self.ensure_one()
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{self.fingerprint[:16]}.eml",
                "raw": raw,
                "mimetype": "message/rfc822",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self.write({"state": "held", "raw_attachment_id": attachment.id})
        _logger.warning(
            "Incoming mail %s (%s) held after %s failed fetches: %s",
            self.message_id or self.fingerprint[:16],
            self.email_from,
            self.attempts,
            self.error,
        )
        self._schedule_dispatcher_todos()

    def _schedule_dispatcher_todos(self):
        dispatchers = self._get_dispatchers()
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": mail.id,
                    "activity_type_id": todo.id,
                    "user_id": user.id,
                    # in the dispatcher's language, not the fetching user's
                    "summary": self.with_context(lang=user.lang).env._(
                        "An incoming mail could not be processed"
                    ),
                    "date_deadline": fields.Date.context_today(self),
                }
                for mail in self
                for user in dispatchers
            ]
        )

    @api.model
    def _get_dispatchers(self):
        return self.env["res.users"]._stekas_get_staff_of(
            "stekas_helpdesk.stekas_helpdesk_group_dispatcher"
        )

    def action_retry(self):
        """The dispatcher tries the held mail again (after the cause was
        mended): a ticket or message as if it came now; on a new failure the
        record keeps the error, the mail stays held and the dispatcher is
        told why."""
        self.ensure_one()
        self.check_access("read")
        # sudo: the record is the gateway's; dispatchers, who may only read
        # it, change it through this button alone
        mail = self.sudo()
        if mail.state != "held" or not mail.raw_attachment_id:
            raise UserError(self.env._("Only a held mail can be processed again."))
        raw = mail.raw_attachment_id.raw
        model = mail.fetchmail_server_id.object_id.model or "helpdesk.ticket"
        try:
            with self.env.cr.savepoint():
                # sudo: the gateway processes every mail as the system does
                thread_id = self.env["mail.thread"].sudo().message_process(model, raw)
        except Exception as error:  # noqa: BLE001 - the dispatcher reads it
            # told, not raised: the new error is kept on the record
            mail.error = f"{type(error).__name__}: {error}"[:ERROR_CHARS]
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "danger",
                    "sticky": True,
                    "message": self.env._(
                        "The mail could not be processed again: %(error)s",
                        error=mail.error,
                    ),
                },
            }
        ticket = self.env["helpdesk.ticket"].browse(
            thread_id if model == "helpdesk.ticket" else []
        )
        attachment = mail.raw_attachment_id
        mail.write(
            {"state": "processed", "ticket_id": ticket.id, "raw_attachment_id": False}
        )
        # the original goes: its files now live, guarded, on the ticket
        attachment.unlink()
        mail.activity_ids.action_done()
        return True
