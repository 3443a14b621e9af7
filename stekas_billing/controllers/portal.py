# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.portal.controllers.portal import CustomerPortal


class StekasContractPortal(CustomerPortal):
    """The client's support contracts and their free hours per period (R-BIL-1)."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "stekas_contract_count" in counters:
            Contract = request.env["stekas.support.contract"]
            values["stekas_contract_count"] = (
                Contract.search_count([]) if Contract.has_access("read") else 0
            )
        return values

    @http.route("/my/support-contracts", type="http", auth="user", website=True)
    def portal_my_stekas_contracts(self, **kw):
        Contract = request.env["stekas.support.contract"]
        if not Contract.has_access("read"):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # The record rules restrict the search to the user's company.
                "contracts": Contract.search([]),
                "page_name": "stekas_contract",
            }
        )
        return request.render("stekas_billing.portal_my_stekas_contracts", values)

    @http.route(
        "/my/support-contracts/<int:contract_id>",
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_stekas_contract(self, contract_id, **kw):
        try:
            self._document_check_access("stekas.support.contract", contract_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        # Read with the user's own rights: periods come through the record rules.
        contract = request.env["stekas.support.contract"].browse(contract_id)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "contract": contract,
                "current_period": contract.current_period_id,
                "periods": contract.period_ids.sorted("date_start", reverse=True),
                # the lines through the record rules; their work types' names
                # as superuser: clients may not read the catalogue itself
                "contract_lines": contract.line_ids,
                "work_type_names": {
                    line.id: line.work_type_id.sudo().name for line in contract.line_ids
                },
                "page_name": "stekas_contract",
            }
        )
        return request.render("stekas_billing.portal_my_stekas_contract", values)


# The client's copy of the payment order (R-BIL-4): a scan or a PDF.
PAYMENT_PROOF_MAX_BYTES = 5 * 1024 * 1024
PAYMENT_PROOF_MIMETYPES = ("application/pdf", "image/png", "image/jpeg")


class StekasPaymentProofPortal(http.Controller):
    """The client uploads the copy of its payment order on the ticket page;
    the dispatcher confirms it (R-BIL-4)."""

    @http.route(
        "/my/ticket/<int:ticket_id>/payment-proof",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_ticket_payment_proof(self, ticket_id, payment_proof=None, **kw):
        ticket = request.env["helpdesk.ticket"].browse(ticket_id)
        try:
            ticket.check_access("read")
        except (AccessError, MissingError):
            return request.redirect("/my")
        # sudo: the client's company of a ticket the user may read
        client = ticket.sudo().commercial_partner_id
        if request.env.user.partner_id.commercial_partner_id != client:
            return request.redirect("/my")
        url = f"/my/ticket/{ticket_id}"
        error = self._check_payment_proof(ticket, payment_proof)
        if error:
            return request.redirect(f"{url}?proof_error={error}")
        content = payment_proof.read()
        # sudo: portal users may not post files on a ticket by the ORM; the
        # ticket and the file were checked above.
        ticket.sudo()._stekas_receive_payment_proof(
            payment_proof.filename or "payment-order",
            content,
            request.env.user.partner_id,
        )
        return request.redirect(f"{url}?proof_sent=1")

    def _check_payment_proof(self, ticket, payment_proof):
        """Why `payment_proof` cannot be taken on `ticket` (a code the page
        explains), or None."""
        if ticket.stekas_prepay_state != "waiting":
            return "state"
        if not hasattr(payment_proof, "read"):
            return "file"
        head = payment_proof.read(PAYMENT_PROOF_MAX_BYTES + 1)
        payment_proof.seek(0)
        if not head:
            return "file"
        if len(head) > PAYMENT_PROOF_MAX_BYTES:
            return "size"
        if guess_mimetype(head) not in PAYMENT_PROOF_MIMETYPES:
            return "type"
        return None
