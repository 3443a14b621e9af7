# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import StekasBillingCommon


@tagged("post_install", "-at_install")
class TestRoundingExemptBilling(StekasBillingCommon):
    """R-CON-6 (rev. 2), R-BIL-1: an entry the dispatcher exempts from rounding
    consumes the contract's free hours and is invoiced by its exact minutes."""

    def setUp(self):
        super().setUp()
        self.ticket.with_user(self.dispatcher).user_id = self.consultant
        Line = self.env["account.analytic.line"].with_user(self.consultant)
        # 100 min (108 billed) and 30 min (36 billed) over 2 free hours.
        self.long_call = Line.create(self._vals(100, datetime(2026, 1, 5, 9)))
        self.short_call = Line.create(self._vals(30, datetime(2026, 1, 6, 9)))

    def _exempt(self):
        self.short_call.with_user(self.dispatcher).write(
            {
                "stekas_rounding_exempt": True,
                "stekas_rounding_exempt_reason": "Agreed with the director",
            }
        )

    def _run(self):
        wizard = (
            self.env["stekas.billing.run"]
            .with_user(self.accountant)
            .create(
                {
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 1, 31),
                    "partner_ids": [Command.set(self.client_a.ids)],
                }
            )
        )
        return self.env["account.move"].search(wizard.action_run()["domain"])

    def test_quota_uses_the_exact_minutes(self):
        period = self._period(date(2026, 1, 1))
        self.assertEqual(self._split(self.short_call), [(12, 24)])
        self.assertEqual(period.overage_minutes, 24)
        self._exempt()
        self.assertEqual(self.short_call.stekas_billed_minutes, 30)
        self.assertEqual(self._split(self.short_call), [(12, 18)])
        self.assertEqual((period.used_minutes, period.overage_minutes), (120, 18))

    def test_invoice_bills_the_exact_minutes_and_freezes_them(self):
        self._exempt()
        invoice = self._run()
        self.assertEqual(len(invoice), 1)
        # 18 overage minutes = 0.3 h at the contract's 45 = 13.50 (24 rounded
        # minutes would be 0.4 h = 18.00)
        line = invoice.invoice_line_ids
        self.assertEqual(line.quantity, 0.3)
        self.assertAlmostEqual(invoice.amount_untaxed, 13.50, places=2)
        self.assertEqual(self.short_call.timesheet_invoice_id, invoice)
        # An invoiced entry keeps its exception and its reason.
        with self.assertRaises(UserError):
            self.short_call.with_user(self.dispatcher).stekas_rounding_exempt = False
        with self.assertRaises(UserError):
            self.short_call.with_user(
                self.dispatcher
            ).stekas_rounding_exempt_reason = "Changed afterwards"
        self.assertEqual(self.short_call.stekas_billed_minutes, 30)
