# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.stekas_helpdesk.tests.common import StekasHelpdeskCommon


@tagged("post_install", "-at_install")
class TestAccountantRole(StekasHelpdeskCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="test_accountant",
            groups="base.group_user,stekas_billing.stekas_billing_group_accountant",
        )

    def test_accountant_invoices_and_reads_tickets(self):
        self.assertTrue(self.accountant.has_group("account.group_account_invoice"))
        ticket = self._create_ticket(self.contact_a, team=self.other_team)
        ticket.with_user(self.accountant).check_access("read")

    def test_consultant_cannot_invoice(self):
        with self.assertRaises(AccessError):
            self.env["account.move"].with_user(self.consultant).check_access("create")

    def test_manager_implies_accountant(self):
        manager_group = self.env.ref("stekas_helpdesk.stekas_helpdesk_group_manager")
        self.assertIn(
            self.env.ref("stekas_billing.stekas_billing_group_accountant"),
            manager_group.trans_implied_ids,
        )
