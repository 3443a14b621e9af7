# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import StekasHelpdeskCommon


@tagged("post_install", "-at_install")
class TestWorkingGroup(StekasHelpdeskCommon):
    """R-CON-3: specialists join a ticket, follow it and log time on it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_ticket(cls.contact_a, user_id=cls.consultant.id)
        cls.env["hr.employee"].create(
            {"name": "Specialist", "user_id": cls.other_consultant.id}
        )

    def test_specialist_of_another_team_joins_the_ticket(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.other_consultant)
        self.assertNotIn(self.ticket, Ticket.search([]))
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.other_consultant).check_access("read")
        self.ticket.with_user(self.dispatcher).stekas_specialist_ids = [
            Command.link(self.other_consultant.id)
        ]
        self.assertIn(self.other_consultant.partner_id, self.ticket.message_partner_ids)
        my_tickets = self.env.ref("helpdesk_mgmt.helpdesk_my_tickets_action")
        domain = safe_eval(my_tickets.domain, {"uid": self.other_consultant.id})
        self.assertIn(self.ticket, Ticket.search(domain))
        line = (
            self.env["account.analytic.line"]
            .with_user(self.other_consultant)
            .create(
                {
                    "name": "Checked the database",
                    "ticket_id": self.ticket.id,
                    "unit_amount": 0.25,
                }
            )
        )
        self.assertEqual(line.user_id, self.other_consultant)
        self.assertEqual(line.ticket_id, self.ticket)
