# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import StekasHelpdeskCommon


@tagged("post_install", "-at_install")
class TestUrgentRouting(StekasHelpdeskCommon):
    """R-CON-2: an urgent ticket goes at once to an available consultant."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.second = new_test_user(
            cls.env,
            login="test_consultant_second",
            groups="base.group_user,stekas_helpdesk.stekas_helpdesk_group_consultant",
        )
        cls.team.user_ids = [Command.link(cls.second.id)]
        (cls.consultant | cls.second).stekas_on_duty = True

    def _mails_to(self, user, ticket):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "=", ticket.id),
                ("recipient_ids", "in", user.partner_id.ids),
            ]
        )

    def test_urgent_ticket_goes_to_the_least_loaded_consultant_on_duty(self):
        first = self._create_ticket(self.contact_a, stekas_is_urgent=True)
        self.assertEqual(first.user_id, self.consultant)  # tie: lowest id
        second = self._create_ticket(self.contact_b, stekas_is_urgent=True)
        self.assertEqual(second.user_id, self.second)
        activity = second.activity_ids
        self.assertEqual(activity.user_id, self.second)
        self.assertEqual(activity.summary, "Urgent: contact the client now")
        self.assertIn(self.contact_b.phone, str(activity.note))
        self.assertTrue(self._mails_to(self.second, second))
        self.assertFalse(self._mails_to(self.consultant, second))

    def test_consultants_off_duty_or_of_other_teams_are_skipped(self):
        self.consultant.stekas_on_duty = False
        self.other_consultant.stekas_on_duty = True
        ticket = self._create_ticket(self.contact_a, stekas_is_urgent=True)
        self.assertEqual(ticket.user_id, self.second)

    def test_dispatcher_is_alerted_when_nobody_is_available(self):
        (self.consultant | self.second).stekas_on_duty = False
        ticket = self._create_ticket(self.contact_a, stekas_is_urgent=True)
        self.assertFalse(ticket.user_id)
        self.assertEqual(ticket.activity_ids.user_id, self.dispatcher)
        self.assertIn("no consultant of team", str(ticket.activity_ids.note))

    def test_urgent_incomplete_ticket_alerts_the_dispatcher(self):
        contact = self.env["res.partner"].create(
            {"name": "Be Duomenų", "email": "x@client-a.example"}
        )
        ticket = self._create_ticket(contact, stekas_is_urgent=True)
        self.assertFalse(ticket.user_id)
        self.assertIn("client company name", str(ticket.activity_ids.note))
        self.assertEqual(ticket.activity_ids.user_id, self.dispatcher)

    def test_marking_urgent_later_routes_too(self):
        ticket = self._create_ticket(self.contact_a, user_id=False)
        self.assertFalse(ticket.user_id)
        ticket.with_user(self.dispatcher).stekas_is_urgent = True
        self.assertEqual(ticket.user_id, self.consultant)
