# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import re
from datetime import date, datetime

from reportlab.pdfgen import canvas

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged

from odoo.addons.stekas_helpdesk.tests.common import load_lithuanian

from .common import StekasBillingCommon

GATE = "pays before work"


@tagged("post_install", "-at_install")
class TestPrepayGatePaths(StekasBillingCommon):
    """R-BIL-4 rev. 2: a ticket of a client who pays before work is held from
    the start, on every path, until the needs are registered, the e-mailed
    prepayment invoice is paid or its proof recorded, or the prepayment of
    free work is waived."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_b.stekas_hourly_rate = 40.0
        cls.in_progress = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")

    def _register_needs(self, ticket, hours=2.0, work_types=None):
        ticket.with_user(self.dispatcher).write(
            {
                "stekas_prepay_hours": hours,
                "stekas_prepay_work_type_ids": (work_types or self.wt_consulting).ids,
            }
        )

    # ------------------------------------------------------------------
    # Every path is held from the start
    # ------------------------------------------------------------------
    def test_new_ticket_waits_for_the_needs(self):
        ticket = self.ticket_b.with_user(self.consultant)
        self.assertEqual(ticket.stekas_prepay_state, "needs")
        self.assertEqual(self.ticket.stekas_prepay_state, "none")  # contract

    def test_create_with_a_consultant(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.dispatcher)
        with self.assertRaisesRegex(UserError, f"cannot be assigned: .*{GATE}"):
            Ticket.create(
                {
                    "name": "Cannot open the monthly report",
                    "description": "<p>The report shows an error.</p>",
                    "partner_id": self.contact_b.id,
                    "user_id": self.consultant.id,
                }
            )

    def test_write_the_consultant(self):
        self.assertFalse(self.ticket_b.user_id, "the default assignment yields")
        with self.assertRaisesRegex(UserError, "needs are not registered"):
            self.ticket_b.with_user(self.dispatcher).user_id = self.consultant

    def test_move_to_a_working_stage(self):
        with self.assertRaisesRegex(UserError, f"cannot move on: .*{GATE}"):
            self.ticket_b.with_user(self.dispatcher).stage_id = self.in_progress

    def test_assign_to_me(self):
        with self.assertRaisesRegex(UserError, GATE):
            self.ticket_b.with_user(self.dispatcher).assign_to_me()

    def test_urgent_routing_leaves_the_ticket_to_the_dispatcher(self):
        self.consultant.stekas_on_duty = True
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.dispatcher)
            .create(
                {
                    "name": "Cannot open the monthly report",
                    "description": "<p>The report shows an error.</p>",
                    "partner_id": self.contact_b.id,
                    "stekas_is_urgent": True,
                }
            )
        )
        self.assertFalse(ticket.user_id)
        note = ticket.message_ids.filtered(lambda m: GATE in (m.body or ""))
        self.assertTrue(note, "the reason is noted for the dispatcher")
        self.assertIn(self.dispatcher, ticket.activity_ids.user_id)

    def test_time_through_the_orm_also_with_sudo(self):
        Line = self.env["account.analytic.line"]
        with self.assertRaisesRegex(UserError, f"Time cannot be logged.*{GATE}"):
            Line.with_user(self.consultant).create(self._vals(30, ticket=self.ticket_b))
        with self.assertRaisesRegex(UserError, GATE):
            Line.with_user(self.consultant).sudo().create(
                self._vals(30, ticket=self.ticket_b)
            )
        with self.assertRaisesRegex(UserError, GATE):
            Line.with_user(self.dispatcher).sudo().create(
                self._vals(30, ticket=self.ticket_b)
            )
        # moved onto a held ticket afterwards
        entry = Line.with_user(self.consultant).create(self._vals(30))
        with self.assertRaisesRegex(UserError, GATE):
            entry.write({"ticket_id": self.ticket_b.id})

    def test_timer_of_a_ticket_assigned_before_the_client_paid_first(self):
        """The client's terms change to prepayment after the ticket was
        assigned (its contract ended): the timer no longer starts."""
        self.client_b.stekas_billing_mode = "invoice_month"
        self.ticket_b.with_user(self.dispatcher).user_id = self.consultant
        self.client_b.stekas_billing_mode = "prepay"
        ticket = self.ticket_b.with_user(self.consultant)
        action = ticket.button_start_work()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.consultant)
            .with_context(**action["context"])
        )
        wizard.name = "Helped by phone"
        wizard.date_time = datetime(2026, 1, 5, 9, 0)
        with self.assertRaisesRegex(UserError, f"Time cannot be logged.*{GATE}"):
            wizard.save().action_switch()
        self.assertFalse(ticket.timesheet_ids)

    # ------------------------------------------------------------------
    # The flow
    # ------------------------------------------------------------------
    def test_needs_invoice_mailed_in_lithuanian_proof_then_work(self):
        load_lithuanian(self.env)
        self.contact_b.lang = "lt_LT"
        self.client_b.lang = "lt_LT"
        ticket = self.ticket_b.with_user(self.dispatcher)
        self._register_needs(ticket, 2.0)
        self.assertEqual(ticket.stekas_prepay_state, "to_invoice")
        with self.assertRaisesRegex(UserError, "invoice is not issued yet"):
            ticket.user_id = self.consultant
        ticket.action_stekas_prepayment_invoice()
        invoice = ticket.sudo().stekas_prepay_invoice_id
        self.assertEqual(invoice.state, "posted")
        self.assertIn(self.wt_consulting.name, invoice.invoice_line_ids.name)
        mail = self.env["mail.mail"].search(
            [("model", "=", "account.move"), ("res_id", "=", invoice.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.client_b)
        self.assertIn("išankstinė sąskaita faktūra", mail.subject)
        # the invoice's report (rendered as HTML instead of PDF in tests)
        self.assertTrue(
            mail.attachment_ids.filtered(
                lambda a: a.name.endswith((".pdf", ".html"))
                and a.name.startswith(invoice.name)
            ),
            f"the invoice's PDF is attached: {mail.attachment_ids.mapped('name')}",
        )
        self.assertEqual(ticket.stekas_prepay_state, "waiting")
        with self.assertRaisesRegex(UserError, invoice.name):
            ticket.user_id = self.consultant
        ticket.stekas_prepay_proof_date = date(2026, 1, 3)
        self.assertEqual(ticket.stekas_prepay_state, "paid")
        ticket.user_id = self.consultant
        ticket.stage_id = self.in_progress
        self.env["account.analytic.line"].with_user(self.consultant).create(
            self._vals(30, ticket=ticket)
        )

    def test_consultant_cannot_register_needs_nor_issue(self):
        ticket = self.ticket_b.with_user(self.consultant)
        with self.assertRaises(AccessError):
            ticket.stekas_prepay_work_type_ids = self.wt_consulting
        self._register_needs(self.ticket_b)
        with self.assertRaises(AccessError):
            ticket.action_stekas_prepayment_invoice()

    def test_consultant_cannot_open_the_gate_with_hidden_fields(self):
        """A JSON-RPC-like create or write with the gate's fields set."""
        Ticket = self.env["helpdesk.ticket"].with_user(self.consultant)
        with self.assertRaises(AccessError):
            Ticket.create(
                {
                    "name": "Cannot open the monthly report",
                    "description": "<p>The report shows an error.</p>",
                    "partner_id": self.contact_b.id,
                    "stekas_prepay_proof_date": "2026-01-03",
                    "user_id": self.consultant.id,
                }
            )
        with self.assertRaises(AccessError):
            self.ticket_b.with_user(self.consultant).write(
                {
                    "stekas_prepay_work_type_ids": self.wt_bug_fix.ids,
                    "stekas_prepay_waiver_reason": "free",
                }
            )
        self.assertEqual(self.ticket_b.stekas_prepay_state, "needs")

    def test_waiver_of_free_work_by_the_dispatcher(self):
        ticket = self.ticket_b.with_user(self.dispatcher)
        self._register_needs(ticket, 1.0, self.wt_bug_fix)
        ticket.stekas_prepay_waiver_reason = "Bug of our report, fixed for free"
        self.assertEqual(ticket.stekas_prepay_state, "waived")
        self.assertEqual(
            ticket.stekas_prepay_waiver_reason, "Bug of our report, fixed for free"
        )
        self.assertTrue(ticket._fields["stekas_prepay_waiver_reason"].tracking)
        ticket.user_id = self.consultant
        self.assertEqual(ticket.user_id, self.consultant)

    def test_waiver_refused_for_paid_work(self):
        ticket = self.ticket_b.with_user(self.dispatcher)
        self._register_needs(ticket, 1.0, self.wt_bug_fix | self.wt_training)
        with self.assertRaisesRegex(UserError, "only when .* free work"):
            ticket.stekas_prepay_waiver_reason = "Just because"

    def test_waiver_refused_to_consultants(self):
        self._register_needs(self.ticket_b, 1.0, self.wt_bug_fix)
        with self.assertRaises(AccessError):
            self.ticket_b.with_user(
                self.consultant
            ).stekas_prepay_waiver_reason = "I say so"
        self.assertEqual(self.ticket_b.stekas_prepay_state, "to_invoice")

    def test_paid_by_the_accountant_in_accounting(self):
        ticket = self.ticket_b.with_user(self.dispatcher)
        self._register_needs(ticket)
        ticket.action_stekas_prepayment_invoice()
        invoice = ticket.sudo().stekas_prepay_invoice_id
        self.env["account.payment.register"].with_user(self.accountant).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertEqual(ticket.stekas_prepay_state, "paid")
        ticket.user_id = self.consultant

    # ------------------------------------------------------------------
    # Settlement, then time billed by the next run
    # ------------------------------------------------------------------
    def test_time_after_settlement_is_billed_by_the_next_run_once(self):
        ticket = self.ticket_b.with_user(self.dispatcher)
        self._register_needs(ticket, 1.0)
        ticket.action_stekas_prepayment_invoice()
        ticket.stekas_prepay_proof_date = date(2026, 1, 3)
        ticket.user_id = self.consultant
        Line = self.env["account.analytic.line"].with_user(self.consultant)
        first = Line.create(self._vals(60, datetime(2026, 1, 5, 9), ticket=ticket))
        settlement = ticket.action_stekas_settle_prepayment()
        self.assertEqual(first.timesheet_invoice_id, settlement)
        later = Line.create(self._vals(30, datetime(2026, 1, 20, 9), ticket=ticket))

        def run():
            return (
                self.env["stekas.billing.run"]
                .with_user(self.accountant)
                .create(
                    {
                        "date_from": date(2026, 1, 1),
                        "date_to": date(2026, 1, 31),
                        "partner_ids": self.client_b.ids,
                    }
                )
                ._bill()
            )

        invoice = run()
        self.assertEqual(len(invoice), 1)
        self.assertEqual(later.timesheet_invoice_id, invoice)
        # 30 min billed as 36 = 0.6 h at 40
        self.assertAlmostEqual(invoice.amount_untaxed, 24.0, places=2)
        self.assertFalse(run(), "billed once")


