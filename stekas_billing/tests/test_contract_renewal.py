# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import StekasBillingCommon


@tagged("post_install", "-at_install")
class TestContractRenewal(StekasBillingCommon):
    """N days (company setting, 30 by default) before an active contract
    ends, its consultant and the dispatchers get one to-do to renew it."""

    def setUp(self):
        super().setUp()
        self.contract.with_user(self.accountant).date_end = date(2026, 6, 30)
        self.Contract = self.env["stekas.support.contract"].with_user(self.accountant)

    def _reminders(self, user=None):
        return (
            self.env["mail.activity"]
            .with_user(user or self.consultant)
            .search(
                [
                    ("res_model", "=", "stekas.support.contract"),
                    ("res_id", "=", self.contract.id),
                    ("user_id", "=", (user or self.consultant).id),
                    ("summary", "ilike", "renew"),
                ]
            )
        )

    def test_reminder_comes_thirty_days_before_the_end_once(self):
        self.assertEqual(self.env.company.stekas_renewal_reminder_days, 30)
        self.Contract._send_renewal_reminders(date(2026, 5, 30))
        self.assertFalse(self._reminders())
        self.Contract._send_renewal_reminders(date(2026, 5, 31))
        reminder = self._reminders()
        self.assertEqual(len(reminder), 1)
        self.assertIn("2026-06-30", reminder.summary)
        self.assertEqual(len(self._reminders(self.dispatcher)), 1)
        self.assertEqual(self.contract.renewal_reminded_end, date(2026, 6, 30))
        # the consultant cannot silence the next one (JSON-RPC write)
        with self.assertRaises(AccessError):
            self.contract.with_user(self.consultant).write(
                {"renewal_reminded_end": date(2026, 12, 31)}
            )
        # the next days' runs (and a second run the same day) remind no more
        for day in (date(2026, 5, 31), date(2026, 6, 1), date(2026, 6, 30)):
            self.Contract._send_renewal_reminders(day)
        self.assertEqual(len(self._reminders()), 1)
        self.assertEqual(len(self._reminders(self.dispatcher)), 1)

    def test_a_new_end_date_rearms_the_reminder(self):
        self.Contract._send_renewal_reminders(date(2026, 6, 1))
        self.contract.with_user(self.accountant).date_end = date(2026, 12, 31)
        self.Contract._send_renewal_reminders(date(2026, 6, 2))
        self.assertEqual(len(self._reminders()), 1)
        self.Contract._send_renewal_reminders(date(2026, 12, 1))
        self.assertEqual(len(self._reminders()), 2)

    def test_only_active_contracts_with_an_end_are_reminded(self):
        self.contract.with_user(self.accountant).action_cancel()
        self.Contract._send_renewal_reminders(date(2026, 6, 1))
        self.assertFalse(self._reminders(self.dispatcher))
        self.contract.with_user(self.accountant).write(
            {"state": "active", "date_end": False}
        )
        self.Contract._send_renewal_reminders(date(2026, 6, 1))
        self.assertFalse(self._reminders(self.dispatcher))

    def test_company_setting_changes_the_notice(self):
        admin = new_test_user(
            self.env, login="test_settings_admin", groups="base.group_system"
        )
        self.env["res.config.settings"].with_user(admin).create(
            {"stekas_renewal_reminder_days": 10}
        ).execute()
        self.assertEqual(self.env.company.stekas_renewal_reminder_days, 10)
        self.Contract._send_renewal_reminders(date(2026, 6, 19))
        self.assertFalse(self._reminders())
        self.Contract._send_renewal_reminders(date(2026, 6, 20))
        self.assertEqual(len(self._reminders()), 1)
        with self.assertRaises(ValidationError):
            self.env.company.with_user(admin).stekas_renewal_reminder_days = -5
        # only administrators change the setting
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.accountant).create(
                {"stekas_renewal_reminder_days": 1}
            )
