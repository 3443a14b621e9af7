# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime
from unittest.mock import patch

from odoo.tests import tagged

from .common import StekasBillingCommon


@tagged("post_install", "-at_install")
class TestQuotaAllocation(StekasBillingCommon):
    def _five_entries(self):
        return self.env["account.analytic.line"].concat(
            *[self._log(30, datetime(2026, 1, 5 + i, 9, 0)) for i in range(5)]
        )

    def test_crossing_entry_is_split(self):
        """R-BIL-1: 2 h a month, five 30-minute entries each billed 36 min."""
        lines = self._five_entries()
        self.assertEqual(lines.mapped("stekas_billed_minutes"), [36] * 5)
        self.assertEqual(
            self._split(lines), [(36, 0), (36, 0), (36, 0), (12, 24), (0, 36)]
        )
        self.assertEqual(
            [round(h, 2) for h in lines.mapped("stekas_free_hours")],
            [0.6, 0.6, 0.6, 0.2, 0.0],
        )
        self.assertEqual(
            [round(h, 2) for h in lines.mapped("stekas_overage_hours")],
            [0.0, 0.0, 0.0, 0.4, 0.6],
        )
        period = self._period(date(2026, 1, 1))
        self.assertEqual(lines.stekas_period_id, period)
        self.assertEqual(period.date_end, date(2026, 1, 31))
        self.assertEqual(
            (period.free_minutes, period.used_minutes, period.overage_minutes),
            (120, 120, 60),
        )
        self.assertEqual(period.remaining_hours, 0.0)
        self.assertAlmostEqual(period.billable_hours, 1.0)

    def test_chronological_order_not_logging_order(self):
        """An entry logged later for an earlier work date consumes first."""
        late = self._log(90, datetime(2026, 1, 20, 9, 0))
        early = self._log(60, datetime(2026, 1, 2, 9, 0))
        self.assertEqual(self._split(early + late), [(60, 0), (60, 36)])

    def test_free_and_paid_types_neither_consume_nor_get_consumed(self):
        """R-BIL-2, R-BIL-3: a bug fix and a training entry stay out of the quota."""
        first = self._log(30, datetime(2026, 1, 5, 9, 0))
        bug_fix = self._log(60, datetime(2026, 1, 6, 9, 0), self.wt_bug_fix)
        training = self._log(60, datetime(2026, 1, 7, 9, 0), self.wt_training)
        rest = self._log(90, datetime(2026, 1, 8, 9, 0))
        self.assertEqual(self._split(bug_fix + training), [(0, 0), (0, 0)])
        self.assertEqual(self._split(first + rest), [(36, 0), (84, 12)])
        self.assertEqual(bug_fix.stekas_billing_policy, "free")
        self.assertEqual(training.stekas_billing_policy, "paid")
        period = first.stekas_period_id
        self.assertEqual(period.paid_minutes, 60)
        self.assertEqual(period.free_type_minutes, 60)
        self.assertEqual(period.used_minutes, 120)

    def test_onsite_is_always_paid(self):
        """R-BIL-3: consulting at the client's site is paid whatever its type."""
        line = self._log(30, stekas_consultation_channel="onsite")
        self.assertEqual(line.stekas_billing_policy, "paid")
        self.assertEqual(self._split(line), [(0, 0)])
        self.assertEqual(line.stekas_period_id.used_minutes, 0)
        self.assertEqual(line.stekas_period_id.paid_minutes, 36)

    def test_deleting_an_entry_reallocates(self):
        lines = self._five_entries()
        period = lines.stekas_period_id
        lines[1].unlink()
        rest = lines.exists()
        self.assertEqual(self._split(rest), [(36, 0), (36, 0), (36, 0), (12, 24)])
        self.assertEqual((period.used_minutes, period.overage_minutes), (120, 24))

    def test_editing_an_earlier_entry_reallocates(self):
        lines = self._five_entries()
        lines[0].unit_amount = 1.0  # billed 60
        self.assertEqual(
            self._split(lines), [(60, 0), (36, 0), (24, 12), (0, 36), (0, 36)]
        )
        lines[0].stekas_work_type_id = self.wt_bug_fix
        self.assertEqual(
            self._split(lines), [(0, 0), (36, 0), (36, 0), (36, 0), (12, 24)]
        )

    def test_moving_an_entry_to_another_month(self):
        lines = self._five_entries()
        january = lines.stekas_period_id
        lines[0].date_time = datetime(2026, 2, 3, 9, 0)
        self.assertEqual(lines[0].stekas_period_id, self._period(date(2026, 2, 1)))
        self.assertEqual(self._split(lines[0]), [(36, 0)])
        self.assertEqual(self._split(lines[1:]), [(36, 0), (36, 0), (36, 0), (12, 24)])
        self.assertEqual(january.overage_minutes, 24)

    def test_next_month_starts_at_two_hours_again(self):
        self._five_entries()
        february = self._log(30, datetime(2026, 2, 1, 9, 0))
        self.assertEqual(self._split(february), [(36, 0)])
        period = february.stekas_period_id
        self.assertEqual(period.date_start, date(2026, 2, 1))
        self.assertEqual(period.remaining_hours, 84 / 60)

    def test_last_evening_of_the_month_in_vilnius_lands_in_that_month(self):
        """Periods follow Vilnius local dates, not UTC nor the user's time zone."""
        # 21:30 UTC on 31 January is 23:30 in Vilnius, already 1 February in Tokyo.
        evening = (
            self.env["account.analytic.line"]
            .with_context(tz="Asia/Tokyo")
            .create(self._vals(30, datetime(2026, 1, 31, 21, 30)))
        )
        self.assertEqual(evening.stekas_work_date, date(2026, 1, 31))
        self.assertEqual(evening.stekas_period_id.date_start, date(2026, 1, 1))
        # 22:30 UTC is 00:30 on 1 February in Vilnius.
        night = self._log(30, datetime(2026, 1, 31, 22, 30))
        self.assertEqual(night.stekas_period_id.date_start, date(2026, 2, 1))

    def test_quarter_and_year_periods(self):
        self.contract.period_type = "quarter"
        line = self._log(30, datetime(2026, 5, 5, 9, 0))
        self.assertEqual(
            (line.stekas_period_id.date_start, line.stekas_period_id.date_end),
            (date(2026, 4, 1), date(2026, 6, 30)),
        )
        self.contract.period_type = "year"
        self.assertEqual(line.stekas_period_id.date_start, date(2026, 1, 1))

    def test_no_contract_no_period(self):
        """A client without a contract has no free hours (R-BIL-4, R-BIL-5)."""
        line = self._log(30, ticket=self.ticket_b)
        self.assertFalse(line.stekas_period_id)
        self.assertEqual(self._split(line), [(0, 0)])
        self.assertEqual(self.client_b.stekas_billing_mode, "prepay")

    def test_entries_before_the_contract_are_outside_it(self):
        line = self._log(30, datetime(2024, 12, 20, 9, 0))
        self.assertFalse(line.stekas_contract_id)

    def test_default_work_type_is_consulting(self):
        line = self.env["account.analytic.line"].create(self._vals(30))
        self.assertEqual(line.stekas_work_type_id, self.wt_consulting)

    def test_free_hours_change_reallocates(self):
        lines = self._five_entries()
        self.contract.free_hours = 3.0
        self.assertEqual(
            self._split(lines), [(36, 0), (36, 0), (36, 0), (36, 0), (36, 0)]
        )
        self.assertEqual(lines.stekas_period_id.free_minutes, 180)


