# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo.tests import tagged

from .common import StekasBillingCommon


@tagged("post_install", "-at_install")
class TestQuotaQueryCount(StekasBillingCommon):
    """Logging time must not slow down as a period fills up."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Big enough that no alert fires while measuring.
        cls.contract.free_hours = 1000.0

    def _batch_vals(self, count, start_day=5):
        return [
            self._vals(30, datetime(2026, 1, start_day, 8, 0) + timedelta(minutes=i))
            for i in range(count)
        ]

    def _queries(self, vals_list):
        Line = self.env["account.analytic.line"]
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        Line.create(vals_list)
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def _fill(self, count):
        self.env["account.analytic.line"].create(self._batch_vals(count, 2))

    def test_logging_one_entry(self):
        self._fill(3)
        self._queries(self._batch_vals(1))  # warm-up
        few = self._queries(self._batch_vals(1, 10))
        self._fill(150)
        many = self._queries(self._batch_vals(1, 20))
        self.assertEqual(few, many)
        self.env.invalidate_all()
        with self.assertQueryCount(few):
            self.env["account.analytic.line"].create(self._batch_vals(1, 25))
        period = self._period(datetime(2026, 1, 1).date())
        self.assertEqual(period.used_minutes, (3 + 1 + 1 + 150 + 1 + 1) * 36)

    def test_logging_a_batch_of_100(self):
        self._fill(3)
        self._queries(self._batch_vals(1))  # warm-up
        few = self._queries(self._batch_vals(100, 10))
        self._fill(150)
        many = self._queries(self._batch_vals(100, 20))
        self.assertEqual(few, many)
        self.env.invalidate_all()
        with self.assertQueryCount(few):
            self.env["account.analytic.line"].create(self._batch_vals(100, 25))
