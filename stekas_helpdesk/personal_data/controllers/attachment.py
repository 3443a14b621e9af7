# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import MissingError
from odoo.http import request

from odoo.addons.mail.controllers.attachment import AttachmentController


class PersonalDataAttachmentController(AttachmentController):
    @http.route()
    def mail_attachment_upload(
        self, ufile, thread_id, thread_model, is_pending=False, **kwargs
    ):
        # A file the personal-data guard destroys as it is created no longer
        # exists when the upload answers: the refusal is the answer, so that the
        # request commits the guard's audit record and its notice to the client.
        try:
            return super().mail_attachment_upload(
                ufile, thread_id, thread_model, is_pending=is_pending, **kwargs
            )
        except MissingError:
            if not self._guard_destroyed_upload(thread_model, thread_id):
                raise
        return request.make_json_response(
            {
                "error": request.env._(
                    "The file was destroyed on arrival: it holds personal data "
                    "that may not be sent without an agreement or an approved "
                    "request. See the message sent to you."
                )
            }
        )

    def _guard_destroyed_upload(self, thread_model, thread_id):
        if thread_model != "helpdesk.ticket":
            return False
        # sudo: the audit is the dispatcher's; only its existence is looked at
        return bool(
            request.env["stekas.pii.audit"]
            .sudo()
            .search_count(
                [
                    ("ticket_id", "=", int(thread_id)),
                    ("action", "=", "destroyed"),
                    ("content_type", "=", "attachment"),
                    ("create_date", "=", request.env.cr.now()),
                ]
            )
        )
