# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..migrations.optin import migrate_statement_optins
from .common import StekasBillingCommon


@tagged("post_install", "-at_install")
class TestStatementOnce(StekasBillingCommon):
    """R-BIL-6 with R-HIS-2 rev. 2: the statement of services follows the one
    opt-in of the journal extract, is recorded and sent once per client and
    period, also to a client with only free time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_b.write(
            {
                "stekas_billing_mode": "invoice_month",
                "stekas_hourly_rate": 40.0,
            }
        )
        for client, contact in (
            (cls.client_a, cls.contact_a),
            (cls.client_b, cls.contact_b),
        ):
            client.write(
                {
                    "stekas_extract_optin": True,
                    "stekas_extract_recipient_ids": [(6, 0, contact.ids)],
                }
            )
        cls.Document = cls.env["stekas.journal.extract"]

    def _run_january(self):
        wizard = (
            self.env["stekas.billing.run"]
            .with_user(self.accountant)
            .create({"date_from": date(2026, 1, 1), "date_to": date(2026, 1, 31)})
        )
        wizard.action_run()

    def _statement_mails(self):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "res.partner"),
                ("subject", "like", "Statement of services"),
            ]
        )

    def test_billing_run_twice_sends_each_statement_once(self):
        # Client A: 30 minutes of consulting, within its free hours: no invoice.
        self._log(30, datetime(2026, 1, 5, 9))
        # Client B: billed time without a contract.
        self.env["account.analytic.line"].create(
            self._vals(30, datetime(2026, 1, 6, 9), ticket=self.ticket_b)
        )
        self._run_january()
        documents = self.Document.search([("kind", "=", "statement")])
        self.assertEqual(documents.partner_id, self.client_a | self.client_b)
        self.assertEqual(set(documents.mapped("requested_by")), {"billing"})
        self.assertTrue(all(documents.mapped("attachment_id")))
        mails = self._statement_mails()
        self.assertEqual(len(mails), 2)
        self.assertEqual(mails.recipient_ids, self.contact_a | self.contact_b)
        # A late entry of client B in January is billed by a second run; the
        # statement of January is not sent again.
        self.env["account.analytic.line"].create(
            self._vals(20, datetime(2026, 1, 20, 9), ticket=self.ticket_b)
        )
        self._run_january()
        self.assertEqual(self.Document.search([("kind", "=", "statement")]), documents)
        self.assertEqual(self._statement_mails(), mails)

    def test_client_who_did_not_opt_in_gets_no_statement(self):
        self.client_b.stekas_extract_optin = False
        self.env["account.analytic.line"].create(
            self._vals(30, datetime(2026, 1, 6, 9), ticket=self.ticket_b)
        )
        self._run_january()
        self.assertFalse(self.Document.search([("partner_id", "=", self.client_b.id)]))
        self.assertFalse(
            self._statement_mails().filtered(
                lambda mail: self.contact_b in mail.recipient_ids
            )
        )

    def test_accountant_cannot_read_or_resend_documents(self):
        self._log(30, datetime(2026, 1, 5, 9))
        self._run_january()
        document = self.Document.search([("kind", "=", "statement")])
        self.assertEqual(len(document), 1)
        with self.assertRaises(AccessError):
            document.with_user(self.accountant).read(["attachment_id"])
        with self.assertRaises(AccessError):
            document.with_user(self.accountant).action_resend()

    def test_old_statement_opt_in_becomes_the_one_opt_in(self):
        # The columns the old version stored (DDL is rolled back with the test;
        # a database upgraded from it still has them, Odoo drops no column).
        self.env.cr.execute(
            "ALTER TABLE res_partner"
            " ADD COLUMN IF NOT EXISTS stekas_statement_opt_in boolean,"
            " ADD COLUMN IF NOT EXISTS stekas_statement_partner_id integer"
        )
        client_c = self.env["res.partner"].create(
            {"name": "Client C UAB", "is_company": True, "email": "c@client-c.example"}
        )
        contact_c = self.env["res.partner"].create(
            self._contact_vals(client_c, "Rūta", "Testienė", "c")
        )
        client_d = self.env["res.partner"].create(
            {"name": "Client D UAB", "is_company": True, "email": "d@client-d.example"}
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET stekas_statement_opt_in = TRUE,"
            " stekas_statement_partner_id = %s WHERE id = %s",
            (contact_c.id, client_c.id),
        )
        self.env.cr.execute(
            "UPDATE res_partner SET stekas_statement_opt_in = TRUE WHERE id = %s",
            (client_d.id,),
        )
        self.assertEqual(migrate_statement_optins(self.env.cr), 2)
        self.env.invalidate_all()
        self.assertTrue(client_c.stekas_extract_optin)
        self.assertEqual(client_c.stekas_extract_recipient_ids, contact_c)
        self.assertEqual(client_c.stekas_extract_frequency, "monthly")
        self.assertTrue(client_d.stekas_extract_optin)
        self.assertEqual(client_d.stekas_extract_recipient_ids, client_d)
        # Run again: nothing left to move.
        self.assertEqual(migrate_statement_optins(self.env.cr), 0)

    def test_migration_without_the_old_column_does_nothing(self):
        # A database installed after the change (rolled back with the test).
        self.env.cr.execute(
            "ALTER TABLE res_partner"
            " DROP COLUMN IF EXISTS stekas_statement_opt_in,"
            " DROP COLUMN IF EXISTS stekas_statement_partner_id"
        )
        self.assertEqual(migrate_statement_optins(self.env.cr), 0)
