# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from urllib.parse import quote

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ...lib import anonymize
from ...lib.retention import MAX_RETENTION_DAYS

MAX_ANONYMIZE_SIZE = 10 * 1024 * 1024


class PersonalDataPortal(CustomerPortal):
    """R-PII-2, R-PII-3 in the customer portal: a request to transfer personal
    data on a ticket, and a page that anonymizes a file without keeping it."""

    def _pii_ticket(self, ticket_id, access_token=None):
        return self._document_check_access(
            "helpdesk.ticket", ticket_id, access_token=access_token
        )

    def _pii_request_values(self, ticket, post=None, error=None):
        post = post or {}
        return {
            "page_name": "ticket",
            "ticket": ticket,
            "requests": ticket.stekas_pii_request_ids,
            "error": error or {},
            "purpose": post.get("purpose", ""),
            "data_categories": post.get("data_categories", ""),
            "retention_days": post.get("retention_days", "30"),
            "max_retention_days": MAX_RETENTION_DAYS,
        }

    def _pii_check_request_post(self, post):
        error = {}
        env = request.env
        if not (post.get("purpose") or "").strip():
            error["purpose"] = env._("Say why the data cannot be anonymized.")
        if not (post.get("data_categories") or "").strip():
            error["data_categories"] = env._("List the kinds of personal data.")
        try:
            days = int(post.get("retention_days") or 0)
        except ValueError:
            days = -1
        if not 1 <= days <= MAX_RETENTION_DAYS:
            error["retention_days"] = env._(
                "Give the number of days to keep the data, from 1 to %(max)s.",
                max=MAX_RETENTION_DAYS,
            )
        return error, days

    @http.route(
        "/my/ticket/<int:ticket_id>/personal-data-request",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_pii_request(self, ticket_id, access_token=None, pii_token=None, **post):
        # The link of the notice of destroyed data carries a token of the
        # ticket and its client: a client without a portal login files the
        # request through it. Without one, the portal's login is needed.
        if pii_token:
            found = request.env["helpdesk.ticket"]._stekas_pii_check_link_token(
                ticket_id, pii_token
            )
            if not found:
                return request.render(
                    "stekas_helpdesk.portal_pii_link_invalid",
                    {"link_purpose": "transfer"},
                    status=403,
                )
            ticket_sudo, partner = found
        elif request.env.user._is_public():
            path = request.httprequest.full_path.rstrip("?")
            return request.redirect(f"/web/login?redirect={quote(path, safe='')}")
        else:
            try:
                ticket_sudo = self._pii_ticket(ticket_id, access_token)
            except (AccessError, MissingError):
                return request.redirect("/my")
            partner = request.env.user.partner_id
        if request.httprequest.method == "POST":
            error, days = self._pii_check_request_post(post)
            if not error:
                # sudo: access to the ticket was checked above; the request is
                # filed in the client's name.
                request.env["stekas.pii.transfer.request"].sudo().create(
                    {
                        "ticket_id": ticket_sudo.id,
                        "partner_id": partner.id,
                        "purpose": post["purpose"].strip(),
                        "data_categories": post["data_categories"].strip(),
                        "retention_days": days,
                    }
                )
                token_arg = (
                    f"&pii_token={quote(pii_token, safe='')}" if pii_token else ""
                )
                return request.redirect(
                    f"/my/ticket/{ticket_sudo.id}/personal-data-request"
                    f"?submitted=1{token_arg}"
                )
            values = self._pii_request_values(ticket_sudo, post, error)
        else:
            values = self._pii_request_values(ticket_sudo)
            values["submitted"] = bool(post.get("submitted"))
        values["pii_token"] = pii_token
        return request.render("stekas_helpdesk.portal_pii_request_page", values)

    def _pii_anonymize_error(self, reason):
        env = request.env
        if reason == anonymize.pd.OVER_BUDGET:
            return env._(
                "The file holds too much data to be anonymized here in time: "
                "split it into smaller files."
            )
        if reason == anonymize.NOT_CLEAN:
            return env._(
                "The anonymized copy still showed personal data when it was "
                "checked again, so it is not given out: remove the data by hand "
                "or ask us to anonymize the file."
            )
        return env._("The file could not be read.")

    @http.route(
        "/my/personal-data/anonymize",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_pii_anonymize(self, **post):
        return self._pii_anonymize_page({"action_url": "/my/personal-data/anonymize"})

    @http.route(
        "/my/ticket/<int:ticket_id>/anonymize",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_pii_anonymize_by_link(self, ticket_id, pii_token=None, **post):
        """The anonymizer for a client who only writes e-mails: the link of
        the notice (or of the intake reply) carries a token of the ticket, its
        client and this purpose; a transfer request's token does not open it."""
        found = request.env["helpdesk.ticket"]._stekas_pii_check_link_token(
            ticket_id, pii_token, purpose="anonymize"
        )
        if not found:
            return request.render(
                "stekas_helpdesk.portal_pii_link_invalid",
                {"link_purpose": "anonymize"},
                status=403,
            )
        return self._pii_anonymize_page(
            {
                "action_url": f"/my/ticket/{ticket_id}/anonymize",
                "pii_token": pii_token,
            }
        )

    def _pii_anonymize_page(self, values):
        """The anonymizer page of both routes (logged in, or by a link's
        token): a file uploaded comes straight back anonymized, not stored."""
        values = {"page_name": "pii_anonymize", "error": "", **values}
        if request.httprequest.method == "POST":
            upload = request.httprequest.files.get("file")
            data = upload.read(MAX_ANONYMIZE_SIZE + 1) if upload else b""
            name = (upload.filename if upload else "") or "failas.txt"
            error, response = self._pii_anonymize_upload(data, name)
            if response:
                return response
            values["error"] = error
        return request.render("stekas_helpdesk.portal_pii_anonymize_page", values)

    def _pii_anonymize_upload(self, data, name):
        """(error, None) for a file that cannot be anonymized here, else
        (None, the response carrying the anonymized copy)."""
        env = request.env
        if not data:
            return env._("Choose a file to anonymize."), None
        if len(data) > MAX_ANONYMIZE_SIZE:
            return env._("The file is larger than 10 MB."), None
        if not anonymize.can_anonymize(data, name):
            return env._(
                "Only text, CSV, XLSX, DOCX, PDF, PNG and JPEG files can be "
                "anonymized here."
            ), None
        # Images and scanned pages are read by OCR: within the guard's budget,
        # which leaves room in the request's time.
        budget = env["helpdesk.ticket"]._stekas_pii_get_budget()
        try:
            out, new_name, _report = anonymize.anonymize_file(data, name, budget=budget)
        except anonymize.AnonymizeError as exc:
            return self._pii_anonymize_error(str(exc)), None
        # Nothing is stored: the copy goes straight back to the client.
        return None, request.make_response(
            out,
            headers=[
                ("Content-Type", "application/octet-stream"),
                ("Content-Disposition", http.content_disposition(new_name)),
            ],
        )