@tagged("post_install", "-at_install")
class TestQuotaAppend(StekasBillingCommon):
    """Entries logged after every other entry of their period are allocated
    from the period's figures; the result must equal a full re-allocation."""

    def _snapshot(self, period):
        lines = self.env["account.analytic.line"].search(
            [("stekas_period_id", "=", period.id)], order="id"
        )
        return self._split(lines), (
            period.used_minutes,
            period.overage_minutes,
            period.paid_minutes,
            period.free_type_minutes,
            period.last_work_date,
        )

    def _full_allocation_changes_nothing(self, period):
        before = self._snapshot(period)
        period._allocate()
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual(self._snapshot(period), before)

    def test_appended_entries_match_a_full_allocation(self):
        Period = type(self.env["stekas.support.contract.period"])
        work_types = [self.wt_consulting, self.wt_bug_fix, self.wt_training]
        with patch.object(
            Period, "_allocate", autospec=True, side_effect=Period._allocate
        ) as full:
            for i in range(12):
                self._log(
                    25 + 7 * i,
                    datetime(2026, 1, 3 + i, 9, 0),
                    work_types[i % 3] if i % 4 else self.wt_consulting,
                )
            self.env["account.analytic.line"].create(
                [self._vals(20, datetime(2026, 1, 20, 9, i)) for i in range(3)]
            )
        # every creation went through the append path: no period re-read
        self.assertTrue(full.call_args_list)
        self.assertFalse(any(call.args[0] for call in full.call_args_list))
        period = self._period(date(2026, 1, 1))
        self.assertEqual(period.last_work_date, date(2026, 1, 20))
        self.assertEqual(period.used_minutes, 120)
        self.assertGreater(period.overage_minutes, 0)
        self._full_allocation_changes_nothing(period)

    def test_backdated_entry_reallocates_the_period(self):
        later = self._log(90, datetime(2026, 1, 20, 9, 0))  # billed 96
        self.assertEqual(self._split(later), [(96, 0)])
        early = self._log(60, datetime(2026, 1, 2, 9, 0))
        # the earlier entry consumes first: the later one keeps 60 free minutes
        self.assertEqual(self._split(early + later), [(60, 0), (60, 36)])
        self._full_allocation_changes_nothing(later.stekas_period_id)

    def test_changed_free_hours_are_not_appended_to(self):
        self._log(60, datetime(2026, 1, 5, 9, 0))
        self.contract.free_hours = 0.5
        line = self._log(60, datetime(2026, 1, 6, 9, 0))
        period = line.stekas_period_id
        self.assertEqual(period.free_minutes, 30)
        self.assertEqual(period.used_minutes, 30)
        self._full_allocation_changes_nothing(period)

    def test_period_without_last_date_is_reallocated(self):
        first = self._log(60, datetime(2026, 1, 5, 9, 0))
        period = first.stekas_period_id
        # figures as written before last_work_date existed
        period.write({"last_work_date": False})
        second = self._log(90, datetime(2026, 1, 6, 9, 0))  # billed 96
        self.assertEqual(self._split(first + second), [(60, 0), (60, 36)])
        self.assertEqual(period.last_work_date, date(2026, 1, 6))
