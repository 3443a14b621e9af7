# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import StekasHelpdeskCommon


@tagged("post_install", "-at_install")
class TestPortalClientDayTour(HttpCase, StekasHelpdeskCommon):
    """In the browser, the client files a request with a preferred consultant
    (R-INT-1, R-ASG-2), reads the consultation journal and finds its Excel
    download (R-HIS-1, R-HIS-2) and asks for another consultant (R-ASG-1)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Before her day: two named consultants of the team, and an earlier
        # request of hers that one of them worked on.
        cls.consultant.name = "Petras Konsultantas"
        cls.other_consultant.name = "Ruta Kalnaite"
        cls.team.user_ids += cls.other_consultant
        cls.earlier_ticket = cls._create_ticket(
            cls.contact_a, name="New user cannot log in", user_id=cls.consultant.id
        )
        employee = cls.env["hr.employee"].create(
            {"name": "Petras Konsultantas", "user_id": cls.consultant.id}
        )
        cls.env["account.analytic.line"].create(
            {
                "name": "Explained the rights of the new user",
                "ticket_id": cls.earlier_ticket.id,
                "employee_id": employee.id,
                "unit_amount": 0.25,
                "date": fields.Date.today(),
                "stekas_consultation_channel": "phone",
            }
        )

    def test_client_files_reads_the_journal_and_asks_for_another(self):
        self.start_tour("/my", "stekas_portal_client_day_tour", login="test_portal_a")
        ticket = self.env["helpdesk.ticket"].search(
            [("name", "=", "The month cannot be closed")]
        )
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.partner_id, self.contact_a)
        self.assertEqual(ticket.stekas_preferred_user_id, self.consultant)
        self.assertFalse(ticket.user_id, "a preference is never enforced")
        self.assertTrue(ticket.stekas_intake_complete)
        self.assertEqual(ticket.team_id, self.team)
        request = self.earlier_ticket.stekas_reassignment_ids
        self.assertEqual(len(request), 1)
        self.assertEqual(request.requester_partner_id, self.contact_a)
        self.assertEqual(request.preferred_user_id, self.other_consultant)
        self.assertEqual(request.state, "pending")
        self.assertEqual(self.earlier_ticket.user_id, self.consultant)
        # The Excel link of the journal page answers with the workbook.
        self.authenticate("test_portal_a", "test_portal_a")
        page = self.url_open("/my/journal").text
        href = re.search(r'o_stekas_journal_xlsx"\s+href="([^"]+)"', page).group(1)
        response = self.url_open(href.replace("&amp;", "&"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        self.assertTrue(response.content.startswith(b"PK"))
