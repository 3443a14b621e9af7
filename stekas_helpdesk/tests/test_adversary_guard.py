# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Ways around the personal-data guard, replayed as the attacker takes them:
a portal session (forms, JSON-RPC), the intake link of an e-mail, crafted
e-mails. Each asserts that the personal code is gone and that an audit
record says so."""

import re
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

from odoo.tests import HttpCase, new_test_user, tagged

from .common import StekasHelpdeskCommon

CODE = "38506124638"  # invented, with a valid check digit
SPLIT_CODE = "39001010000"  # invented, valid; sent split by markup


@tagged("post_install", "-at_install")
class TestAdversaryGuard(StekasHelpdeskCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Audit = cls.env["stekas.pii.audit"].sudo()

    def _csrf(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def _mail(self, subject, body, html=False, message_id="<guard-1@client-a.example>"):
        message = MIMEMultipart("alternative")
        message["From"] = f"{self.contact_a.name} <{self.contact_a.email}>"
        message["To"] = "pagalba@stekas.example"
        message["Subject"] = subject
        message["Message-Id"] = message_id
        message.attach(MIMEText(body, "html" if html else "plain", "utf-8"))
        ticket_id = self.env["mail.thread"].message_process(
            "helpdesk.ticket", message.as_string()
        )
        return self.env["helpdesk.ticket"].browse(ticket_id)

    def _body_audits(self, ticket):
        return self.Audit.search(
            [("ticket_id", "=", ticket.id), ("content_type", "=", "body")]
        )

    def _assert_gone(self, code, *texts):
        """Not in the text, nor in what a browser shows of it (tags removed)."""
        for text in texts:
            self.assertNotIn(code, str(text or ""))
            self.assertNotIn(code, re.sub(r"<[^>]*>", "", str(text or "")))

    # ------------------------------------------------------------------
    # The mail gateway.

    def test_code_split_by_markup_is_seen_as_the_reader_sees_it(self):
        ticket = self._mail(
            "Klaida ataskaitoje",
            "<p>Darbuotojo asmens kodas 3900101<span>0000</span>, prašau "
            "patikrinti.</p>",
            html=True,
        )
        message = ticket.message_ids.filtered(lambda m: m.message_type == "email")
        self._assert_gone(SPLIT_CODE, message.body, ticket.description)
        self.assertIn("[asmens kodas 1]", message.body)
        audit = self._body_audits(ticket)
        self.assertEqual(audit.action, "destroyed")
        self.assertIn("personal_code", audit.kinds)

    def test_code_in_the_subject_is_replaced_in_the_ticket_name(self):
        ticket = self._mail(
            f"Darbuotojo asmens kodas {CODE}", "Prašau patikrinti atlyginimą."
        )
        message = ticket.message_ids.filtered(lambda m: m.message_type == "email")
        self._assert_gone(CODE, ticket.name, message.subject, message.body)
        self.assertIn("[asmens kodas 1]", ticket.name)
        self.assertEqual(self._body_audits(ticket).action, "destroyed")

    # ------------------------------------------------------------------
    # The portal.

    def test_portal_form_description_is_guarded(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        csrf = self._csrf("/new/ticket")
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": csrf,
                "company_name": "Client A UAB",
                "firstname": "Ona",
                "lastname": "Testaitė",
                "function": f"Buhalterė, asmens kodas {CODE}",
                "phone": "+370 600 00001",
                "email": "a@client-a.example",
                "subject": "Atlyginimo klaida",
                "description": f"Darbuotojo asmens kodas {CODE}, prašau "
                "patikrinti jo atlyginimą.",
            },
        )
        self.assertEqual(response.status_code, 200)
        ticket = self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.contact_a.id)]
        )
        self.assertEqual(len(ticket), 1)
        self._assert_gone(
            CODE, ticket.description, ticket.stekas_intake_function, ticket.name
        )
        self.assertIn("[asmens kodas 1]", ticket.description)
        self.assertNotIn(CODE, self.contact_a.function or "")
        audit = self._body_audits(ticket)
        self.assertEqual((audit.action, audit.source), ("destroyed", "portal"))

    def test_portal_form_does_not_carry_a_code_into_the_contact(self):
        """The form completes the user's own contact's empty fields: a code
        typed as a job position must not land there."""
        contact = self.env["res.partner"].create(
            {
                "firstname": "Rūta",
                "lastname": "Naujokaitė",
                "email": "ruta.n@client-a.example",
                "parent_id": self.client_a.id,
            }
        )
        user = new_test_user(
            self.env,
            login="test_portal_new",
            groups="base.group_portal",
            partner_id=contact.id,
            name=contact.name,
            email=contact.email,
        )
        self.authenticate(user.login, user.login)
        self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": self._csrf("/new/ticket"),
                "company_name": "Client A UAB",
                "firstname": "Rūta",
                "lastname": "Naujokaitė",
                "function": f"asmens kodas {CODE}",
                "phone": "+370 600 00009",
                "email": "ruta.n@client-a.example",
                "subject": "Klaida",
                "description": "Ataskaita neatsidaro po atnaujinimo.",
            },
        )
        self.assertNotIn(CODE, contact.function or "")
        self.assertEqual(contact.phone, "+370 600 00009", "its own phone is kept")
        self.assertTrue(
            self._body_audits(
                self.env["helpdesk.ticket"].search([("partner_id", "=", contact.id)])
            )
        )

    def test_editing_ones_own_message_afterwards_is_guarded(self):
        ticket = self._create_ticket(self.contact_a)
        self.authenticate(self.portal_a.login, self.portal_a.login)
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "helpdesk.ticket",
                "thread_id": ticket.id,
                "post_data": {
                    "body": "Ataskaita neatsidaro.",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        message = ticket.message_ids.filtered(
            lambda m: m.author_id == self.contact_a and m.message_type == "comment"
        )
        self.assertEqual(len(message), 1)
        upload = self.url_open(
            "/mail/attachment/upload",
            data={
                "csrf_token": self._csrf("/my"),
                "thread_id": ticket.id,
                "thread_model": "helpdesk.ticket",
                "is_pending": "true",
            },
            files={"ufile": ("sarasas.csv", f"Vardas;Asmens kodas\nJonas;{CODE}\n")},
        ).json()
        attachment = upload["data"]["ir.attachment"][0]
        self.make_jsonrpc_request(
            "/mail/message/update_content",
            {
                "message_id": message.id,
                "body": f"Darbuotojo asmens kodas {CODE}.",
                "attachment_ids": [attachment["id"]],
                "attachment_tokens": [attachment["access_token"]],
            },
        )
        message.invalidate_recordset()
        self._assert_gone(CODE, message.body)
        files = self.env["ir.attachment"].sudo().browse(attachment["id"]).exists()
        self.assertFalse(files, "the file with a personal code is destroyed")
        audits = self.Audit.search([("ticket_id", "=", ticket.id)])
        self.assertEqual(sorted(audits.mapped("content_type")), ["attachment", "body"])
        self.assertEqual(set(audits.mapped("action")), {"destroyed"})

    # ------------------------------------------------------------------
    # The intake link of the automatic reply.

    def _incomplete_ticket_by_mail(self):
        """A new sender without job position and phone: the automatic reply
        carries the intake link."""
        contact = self.env["res.partner"].create(
            {
                "firstname": "Rūta",
                "lastname": "Trūkstamaitė",
                "email": "ruta@client-a.example",
                "parent_id": self.client_a.id,
            }
        )
        message = MIMEText("Ataskaita neatsidaro.", "plain", "utf-8")
        message["From"] = f"{contact.name} <{contact.email}>"
        message["To"] = "pagalba@stekas.example"
        message["Subject"] = "Klaida"
        message["Message-Id"] = "<intake-guard-1@client-a.example>"
        ticket = self.env["helpdesk.ticket"].browse(
            self.env["mail.thread"].message_process(
                "helpdesk.ticket", message.as_string()
            )
        )
        self.assertFalse(ticket.stekas_intake_complete)
        reply = ticket.message_ids.filtered(lambda m: m.message_type == "auto_comment")
        link = re.search(r"/my/ticket/\d+/intake\?access_token=([\w-]+)", reply.body)
        return ticket, link.group(1)

    def test_intake_token_page_fields_are_guarded(self):
        ticket, token = self._incomplete_ticket_by_mail()
        url = f"/my/ticket/{ticket.id}/intake"
        page = self.url_open(f"{url}?access_token={token}")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        self.url_open(
            url,
            data={
                "csrf_token": csrf,
                "access_token": token,
                "function": f"Buhalterė, asmens kodas {CODE}",
                "phone": "+370 600 44444",
            },
        )
        self._assert_gone(CODE, ticket.stekas_intake_function)
        self.assertNotIn(CODE, ticket.partner_id.function or "")
        audit = self._body_audits(ticket)
        self.assertEqual((audit.action, audit.source), ("destroyed", "portal"))

    def test_intake_link_is_its_own_token_and_expires(self):
        ticket, token = self._incomplete_ticket_by_mail()
        ticket._portal_ensure_token()
        self.assertNotEqual(token, ticket.access_token)
        url = f"/my/ticket/{ticket.id}/intake"
        refused = self.url_open(f"{url}?access_token={ticket.access_token}")
        self.assertEqual(refused.status_code, 403)
        self.assertNotIn('name="function"', refused.text)
        self.assertIn("This link cannot be used", refused.text)
        page = self.url_open(f"{url}?access_token={token}")
        self.assertIn('name="function"', page.text)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        done = self.url_open(
            url,
            data={
                "csrf_token": csrf,
                "access_token": token,
                "function": "Buhalterė",
                "phone": "+370 600 44444",
            },
        )
        self.assertIn("the data is complete", done.text)
        self.assertTrue(ticket.stekas_intake_complete)
        self.assertFalse(ticket.stekas_intake_token)
        again = self.url_open(f"{url}?access_token={token}")
        self.assertEqual(again.status_code, 403)
        self.assertIn("This link cannot be used", again.text)
        self.assertNotIn("Traceback", again.text)

    # ------------------------------------------------------------------
    # Bounded cost: one budget per mail, over it quarantine.

    def test_mail_over_its_budget_is_quarantined(self):
        """A mail whose text and file together exceed the scan budget (here
        2,000 characters, as 5,000,000 are in production) is answered at once:
        the text and the file are quarantined and audited, never left as
        they came."""
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("stekas_helpdesk.pii_budget_chars", "2000")
        padding = "Ataskaita neatsidaro po atnaujinimo. " * 80  # about 3,000
        message = MIMEMultipart()
        message["From"] = f"{self.contact_a.name} <{self.contact_a.email}>"
        message["To"] = "pagalba@stekas.example"
        message["Subject"] = "Klaida"
        message["Message-Id"] = "<budget-1@client-a.example>"
        message.attach(MIMEText(f"{padding}Asmens kodas {CODE}.", "plain", "utf-8"))
        rows = "".join(f"Darbuotojas {i};+370 612 {i:05d}\n" for i in range(200))
        part = MIMEText(rows, "csv", "utf-8")
        part.add_header("Content-Disposition", "attachment", filename="tel.csv")
        message.attach(part)
        ticket = self.env["helpdesk.ticket"].browse(
            self.env["mail.thread"].message_process(
                "helpdesk.ticket", message.as_string()
            )
        )
        mail = ticket.message_ids.filtered(lambda m: m.message_type == "email")
        self._assert_gone(CODE, mail.body, ticket.description)
        files = (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)])
        )
        self.assertEqual(set(files.mapped("stekas_pii_state")), {"quarantine"})
        self.assertEqual(len(files), 2, "the file and the text kept as a file")
        audits = self.Audit.search([("ticket_id", "=", ticket.id)])
        self.assertEqual(sorted(audits.mapped("content_type")), ["attachment", "body"])
        self.assertEqual(set(audits.mapped("action")), {"quarantined"})
        self.assertEqual(set(audits.mapped("reasons")), {"over_budget"})

    def test_portal_description_over_the_budget_is_quarantined(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "stekas_helpdesk.pii_budget_chars", "2000"
        )
        self.authenticate(self.portal_a.login, self.portal_a.login)
        description = "Ataskaita neatsidaro po atnaujinimo. " * 80
        self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": self._csrf("/new/ticket"),
                "company_name": "Client A UAB",
                "firstname": "Ona",
                "lastname": "Testaitė",
                "function": "Buhalterė",
                "phone": "+370 600 00001",
                "email": "a@client-a.example",
                "subject": "Klaida",
                "description": f"{description}Asmens kodas {CODE}.",
            },
        )
        ticket = self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.contact_a.id)]
        )
        self._assert_gone(CODE, ticket.description)
        self.assertIn("quarantined", ticket.description)
        audit = self._body_audits(ticket)
        self.assertEqual((audit.action, audit.reasons), ("quarantined", "over_budget"))
        kept = (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)])
        )
        self.assertEqual(kept.mapped("stekas_pii_state"), ["quarantine"])
        self.assertIn(CODE.encode(), kept.raw, "kept for the dispatcher only")
