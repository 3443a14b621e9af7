# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.tests import tagged

from odoo.addons.stekas_helpdesk.tests.common import load_lithuanian

from .common import StekasBillingCommon


@tagged("post_install", "-at_install")
class TestBillingSending(StekasBillingCommon):
    """R-BIL-1: invoices e-mailed with Odoo's sending and a Lithuanian template;
    R-BIL-6: statements only to clients who opted in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_lithuanian(cls.env)
        cls.client_a.email = "buhalterija@client-a.example"
        cls.client_b.write(
            {
                "stekas_billing_mode": "invoice_month",
                "stekas_hourly_rate": 40.0,
                "email": "info@client-b.example",
            }
        )
        # One opt-in for extracts and statements (R-HIS-2 rev. 2, R-BIL-6).
        cls.client_a.write(
            {
                "stekas_extract_optin": True,
                "stekas_extract_recipient_ids": [(6, 0, cls.contact_a.ids)],
            }
        )

    def _bill_january(self):
        self._log(30, datetime(2026, 1, 5, 9), self.wt_training)
        self.env["account.analytic.line"].create(
            self._vals(30, datetime(2026, 1, 6, 9), ticket=self.ticket_b)
        )
        wizard = (
            self.env["stekas.billing.run"]
            .with_user(self.accountant)
            .create({"date_from": date(2026, 1, 1), "date_to": date(2026, 1, 31)})
        )
        domain = wizard.action_run()["domain"]
        return self.env["account.move"].search(domain)

    def test_send_with_odoo_wizard_and_lithuanian_template(self):
        invoice = self._bill_january().filtered(lambda m: m.partner_id == self.client_a)
        invoice.action_post()
        wizard = (
            self.env["account.move.send.wizard"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({})
        )
        template = self.env.ref("stekas_billing.mail_template_prepayment_invoice")
        self.assertEqual(wizard.mail_template_id, template)
        self.assertIn("išankstinė sąskaita faktūra", wizard.mail_subject)
        wizard.action_send_and_print()
        self.assertTrue(invoice.is_move_sent)
        message = invoice.message_ids.filtered(
            lambda m: "išankstinė sąskaita faktūra" in (m.subject or "")
        )
        self.assertTrue(message)
        self.assertIn("Laba diena", message[0].body)

    def test_statements_only_to_clients_who_opted_in(self):
        template = self.env.ref("stekas_billing.mail_template_statement")
        before = self.env["mail.mail"].search([("model", "=", "res.partner")])
        self._bill_january()
        mails = self.env["mail.mail"].search([("model", "=", "res.partner")]) - before
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.res_id, self.client_a.id)
        self.assertIn("Suteiktų paslaugų ataskaita", mails.subject)
        self.assertIn(self.ticket.number, mails.body_html)
        self.assertTrue(template)
