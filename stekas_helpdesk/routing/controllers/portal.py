# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk


def portal_consultants(ticket_team=None):
    """Consultants a client may name (R-ASG-2): members of the portal teams.

    sudo: portal users may not read internal users; only names and ids of
    the consultants of teams shown in the portal are exposed.
    """
    # the cached ids, not env.ref(): no existence query on every ticket page
    xmlid_to_res_id = request.env["ir.model.data"]._xmlid_to_res_id
    group_id = xmlid_to_res_id("stekas_helpdesk.stekas_helpdesk_group_consultant")
    dispatcher_id = xmlid_to_res_id("stekas_helpdesk.stekas_helpdesk_group_dispatcher")
    teams = ticket_team or request.env["helpdesk.ticket.team"].sudo().search(
        [("show_in_portal", "=", True), ("active", "=", True)]
    )
    # one query with the names, instead of reading each member's groups
    return (
        request.env["res.users"]
        .sudo()
        .search_fetch(
            [
                ("id", "in", teams.sudo().user_ids.ids),
                ("share", "=", False),
                ("groups_id", "in", [group_id]),
                ("groups_id", "not in", [dispatcher_id]),
            ],
            ["name"],
            order="name",
        )
    )


def portal_consultant_from_form(value, ticket_team=None):
    try:
        user_id = int(value or 0)
    except ValueError:
        return request.env["res.users"]
    return portal_consultants(ticket_team).filtered(lambda u: u.id == user_id)


class StekasCustomerPortalHelpdesk(CustomerPortalHelpdesk):
    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        # the consultants are offered by the reassignment form, which a
        # closed ticket does not show
        consultants = request.env["res.users"]
        if not ticket.closed:
            consultants = portal_consultants(ticket.team_id or None)
        values.update(
            {
                "consultants": consultants,
                "reassign_error": kwargs.get("reassign_error"),
                "reassign_sent": kwargs.get("reassign_sent"),
            }
        )
        return values

    @http.route(
        ["/my/ticket/<int:ticket_id>/reassign"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_ticket_reassign(
        self, ticket_id, reason=None, stekas_preferred_user_id=None
    ):
        """Ask for another consultant (R-ASG-1), on an accessible ticket only."""
        ticket = request.env["helpdesk.ticket"].browse(ticket_id)
        try:
            ticket.check_access("read")
        except (AccessError, MissingError):
            return request.redirect("/my")
        if not (reason or "").strip():
            return request.redirect(f"/my/ticket/{ticket_id}?reassign_error=reason")
        # sudo: the ticket was checked above; portal users may not read teams
        preferred = portal_consultant_from_form(
            stekas_preferred_user_id, ticket.sudo().team_id or None
        )
        try:
            # sudo: portal users have no create right on requests (so that no
            # ORM call of theirs can file one with its decision set); the
            # ticket was checked above and the values are only these.
            request.env["stekas.reassignment"].sudo().create(
                {
                    "ticket_id": ticket.id,
                    "requester_partner_id": request.env.user.partner_id.id,
                    "reason": reason.strip(),
                    "preferred_user_id": preferred.id,
                }
            )
        except (AccessError, UserError, ValidationError):
            return request.redirect(f"/my/ticket/{ticket_id}?reassign_error=denied")
        return request.redirect(f"/my/ticket/{ticket_id}?reassign_sent=1")
