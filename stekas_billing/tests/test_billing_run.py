# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import StekasBillingCommon

JAN_START, JAN_END = date(2026, 1, 1), date(2026, 1, 31)


@tagged("post_install", "-at_install")
class TestBillingRun(StekasBillingCommon):
    """R-BIL-1, R-BIL-3, R-BIL-5: one prepayment invoice per client and period,
    never billing an entry twice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_b.write(
            {"stekas_billing_mode": "invoice_month", "stekas_hourly_rate": 40.0}
        )

    def _month(self):
        """Client A: five 30-min consulting entries (36 min billed each, R-CON-6)
        over 2 free hours, a bug fix and a training; client B, no contract: two
        20-min entries (24 min billed each)."""
        days = [datetime(2026, 1, day, 9, 0) for day in (5, 6, 7, 8, 9)]
        consulting = self.env["account.analytic.line"].create(
            [self._vals(30, when) for when in days]
        )
        bug = self._log(60, datetime(2026, 1, 10, 9), self.wt_bug_fix)
        training = self._log(30, datetime(2026, 1, 11, 9), self.wt_training)
        no_contract = self.env["account.analytic.line"].create(
            [
                self._vals(20, datetime(2026, 1, 12, 9), ticket=self.ticket_b),
                self._vals(20, datetime(2026, 1, 13, 9), ticket=self.ticket_b),
            ]
        )
        return consulting, bug, training, no_contract

    def _run(self, partners=None, user=None):
        Run = self.env["stekas.billing.run"].with_user(user or self.accountant)
        wizard = Run.create(
            {
                "date_from": JAN_START,
                "date_to": JAN_END,
                "partner_ids": [Command.set((partners or self.env["res.partner"]).ids)],
            }
        )
        action = wizard.action_run()
        return self.env["account.move"].search(action.get("domain") or [("id", "=", 0)])

    def _invoices(self):
        return self.env["account.move"].search(
            [("partner_id", "in", (self.client_a | self.client_b).ids)]
        )

    def test_month_gives_one_invoice_per_client_to_the_cent(self):
        consulting, bug, training, no_contract = self._month()
        invoices = self._run()
        self.assertEqual(len(invoices), 2)
        inv_a = invoices.filtered(lambda m: m.partner_id == self.client_a)
        inv_b = invoices.filtered(lambda m: m.partner_id == self.client_b)
        self.assertTrue(inv_a.stekas_prepayment)
        self.assertTrue(inv_a.journal_id.stekas_prepayment)
        self.assertEqual(inv_a.state, "draft")
        lines = inv_a.invoice_line_ids.sorted("sequence")
        # 0.4 h + 0.6 h overage at 45 = 45.00; training 0.6 h at 45 = 27.00
        self.assertEqual(lines.mapped("quantity"), [1.0, 0.6])
        self.assertEqual(lines.mapped("price_unit"), [45.0, 45.0])
        self.assertEqual(lines.mapped("price_subtotal"), [45.0, 27.0])
        self.assertAlmostEqual(inv_a.amount_untaxed, 72.00, places=2)
        self.assertAlmostEqual(
            inv_a.amount_total, self._with_sales_tax(72.00), places=2
        )
        # the support hour has no taxes of its own: the company's sales tax
        self.assertEqual(lines.tax_ids, self.env.company.account_sale_tax_id._origin)
        self.assertIn("2026-01-01 - 2026-01-31", lines[0].name)
        self.assertIn(self.ticket.number, lines[0].name)
        self.assertIn(self.wt_training.name, lines[1].name)
        # 48 min = 0.8 h at the client's rate 40 = 32.00
        self.assertEqual(inv_b.invoice_line_ids.quantity, 0.8)
        self.assertAlmostEqual(
            inv_b.amount_total, self._with_sales_tax(32.00), places=2
        )
        # linking: billed entries point to the invoice and the line
        billed = consulting[3:] | training
        self.assertEqual(billed.timesheet_invoice_id, inv_a)
        self.assertEqual(consulting[3:].stekas_invoice_line_id, lines[0])
        self.assertEqual(training.stekas_invoice_line_id, lines[1])
        self.assertEqual(lines[0].stekas_entry_ids, consulting[3:])
        self.assertFalse((consulting[:3] | bug).timesheet_invoice_id)
        self.assertEqual(no_contract.timesheet_invoice_id, inv_b)
        # the links are written in groups: the invoice's side and what
        # sale_timesheet derives from them must follow without a re-read
        self.assertEqual(inv_a.timesheet_ids, billed)
        self.assertEqual(inv_a.timesheet_count, len(billed))
        self.assertEqual(billed._stekas_get_billed(), billed)
        with self.assertRaises(UserError):
            consulting[3].unit_amount = 2.0
        # a re-run creates nothing
        self.assertFalse(self._run())
        self.assertEqual(self._invoices(), invoices)

    def test_interrupted_run_completes_the_rest(self):
        self._month()
        Run = self.env.registry["stekas.billing.run"]
        original = Run._bill_partners

        def bill_then_fail(run, billable):
            if self.client_b in [partner for partner, _entries in billable]:
                raise RuntimeError("interrupted")
            return original(run, billable)

        # Odoo's assertRaises rolls back to a savepoint: catch by hand so that the
        # client billed before the failure stays billed, as after a cron batch
        # commit. One client per batch: the run stops after client A's batch.
        interrupted = False
        with (
            patch.object(Run, "_batch_size", 1),
            patch.object(Run, "_bill_partners", bill_then_fail),
        ):
            try:
                self.env["stekas.billing.run"].create(
                    {
                        "date_from": JAN_START,
                        "date_to": JAN_END,
                        "partner_ids": (self.client_a | self.client_b).ids,
                    }
                )._bill()
            except RuntimeError:
                interrupted = True
        self.assertTrue(interrupted)
        self.assertEqual(self._invoices().partner_id, self.client_a)
        self._run()
        invoices = self._invoices()
        self.assertEqual(len(invoices), 2)
        self.assertEqual(invoices.partner_id, self.client_a | self.client_b)

    def test_posted_entries_locked_and_credit_note_releases(self):
        consulting, _bug, training, _nc = self._month()
        invoice = self._run(self.client_a)
        invoice.with_user(self.accountant).action_post()
        entry = consulting[4]
        with self.assertRaises(UserError):
            entry.write({"unit_amount": 2.0})
        with self.assertRaises(UserError):
            training.unlink()
        # the split of an invoiced entry never changes: deleting an earlier,
        # not invoiced entry leaves it as billed
        consulting[0].unlink()
        self.assertEqual(self._split(consulting[3:]), [(12, 24), (0, 36)])
        self._refund(invoice).with_user(self.accountant).action_post()
        self.assertFalse((consulting[3:] | training).timesheet_invoice_id)
        entry.write({"unit_amount": 0.25})
        again = self._run(self.client_a)
        self.assertEqual(len(again), 1)
        self.assertEqual(training.timesheet_invoice_id, again)

    def _refund(self, invoice):
        reversal = (
            self.env["account.move.reversal"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Correction"})
        )
        reversal.refund_moves()
        return invoice.reversal_move_ids.filtered(lambda m: m.state == "draft")

    def test_partial_credit_note_releases_only_whole_lines(self):
        """R-BIL-5: a credit note of one line makes only that line's entries
        billable again; a lower price on a line releases nothing."""
        consulting, _bug, training, _nc = self._month()
        invoice = self._run(self.client_a)
        invoice.with_user(self.accountant).action_post()
        overage_line, training_line = invoice.invoice_line_ids.sorted("sequence")
        # first a discount on the overage line: nothing is released
        refund = self._refund(invoice)
        refund.invoice_line_ids.filtered(
            lambda line: line.name == training_line.name
        ).unlink()
        refund.invoice_line_ids.price_unit = 5.0
        refund.with_user(self.accountant).action_post()
        self.assertEqual((consulting[3:] | training).timesheet_invoice_id, invoice)
        self.assertIn("credit the whole line", invoice.message_ids[:1].body.striptags())
        # then the whole training line: its entry is billable again, the
        # overage entries stay billed
        refund = self._refund(invoice)
        refund.invoice_line_ids.filtered(
            lambda line: line.name == overage_line.name
        ).unlink()
        refund.with_user(self.accountant).action_post()
        self.assertFalse(training.timesheet_invoice_id)
        self.assertEqual(consulting[3:].timesheet_invoice_id, invoice)
        again = self._run(self.client_a)
        self.assertEqual(again.invoice_line_ids.stekas_entry_ids, training)

    def test_cancelled_invoice_releases(self):
        self._month()
        invoice = self._run(self.client_a)
        invoice.button_cancel()
        self.assertFalse(invoice.timesheet_ids)
        self.assertEqual(len(self._run(self.client_a)), 1)

    def test_post_and_pay_with_payment_wizard(self):
        self._month()
        invoice = self._run(self.client_a)
        invoice.with_user(self.accountant).action_post()
        self.assertTrue(invoice.name.startswith("ISF/"))
        register = (
            self.env["account.payment.register"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({})
        )
        self.assertAlmostEqual(register.amount, self._with_sales_tax(72.00), places=2)
        register._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    def test_only_accountants_run_billing(self):
        self._month()
        with self.assertRaises(AccessError):
            self.env["stekas.billing.run"].with_user(self.consultant).create(
                {"date_from": JAN_START, "date_to": JAN_END}
            )
        self.assertFalse(self._invoices())


@tagged("post_install", "-at_install")
class TestBillingLockConcurrency(StekasBillingCommon):
    """Two transactions at once never lock the same entry (two real cursors)."""

    def test_two_cursors_lock_each_entry_once(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # an existing plan: a new one would add a column (DDL)
            plan = env["account.analytic.plan"].search([], limit=1)
            account = env["account.analytic.account"].create(
                {"name": "STEKAS lock test", "plan_id": plan.id}
            )
            ids = (
                env["account.analytic.line"]
                .create(
                    [{"name": f"lock {i}", "account_id": account.id} for i in range(3)]
                )
                .ids
            )
            cr.commit()  # pylint: disable=invalid-commit  # real concurrency needs committed rows

        def cleanup():
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["account.analytic.line"].browse(ids).unlink()
                env["account.analytic.account"].browse(account.id).unlink()
                cr.commit()  # pylint: disable=invalid-commit

        self.addCleanup(cleanup)
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            first = env1["account.analytic.line"].browse(ids)._stekas_lock_for_billing()
            second = (
                env2["account.analytic.line"].browse(ids)._stekas_lock_for_billing()
            )
            self.assertEqual(sorted(first.ids), sorted(ids))
            self.assertFalse(second, "entries held by the first run are skipped")
            cr1.rollback()
            cr2.rollback()
            again = env2["account.analytic.line"].browse(ids)._stekas_lock_for_billing()
            self.assertEqual(sorted(again.ids), sorted(ids))
            cr2.rollback()
