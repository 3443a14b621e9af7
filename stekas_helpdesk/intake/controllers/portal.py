# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import plaintext2html

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk

from ...lib import intake
from ...routing.controllers.portal import (
    portal_consultant_from_form,
    portal_consultants,
)
from ..models.helpdesk_ticket import CLIENT_CONTACT_TICKET_FIELDS

# Form fields of the portal intake, by item code (R-INT-2).
INTAKE_FORM_FIELDS = {
    "company": "company_name",
    "firstname": "firstname",
    "lastname": "lastname",
    "function": "function",
    "phone": "phone",
    "email": "email",
    "purpose": "subject",
    "description": "description",
}

# The form fields that complete the client's own contact, as the ticket's intake
# fields do (helpdesk.ticket._stekas_update_contact_from_intake).
CONTACT_FIELD_OF_FORM_FIELD = {
    "firstname": "firstname",
    "lastname": "lastname",
    "function": "function",
    "phone": "phone",
    "email": "email",
}


def _user_service_mode():
    """The service mode of the portal user's company (R-INT-2)."""
    # sudo: the mode is the client's configuration, the user's own company's
    company = request.env.user.partner_id.commercial_partner_id.sudo()
    return company.stekas_service_mode or intake.MODE_B


def _intake_form_labels():
    """Labels of the portal intake fields, in the user's language."""
    _ = request.env._
    company = _("Client company")
    return {
        "company_name": company,
        "company": company,
        "firstname": _("First name"),
        "lastname": _("Last name"),
        "function": _("Job position"),
        "phone": _("Phone"),
        "email": _("E-mail"),
        "purpose": _("Short purpose"),
    }


class StekasHelpdeskTicketController(HelpdeskTicketController):
    @http.route("/ticket/close", type="http", auth="user", methods=["POST"])
    def support_ticket_close(self, **kw):
        """Close a ticket the user can access, never one found by a sudo search."""
        try:
            ticket = request.env["helpdesk.ticket"].browse(int(kw.get("ticket_id")))
            ticket.check_access("read")
            stage = request.env["helpdesk.ticket.stage"].browse(int(kw.get("stage_id")))
            stage.check_access("read")
        except (AccessError, MissingError, TypeError, ValueError):
            return request.redirect("/my")
        # sudo: portal users have read access only; the stage must be one the
        # ticket's team lets clients close with.
        ticket_sudo = ticket.sudo()
        allowed = ticket_sudo.team_id._get_applicable_stages().filtered(
            "close_from_portal"
        )
        if stage in allowed:
            ticket_sudo.stage_id = stage
        return request.redirect(f"/my/ticket/{ticket.id}")

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        partner = request.env.user.partner_id
        company = partner.commercial_partner_id
        defaults = {
            "company_name": company.name if company.is_company else "",
            "firstname": partner.firstname or "",
            "lastname": partner.lastname or "",
            "function": partner.function or "",
            "phone": partner.phone or partner.mobile or "",
            "email": partner.email or "",
            "subject": "",
            "description": "",
        }
        defaults.update(
            {key: kw[key] for key in defaults if isinstance(kw.get(key), str)}
        )
        values.update(
            {
                "intake": defaults,
                "stekas_is_serious": bool(kw.get("stekas_is_serious")),
                "stekas_preferred_user_id": kw.get("stekas_preferred_user_id") or "",
                "consultants": portal_consultants(),
                "intake_errors": kw.get("intake_errors") or [],
                "form_labels": _intake_form_labels(),
                "detailed_min_chars": intake.DETAILED_DESCRIPTION_MIN_CHARS,
                # the form asks only for what the client's mode requires
                "stekas_service_mode": _user_service_mode(),
            }
        )
        return values

    def _prepare_submit_ticket_vals(self, **kw):
        category = request.env["helpdesk.ticket.category"].browse(
            int(kw.get("category") or 0)
        )
        company = category.company_id or request.env.company
        partner = request.env.user.partner_id
        vals = {
            "company_id": company.id,
            "category_id": category.id,
            "description": plaintext2html(kw.get("description") or ""),
            "name": (kw.get("subject") or "").strip(),
            "channel_id": request.env.ref(
                "helpdesk_mgmt.helpdesk_ticket_channel_web"
            ).id,
            "partner_id": partner.id,
            "partner_name": partner.name,
            "partner_email": (kw.get("email") or "").strip(),
            "stekas_intake_company_name": (kw.get("company_name") or "").strip(),
            "stekas_intake_firstname": (kw.get("firstname") or "").strip(),
            "stekas_intake_lastname": (kw.get("lastname") or "").strip(),
            "stekas_intake_function": (kw.get("function") or "").strip(),
            "stekas_intake_phone": (kw.get("phone") or "").strip(),
            "stekas_is_serious": bool(kw.get("stekas_is_serious")),
            "stekas_preferred_user_id": portal_consultant_from_form(
                kw.get("stekas_preferred_user_id")
            ).id,
            "user_id": False,
        }
        if _user_service_mode() == intake.MODE_A:
            # The form asks a mode-A client for no contact data (R-INT-2): the
            # ticket takes it from the client's records, not empty values.
            vals = {
                key: value
                for key, value in vals.items()
                if value or key not in CLIENT_CONTACT_TICKET_FIELDS
            }
            # given with the name, the e-mail is not computed from the contact
            vals.setdefault("partner_email", partner.email)
        if company.helpdesk_mgmt_portal_select_team and kw.get("team"):
            # With the user's rights: the portal rule shows only portal teams.
            team = request.env["helpdesk.ticket.team"].search(
                [("id", "=", int(kw.get("team")))]
            )
            vals["team_id"] = team.id
        # No stage here: the ticket's create gives a ticket without a team the
        # company's default team, and helpdesk_mgmt then the team's first stage.
        return vals

    # POST only: Odoo checks the CSRF token of POST requests, so a GET (a link
    # or an image in a mail) must not create a ticket.
    @http.route(
        "/submitted/ticket",
        type="http",
        auth="user",
        website=True,
        csrf=True,
        methods=["POST"],
    )
    def submit_ticket(self, **kw):
        data = {code: kw.get(name) or "" for code, name in INTAKE_FORM_FIELDS.items()}
        missing = intake.missing_items(
            data,
            serious=bool(kw.get("stekas_is_serious")),
            mode=_user_service_mode(),
        )
        if missing:
            labels = request.env["helpdesk.ticket"]._stekas_get_intake_item_labels()
            if kw.get("stekas_is_serious"):
                labels = (
                    request.env["helpdesk.ticket"]
                    .new({"stekas_is_serious": True})
                    ._stekas_get_intake_item_labels()
                )
            kw["intake_errors"] = [labels[code] for code in missing]
            values = self._get_create_new_ticket_values(**kw)
            return request.render("helpdesk_mgmt.portal_create_ticket", values)
        response = super().submit_ticket(**kw)
        # The ticket's contact is the user's own (_prepare_submit_ticket_vals):
        # its empty fields take what the form gave the ticket. sudo: portal
        # users may not write their own contact.
        request.env["helpdesk.ticket"].sudo()._stekas_complete_contact(
            request.env.user.partner_id,
            {
                pfield: (kw.get(form_field) or "").strip()
                for form_field, pfield in CONTACT_FIELD_OF_FORM_FIELD.items()
            },
        )
        return response


