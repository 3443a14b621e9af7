# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager
from datetime import date, datetime

import psycopg2.errors

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.stekas_helpdesk.tests.common import StekasHelpdeskCommon

from .test_billing_run import JAN_END, JAN_START


@tagged("post_install", "-at_install")
class TestBillingRunConcurrency(TransactionCase):
    """Issue 6 acceptance (R-BIL-1, R-BIL-5): two complete billing runs at once,
    in two real cursors (separate database connections and transactions), bill
    each journal entry exactly once, and give exactly one invoice per client.

    The data is committed in its own cursor (a run in another transaction must
    see it) and removed again in a cleanup, so that the other tests of the
    database never see it. The test's own cursor is left untouched: it holds no
    row lock the runs could wait for."""

    # ------------------------------------------------------------------
    # Committed data and its cleanup
    # ------------------------------------------------------------------
    @contextmanager
    def _cursor(self):
        """A real cursor of its own (its own connection and transaction)."""
        with self.registry.cursor() as cr:
            # A run that waits for the other one's row locks would hang the
            # test (both cursors are driven by this one thread): fail fast.
            cr.execute("SET lock_timeout = '10s'")
            try:
                yield api.Environment(cr, SUPERUSER_ID, dict(DISABLED_MAIL_CONTEXT))
            finally:
                # only what a test committed itself stays; the connection goes
                # back to the pool with its usual settings
                cr.rollback()
                cr.execute("RESET lock_timeout")

    def _commit(self, env):
        env.cr.commit()  # pylint: disable=invalid-commit  # real concurrency needs committed rows

    def _create_data(self):
        """Client A: a contract of 1 free hour a month at 45, four 30-min
        consulting entries (36 min billed each, R-CON-6: 84 min of overage) and
        a training (paid work); client B: no contract, billed monthly at 40,
        two 20-min entries."""
        with self._cursor() as env:
            company = env.company
            journal_existed = bool(
                env["account.journal"].search(
                    [
                        ("stekas_prepayment", "=", True),
                        ("company_id", "=", company.id),
                    ]
                )
            )
            client_a, client_b = env["res.partner"].create(
                [
                    {"name": "Concurrency Client A UAB", "is_company": True},
                    {
                        "name": "Concurrency Client B UAB",
                        "is_company": True,
                        "stekas_billing_mode": "invoice_month",
                        "stekas_hourly_rate": 40.0,
                    },
                ]
            )
            contacts = env["res.partner"].create(
                [
                    StekasHelpdeskCommon._contact_vals(
                        client_a, "Ona", "Lygiagretė", "conc-a"
                    ),
                    StekasHelpdeskCommon._contact_vals(
                        client_b, "Jonas", "Lygiagretus", "conc-b"
                    ),
                ]
            )
            project = env["project.project"].create(
                {"name": "Concurrency support", "allow_timesheets": True}
            )
            team = env["helpdesk.ticket.team"].create(
                {
                    "name": "Concurrency test team",
                    "allow_timesheet": True,
                    "default_project_id": project.id,
                }
            )
            employee = env["hr.employee"].create({"name": "Concurrency consultant"})
            contract = env["stekas.support.contract"].create(
                {
                    "name": "AS-CONC-1",
                    "partner_id": client_a.id,
                    "date_start": date(2025, 1, 1),
                    "period_type": "month",
                    "free_hours": 1.0,
                    "hourly_rate": 45.0,
                    "state": "active",
                }
            )
            tickets = env["helpdesk.ticket"].create(
                [
                    {
                        "name": "Cannot open the monthly report",
                        "description": "<p>The report shows an error.</p>",
                        "partner_id": contact.id,
                        "team_id": team.id,
                    }
                    for contact in contacts
                ]
            )
            consulting = env.ref("stekas_billing.stekas_work_type_consulting")
            training = env.ref("stekas_billing.stekas_work_type_training")
            plan = [
                (tickets[0], 30, 5, consulting),
                (tickets[0], 30, 6, consulting),
                (tickets[0], 30, 7, consulting),
                (tickets[0], 30, 8, consulting),
                (tickets[0], 30, 9, training),
                (tickets[1], 20, 12, consulting),
                (tickets[1], 20, 13, consulting),
            ]
            entries = env["account.analytic.line"].create(
                [
                    {
                        "name": "Consulted by phone",
                        "ticket_id": ticket.id,
                        "employee_id": employee.id,
                        "unit_amount": minutes / 60,
                        "date_time": datetime(2026, 1, day, 9, 0),
                        "stekas_work_type_id": work_type.id,
                    }
                    for ticket, minutes, day, work_type in plan
                ]
            )
            clients = client_a | client_b
            Line = env["account.analytic.line"]
            billable = Line.search(
                Line._stekas_get_billable_domain(clients, JAN_START, JAN_END)
            )
            data = {
                "journal_existed": journal_existed,
                "company": company.id,
                "clients": clients.ids,
                "contacts": contacts.ids,
                "team": team.id,
                "project": project.id,
                "account": project.account_id.id,
                "employee": employee.id,
                # the employee's own contact, created with it
                "work_contact": employee.work_contact_id.id,
                "contract": contract.id,
                "tickets": tickets.ids,
                "entries": entries.ids,
                "billable": billable.ids,
            }
            self._commit(env)
        self.addCleanup(self._remove_data, data)
        # the first consulting entry is free, the others and the training
        # are billed, and so is every entry of client B
        self.assertEqual(
            sorted(data["billable"]),
            sorted(data["entries"][1:]),
            "the billable entries of the month",
        )
        return data

    def _remove_data(self, data):
        with self._cursor() as env:
            clients = env["res.partner"].browse(data["clients"])
            invoices = (
                env["account.move"]
                .with_context(force_delete=True)
                .search([("partner_id", "in", clients.ids)])
            )
            invoices.filtered(lambda move: move.state != "draft").button_draft()
            invoices.unlink()
            env["account.analytic.line"].browse(data["entries"]).exists().unlink()
            contract = env["stekas.support.contract"].browse(data["contract"])
            contract.write({"state": "draft"})
            contract.unlink()
            tickets = env["helpdesk.ticket"].browse(data["tickets"])
            env["mail.mail"].search(
                [("model", "=", "helpdesk.ticket"), ("res_id", "in", tickets.ids)]
            ).unlink()
            tickets.unlink()
            env["helpdesk.ticket.team"].browse(data["team"]).unlink()
            env["hr.employee"].browse(data["employee"]).unlink()
            env["project.project"].browse(data["project"]).unlink()
            env["account.analytic.account"].browse(data["account"]).exists().unlink()
            env["res.partner"].browse(
                [*data["contacts"], data["work_contact"]]
            ).exists().unlink()
            clients.unlink()
            if not data["journal_existed"]:
                # the first run created the prepayment journal: remove it too
                env["account.journal"].search(
                    [
                        ("stekas_prepayment", "=", True),
                        ("company_id", "=", data["company"]),
                    ]
                ).unlink()
            self._commit(env)

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _run(self, env, data, clients=None):
        clients = clients or env["res.partner"].browse(data["clients"])
        run = env["stekas.billing.run"].create(
            {"date_from": JAN_START, "date_to": JAN_END, "partner_ids": clients.ids}
        )
        return run._bill()

    def _assert_billed_once(self, data):
        """Every billable entry points to the one invoice of its client, the
        free entry to none, and a further run creates nothing."""
        with self._cursor() as env:
            self.assertFalse(self._run(env, data), "a further run bills nothing")
            env.cr.rollback()
            clients = env["res.partner"].browse(data["clients"])
            invoices = env["account.move"].search([("partner_id", "in", clients.ids)])
            self.assertEqual(len(invoices), 2, "one invoice per client")
            self.assertEqual(invoices.partner_id, clients)
            entries = env["account.analytic.line"].browse(data["entries"])
            billable = entries.browse(data["billable"])
            for entry in billable:
                self.assertEqual(
                    entry.timesheet_invoice_id,
                    invoices.filtered(
                        lambda move, e=entry: move.partner_id
                        == e.ticket_id.commercial_partner_id
                    ),
                )
                self.assertIn(entry.stekas_invoice_line_id, invoices.invoice_line_ids)
            self.assertFalse((entries - billable).timesheet_invoice_id)
            # each invoice line bills exactly its entries: nothing twice
            self.assertEqual(invoices.invoice_line_ids.stekas_entry_ids, billable)
            by_client = {move.partner_id.name: move.amount_untaxed for move in invoices}
            # A: 84 min overage = 1.4 h + training 0.6 h at 45 = 90.00;
            # B: 48 min = 0.8 h at 40 = 32.00
            self.assertEqual(
                by_client,
                {"Concurrency Client A UAB": 90.0, "Concurrency Client B UAB": 32.0},
            )

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------
    def test_two_runs_at_once_bill_each_entry_once(self):
        data = self._create_data()
        with self._cursor() as env1, self._cursor() as env2:
            first = self._run(env1, data)
            self.assertEqual(len(first), 2)
            # run 1 has not committed: it holds the row locks of the entries,
            # the second run skips both clients instead of billing them again
            # (and instead of waiting)
            second = self._run(env2, data)
            self.assertFalse(second, "entries held by the first run are skipped")
            self._commit(env2)
            self._commit(env1)
        self._assert_billed_once(data)

    def test_run_started_before_the_other_committed(self):
        """The second run's snapshot predates the first run's commit: it still
        sees the entries as not invoiced, but cannot lock them (concurrent
        update) and skips them."""
        data = self._create_data()
        with self._cursor() as env1, self._cursor() as env2:
            Line2 = env2["account.analytic.line"]
            clients2 = env2["res.partner"].browse(data["clients"])
            domain = Line2._stekas_get_billable_domain(clients2, JAN_START, JAN_END)
            # the second transaction takes its snapshot now
            self.assertEqual(Line2.search_count(domain), len(data["billable"]))
            self.assertEqual(len(self._run(env1, data)), 2)
            self._commit(env1)
            self.assertEqual(
                Line2.search_count(domain),
                len(data["billable"]),
                "the second run still sees the entries as not invoiced",
            )
            self.assertFalse(self._run(env2, data))
            self._commit(env2)
        self._assert_billed_once(data)

    def test_run_after_the_other_committed(self):
        data = self._create_data()
        with self._cursor() as env1:
            self.assertEqual(len(self._run(env1, data)), 2)
            self._commit(env1)
        with self._cursor() as env2:
            self.assertFalse(self._run(env2, data))
            self._commit(env2)
        self._assert_billed_once(data)

    def test_client_skipped_by_a_run_is_billed_by_the_next(self):
        """A run skips the clients another run is billing; if that other run
        fails (rolls back), the next run bills them."""
        data = self._create_data()
        with self._cursor() as env1, self._cursor() as env2:
            self.assertEqual(len(self._run(env1, data)), 2)
            self.assertFalse(self._run(env2, data))
            self._commit(env2)
            env1.cr.rollback()  # the first run fails
        with self._cursor() as env3:
            self.assertEqual(len(self._run(env3, data)), 2)
            self._commit(env3)
        self._assert_billed_once(data)

    def test_runs_at_once_for_other_clients_of_a_new_company(self):
        """Two runs at once for different clients: each bills its own. When
        the company has no prepayment journal yet, both runs create it: the
        second one waits for the first, collides with it and leaves its
        client to the next run, which bills it."""
        data = self._create_data()
        with self._cursor() as env1, self._cursor() as env2:
            client_a, client_b = env1["res.partner"].browse(data["clients"])
            self.assertEqual(len(self._run(env1, data, client_a)), 1)
            journal_new = not data["journal_existed"]
            # the wait for the first run's new journal ends with the lock
            # timeout here (one thread drives both cursors); the failed insert
            # is logged by the SQL layer
            env2.cr.execute("SET lock_timeout = '1s'")
            with mute_logger("odoo.sql_db"):
                second = self._run(env2, data, client_b.with_env(env2))
            self.assertEqual(len(second), 0 if journal_new else 1)
            self._commit(env2)
            self._commit(env1)
        with self._cursor() as env3:
            self.assertEqual(len(self._run(env3, data)), 1 if journal_new else 0)
            self._commit(env3)
        self._assert_billed_once(data)

    def _log_entry(self, env, data, when, minutes):
        """Log a consulting entry on client A's ticket in `env`, flushed; the
        cleanup removes it."""
        entry = env["account.analytic.line"].create(
            {
                "name": "Consulted by phone",
                "ticket_id": data["tickets"][0],
                "employee_id": data["employee"],
                "unit_amount": minutes / 60,
                "date_time": when,
            }
        )
        env.flush_all()
        data["entries"].append(entry.id)
        return entry

    def _log_at_once(self, data, first_when, second_when, minutes):
        """Log two entries at once: the second transaction's snapshot is taken
        before the first commits. The second must fail as Odoo retries (not
        with an error for the user); run again, it is committed. Returns the
        entries' free/overage splits and their periods' (used, overage)
        minutes, read after both commits."""
        with self._cursor() as env1, self._cursor() as env2:
            env2["stekas.support.contract.period"].search_count([])  # snapshot
            first = self._log_entry(env1, data, first_when, minutes[0])
            self._commit(env1)
            with (
                self.assertRaises(psycopg2.errors.SerializationFailure),
                mute_logger("odoo.sql_db"),
            ):
                self._log_entry(env2, data, second_when, minutes[1])
            env2.cr.rollback()
            second = self._log_entry(env2, data, second_when, minutes[1])  # retry
            self._commit(env2)
            env2.invalidate_all()
            entries = env2["account.analytic.line"].browse([first.id, second.id])
            splits = [
                (entry.stekas_free_minutes, entry.stekas_overage_minutes)
                for entry in entries
            ]
            periods = [
                (period.used_minutes, period.overage_minutes)
                for period in entries.stekas_period_id
            ]
            return splits, periods

    def test_two_entries_logged_at_once_never_share_free_minutes(self):
        """R-BIL-1: an entry logged after its period's latest one is allocated
        from the period's figures. Two such entries logged at once in two
        transactions must not both take the same free minutes: the second
        fails on the period's row and, run again, starts from the first one's
        figures."""
        data = self._create_data()
        with self._cursor() as env:
            # February's period: 12 of its 60 free minutes used
            self._log_entry(env, data, datetime(2026, 2, 2, 9, 0), 12)
            self._commit(env)
        splits, periods = self._log_at_once(
            data, datetime(2026, 2, 3, 9, 0), datetime(2026, 2, 4, 9, 0), (30, 30)
        )
        # 30 minutes are billed 36: the first all free, the second what is left
        self.assertEqual(splits, [(36, 0), (12, 24)])
        self.assertEqual(periods, [(60, 24)])

    def test_first_entries_of_a_month_logged_at_once(self):
        """Both transactions find no period for March and create it: the
        second fails on the contract's row (retried by Odoo, not a unique-key
        error shown to the user) and, run again, joins the first's period."""
        data = self._create_data()
        splits, periods = self._log_at_once(
            data, datetime(2026, 3, 2, 9, 0), datetime(2026, 3, 3, 9, 0), (48, 24)
        )
        self.assertEqual(splits, [(48, 0), (12, 12)])
        self.assertEqual(periods, [(60, 12)])  # one period for both

    def test_entry_committed_while_another_run_bills_joins_its_invoice(self):
        """R-BIL-5, one invoice per client and period: a client skipped by a
        run (another run holds its entries) whose new entry is committed while
        the other run bills gets no second invoice: the next run adds the new
        entry to the client's draft invoice of the period."""
        data = self._create_data()
        with self._cursor() as env1, self._cursor() as env2:
            self.assertEqual(len(self._run(env1, data)), 2)
            with self._cursor() as env3:
                # client B's new entry, committed while the first run bills
                late = env3["account.analytic.line"].create(
                    {
                        "name": "Consulted by phone",
                        "ticket_id": data["tickets"][1],
                        "employee_id": data["employee"],
                        "unit_amount": 20 / 60,
                        "date_time": datetime(2026, 1, 20, 9, 0),
                    }
                )
                data["entries"].append(late.id)
                self._commit(env3)
            self.assertFalse(self._run(env2, data), "both clients are held")
            self._commit(env2)
            self._commit(env1)
        with self._cursor() as env4:
            self.assertFalse(
                self._run(env4, data, env4["res.partner"].browse(data["clients"][0]))
            )
            self._run(env4, data)
            self._commit(env4)
        with self._cursor() as env:
            client_b = env["res.partner"].browse(data["clients"][1])
            invoices = env["account.move"].search([("partner_id", "=", client_b.id)])
            self.assertEqual(len(invoices), 1, "one invoice of client B for January")
            entries = env["account.analytic.line"].search(
                [("ticket_id", "=", data["tickets"][1])]
            )
            self.assertEqual(len(entries), 3)
            self.assertEqual(entries.timesheet_invoice_id, invoices)
            self.assertEqual(invoices.invoice_line_ids.stekas_entry_ids, entries)
            # 3 x 20 min billed as 24 = 1.2 h at 40
            self.assertEqual(invoices.amount_untaxed, 48.0)
            self.assertFalse(self._run(env, data), "a further run bills nothing")
