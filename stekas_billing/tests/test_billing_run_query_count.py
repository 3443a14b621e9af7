# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo.tests import tagged

from .common import StekasBillingCommon
from .test_billing_run import JAN_END, JAN_START


@tagged("post_install", "-at_install")
class TestBillingRunQueryCount(StekasBillingCommon):
    """The billing run (R-BIL-1, R-BIL-5) costs a constant number of queries
    per client, whatever the number of entries a client has: the invoices of
    a batch of clients are created together (the billing run bench)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.clients = Partner.create(
            [
                {
                    "name": f"Query count client {i} UAB",
                    "is_company": True,
                    "stekas_billing_mode": "invoice_month",
                    "stekas_hourly_rate": 40.0,
                }
                for i in range(13)
            ]
        )
        contacts = Partner.create(
            [
                cls._contact_vals(client, "Ona", f"Skaičiuotoja{i}", f"qc{i}")
                for i, client in enumerate(cls.clients)
            ]
        )
        cls.tickets = cls.env["helpdesk.ticket"]
        for contact in contacts:
            cls.tickets |= cls._create_ticket(contact)

    def _log_entries(self, tickets, count):
        self.env["account.analytic.line"].create(
            [
                self._vals(
                    20 + i,
                    datetime(2026, 1, 5 + i % 20, 9, 0),
                    self.wt_training if i % 3 == 2 else self.wt_consulting,
                    ticket=ticket,
                )
                for ticket in tickets
                for i in range(count)
            ]
        )

    def _billing_run(self, clients):
        return self.env["stekas.billing.run"].create(
            {"date_from": JAN_START, "date_to": JAN_END, "partner_ids": clients.ids}
        )

    def _queries(self, clients):
        run = self._billing_run(clients)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        invoices = run._bill()
        self.env.flush_all()
        queries = self.cr.sql_log_count - before
        self.assertEqual(invoices.partner_id, clients)
        return queries

    def test_queries_per_client_constant(self):
        clients, tickets = self.clients, self.tickets
        self._log_entries(tickets[:7], 3)
        self._log_entries(tickets[7:], 12)  # more entries, same queries
        self._queries(clients[:1])  # warm-up: the prepayment journal is created
        two = self._queries(clients[1:3])
        four = self._queries(clients[3:7])
        four_more_entries = self._queries(clients[7:11])
        self.assertEqual(four, four_more_entries)
        per_client = (four - two) // 2
        self.assertEqual(four - two, 2 * per_client)
        self.assertLessEqual(per_client, 12)
        run = self._billing_run(clients[11:13])
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(two):
            run._bill()
            self.env.flush_all()