class StekasCustomerPortalHelpdesk(CustomerPortalHelpdesk):
    @http.route()
    def portal_my_tickets(self, *args, sortby=None, groupby=None, **kw):
        # A sort order or grouping the list does not offer (a hand-made or stale
        # link) falls back to the default instead of a server error.
        if sortby not in self._ticket_get_searchbar_sortings():
            sortby = None
        if groupby not in self._ticket_get_searchbar_groupby():
            groupby = None
        response = super().portal_my_tickets(
            *args, sortby=sortby, groupby=groupby, **kw
        )
        filters = getattr(response, "qcontext", {}).get("searchbar_filters", {})
        if "all" in filters:
            filters["all"]["label"] = request.env._("All")
        return response

    # helpdesk_mgmt's search bar labels are code terms of a module without a
    # Lithuanian translation (only upstream could add one): they are given again
    # here, where they have theirs.
    @staticmethod
    def _stekas_relabel(options, labels):
        for key, label in labels.items():
            if key in options:
                options[key]["label"] = label
        return options

    def _ticket_get_searchbar_sortings(self):
        _ = request.env._
        return self._stekas_relabel(
            super()._ticket_get_searchbar_sortings(),
            {
                "date": _("Newest"),
                "name": _("Title"),
                "stage": _("Stage"),
                "update": _("Last Stage Update"),
            },
        )

    def _ticket_get_searchbar_groupby(self):
        _ = request.env._
        return self._stekas_relabel(
            super()._ticket_get_searchbar_groupby(),
            {"none": _("None"), "category": _("Category"), "stage": _("Stage")},
        )

    def _ticket_get_searchbar_inputs(self):
        _ = request.env._
        return self._stekas_relabel(
            super()._ticket_get_searchbar_inputs(),
            {
                "all": _("Search in All"),
                "number": _("Search in Number"),
                "name": _("Search in Title"),
            },
        )

    def _intake_ticket(self, ticket_id, access_token):
        """The ticket (in sudo) whose intake the request may complete, or None."""
        # sudo: the intake token, checked here, is the key of a public link
        ticket_sudo = request.env["helpdesk.ticket"].sudo().browse(ticket_id).exists()
        if not ticket_sudo:
            return None
        if access_token:
            if ticket_sudo._stekas_check_intake_token(access_token):
                return ticket_sudo
            return None
        try:
            ticket = request.env["helpdesk.ticket"].browse(ticket_id)
            ticket.check_access("read")
        except (AccessError, MissingError):
            return None
        return ticket_sudo

    @http.route(
        ["/my/ticket/<int:ticket_id>/intake"],
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_ticket_intake(self, ticket_id, access_token=None, **kw):
        """Complete the intake of a ticket (R-INT-4): a logged-in user with
        access to it, or anyone with its intake link while the intake is
        incomplete (never with the ticket's access token)."""
        ticket_sudo = self._intake_ticket(ticket_id, access_token)
        if ticket_sudo is None:
            return request.render(
                "stekas_helpdesk.portal_ticket_intake_closed",
                {"page_name": "ticket"},
                status=403,
            )
        saved = False
        if request.httprequest.method == "POST":
            values = {
                code: kw.get(name) or ""
                for code, name in INTAKE_FORM_FIELDS.items()
                if code != "description"
            }
            ticket_sudo._stekas_apply_intake_values(values)
            description = (kw.get("description") or "").strip()
            if description and "description" in (
                ticket_sudo.stekas_intake_missing_codes or ""
            ):
                ticket_sudo.description = (
                    ticket_sudo.description or ""
                ) + plaintext2html(description)
            saved = True
        values = {
            "ticket": ticket_sudo,
            "access_token": access_token,
            "missing_codes": (ticket_sudo.stekas_intake_missing_codes or "").split(","),
            "missing_labels": ticket_sudo._stekas_get_intake_missing_labels(),
            "fields": INTAKE_FORM_FIELDS,
            "form_labels": _intake_form_labels(),
            "saved": saved,
            "page_name": "ticket",
        }
        return request.render("stekas_helpdesk.portal_ticket_intake", values)
