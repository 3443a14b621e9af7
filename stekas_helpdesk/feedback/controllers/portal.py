# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from ...routing.controllers.portal import StekasCustomerPortalHelpdesk


# The routing room's portal controller, extended in line: Odoo combines the
# overrides of one controller class only along a single chain of subclasses.
class StekasFeedbackPortal(StekasCustomerPortalHelpdesk):
    @http.route(
        ["/my/ticket/<int:ticket_id>/rate"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_ticket_rate(self, ticket_id, rate=None, feedback=None, complaint=None):
        """The client rates a solved ticket of their company (R-FBK-1)."""
        ticket = request.env["helpdesk.ticket"].browse(ticket_id)
        try:
            ticket.check_access("read")
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            rate = int(rate or 0)
        except ValueError:
            rate = 0
        try:
            ticket._stekas_rate(rate, (feedback or "").strip(), bool(complaint))
        except UserError as error:
            request.session["stekas_rating_error"] = str(error.args[0])
            return request.redirect(f"/my/ticket/{ticket_id}#rating")
        return request.redirect(f"/my/ticket/{ticket_id}?rating_sent=1#rating")

    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        values.update(
            {
                # the message of a refused rating, shown once
                "rating_error": request.session.pop("stekas_rating_error", None),
                "rating_sent": kwargs.get("rating_sent"),
            }
        )
        return values
