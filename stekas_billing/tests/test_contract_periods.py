# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import StekasBillingCommon


@tagged("post_install", "-at_install")
class TestContractPeriods(StekasBillingCommon):
    """R-BIL-1 rev. 2: periods counted from the contract's start, free hours
    prorated when the contract ends within a period."""

    def setUp(self):
        super().setUp()
        self.ticket.with_user(self.dispatcher).user_id = self.consultant
        self.Line = self.env["account.analytic.line"].with_user(self.consultant)

    def _consult(self, minutes, when, ticket=None):
        return self.Line.create(self._vals(minutes, when, ticket=ticket))

    def test_contract_ending_mid_january_prorates_its_free_hours(self):
        """2 h a month ending 15 January: 15/31 of 120 minutes, rounded down,
        is 58 free minutes; the rest of the month's consulting is billed."""
        self.contract.with_user(self.accountant).date_end = date(2026, 1, 15)
        # three calls of 30 min, 36 min billed each (R-CON-6)
        lines = self.Line.concat(
            *[self._consult(30, datetime(2026, 1, day, 9)) for day in (5, 6, 7)]
        )
        period = lines.stekas_period_id
        self.assertEqual(len(period), 1)
        self.assertEqual(
            (period.date_start, period.date_end, period.free_minutes),
            (date(2026, 1, 1), date(2026, 1, 15), 58),
        )
        self.assertEqual(self._split(lines), [(36, 0), (22, 14), (0, 36)])
        self.assertEqual((period.used_minutes, period.overage_minutes), (58, 50))
        # the period's figures are the system's: nobody writes its free minutes
        # (a JSON-RPC write of a hidden field), not even the accountant
        for user in (self.accountant, self.consultant, self.portal_a):
            with self.assertRaises(AccessError):
                period.with_user(user).write({"free_minutes": 120})
        invoice = self._run_january()
        # 50 overage minutes at 45 = 37.50
        self.assertEqual(
            invoice.invoice_line_ids.mapped("quantity"), [round(50 / 60, 2)]
        )
        self.assertEqual(invoice.invoice_line_ids.price_unit, 45.0)

    def test_moving_the_end_date_refigures_the_period(self):
        lines = self.Line.concat(
            *[self._consult(30, datetime(2026, 1, day, 9)) for day in (5, 6, 7)]
        )
        period = lines.stekas_period_id
        self.assertEqual(self._split(lines), [(36, 0), (36, 0), (36, 0)])
        # only the accountant changes the terms
        with self.assertRaises(AccessError):
            self.contract.with_user(self.consultant).date_end = date(2026, 1, 15)
        with self.assertRaises(AccessError):
            self.contract.with_user(self.dispatcher).free_hours = 100.0
        self.contract.with_user(self.accountant).date_end = date(2026, 1, 15)
        self.assertEqual(
            (period.date_end, period.free_minutes), (date(2026, 1, 15), 58)
        )
        self.assertEqual(self._split(lines), [(36, 0), (22, 14), (0, 36)])
        # the end date moved back to the month's end: the whole 2 h again
        self.contract.with_user(self.accountant).date_end = date(2026, 3, 31)
        self.assertEqual(
            (period.date_end, period.free_minutes), (date(2026, 1, 31), 120)
        )
        self.assertEqual(self._split(lines), [(36, 0), (36, 0), (36, 0)])

    def test_contract_ending_before_a_period_drops_it(self):
        """A period the new end date leaves out is deleted with its entries
        moved out of the contract."""
        february = self._consult(30, datetime(2026, 2, 3, 9))
        period = february.stekas_period_id
        self.assertTrue(period)
        self.contract.with_user(self.accountant).date_end = date(2026, 1, 31)
        self.assertFalse(period.exists())
        self.assertFalse(february.stekas_period_id)
        self.assertEqual(self._split(february), [(0, 0)])

    def test_yearly_contract_from_15_march(self):
        """A yearly contract starting 15 March runs to 14 March: an entry of
        14 March shares the year's free hour with March of the year before,
        one of 15 March starts a new year."""
        contract = (
            self.env["stekas.support.contract"]
            .with_user(self.accountant)
            .create(
                {
                    "name": "AS-TEST-YEAR",
                    "partner_id": self.client_b.id,
                    "date_start": date(2026, 3, 15),
                    "period_type": "year",
                    "free_hours": 1.0,
                    "hourly_rate": 40.0,
                    "state": "active",
                }
            )
        )
        self.ticket_b.with_user(self.dispatcher).user_id = self.consultant
        march = self._consult(30, datetime(2026, 3, 16, 9), self.ticket_b)
        last_day = self._consult(30, datetime(2027, 3, 14, 9), self.ticket_b)
        first_day = self._consult(30, datetime(2027, 3, 15, 9), self.ticket_b)
        first_year = march.stekas_period_id
        self.assertEqual(first_year.contract_id, contract)
        self.assertEqual(
            (first_year.date_start, first_year.date_end),
            (date(2026, 3, 15), date(2027, 3, 14)),
        )
        self.assertEqual(last_day.stekas_period_id, first_year)
        self.assertEqual(
            (
                first_day.stekas_period_id.date_start,
                first_day.stekas_period_id.date_end,
            ),
            (date(2027, 3, 15), date(2028, 3, 14)),
        )
        self.assertEqual(
            self._split(march + last_day + first_day), [(36, 0), (24, 12), (36, 0)]
        )

    def test_month_contract_from_the_31st_clamps_to_short_months(self):
        self.contract.with_user(self.accountant).date_start = date(2025, 12, 31)
        feb = self._consult(30, datetime(2026, 2, 27, 9))
        self.assertEqual(
            (feb.stekas_period_id.date_start, feb.stekas_period_id.date_end),
            (date(2026, 1, 31), date(2026, 2, 27)),
        )
        next_one = self._consult(30, datetime(2026, 2, 28, 9))
        self.assertEqual(
            (next_one.stekas_period_id.date_start, next_one.stekas_period_id.date_end),
            (date(2026, 2, 28), date(2026, 3, 30)),
        )

    def _run_january(self):
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
        action = wizard.action_run()
        return self.env["account.move"].search(action.get("domain") or [("id", "=", 0)])
