# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import StekasHelpdeskCommon


@tagged("post_install", "-at_install")
class TestStekasRoles(StekasHelpdeskCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket_a = cls._create_ticket(cls.contact_a)
        cls.ticket_other_team = cls._create_ticket(cls.contact_b, team=cls.other_team)

    def test_roles_imply_helpdesk_and_timesheet_groups(self):
        self.assertTrue(self.dispatcher.has_group("helpdesk_mgmt.group_helpdesk_user"))
        self.assertTrue(self.dispatcher.has_group("base.group_partner_manager"))
        self.assertFalse(self.consultant.has_group("base.group_partner_manager"))
        self.assertTrue(
            self.consultant.has_group("helpdesk_mgmt.group_helpdesk_user_team")
        )
        self.assertFalse(self.consultant.has_group("helpdesk_mgmt.group_helpdesk_user"))
        self.assertTrue(
            self.consultant.has_group("hr_timesheet.group_hr_timesheet_user")
        )
        manager_group = self.env.ref("stekas_helpdesk.stekas_helpdesk_group_manager")
        self.assertIn(
            self.env.ref("helpdesk_mgmt.group_helpdesk_manager"),
            manager_group.trans_implied_ids,
        )

    def test_dispatcher_sees_every_team(self):
        tickets = self.env["helpdesk.ticket"].with_user(self.dispatcher).search([])
        self.assertIn(self.ticket_other_team, tickets)

    def test_consultant_sees_only_own_teams(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.consultant)
        self.assertIn(self.ticket_a, Ticket.search([]))
        self.assertNotIn(self.ticket_other_team, Ticket.search([]))
        with self.assertRaises(AccessError):
            self.ticket_other_team.with_user(self.consultant).check_access("read")

    def test_portal_user_sees_only_own_company(self):
        ticket_b = self._create_ticket(self.contact_b)
        own = self.env["helpdesk.ticket"].with_user(self.portal_a).search([])
        self.assertIn(self.ticket_a, own)
        self.assertNotIn(ticket_b, own)
        with self.assertRaises(AccessError):
            ticket_b.with_user(self.portal_a).check_access("read")
        with self.assertRaises(AccessError):
            ticket_b.with_user(self.portal_a).write({"name": "taken over"})

    def test_helpdesk_user_without_role_opens_a_ticket(self):
        """A helpdesk user without a STEKAS role (the accountant is one) reads
        tickets: the form opens without the reassignment requests, which are
        the consultants' and the dispatcher's."""
        reader = new_test_user(
            self.env,
            login="test_helpdesk_reader",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user",
        )
        form = Form(self.ticket_a.with_user(reader))
        self.assertEqual(form.name, self.ticket_a.name)
        arch = (
            self.env["helpdesk.ticket"]
            .with_user(self.consultant)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn('name="stekas_reassignment_ids"', arch)
        self.assertIn('name="action_stekas_request_reassignment"', arch)
