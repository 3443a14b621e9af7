# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import StekasBillingCommon

JAN_START, JAN_END = date(2026, 1, 1), date(2026, 1, 31)


@tagged("post_install", "-at_install")
class TestBilledEntryLock(StekasBillingCommon):
    """An entry an invoice bills is frozen (R-BIL-1, R-BIL-5): nobody changes
    what the invoice and the journal show of it, clears its link or deletes
    it; only a credit note or the cancellation of the invoice releases it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_b.write(
            {"stekas_billing_mode": "invoice_month", "stekas_hourly_rate": 40.0}
        )
        Employee = cls.env["hr.employee"]
        cls.dispatcher_employee, cls.other_employee = Employee.create(
            [
                {"name": "Dispatcher", "user_id": cls.dispatcher.id},
                {"name": "Other consultant", "user_id": cls.other_consultant.id},
            ]
        )

    def _bill(self):
        """Client B (no contract): a 20-minute entry of the consultant (24
        billed) and one of the dispatcher, billed by a run of the accountant."""
        own = self._log(20, datetime(2026, 1, 12, 9), ticket=self.ticket_b)
        dispatchers = self._log(
            20,
            datetime(2026, 1, 13, 9),
            ticket=self.ticket_b,
            employee_id=self.dispatcher_employee.id,
        )
        invoice = self._run()
        self.assertEqual((own | dispatchers).timesheet_invoice_id, invoice)
        return own, dispatchers, invoice

    def _run(self):
        wizard = (
            self.env["stekas.billing.run"]
            .with_user(self.accountant)
            .create(
                {
                    "date_from": JAN_START,
                    "date_to": JAN_END,
                    "partner_ids": [Command.set(self.client_b.ids)],
                    "send_statements": False,
                }
            )
        )
        action = wizard.action_run()
        return self.env["account.move"].search(action.get("domain") or [("id", "=", 0)])

    def _changes(self):
        """One write of each kind: the description, the billed and actual
        time, the consultant, the date, the work type, the invoice link."""
        return [
            {"name": "Rewritten after invoicing"},
            {"stekas_billed_minutes": 600},
            {"unit_amount": 10.0},
            {"employee_id": self.other_employee.id},
            {"date": date(2026, 2, 3)},
            {"stekas_work_type_id": self.wt_bug_fix.id},
            {"stekas_consultation_channel": "onsite"},
            {"timesheet_invoice_id": False},
            {"stekas_invoice_line_id": False},
        ]

    def _assert_frozen(self, entry, user, invoice):
        before = entry.read(
            ["name", "stekas_billed_minutes", "unit_amount", "employee_id", "date"]
        )
        pattern = re.escape(invoice.display_name)
        for vals in self._changes():
            with self.subTest(user=user.login, vals=vals):
                with self.assertRaisesRegex(UserError, pattern):
                    entry.with_user(user).write(vals)
        with self.assertRaisesRegex(UserError, pattern):
            entry.with_user(user).unlink()
        entry.invalidate_recordset()
        self.assertEqual(entry.read(list(before[0]))[0], before[0])
        self.assertEqual(entry.timesheet_invoice_id, invoice)

    def test_posted_entry_frozen_for_its_consultant(self):
        own, _dispatchers, invoice = self._bill()
        invoice.with_user(self.accountant).action_post()
        self._assert_frozen(own, self.consultant, invoice)
        # the second run bills nothing again
        self.assertFalse(self._run())

    def test_posted_entry_frozen_for_the_dispatcher(self):
        _own, dispatchers, invoice = self._bill()
        invoice.with_user(self.accountant).action_post()
        self._assert_frozen(dispatchers, self.dispatcher, invoice)
        self.assertFalse(self._run())

    def test_posted_entry_frozen_for_the_accountant_and_superuser(self):
        own, _dispatchers, invoice = self._bill()
        invoice.with_user(self.accountant).action_post()
        self._assert_frozen(own, self.accountant, invoice)
        # not even the superuser through the ORM
        with self.assertRaisesRegex(UserError, re.escape(invoice.name)):
            own.sudo().write({"timesheet_invoice_id": False})
        with self.assertRaisesRegex(UserError, re.escape(invoice.name)):
            own.sudo().write({"name": "Rewritten by sudo"})
        self.assertFalse(self._run())
        # writing a value unchanged is no change (forms resend values)
        own.with_user(self.accountant).write({"name": own.name})

    def test_draft_entry_frozen_until_the_draft_is_cancelled(self):
        """Entries of a draft invoice are frozen too: its lines were made from
        them and are not made again. Cancelling the draft releases them."""
        own, _dispatchers, invoice = self._bill()
        self.assertEqual(invoice.state, "draft")
        with self.assertRaisesRegex(UserError, re.escape(invoice.display_name)):
            own.with_user(self.consultant).write({"name": "Rewritten"})
        with self.assertRaisesRegex(UserError, "draft invoice"):
            own.with_user(self.consultant).write({"timesheet_invoice_id": False})
        invoice.with_user(self.accountant).button_cancel()
        own.with_user(self.consultant).write({"name": "Corrected"})
        self.assertEqual(len(self._run()), 1)
