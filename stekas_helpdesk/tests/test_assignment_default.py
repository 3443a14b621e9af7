# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import Form, tagged

from .common import StekasHelpdeskCommon


@tagged("post_install", "-at_install")
class TestAssignmentDefault(StekasHelpdeskCommon):
    """R-ASG-1: the dispatcher chooses who serves a ticket; a ticket the
    dispatcher (or a consultant) registers does not go to its creator, in
    the company the addon was installed on and in a new one."""

    def test_a_ticket_registered_in_the_back_office_goes_to_nobody(self):
        self.assertFalse(self.env.company.helpdesk_mgmt_ticket_auto_assign)
        for user in (self.dispatcher, self.consultant):
            form = Form(self.env["helpdesk.ticket"].with_user(user))
            self.assertFalse(form.user_id, user.login)

    def test_a_new_company_does_not_assign_to_the_creator(self):
        company = self.env["res.company"].create({"name": "UAB Naujas"})
        self.assertFalse(company.helpdesk_mgmt_ticket_auto_assign)
