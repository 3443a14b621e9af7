# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.tests import tagged
from odoo.tools import SQL

from ..models.stekas_support_contract_period import reanchor_open_periods
from .common import StekasBillingCommon


@tagged("post_install", "-at_install")
class TestReanchorMigration(StekasBillingCommon):
    """The 18.0.2.2.0 upgrade: a contract that does not start on the 1st had
    calendar periods; its open ones are re-allocated on the anchored periods,
    invoiced ones stay as billed (R-BIL-1 rev. 2)."""

    def _legacy_calendar_period(self, contract, start, end, entries):
        """A period as the calendar-month code made it, holding `entries`
        (written in SQL: today's code would not make it)."""
        self.env.flush_all()
        Period = self.env["stekas.support.contract.period"]
        old = Period.search([("contract_id", "=", contract.id)])
        period = Period.create(
            {
                "contract_id": contract.id,
                "date_start": start,
                "date_end": end,
                "free_minutes": 120,
            }
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE account_analytic_line SET stekas_period_id = %s"
                " WHERE id = ANY(%s)",
                period.id,
                entries.ids,
            )
        )
        self.env.cr.execute(
            SQL(
                "DELETE FROM stekas_support_contract_period WHERE id = ANY(%s)",
                old.ids,
            )
        )
        self.env.invalidate_all()
        return period

    def test_open_calendar_period_is_reanchored(self):
        self.contract.date_start = date(2025, 12, 15)
        entries = self.env["account.analytic.line"].create(
            [
                self._vals(60, datetime(2026, 1, 5, 9)),
                self._vals(60, datetime(2026, 1, 10, 9)),
                self._vals(60, datetime(2026, 1, 20, 9)),
            ]
        )
        legacy = self._legacy_calendar_period(
            self.contract, date(2026, 1, 1), date(2026, 1, 31), entries
        )
        handled = reanchor_open_periods(self.env)
        self.assertEqual(handled, legacy)
        self.assertFalse(legacy.exists())
        periods = entries.stekas_period_id.sorted("date_start")
        self.assertEqual(
            [(p.date_start, p.date_end) for p in periods],
            [
                (date(2025, 12, 15), date(2026, 1, 14)),
                (date(2026, 1, 15), date(2026, 2, 14)),
            ],
        )
        # each anchored period has its own 2 free hours
        self.assertEqual(self._split(entries), [(60, 0), (60, 0), (60, 0)])
        self.assertEqual(periods.mapped("used_minutes"), [120, 60])
        # a second run finds nothing to do
        self.assertFalse(reanchor_open_periods(self.env))

    def test_invoiced_period_stays_as_billed(self):
        self.contract.date_start = date(2025, 12, 15)
        entries = self.env["account.analytic.line"].create(
            [self._vals(60, datetime(2026, 1, day, 9)) for day in (5, 6, 20)]
        )
        legacy = self._legacy_calendar_period(
            self.contract, date(2026, 1, 1), date(2026, 1, 31), entries
        )
        legacy._allocate()
        self.assertEqual(self._split(entries), [(60, 0), (60, 0), (0, 60)])
        invoice = self.env["account.move"].create(
            {"move_type": "out_invoice", "partner_id": self.client_a.id}
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE account_analytic_line SET timesheet_invoice_id = %s"
                " WHERE id = %s",
                invoice.id,
                entries[2].id,
            )
        )
        self.env.invalidate_all()
        self.assertFalse(reanchor_open_periods(self.env))
        self.assertEqual(entries.stekas_period_id, legacy)
        self.assertEqual(
            (legacy.date_start, legacy.date_end, legacy.overage_minutes),
            (date(2026, 1, 1), date(2026, 1, 31), 60),
        )
