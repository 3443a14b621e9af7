# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.stekas_helpdesk.lib import periods

from .common import StekasBillingCommon


@tagged("post_install", "-at_install")
class TestAccountantDayTour(HttpCase, StekasBillingCommon):
    """In the browser, the accountant bills last month's time of a client
    without a contract (R-BIL-1, R-BIL-5), posts the invoice and is told, when
    she changes an entry it bills, that the entry is billed on that invoice;
    then gives client A's contract its own rate for training."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Before her day: client B is billed monthly at its own rate, and the
        # consultant worked on one of its tickets last month.
        cls.client_b.write(
            {"stekas_billing_mode": "invoice_month", "stekas_hourly_rate": 40.0}
        )
        today = cls.env["stekas.support.contract"]._get_today()
        start, _end = periods.period_bounds(today, periods.MONTH)
        last_month, _end = periods.period_bounds(
            fields.Date.subtract(start, days=1), periods.MONTH
        )
        cls.payroll_ticket = cls._create_ticket(
            cls.contact_b, name="Payroll export fails", user_id=cls.consultant.id
        )
        cls.entry = cls.env["account.analytic.line"].create(
            {
                "name": "Explained the payroll export",
                "ticket_id": cls.payroll_ticket.id,
                "employee_id": cls.employee.id,
                "unit_amount": 20 / 60,
                "date_time": datetime.combine(
                    fields.Date.add(last_month, days=9), time(9)
                ),
            }
        )

    def test_accountant_bills_posts_and_meets_the_frozen_entry(self):
        self.start_tour("/odoo", "stekas_accountant_day_tour", login="test_accountant")
        invoice = self.entry.timesheet_invoice_id
        self.assertTrue(invoice)
        self.assertEqual(invoice.partner_id, self.client_b)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.create_uid, self.accountant)
        self.entry.invalidate_recordset()
        self.assertEqual(self.entry.name, "Explained the payroll export")
        line = self.contract.line_ids
        self.assertEqual(
            (line.work_type_id, line.billing_policy, line.hourly_rate),
            (self.wt_training, "paid", 50.0),
        )
        self.assertEqual(line.create_uid, self.accountant)