def _pdf(text):
    """A real one-page PDF holding `text`."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, text)
    pdf.save()
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestPrepayPaymentProofPortal(StekasBillingCommon, HttpCase):
    """R-BIL-4: the client sends the copy of its payment order on the portal
    ticket page; the dispatcher sees it and confirms it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_b.stekas_hourly_rate = 40.0
        ticket = cls.ticket_b.with_user(cls.dispatcher)
        ticket.write(
            {
                "stekas_prepay_hours": 1.0,
                "stekas_prepay_work_type_ids": cls.wt_consulting.ids,
            }
        )
        ticket.action_stekas_prepayment_invoice()
        cls.url = f"/my/ticket/{cls.ticket_b.id}/payment-proof"

    def _csrf(self):
        response = self.url_open(f"/my/ticket/{self.ticket_b.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("payment-proof", response.text)
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def _files(self):
        return (
            self.env["ir.attachment"]
            .with_user(self.dispatcher)
            .search(
                [
                    ("res_model", "=", "helpdesk.ticket"),
                    ("res_id", "=", self.ticket_b.id),
                ]
            )
        )

    def test_client_uploads_and_dispatcher_confirms(self):
        self.authenticate(self.portal_b.login, self.portal_b.login)
        token = self._csrf()
        response = self.url_open(
            self.url,
            data={"csrf_token": token},
            files={"payment_proof": ("pavedimas.pdf", _pdf("Mokejimo pavedimas"))},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("proof_sent=1", response.url)
        files = self._files()
        self.assertEqual(files.mapped("name"), ["pavedimas.pdf"])
        ticket = self.ticket_b.with_user(self.dispatcher)
        self.assertIn(
            "Confirm the client's proof of payment",
            ticket.activity_ids.filtered(
                lambda a: a.user_id == self.dispatcher
            ).summary,
        )
        self.assertEqual(ticket.stekas_prepay_state, "waiting")
        ticket.stekas_prepay_proof_date = date(2026, 1, 3)
        ticket.user_id = self.consultant
        self.assertEqual(ticket.user_id, self.consultant)

    def test_attacks_are_refused(self):
        self.authenticate(self.portal_b.login, self.portal_b.login)
        token = self._csrf()
        # not a file: a text field of the same name
        response = self.url_open(
            self.url, data={"csrf_token": token, "payment_proof": "pavedimas.pdf"}
        )
        self.assertIn("proof_error=file", response.url)
        # too big
        big = b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024)
        response = self.url_open(
            self.url,
            data={"csrf_token": token},
            files={"payment_proof": ("pavedimas.pdf", big)},
        )
        self.assertIn("proof_error=size", response.url)
        # not a PDF nor an image, whatever its name
        response = self.url_open(
            self.url,
            data={"csrf_token": token},
            files={"payment_proof": ("pavedimas.pdf", b"MZ\x90\x00 program")},
        )
        self.assertIn("proof_error=type", response.url)
        # without the CSRF token
        response = self.url_open(
            self.url,
            data={},
            files={"payment_proof": ("pavedimas.pdf", _pdf("Mokejimo pavedimas"))},
        )
        self.assertNotEqual(response.status_code, 200)
        # another company's client on this ticket
        self.authenticate(self.portal_a.login, self.portal_a.login)
        response = self.url_open(f"/my/ticket/{self.ticket.id}")
        token = re.search(r'name="csrf_token" value="([^"]+)"', response.text)
        response = self.url_open(
            self.url,
            data={"csrf_token": token.group(1) if token else ""},
            files={"payment_proof": ("pavedimas.pdf", _pdf("Mokejimo pavedimas"))},
        )
        self.assertNotIn("proof_sent", response.url)
        self.assertFalse(self._files())
