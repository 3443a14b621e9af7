# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import StekasBillingCommon


@tagged("post_install", "-at_install")
class TestPrepayGate(StekasBillingCommon):
    """R-BIL-4: no consultant and no time before the client's prepayment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_b.write(
            {"stekas_billing_mode": "prepay", "stekas_hourly_rate": 40.0}
        )

    def _pay(self, invoice):
        self.env["account.payment.register"].with_user(self.accountant).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()

    def test_gate_blocks_then_payment_unlocks_and_settles(self):
        ticket = self.ticket_b.with_user(self.dispatcher)
        self.assertEqual(ticket.stekas_prepay_state, "needs")
        ticket.stekas_prepay_hours = 2.0
        self.assertEqual(ticket.stekas_prepay_state, "needs")
        ticket.stekas_prepay_work_type_ids = self.wt_consulting
        self.assertEqual(ticket.stekas_prepay_state, "to_invoice")
        with self.assertRaisesRegex(UserError, "prepayment"):
            ticket.write({"user_id": self.consultant.id})
        with self.assertRaisesRegex(UserError, "prepayment"):
            self.env["account.analytic.line"].with_user(self.consultant).create(
                self._vals(30, ticket=ticket)
            )
        ticket.action_stekas_prepayment_invoice()
        invoice = ticket.sudo().stekas_prepay_invoice_id
        self.assertEqual(invoice.state, "posted")
        self.assertTrue(invoice.stekas_prepayment)
        self.assertAlmostEqual(
            invoice.amount_total, self._with_sales_tax(80.00), places=2
        )
        self.assertEqual(ticket.stekas_prepay_state, "waiting")
        with self.assertRaises(UserError):
            ticket.write({"user_id": self.consultant.id})
        self._pay(invoice)
        self.assertEqual(ticket.stekas_prepay_state, "paid")
        ticket.write({"user_id": self.consultant.id})
        self.assertEqual(ticket.user_id, self.consultant)
        # 150 min billed as 156 min = 2.6 h x 40 = 104.00; prepaid 80.00
        entry = self.env["account.analytic.line"].create(self._vals(150, ticket=ticket))
        # the month's run leaves a prepaid ticket to its settlement
        self.assertFalse(
            self.env["stekas.billing.run"]
            .create(
                {
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 1, 31),
                    "partner_ids": self.client_b.ids,
                }
            )
            ._bill()
        )
        settlement = ticket.action_stekas_settle_prepayment()
        self.assertEqual(settlement.move_type, "out_invoice")
        self.assertAlmostEqual(
            settlement.amount_total, self._with_sales_tax(24.00), places=2
        )
        self.assertEqual(entry.timesheet_invoice_id, settlement)

    def test_less_time_than_prepaid_is_credited(self):
        ticket = self.ticket_b
        ticket.write(
            {
                "stekas_prepay_hours": 2.0,
                "stekas_prepay_work_type_ids": self.wt_consulting.ids,
            }
        )
        ticket.action_stekas_prepayment_invoice()
        ticket.stekas_prepay_proof_date = date(2026, 1, 3)
        self.assertEqual(ticket.stekas_prepay_state, "paid")
        self.env["account.analytic.line"].create(
            self._vals(60, datetime(2026, 1, 5, 9), ticket=ticket)
        )
        settlement = ticket.action_stekas_settle_prepayment()
        self.assertEqual(settlement.move_type, "out_refund")
        self.assertAlmostEqual(
            settlement.amount_total, self._with_sales_tax(40.00), places=2
        )

    def test_client_with_contract_is_never_held(self):
        ticket = self.ticket  # client A has a contract
        ticket.stekas_prepay_hours = 2.0
        self.assertEqual(ticket.stekas_prepay_state, "none")
        ticket.write({"user_id": self.consultant.id})
        self.assertEqual(ticket.user_id, self.consultant)

    def test_only_dispatchers_lift_the_gate(self):
        ticket = self.ticket_b
        ticket.write(
            {
                "stekas_prepay_hours": 2.0,
                "stekas_prepay_work_type_ids": self.wt_consulting.ids,
            }
        )
        ticket.action_stekas_prepayment_invoice()
        with self.assertRaises(AccessError):
            ticket.with_user(self.consultant).stekas_prepay_proof_date = date(
                2026, 1, 3
            )
        with self.assertRaises(AccessError):
            ticket.with_user(self.consultant).stekas_prepay_hours = 0.0
        self.assertEqual(ticket.stekas_prepay_state, "waiting")
