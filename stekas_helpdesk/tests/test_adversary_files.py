# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Attacks on files, replayed as the attacker makes them: a portal session or
an anonymous holder of a link asking for a ticket's files, crafted e-mails
whose files the guard destroys. Each asserts the refusal."""

import os
import re

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import StekasHelpdeskCommon, process_mail_with_files

CODE = "38506124638"  # invented, with a valid check digit
CERTAIN = f"Darbuotojo asmens kodas {CODE}\n".encode()
# The same code with a wrong check digit, labelled: suspect.
SUSPECT = "Darbuotojo asmens kodas 38506124639, prašau patikrinti."


@tagged("post_install", "-at_install")
class TestAdversaryFiles(StekasHelpdeskCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Attachment = cls.env["ir.attachment"]

    def _mail(
        self,
        files,
        sender=None,
        message_id="<files-1@client-a.example>",
        body="Laba diena, prisegu failus.",
    ):
        return process_mail_with_files(
            self.env, sender or self.contact_a, files, body, message_id
        )

    def _file(self, ticket, name):
        return self.Attachment.sudo().search(
            [
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "=", ticket.id),
                ("name", "=", name),
            ]
        )

    def _download(self, attachment, token=True):
        url = f"/web/content/{attachment.id}?download=true"
        if token:
            url += f"&access_token={attachment.sudo().generate_access_token()[0]}"
        return self.url_open(url)

    def test_portal_gets_only_the_files_meant_for_the_client(self):
        ticket = self._mail(
            [
                ("aprasas.txt", b"Programa nepasileidzia."),
                ("numeriai.txt", CODE.encode()),
            ]
        )
        quarantined = self._file(ticket, "numeriai.txt")
        self.assertEqual(quarantined.stekas_pii_state, "quarantine")
        ticket.user_id = self.consultant
        ticket.with_user(self.consultant).message_post(
            body="Vidine pastaba",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachments=[("vidinis.txt", b"Tik darbuotojams.")],
        )
        ticket.with_user(self.consultant).message_post(
            body="Atsakymas klientui",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=[("atsakymas.txt", b"Instrukcija.")],
        )
        self.client_a.write(
            {
                "stekas_pii_agreement_signed": True,
                "stekas_pii_agreement_valid_until": fields.Date.add(
                    fields.Date.today(), days=30
                ),
            }
        )
        # As the portal form uploads: the portal user's env in sudo.
        self.Attachment.with_user(self.portal_a).sudo().create(
            {
                "name": "asmeninis.txt",
                "raw": CERTAIN,
                "res_model": "helpdesk.ticket",
                "res_id": ticket.id,
            }
        )
        personal = self._file(ticket, "asmeninis.txt")
        self.assertEqual(personal.stekas_pii_state, "personal")
        note_file = self._file(ticket, "vidinis.txt")
        shown = self._file(ticket, "aprasas.txt") | self._file(ticket, "atsakymas.txt")
        hidden = quarantined | personal | note_file
        self.assertEqual(len(shown | hidden), 5)

        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertEqual(page.status_code, 200)
        for attachment in shown:
            self.assertTrue(attachment.name in page.text, attachment.name)
        for attachment in hidden:
            self.assertFalse(attachment.name in page.text, attachment.name)
            self.assertFalse(f"/web/content/{attachment.id}?" in page.text)
            # Neither with the client's session nor with a token.
            self.assertNotEqual(
                self._download(attachment, token=False).status_code, 200
            )
            self.assertNotEqual(self._download(attachment).status_code, 200)
        # Staff the record rules keep out get nothing with a token either.
        self.authenticate(self.consultant.login, self.consultant.login)
        self.assertNotEqual(self._download(quarantined).status_code, 200)
        self.assertEqual(self._download(note_file).status_code, 200)
        # Anyone holding a link: the client's files only.
        self.authenticate(None, None)
        for attachment in hidden:
            self.assertNotEqual(self._download(attachment).status_code, 200)
        for attachment in shown:
            self.assertEqual(self._download(attachment).status_code, 200)

    def test_destroying_a_file_spares_other_companies_copies(self):
        """A sender who has another company's file cannot have it destroyed by
        mailing the same bytes; the client's own copies go, from disk at once."""
        other_company_file, own_copy = self.Attachment.create(
            [
                {
                    "name": "darbuotojai.txt",
                    "raw": CERTAIN,
                    "res_model": "res.partner",
                    "res_id": self.client_b.id,
                },
                {
                    "name": "darbuotojai.txt",
                    "raw": CERTAIN,
                    "res_model": "res.partner",
                    "res_id": self.contact_a.id,
                },
            ]
        )
        ticket = self._mail([("darbuotojai.txt", CERTAIN)])
        self.assertFalse(self._file(ticket, "darbuotojai.txt"))
        self.assertFalse(own_copy.exists())
        self.assertTrue(other_company_file.exists())
        audit = self.env["stekas.pii.audit"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual((audit.action, audit.copies_destroyed), ("destroyed", 1))
        # The bytes the other company's file still refers to stay on disk.
        self.env.cr.postcommit.run()
        other_company_file.invalidate_recordset()
        self.assertEqual(other_company_file.raw, CERTAIN)

    def test_destroyed_file_leaves_the_filestore_on_commit(self):
        data = b"Vieno darbuotojo asmens kodas " + CODE.encode() + b", skubu."
        ticket = self._mail([("vienas.txt", data)])
        self.assertFalse(self._file(ticket, "vienas.txt"))
        audit = self.env["stekas.pii.audit"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual(audit.action, "destroyed")
        path = self.Attachment._full_path(
            self.Attachment._get_path(data, audit.checksum)[0]
        )
        self.assertTrue(os.path.exists(path), "kept until the destruction commits")
        self.env.cr.postcommit.run()
        self.assertFalse(os.path.exists(path), "gone without the garbage collection")

    def test_destroyed_upload_keeps_its_audit_and_notice(self):
        """A client uploads a file the guard destroys: the answer says so and
        the audit record and the mail to the client stay."""
        ticket = self._create_ticket(self.contact_a)
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open(f"/my/ticket/{ticket.id}")
        token = re.search(r'csrf_token: "([^"]+)"', page.text).group(1)
        response = self.url_open(
            "/mail/attachment/upload",
            data={
                "csrf_token": token,
                "thread_id": ticket.id,
                "thread_model": "helpdesk.ticket",
            },
            files={"ufile": ("sarasas.txt", CERTAIN)},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("error", response.json())
        self.env.invalidate_all()
        audit = self.env["stekas.pii.audit"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual((audit.action, audit.source), ("destroyed", "portal"))
        self.assertTrue(audit.client_notified)
        self.assertTrue(
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "helpdesk.ticket"),
                    ("res_id", "=", ticket.id),
                    ("recipient_ids", "in", self.contact_a.ids),
                ]
            )
        )
        self.assertFalse(self._file(ticket, "sarasas.txt"))

    def test_suspect_code_in_the_text_is_quarantined_as_in_a_file(self):
        ticket = self._mail([("kodas.txt", SUSPECT.encode())], body=SUSPECT)
        self.assertEqual(self._file(ticket, "kodas.txt").stekas_pii_state, "quarantine")
        message = ticket.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertNotIn("38506124639", message.body)
        self.assertNotIn("38506124639", ticket.description)
        audits = self.env["stekas.pii.audit"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual(
            sorted(audits.mapped(lambda a: (a.content_type, a.action))),
            [("attachment", "quarantined"), ("body", "quarantined")],
        )
        # The original text waits for the dispatcher, as a quarantined file.
        body_audit = audits.filtered(lambda a: a.content_type == "body")
        original = self.Attachment.sudo().search(
            [
                ("checksum", "=", body_audit.checksum),
                ("res_id", "=", ticket.id),
                ("name", "=like", "message-%"),
            ]
        )
        self.assertEqual(original.stekas_pii_state, "quarantine")
        self.assertIn(b"38506124639", original.raw)
        ticket.user_id = self.consultant
        self.assertFalse(original.with_user(self.consultant)._filtered_access("read"))
        original.with_user(self.dispatcher).action_stekas_pii_keep()
        self.assertTrue(original.with_user(self.consultant)._filtered_access("read"))
