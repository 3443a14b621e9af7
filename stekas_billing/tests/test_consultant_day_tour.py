# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import StekasBillingCommon


@tagged("post_install", "-at_install")
class TestConsultantDayTour(HttpCase, StekasBillingCommon):
    """In the browser, the consultant starts and stops the timer of the ticket
    the dispatcher assigned to him and sees the time rounded (R-CON-6)."""

    def test_consultant_times_a_ticket(self):
        self.ticket.with_user(self.dispatcher).user_id = self.consultant
        self.start_tour(
            f"/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/{self.ticket.id}",
            "stekas_consultant_day_tour",
            login="test_consultant",
        )
        line = self.ticket.timesheet_ids
        self.assertEqual(line.user_id, self.consultant)
        self.assertEqual(line.stekas_billed_minutes, 12)
