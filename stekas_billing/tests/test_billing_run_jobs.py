# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.stekas_helpdesk.tests.common import load_lithuanian

from .common import StekasBillingCommon

JAN_START, JAN_END = date(2026, 1, 1), date(2026, 1, 31)


@tagged("post_install", "-at_install")
class TestBillingRunJobs(StekasBillingCommon):
    """The wizard's billing run is queued in batches of clients (channel
    root.stekas_billing), statements one job per client (root.stekas_documents);
    a batch run twice bills nothing twice."""

    stekas_jobs_inline = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._opt_in_both_clients(stekas_billing_mode="invoice_month")
        cls.client_b.stekas_hourly_rate = 40.0
        cls.Run = cls.env["stekas.billing.run"]
        cls.Document = cls.env["stekas.journal.extract"]

    def _month(self):
        """Client A: 3 hours over its 2 free hours; client B: 1 hour at its rate."""
        self._log(180, datetime(2026, 1, 5, 9))
        self.env["account.analytic.line"].create(
            self._vals(60, datetime(2026, 1, 6, 9), ticket=self.ticket_b)
        )

    def _wizard(self, user=None, **vals):
        return self.Run.with_user(user or self.accountant).create(
            {"date_from": JAN_START, "date_to": JAN_END, **vals}
        )

    def _invoices(self):
        return self.env["account.move"].search(
            [("partner_id", "in", (self.client_a | self.client_b).ids)]
        )

    def test_run_is_queued_in_batches_and_a_batch_run_twice_bills_once(self):
        self._month()
        self.patch(type(self.Run), "_job_batch_size", 1)
        action = self._wizard().action_run()
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn(
            "queued for 2 client(s) in 2 batch(es)", action["params"]["message"]
        )
        self.assertFalse(self._invoices(), "nothing is billed in the request")
        self.assertFalse(self.Document.sudo().search([]), "nor sent")
        batches = self._stekas_queued("_bill_batch_job")
        self.assertEqual(
            [list(job.args) for job in batches],
            [[client, JAN_START, JAN_END] for client in (self.client_a, self.client_b)],
        )
        self.assertEqual(set(batches.mapped("channel")), {"root.stekas_billing"})
        self.assertEqual(batches.user_id, self.accountant)
        sendings = self._stekas_queued("_send_documents_job")
        self.assertEqual(
            sorted(tuple(job.args)[0].id for job in sendings),
            sorted((self.client_a | self.client_b).ids),
        )
        self.assertEqual(set(sendings.mapped("channel")), {"root.stekas_documents"})
        self._stekas_perform(batches | sendings)
        invoices = self._invoices()
        self.assertEqual(invoices.partner_id, self.client_a | self.client_b)
        amounts = invoices.mapped("amount_untaxed")
        self.assertTrue(all(amounts))
        statements = self.Document.sudo().search([("kind", "=", "statement")])
        self.assertEqual(len(statements), 2)
        # every job again, as a retry after a crash would: nothing more
        self._stekas_perform(batches | sendings)
        self.assertEqual(self._invoices(), invoices)
        self.assertEqual(invoices.mapped("amount_untaxed"), amounts)
        self.assertEqual(
            self.Document.sudo().search([("kind", "=", "statement")]), statements
        )
        # the same run queued again while nothing is left: nothing to bill
        action = self._wizard(send_statements=False).action_run()
        self.assertIn("Nothing to bill", action["params"]["message"])

    def test_entries_logged_after_a_batch_join_its_draft_when_retried(self):
        self._month()
        self._wizard(partner_ids=[Command.set(self.client_b.ids)]).action_run()
        batch = self._stekas_queued("_bill_batch_job")
        self._stekas_perform(batch)
        invoice = self._invoices()
        self.assertEqual(invoice.partner_id, self.client_b)
        amount = invoice.amount_untaxed
        self.env["account.analytic.line"].create(
            self._vals(60, datetime(2026, 1, 7, 9), ticket=self.ticket_b)
        )
        self._stekas_perform(batch)
        self.assertEqual(self._invoices(), invoice, "no second invoice")
        self.assertAlmostEqual(invoice.amount_untaxed, 2 * amount, places=2)

    def test_nothing_to_bill_says_so(self):
        action = self._wizard().action_run()
        self.assertFalse(self._stekas_queued("_bill_batch_job"))
        self.assertIn("Nothing to bill", action["params"]["message"])

    def test_inline_mode_bills_at_once(self):
        self._month()
        action = self._wizard().with_context(queue_job__no_delay=True).action_run()
        self.assertEqual(action["res_model"], "account.move")
        self.assertEqual(len(self._invoices()), 2)
        self.assertFalse(self._stekas_queued("_bill_batch_job"))

    def _refusal_todos(self, partner):
        return self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", partner.id)]
        )

    def test_a_client_refused_by_a_batch_is_a_todo_for_the_accountant(self):
        """A client without a rate, refused in a queued batch, is named to the
        accountant who ran the billing by a to-do on the client, once however
        often the batch runs; the client billed gets none."""
        self._month()
        self.client_b.stekas_hourly_rate = 0.0
        load_lithuanian(self.env)
        self.accountant.lang = "lt_LT"
        self._wizard(send_statements=False).action_run()
        batch = self._stekas_queued("_bill_batch_job")
        self._stekas_perform(batch)
        self._stekas_perform(batch)  # a retry
        todo = self._refusal_todos(self.client_b)
        self.assertEqual(len(todo), 1)
        self.assertEqual(todo.user_id, self.accountant)
        self.assertIn("Neapmokestinta už", todo.summary, "in her language")
        self.assertIn("valandos įkainį", str(todo.note), "the note too")
        self.assertFalse(self._refusal_todos(self.client_a))
        self.assertEqual(self._invoices().partner_id, self.client_a)
        # the accountant reads the to-do as their own
        self.assertEqual(
            self.env["mail.activity"]
            .with_user(self.accountant)
            .search([("id", "=", todo.id)]),
            todo.with_user(self.accountant),
        )

    def test_only_accountants_queue_a_run(self):
        """Attack: a consultant starts the run, or runs the batch itself."""
        self._month()
        with self.assertRaises(AccessError):
            self._wizard(user=self.consultant).action_run()
        with self.assertRaises(AccessError):
            self.Run.with_user(self.consultant)._bill_batch_job(
                self.client_b, JAN_START, JAN_END
            )
        self.assertFalse(self._stekas_queued("_bill_batch_job"))
        self.assertFalse(self._invoices())
