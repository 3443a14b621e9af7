# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import StekasBillingCommon


@tagged("post_install", "-at_install")
class TestServiceModeBilling(StekasBillingCommon):
    """R-BIL-4, R-BIL-5: the client's service mode sets the default of its
    billing without a contract; the assignment to the designated employee goes
    through the prepayment gate (R-ASG-3)."""

    def _new_client(self, **vals):
        Partner = self.env["res.partner"].with_user(self.dispatcher)
        return Partner.create(
            {"name": "Naujas klientas UAB", "is_company": True, **vals}
        )

    def test_billing_mode_follows_the_service_mode_by_default(self):
        client_b = self._new_client()
        self.assertEqual(client_b.stekas_service_mode, "b")
        self.assertEqual(client_b.stekas_billing_mode, "invoice_month")
        client_a = self._new_client(
            stekas_service_mode="a", stekas_designated_user_id=self.consultant.id
        )
        self.assertEqual(client_a.stekas_billing_mode, "prepay")
        contact = self.env["res.partner"].create(
            {"name": "Kontaktas", "parent_id": client_a.id}
        )
        self.assertEqual(contact.stekas_billing_mode, "prepay")

    def test_a_billing_mode_chosen_by_hand_is_kept_until_the_mode_changes(self):
        client = self._new_client()
        client.stekas_billing_mode = "invoice_quarter"
        client.write({"stekas_hourly_rate": 40.0, "phone": "+370 600 12345"})
        self.assertEqual(client.stekas_billing_mode, "invoice_quarter")
        client.write(
            {
                "stekas_service_mode": "a",
                "stekas_designated_user_id": self.consultant.id,
            }
        )
        self.assertEqual(client.stekas_billing_mode, "prepay")
        client.stekas_billing_mode = "invoice_month"
        client.stekas_deputy_user_id = self.other_consultant
        self.assertEqual(client.stekas_billing_mode, "invoice_month")

    def test_prepayment_gate_leaves_the_ticket_for_the_dispatcher(self):
        client = self._new_client(
            stekas_service_mode="a", stekas_designated_user_id=self.consultant.id
        )
        contact = self.env["res.partner"].create(
            {"name": "Kontaktas", "parent_id": client.id, "email": "k@naujas.example"}
        )
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.dispatcher)
            .create(
                {
                    "name": "Nauja ataskaita",
                    "description": "<p>Reikia naujos ataskaitos.</p>",
                    "partner_id": contact.id,
                    "stekas_prepay_hours": 3.0,
                    "stekas_prepay_work_type_ids": self.wt_consulting.ids,
                }
            )
        )
        self.assertTrue(ticket.stekas_intake_complete)
        self.assertEqual(ticket.stekas_prepay_state, "to_invoice")
        self.assertFalse(ticket.user_id)
        todo = ticket.activity_ids.filtered(lambda a: a.user_id == self.dispatcher)
        self.assertIn("prepayment", str(todo.note))
