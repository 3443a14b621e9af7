# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.tests import new_test_user

from odoo.addons.stekas_helpdesk.tests.common import StekasHelpdeskCommon


class StekasBillingCommon(StekasHelpdeskCommon):
    """Client A has an active contract of 2 free hours per month (R-BIL-1)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_ticket(cls.contact_a)
        # the helpdesk's tests bill their clients after the work; client B
        # has the default terms of a client without a contract (R-BIL-4)
        cls.client_b.stekas_billing_mode = "prepay"
        cls.ticket_b = cls._create_ticket(cls.contact_b)
        cls.employee = cls.env["hr.employee"].create(
            {"name": "Consultant", "user_id": cls.consultant.id}
        )
        cls.contract = cls.env["stekas.support.contract"].create(
            {
                "name": "AS-TEST-1",
                "partner_id": cls.client_a.id,
                "date_start": date(2025, 1, 1),
                "period_type": "month",
                "free_hours": 2.0,
                "hourly_rate": 45.0,
                "consultant_id": cls.consultant.id,
                "state": "active",
            }
        )
        cls.accountant = new_test_user(
            cls.env,
            login="test_accountant",
            groups="base.group_user,stekas_billing.stekas_billing_group_accountant",
        )
        ref = cls.env.ref
        cls.wt_consulting = ref("stekas_billing.stekas_work_type_consulting")
        cls.wt_bug_fix = ref("stekas_billing.stekas_work_type_bug_fix")
        cls.wt_training = ref("stekas_billing.stekas_work_type_training")

    def _vals(self, minutes=30, when=None, work_type=None, ticket=None, **extra):
        """An entry as logged on the ticket: the journal gives it the ticket's
        project and, unless `work_type` says otherwise, consulting."""
        if work_type:
            extra["stekas_work_type_id"] = work_type.id
        return {
            "name": "Consulted by phone",
            "ticket_id": (ticket or self.ticket).id,
            "employee_id": self.employee.id,
            "unit_amount": minutes / 60,
            "date_time": when or datetime(2026, 1, 5, 9, 0),
            **extra,
        }

    def _log(self, minutes=30, when=None, work_type=None, **extra):
        return self.env["account.analytic.line"].create(
            self._vals(minutes, when, work_type, **extra)
        )

    def _period(self, day):
        return self.env["stekas.support.contract.period"].search(
            [("contract_id", "=", self.contract.id), ("date_start", "=", day)]
        )

    def _with_sales_tax(self, amount):
        """`amount` with the company's default sales tax, which the support
        hour's lines carry (none in a database without one)."""
        tax = self.env.company.account_sale_tax_id
        if not tax:
            return amount
        return tax.compute_all(amount, self.env.company.currency_id)["total_included"]

    @staticmethod
    def _split(lines):
        return [
            (line.stekas_free_minutes, line.stekas_overage_minutes) for line in lines
        ]
