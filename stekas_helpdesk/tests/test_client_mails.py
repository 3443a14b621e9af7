# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import StekasHelpdeskCommon, load_lithuanian, process_text_mail
from .test_portal import StekasPortalCase

ADMIN_PHONE = "+370 5 200 0001"
ADMIN_EMAIL = "administratore@stekas.example"


class ClientMailMixin:
    """What every mail to a client must be: to the client alone, from the
    company, with the administrator's contacts (R-INT-5)."""

    @classmethod
    def _setup_client_mails(cls):
        load_lithuanian(cls.env)
        # as the administrator sets it in Settings > Helpdesk: the dispatcher
        # assigns (no ticket goes to its creator by itself)
        settings = cls.env["res.config.settings"].create(
            {
                "stekas_admin_phone": ADMIN_PHONE,
                "stekas_admin_email": ADMIN_EMAIL,
                "helpdesk_mgmt_ticket_auto_assign": False,
            }
        )
        settings.execute()
        cls.consultant.partner_id.phone = "+370 600 77777"
        cls.client_subtype = cls.env.ref("stekas_helpdesk.mt_client_mail")

    def _client_mails(self, ticket, subject_part):
        return ticket.message_ids.filtered(
            lambda m: m.subtype_id == self.client_subtype
            and subject_part in (m.subject or "")
        )

    def assertOnlyToClient(self, message, client):
        """Queued to the client alone, authored by the company."""
        self.assertEqual(len(message), 1)
        company = self.env.company
        self.assertEqual(message.author_id, company.partner_id)
        self.assertIn("pagalba@stekas.example", message.email_from)
        self.assertEqual(message.notification_ids.res_partner_id, client)
        mails = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(mails.recipient_ids, client)
        self.assertEqual(mails.author_id, company.partner_id)
        self.assertIn(ADMIN_PHONE, message.body)
        self.assertIn(ADMIN_EMAIL, message.body)
        self.assertIn("administrator", message.body)


