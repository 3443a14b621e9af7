# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import StekasBillingCommon


@tagged("post_install", "-at_install")
class TestContractSecurity(StekasBillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract_b = cls.env["stekas.support.contract"].create(
            {
                "name": "AS-TEST-B",
                "partner_id": cls.client_b.id,
                "date_start": date(2025, 1, 1),
                "free_hours": 5.0,
                "state": "active",
            }
        )
        cls._log_entry = cls.env["account.analytic.line"].create(
            {
                "name": "Consulted",
                "ticket_id": cls.ticket_b.id,
                "employee_id": cls.employee.id,
                "unit_amount": 0.5,
            }
        )
        cls.period_b = cls._log_entry.stekas_period_id

    def test_portal_sees_only_own_company_contracts(self):
        Contract = self.env["stekas.support.contract"]
        self.assertEqual(Contract.with_user(self.portal_a).search([]), self.contract)
        self.assertEqual(Contract.with_user(self.portal_b).search([]), self.contract_b)
        with self.assertRaises(AccessError):
            self.contract_b.with_user(self.portal_a).check_access("read")
        with self.assertRaises(AccessError):
            self.contract.with_user(self.portal_a).check_access("write")

    def test_portal_sees_only_own_company_periods(self):
        self.assertTrue(self.period_b)
        self.period_b.with_user(self.portal_b).check_access("read")
        with self.assertRaises(AccessError):
            self.period_b.with_user(self.portal_a).check_access("read")

    def test_portal_does_not_see_draft_contracts(self):
        self.contract.action_cancel()
        with self.assertRaises(AccessError):
            self.contract.with_user(self.portal_a).check_access("read")

    def test_staff_roles(self):
        self.contract.with_user(self.consultant).check_access("read")
        self.contract.with_user(self.dispatcher).check_access("read")
        with self.assertRaises(AccessError):
            self.contract.with_user(self.consultant).check_access("write")
        with self.assertRaises(AccessError):
            self.env["stekas.work.type"].with_user(self.consultant).check_access(
                "write"
            )
        self.contract.with_user(self.accountant).write({"free_hours": 3.0})
        wt = self.env.ref("stekas_billing.stekas_work_type_training")
        wt.with_user(self.accountant).write({"billing_policy": "quota"})
        self.assertEqual(wt.billing_policy, "quota")

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "Other STEKAS"})
        self.contract_b.company_id = other
        with self.assertRaises(AccessError):
            self.contract_b.with_user(self.accountant).check_access("read")
        with self.assertRaises(AccessError):
            self.period_b.with_user(self.accountant).check_access("read")
