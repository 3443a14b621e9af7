# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime
from unittest.mock import patch

from odoo import Command
from odoo.tests import tagged

from odoo.addons.stekas_helpdesk.tests.common import load_lithuanian

from ..wizards import stekas_billing_run
from .common import StekasBillingCommon

JAN_START, JAN_END = date(2026, 1, 1), date(2026, 1, 31)


@tagged("post_install", "-at_install")
class TestBillingRates(StekasBillingCommon):
    """No silent zero (R-BIL-1, R-BIL-5): a client whose time has no rate is
    not billed, and told; time after a contract ends is billed on the client's
    terms without a contract, and its line says so."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_b.stekas_billing_mode = "invoice_month"

    def _run(self):
        wizard = (
            self.env["stekas.billing.run"]
            .with_user(self.accountant)
            .create(
                {
                    "date_from": JAN_START,
                    "date_to": JAN_END,
                    "partner_ids": [Command.set((self.client_a | self.client_b).ids)],
                    "send_statements": False,
                }
            )
        )
        return wizard, wizard.action_run()

    def _invoices(self, action):
        if action.get("tag") == "display_notification":
            action = action["params"]["next"]
        return self.env["account.move"].search(action.get("domain") or [("id", "=", 0)])

    def test_client_without_rate_is_refused_and_others_billed(self):
        no_rate = self._log(20, datetime(2026, 1, 12, 9), ticket=self.ticket_b)
        # client A: 3 h of consulting over 2 free hours, 1 h overage at 45
        self.env["account.analytic.line"].create(
            [self._vals(60, datetime(2026, 1, day, 9)) for day in (5, 6, 7)]
        )
        wizard, action = self._run()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["type"], "warning")
        message = action["params"]["message"]
        self.assertIn("Client B UAB", message)
        self.assertIn("hourly rate without a contract", message)
        self.assertEqual(wizard.refused_partner_ids, self.client_b)
        invoices = self._invoices(action)
        self.assertEqual(invoices.partner_id, self.client_a)
        self.assertAlmostEqual(invoices.amount_untaxed, 45.0, places=2)
        # nothing of client B is locked: once its rate is set, it is billed
        self.assertFalse(no_rate.timesheet_invoice_id)
        # the dispatcher keeps the clients (accountants may not edit partners)
        self.client_b.with_user(self.dispatcher).stekas_hourly_rate = 40.0
        _wizard, action = self._run()
        again = self._invoices(action)
        self.assertEqual(again.partner_id, self.client_b)
        self.assertAlmostEqual(again.amount_untaxed, 16.0, places=2)
        self.assertEqual(no_rate.timesheet_invoice_id, again)

    def test_zero_contract_rate_is_refused(self):
        self.contract.hourly_rate = 0.0
        overage = self.env["account.analytic.line"].create(
            [self._vals(60, datetime(2026, 1, day, 9)) for day in (5, 6, 7)]
        )
        wizard, action = self._run()
        self.assertIn(self.contract.name, action["params"]["message"])
        self.assertIn("beyond the free hours", action["params"]["message"])
        self.assertEqual(wizard.refused_partner_ids, self.client_a)
        self.assertFalse(self._invoices(action))
        self.assertFalse(overage.timesheet_invoice_id)

    def test_time_after_the_contract_ended(self):
        self.contract.date_end = date(2025, 12, 31)
        entry = self._log(20, datetime(2026, 1, 12, 9))
        # the client's rate without a contract is not set: refused
        wizard, action = self._run()
        self.assertEqual(wizard.refused_partner_ids, self.client_a)
        self.assertIn("hourly rate without a contract", action["params"]["message"])
        self.assertFalse(entry.timesheet_invoice_id)
        # set: billed at it, and the line says why
        self.client_a.with_user(self.dispatcher).stekas_hourly_rate = 50.0
        _wizard, action = self._run()
        invoice = self._invoices(action)
        self.assertEqual(entry.timesheet_invoice_id, invoice)
        line = invoice.invoice_line_ids
        self.assertEqual(line.price_unit, 50.0)
        self.assertIn("AS-TEST-1 ended on 2025-12-31", line.name)

    def test_cron_walks_past_a_refused_client(self):
        """The monthly job bills the clients after one it refuses, and does
        not call itself again for the refused one alone."""
        self.contract.hourly_rate = 0.0  # client A: overage without a rate
        self.env["account.analytic.line"].create(
            [self._vals(60, datetime(2026, 1, day, 9)) for day in (5, 6, 7)]
        )
        self.client_b.stekas_hourly_rate = 40.0
        entry_b = self._log(20, datetime(2026, 1, 12, 9), ticket=self.ticket_b)
        progress = []
        Contract = self.env.registry["stekas.support.contract"]
        Cron = self.env.registry["ir.cron"]
        with (
            patch.object(stekas_billing_run, "CRON_BATCH_SIZE", 1),
            patch.object(Contract, "_get_today", lambda self: date(2026, 2, 1)),
            patch.object(
                Cron, "_notify_progress", lambda self, **kw: progress.append(kw)
            ),
            # the job tells the log whom it did not bill and why
            self.assertLogs(stekas_billing_run.__name__, level="WARNING") as logs,
        ):
            self.env["stekas.billing.run"].with_user(
                self.accountant
            )._cron_billing_run()
        self.assertIn(self.client_a.name, "\n".join(logs.output))
        self.assertTrue(entry_b.timesheet_invoice_id)
        self.assertFalse(
            self.env["account.move"].search([("partner_id", "=", self.client_a.id)])
        )
        self.assertEqual(progress, [{"done": 1, "remaining": 0}])

    def test_cron_refusal_is_a_todo_for_the_accountants(self):
        """The system's monthly run tells every accountant of a client it
        could not bill (the log reaches none of them), in the accountant's
        language, not the system user's."""
        load_lithuanian(self.env)
        self.accountant.lang = "lt_LT"
        self.contract.hourly_rate = 0.0  # client A: overage without a rate
        self.env["account.analytic.line"].create(
            [self._vals(60, datetime(2026, 1, day, 9)) for day in (5, 6, 7)]
        )
        Contract = self.env.registry["stekas.support.contract"]
        with (
            patch.object(Contract, "_get_today", lambda self: date(2026, 2, 1)),
            self.assertLogs(stekas_billing_run.__name__, level="WARNING"),
        ):
            self.env["stekas.billing.run"].with_user(
                self.env.ref("base.user_root")
            )._cron_billing_run()
        todos = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.client_a.id)]
        )
        self.assertIn(self.accountant, todos.user_id)
        self.assertNotIn(self.consultant, todos.user_id)
        self.assertEqual(len(todos), len(todos.user_id), "one to-do per accountant")
        self.assertIn(self.contract.name, str(todos[:1].note))
        note = str(todos.filtered(lambda t: t.user_id == self.accountant).note)
        self.assertIn("neapmokestintas", note)
        self.assertIn(f"nustatykite sutarties {self.contract.name}", note)
        run = self.env["stekas.billing.run"].search([], order="id desc", limit=1)
        self.assertIn("was not billed", run.refusal_note, "the run's own language")

    def test_rate_without_a_contract_has_a_currency(self):
        company_currency = self.env.company.currency_id
        currency = self.env.ref(
            "base.USD" if company_currency.name == "EUR" else "base.EUR"
        )
        currency.active = True
        # the default: the company's currency
        self.assertEqual(self.client_b.stekas_hourly_rate_currency_id, company_currency)
        self.client_b.with_user(self.dispatcher).write(
            {"stekas_hourly_rate": 40.0, "stekas_hourly_rate_currency_id": currency.id}
        )
        self._log(20, datetime(2026, 1, 12, 9), ticket=self.ticket_b)
        _wizard, action = self._run()
        invoice = self._invoices(action)
        self.assertEqual(invoice.currency_id, currency)
        self.assertEqual(invoice.invoice_line_ids.price_unit, 40.0)
        self.assertAlmostEqual(invoice.amount_untaxed, 16.0, places=2)
