# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import StekasHelpdeskCommon


@tagged("post_install", "-at_install")
class TestIntake(StekasHelpdeskCommon):
    """R-INT-1..4: mandatory data, completeness gate and registration."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = cls.env["hr.employee"].create(
            {"name": "Consultant", "user_id": cls.consultant.id}
        )
        cls.contact_nophone = cls.env["res.partner"].create(
            {
                "firstname": "Rasa",
                "lastname": "Be Telefono",
                "email": "rasa@client-a.example",
                "parent_id": cls.client_a.id,
            }
        )
        cls.stage_progress = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
        )

    def test_ticket_copies_the_contact_data(self):
        ticket = self._create_ticket(self.contact_a)
        self.assertEqual(ticket.stekas_intake_company_name, "Client A UAB")
        self.assertEqual(ticket.stekas_intake_firstname, self.contact_a.firstname)
        self.assertEqual(ticket.stekas_intake_lastname, self.contact_a.lastname)
        self.assertEqual(ticket.stekas_intake_function, "Buhalterė")
        self.assertEqual(ticket.stekas_intake_phone, self.contact_a.phone)
        self.assertEqual(ticket.partner_email, self.contact_a.email)
        self.assertTrue(ticket.stekas_intake_complete)
        # The journal keeps the data as it was: a later change of the contact
        # does not rewrite the ticket.
        self.contact_a.function = "Direktorė"
        self.assertEqual(ticket.stekas_intake_function, "Buhalterė")

    def test_missing_items_are_listed_exactly(self):
        ticket = self._create_ticket(self.contact_nophone)
        self.assertFalse(ticket.stekas_intake_complete)
        self.assertEqual(ticket.stekas_intake_missing_codes, "function,phone")
        self.assertEqual(
            ticket.stekas_intake_missing_text,
            "contact person's job position, contact person's phone",
        )

    def test_incomplete_ticket_cannot_be_assigned_moved_or_logged(self):
        ticket = self._create_ticket(self.contact_nophone)
        Ticket = ticket.with_user(self.dispatcher)
        with self.assertRaisesRegex(
            UserError,
            "cannot be assigned: its intake is incomplete. Missing: contact "
            "person's job position, contact person's phone.",
        ):
            Ticket.user_id = self.consultant
        with self.assertRaisesRegex(UserError, "cannot move on: .*job position"):
            Ticket.stage_id = self.stage_progress
        with self.assertRaisesRegex(UserError, "Time cannot be logged .*phone"):
            self.env["account.analytic.line"].create(
                {
                    "name": "Phone call",
                    "ticket_id": ticket.id,
                    "employee_id": self.employee.id,
                    "unit_amount": 0.5,
                }
            )
        with self.assertRaisesRegex(UserError, "cannot be assigned"):
            self._create_ticket(self.contact_nophone, user_id=self.consultant.id)
        # Closing a request that never became workable stays possible.
        Ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        self.assertTrue(ticket.closed)

    def test_completing_the_data_releases_the_same_ticket(self):
        ticket = self._create_ticket(self.contact_nophone)
        ticket.with_user(self.consultant).write(
            {
                "stekas_intake_function": "Buhalterė",
                "stekas_intake_phone": "+370 600 12345",
            }
        )
        self.assertTrue(ticket.stekas_intake_complete)
        # The contact keeps the data for the next request.
        self.assertEqual(self.contact_nophone.function, "Buhalterė")
        self.assertEqual(self.contact_nophone.phone, "+370 600 12345")
        ticket.with_user(self.dispatcher).write(
            {"user_id": self.consultant.id, "stage_id": self.stage_progress.id}
        )
        self.assertEqual(ticket.user_id, self.consultant)

    def test_serious_problem_needs_a_detailed_description(self):
        ticket = self._create_ticket(self.contact_a, stekas_is_serious=True)
        self.assertEqual(ticket.stekas_intake_missing_codes, "description")
        self.assertIn("detailed written description", ticket.stekas_intake_missing_text)
        ticket.description = "<p>%s</p>" % ("Detailed steps. " * 10)
        self.assertTrue(ticket.stekas_intake_complete)

    def test_registration_data_on_every_ticket(self):
        ticket = self._create_ticket(self.contact_a)
        ticket_by_dispatcher = (
            self.env["helpdesk.ticket"]
            .with_user(self.dispatcher)
            .create(
                {
                    "name": "Call",
                    "description": "<p>Asked by phone</p>",
                    "partner_id": self.contact_a.id,
                }
            )
        )
        self.assertTrue(ticket.number and ticket.number != "/")
        self.assertTrue(ticket.stekas_received_date)
        self.assertEqual(
            ticket_by_dispatcher.channel_id,
            self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone"),
        )
        self.assertEqual(ticket_by_dispatcher.stekas_registered_by_id, self.dispatcher)

    def test_missing_items_of_a_ticket_list_are_read_in_one_query(self):
        tickets = self.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Request {index}",
                    "description": "<p>Text</p>",
                    "partner_id": self.contact_nophone.id,
                    "user_id": False,
                }
                for index in range(20)
            ]
        )
        self.env.invalidate_all()
        tickets = tickets.browse(tickets.ids)
        with self.assertQueryCount(1):
            rows = tickets.read(
                ["stekas_intake_missing_text", "stekas_intake_complete"]
            )
        self.assertEqual(
            {row["stekas_intake_missing_text"] for row in rows},
            {"contact person's job position, contact person's phone"},
        )
