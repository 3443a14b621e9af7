# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import StekasHelpdeskCommon


@tagged("post_install", "-at_install")
class TestDispatcherDayTour(HttpCase, StekasHelpdeskCommon):
    """In the browser, the dispatcher registers a call with intake data missing
    (R-INT-1, R-INT-2), is refused when she assigns it (R-INT-4), completes the
    data on the ticket and assigns it to a consultant (R-CON-1)."""

    def test_dispatcher_registers_completes_and_assigns_a_call(self):
        if "stekas_billing_mode" in self.env["res.partner"]._fields:
            # With stekas_billing, a new client without a contract pays before
            # work by default (R-BIL-4); this tour is about the intake, so the
            # company the call creates is billed after the work (R-BIL-5).
            self.env["ir.default"].set(
                "res.partner", "stekas_billing_mode", "invoice_month"
            )
        self.start_tour("/odoo", "stekas_dispatcher_day_tour", login="test_dispatcher")
        ticket = self.env["helpdesk.ticket"].search(
            [("name", "=", "Cannot print invoices")]
        )
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.user_id, self.consultant)
        self.assertTrue(ticket.stekas_intake_complete)
        self.assertEqual(ticket.stekas_registered_by_id, self.dispatcher)
        self.assertEqual(
            ticket.channel_id,
            self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone"),
        )
        self.assertEqual(ticket.team_id, self.team)
        contact = ticket.partner_id
        self.assertEqual(contact.name, "Petras Skambinas")
        self.assertEqual(contact.parent_id.name, "Spausdintuvai UAB")
        # What the dispatcher completed on the ticket completes the contact too.
        self.assertEqual(contact.function, "Accountant")
        self.assertEqual(contact.email, "petras@spausdintuvai.example")