@tagged("post_install", "-at_install")
class TestClientMails(ClientMailMixin, StekasHelpdeskCommon):
    """R-INT-5, R-CON-1: the client is told the registration number and who
    will contact them; each mail goes to the client alone, from the company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_client_mails()
        cls.sender = cls.env["res.partner"].create(
            cls._contact_vals(cls.client_a, "Siuntėja", "Pilnaitė", "full")
        )
        cls.half_sender = cls.env["res.partner"].create(
            {
                "firstname": "Rūta",
                "lastname": "Trūkstamaitė",
                "email": "ruta@client-a.example",
                "parent_id": cls.client_a.id,
            }
        )

    def _process(self, sender, subject, body, msgid, cc=None, in_reply_to=None):
        return process_text_mail(
            self.env, sender, subject, body, msgid, cc=cc, in_reply_to=in_reply_to
        )

    def test_complete_email_gets_one_registered_mail_to_the_client_only(self):
        ticket = self._process(
            f"Siuntėja <{self.sender.email}>",
            "Neatsidaro ataskaita",
            "Paspaudus mygtuką rodoma klaida.",
            "<registered-1@client-a.example>",
        )
        self.assertTrue(ticket.stekas_intake_complete)
        registered = self._client_mails(ticket, "užregistruotas")
        self.assertOnlyToClient(registered, self.sender)
        self.assertEqual(
            registered.subject, f"Kreipimasis {ticket.number} užregistruotas"
        )
        self.assertIn(ticket.number, registered.body)
        self.assertIn("Neatsidaro ataskaita", registered.body)
        # a later change of the ticket does not register it again
        ticket.with_user(self.dispatcher).description = "<p>Daugiau informacijos</p>"
        self._process(
            f"Siuntėja <{self.sender.email}>",
            "Re: Neatsidaro ataskaita",
            "Dar viena pastaba.",
            "<registered-1b@client-a.example>",
            in_reply_to="<registered-1@client-a.example>",
        )
        self.assertEqual(len(self._client_mails(ticket, "užregistruotas")), 1)

    def test_intake_reply_then_completion_registers_once(self):
        ticket = self._process(
            "Rūta <ruta@client-a.example>",
            "Klausimas dėl PVM",
            "Kaip įvesti naują tarifą?",
            "<registered-2@client-a.example>",
        )
        self.assertFalse(ticket.stekas_intake_complete)
        self.assertFalse(self._client_mails(ticket, "užregistruotas"))
        # the automatic reply: Lithuanian subject, from the company, not OdooBot
        reply = self._client_mails(ticket, "trūksta duomenų")
        self.assertOnlyToClient(reply, self.half_sender)
        self.assertEqual(reply.subject, f"Kreipimasis {ticket.number}: trūksta duomenų")
        self.assertNotEqual(reply.author_id, self.env.ref("base.partner_root"))
        # a consultant following the ticket (a working group) is not sent it
        ticket.message_subscribe(self.consultant.partner_id.ids)
        self._process(
            "Rūta <ruta@client-a.example>",
            "Re: Klausimas dėl PVM",
            "Pareigos: Buhalterė\nTelefonas: +370 600 55555",
            "<registered-2b@client-a.example>",
            in_reply_to="<registered-2@client-a.example>",
        )
        self.assertTrue(ticket.stekas_intake_complete)
        registered = self._client_mails(ticket, "užregistruotas")
        self.assertOnlyToClient(registered, self.half_sender)
        ticket.with_user(self.dispatcher).stekas_intake_phone = "+370 600 55556"
        self.assertEqual(len(self._client_mails(ticket, "užregistruotas")), 1)

    def test_dispatcher_assigns_and_the_client_is_told_once(self):
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.dispatcher)
            .create(
                {
                    "name": "Nepavyksta uždaryti mėnesio",
                    "description": "<p>Klaida uždarant mėnesį.</p>",
                    "partner_id": self.contact_a.id,
                }
            )
        )
        self.assertFalse(self._client_mails(ticket, "konsultant"))
        # the consultants follow the ticket (a working group): not sent it
        ticket.message_subscribe(
            (self.consultant | self.other_consultant).partner_id.ids
        )
        ticket.with_user(self.dispatcher).user_id = self.consultant
        assigned = self._client_mails(ticket, "konsultant")
        self.assertOnlyToClient(assigned, self.contact_a)
        self.assertIn(self.consultant.name, assigned.body)
        self.assertIn("+370 600 77777", assigned.body)
        self.assertIn(self.consultant.email, assigned.body)
        self.assertIn(ticket.number, assigned.body)
        # the same consultant written again: nothing new for the client
        ticket.with_user(self.dispatcher).write({"user_id": self.consultant.id})
        self.assertEqual(len(self._client_mails(ticket, "konsultant")), 1)
        ticket.with_user(self.dispatcher).user_id = self.other_consultant
        self.assertEqual(len(self._client_mails(ticket, "konsultant")), 2)

    def test_batch_assignment_tells_each_client(self):
        tickets = (
            self.env["helpdesk.ticket"]
            .with_user(self.dispatcher)
            .create(
                [
                    {
                        "name": f"Klausimas {n}",
                        "description": "<p>Aprašymas</p>",
                        "partner_id": contact.id,
                    }
                    for n, contact in enumerate((self.contact_a, self.contact_b))
                ]
            )
        )
        tickets.with_user(self.dispatcher).write({"user_id": self.consultant.id})
        for ticket, contact in zip(
            tickets, (self.contact_a, self.contact_b), strict=True
        ):
            self.assertOnlyToClient(self._client_mails(ticket, "konsultant"), contact)

    def test_reassignment_decision_goes_to_the_client_only(self):
        ticket = self._create_ticket(self.contact_a, user_id=self.consultant.id)
        ticket.message_subscribe(
            (self.consultant | self.other_consultant).partner_id.ids
        )
        request = (
            self.env["stekas.reassignment"]
            .with_user(self.consultant)
            .create({"ticket_id": ticket.id, "reason": "Klientas paskambino"})
        )
        form = Form(
            self.env["stekas.reassignment.decision"]
            .with_user(self.dispatcher)
            .with_context(default_request_id=request.id)
        )
        form.user_id = self.other_consultant
        form.note = "Nuo rytojaus"
        form.save().action_confirm()
        decision = self._client_mails(ticket, "pakeisti konsultantą")
        self.assertOnlyToClient(decision, self.contact_a)
        self.assertIn("Nuo rytojaus", decision.body)
        # both consultants follow the ticket; neither is sent the decision
        self.assertTrue(
            (self.consultant | self.other_consultant).partner_id
            <= ticket.message_partner_ids
        )

    def test_client_cannot_forge_the_sent_marks(self):
        ticket = self._create_ticket(self.contact_a)
        for field in ("stekas_registered_mail_sent", "stekas_client_told_user_id"):
            with self.assertRaises(AccessError):
                ticket.with_user(self.portal_a).write({field: False})

    def test_admin_contacts_default_to_the_company(self):
        company = self.env.company
        company.write({"stekas_admin_phone": False, "stekas_admin_email": False})
        company.phone = "+370 5 299 9999"
        self.assertEqual(
            company._stekas_get_admin_contacts(),
            {"phone": "+370 5 299 9999", "email": "pagalba@stekas.example"},
        )


@tagged("post_install", "-at_install")
class TestReassignmentAlertAuthor(ClientMailMixin, StekasPortalCase):
    """The dispatcher's to-do for a portal client's reassignment request is not
    assigned by the client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_client_mails()
        cls.ticket = cls._create_ticket(cls.contact_a, user_id=cls.consultant.id)

    def test_portal_request_alert_is_not_assigned_by_the_client(self):
        self.authenticate("test_portal_a", "test_portal_a")
        csrf = self._csrf(f"/my/ticket/{self.ticket.id}")
        response = self.url_open(
            f"/my/ticket/{self.ticket.id}/reassign",
            data={"csrf_token": csrf, "reason": "Norėčiau kito konsultanto"},
        )
        self.assertIn("reassign_sent=1", response.url)
        activity = self.ticket.activity_ids.filtered(
            lambda a: a.user_id == self.dispatcher
        )
        self.assertEqual(len(activity), 1)
        self.assertNotEqual(activity.create_uid, self.portal_a)
        self.assertFalse(activity.create_uid.share)
