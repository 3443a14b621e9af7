# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo database is ready for a user's first day: mail to the support
address opens a ticket of the support team, each role lands on its screen, and
only STEKAS's own tickets are shown. Needs the demo data (skipped without)."""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoDay(TransactionCase):
    def setUp(self):
        super().setUp()
        self.team = self.env.ref(
            "stekas_helpdesk.demo_team_support", raise_if_not_found=False
        )
        if not self.team:
            self.skipTest("the demo data is not loaded")

    def test_mail_to_the_support_address_opens_a_ticket_of_the_team(self):
        raw = (
            "From: Nauja Klientė <nauja@klientas.example>\r\n"
            "To: pagalba@stekas.example\r\n"
            "Subject: Neveikia ataskaita\r\n"
            "Message-ID: <demo-alias-1@klientas.example>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            "Laba diena, ataskaita neatsidaro.\r\n"
        ).encode()
        # no model forced: the alias routes it, as the mail fetch does
        ticket_id = self.env["mail.thread"].message_process(None, raw)
        ticket = self.env["helpdesk.ticket"].browse(ticket_id)
        self.assertEqual(ticket.name, "Neveikia ataskaita")
        self.assertEqual(ticket.team_id, self.team)

    def test_each_role_lands_on_its_screen(self):
        dispatcher = self.env.ref("stekas_helpdesk.demo_user_dispatcher")
        consultant = self.env.ref("stekas_helpdesk.demo_user_consultant_1")
        self.assertEqual(
            dispatcher.action_id.id,
            self.env.ref("stekas_helpdesk.helpdesk_ticket_action_dispatcher_queue").id,
        )
        self.assertEqual(
            consultant.action_id.id,
            self.env.ref("helpdesk_mgmt.helpdesk_my_tickets_action").id,
        )

    def test_only_stekas_tickets_are_shown(self):
        tickets = self.env["helpdesk.ticket"].search([])
        oca = self.env.ref("helpdesk_mgmt.helpdesk_ticket_1").with_context(
            active_test=False
        )
        self.assertTrue(tickets)
        self.assertNotIn(oca, tickets)
        self.assertFalse(tickets.user_id.filtered(lambda u: u.login == "__system__"))
