# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime
from unittest.mock import patch

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.stekas_billing.models.account_analytic_line import (
    AccountAnalyticLine,
)
from odoo.addons.stekas_helpdesk.tests.common import load_lithuanian

from .common import StekasBillingCommon


@tagged("post_install", "-at_install")
class TestSupportContract(StekasBillingCommon):
    def _alert_activities(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "stekas.support.contract"),
                ("res_id", "=", self.contract.id),
            ]
        )

    def _alert_mails(self):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "stekas.support.contract.period"),
                ("res_id", "in", self.contract.period_ids.ids),
            ]
        )

    def test_each_alert_fires_once(self):
        """R-BIL-1: 80 % and 100 % alerts, once per threshold and period, in
        the client's Lithuanian."""
        load_lithuanian(self.env)
        self.contract.write(
            {"alert_email_opt_in": True, "alert_partner_id": self.contact_a.id}
        )
        lines = self._log(30, datetime(2026, 1, 5, 9, 0))
        lines |= self._log(30, datetime(2026, 1, 6, 9, 0))
        self.assertFalse(self._alert_activities())  # 72 of 120 minutes: 60 %
        lines |= self._log(30, datetime(2026, 1, 7, 9, 0))  # 108: 90 %
        activities = self._alert_activities()
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.consultant)
        self.assertIn("80%", activities.summary)
        mails = self._alert_mails()
        self.assertEqual(len(mails), 1)
        self.assertIn("80 %", mails.subject)
        self.assertIn("išnaudota", mails.subject)
        self.assertEqual(mails.recipient_ids, self.contact_a)
        lines |= self._log(30, datetime(2026, 1, 8, 9, 0))  # 120: 100 %
        self.assertEqual(len(self._alert_activities()), 2)
        self.assertEqual(len(self._alert_mails()), 2)
        lines |= self._log(30, datetime(2026, 1, 9, 9, 0))  # overage only
        lines[1].unlink()  # back to 120 by re-allocation
        lines[2].unlink()  # 84: below 80 %
        self._log(30, datetime(2026, 1, 10, 9, 0))  # 120 again
        self.assertEqual(len(self._alert_activities()), 2)
        self.assertEqual(len(self._alert_mails()), 2)
        self.assertEqual(lines[0].stekas_period_id.alerts_sent, "80, 100")
        # A new period alerts again; both thresholds crossed at once make one
        # activity, for the higher one.
        february = self._log(120, datetime(2026, 2, 2, 9, 0))
        self.assertEqual(len(self._alert_activities()), 3)
        self.assertEqual(february.stekas_period_id.alerts_sent, "80, 100")
        self.assertEqual(len(self._alert_mails()), 3)

    def test_no_email_without_opt_in(self):
        self._log(120)
        self.assertEqual(len(self._alert_activities()), 1)  # 80 and 100 at once
        self.assertFalse(self._alert_mails())

    def test_one_active_contract_per_client(self):
        with self.assertRaises(ValidationError):
            self.contract.copy({"name": "AS-TEST-2", "state": "active"})
        draft = self.contract.copy({"name": "AS-TEST-3"})
        self.assertEqual(draft.state, "draft")
        with self.assertRaises(ValidationError):
            draft.action_activate()

    def test_bad_terms_are_refused(self):
        with self.assertRaises(ValidationError):
            self.contract.alert_thresholds = "eighty"
        with self.assertRaises(ValidationError):
            self.contract.date_end = date(2024, 1, 1)

    def test_only_draft_contracts_are_deleted(self):
        with self.assertRaises(UserError):
            self.contract.unlink()

    def test_expiry_keeps_past_figures(self):
        line = self._log(30)
        self.contract.write({"date_end": date(2026, 1, 31)})
        self.contract._cron_expire_contracts()
        self.assertEqual(self.contract.state, "expired")
        self.assertEqual(line.stekas_period_id.used_minutes, 36)
        later = self._log(30, datetime(2026, 2, 3, 9, 0))
        self.assertFalse(later.stekas_period_id)

    def test_contract_created_after_the_entries_covers_them(self):
        line = self._log(30, ticket=self.ticket_b)
        self.assertFalse(line.stekas_contract_id)
        contract_b = self.contract.copy(
            {"name": "AS-TEST-B", "partner_id": self.client_b.id}
        )
        self.assertFalse(line.stekas_contract_id)  # a draft does not count
        contract_b.action_activate()
        self.assertEqual(line.stekas_contract_id, contract_b)
        self.assertEqual(self._split(line), [(36, 0)])
        direct = self.env["stekas.support.contract"].create(
            {
                "name": "AS-TEST-C",
                "partner_id": self.client_b.id,
                "date_start": date(2020, 1, 1),
                "date_end": date(2020, 12, 31),
                "state": "expired",
            }
        )
        self.assertFalse(direct.period_ids)
        contract_b.action_cancel()
        self.assertFalse(line.stekas_contract_id)
        self.assertEqual(self._split(line), [(0, 0)])

    def test_ticket_shows_remaining_free_hours(self):
        today = self.env["stekas.support.contract"]._get_today()
        self.assertEqual(self.ticket.stekas_free_hours_remaining, 2.0)
        self._log(30, datetime.combine(today, datetime.min.time().replace(hour=9)))
        self.env.invalidate_all()
        self.assertAlmostEqual(self.ticket.stekas_free_hours_remaining, 84 / 60)
        self.assertEqual(self.ticket.stekas_contract_id, self.contract)
        self.assertFalse(self.ticket_b.stekas_contract_id)
        # A consultant sees it without access to more than the ticket.
        ticket = self.ticket.with_user(self.consultant)
        self.assertAlmostEqual(ticket.stekas_free_hours_remaining, 84 / 60)

    def test_consultant_logs_time_and_figures_follow(self):
        line = (
            self.env["account.analytic.line"]
            .with_user(self.consultant)
            .create(self._vals(30))
        )
        self.assertEqual(line.sudo().stekas_period_id.used_minutes, 36)

    def test_invoiced_entries_never_change(self):
        first = self._log(60, datetime(2026, 1, 5, 9, 0))
        second = self._log(60, datetime(2026, 1, 6, 9, 0))
        locked = {first.id}

        def is_not_billed(line):
            return line.id not in locked

        # sale_timesheet's method, overridden on this addon's class for the test
        with patch.object(
            AccountAnalyticLine, "_is_not_billed", is_not_billed, create=True
        ):
            with self.assertRaises(UserError):
                first.unit_amount = 2.0
            with self.assertRaises(UserError):
                first.unlink()
            # An entry logged earlier than the invoiced one does not take its
            # free minutes away.
            earlier = self._log(60, datetime(2026, 1, 2, 9, 0))
            self.assertEqual(self._split(first), [(60, 0)])
            self.assertEqual(self._split(earlier + second), [(60, 0), (0, 60)])
