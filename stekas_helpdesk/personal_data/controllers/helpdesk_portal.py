# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk


class PersonalDataTicketPortal(CustomerPortalHelpdesk):
    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        # The ticket page lists only the files meant for the client: not those
        # of internal notes nor those the personal-data guard holds back.
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        values["stekas_client_attachments"] = ticket._stekas_get_client_attachments()
        return values
