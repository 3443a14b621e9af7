# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import hashlib
import io
import os
import zipfile
from unittest.mock import patch

import openpyxl

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.mail.tools.discuss import Store

from .common import (
    StekasHelpdeskCommon,
    load_lithuanian,
    process_mail_with_files,
)

CODE = "38506124638"  # invented, with a valid check digit
SUBJECT_DESTROYED = "atsiųsti asmens duomenys sunaikinti"


def _xlsx_with_code_as_number():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Vardas", "Asmens kodas"])
    sheet.append(["Darbuotojas 1", int(CODE)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _zip_bomb():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("nuliai.txt", b"\0" * (30 * 1024 * 1024))
    return out.getvalue()


def _encrypted_pdf():
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(
        out, encrypt=pdfencrypt.StandardEncryption("slaptas", canPrint=0)
    )
    pdf.drawString(40, 800, f"Asmens kodas {CODE}")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


@tagged("post_install", "-at_install")
class TestPersonalDataGuard(StekasHelpdeskCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_lithuanian(cls.env)
        cls.Attachment = cls.env["ir.attachment"]
        cls.Audit = cls.env["stekas.pii.audit"]

    def _mail(self, files, body="Laba diena, prisegu failą.", sender=None):
        return process_mail_with_files(
            self.env,
            sender or self.contact_a,
            files,
            body,
            f"<pii-{id(files)}-{len(files)}-{abs(hash(body))}@client.example>",
        )

    def _ticket_files(self, ticket):
        return self.Attachment.sudo().search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )

    def _destroyed_mails(self, partner):
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("recipient_ids", "in", partner.ids),
                    ("subject", "ilike", SUBJECT_DESTROYED),
                ]
            )
        )

    def test_mail_with_personal_code_without_agreement_is_destroyed(self):
        """R-PII-4: an XLSX with a personal code stored as a number."""
        data = _xlsx_with_code_as_number()
        checksum = hashlib.sha1(data).hexdigest()
        path = self.Attachment._full_path(self.Attachment._get_path(data, checksum)[0])
        ticket = self._mail([("darbuotojai.xlsx", data)])
        self.assertTrue(ticket, "the gateway still creates the ticket")
        self.assertFalse(self._ticket_files(ticket))
        self.assertFalse(
            self.Attachment.sudo()
            .with_context(skip_res_field_check=True)
            .search([("checksum", "=", checksum)])
        )
        self.assertFalse(
            self.Attachment.sudo().search([("index_content", "ilike", CODE)])
        )
        self.Attachment._gc_file_store_unsafe()
        self.assertFalse(os.path.exists(path), "the file is gone from the filestore")
        audit = self.Audit.sudo().search([("ticket_id", "=", ticket.id)])
        self.assertEqual(len(audit), 1)
        self.assertEqual(audit.action, "destroyed")
        self.assertEqual(audit.kinds, "personal_code")
        self.assertEqual(audit.checksum, checksum)
        self.assertEqual(audit.partner_id, self.contact_a)
        self.assertNotIn(CODE, str(audit.read()[0]))
        mails = self._destroyed_mails(self.contact_a)
        self.assertEqual(len(mails), 1)
        self.assertIn("asmens kodai", mails.body_html)
        self.assertIn("personal-data-request", mails.body_html)
        self.assertTrue(audit.client_notified)
        note = ticket.message_ids.filtered(
            lambda m: "Personal data guard" in str(m.body)
        )
        self.assertEqual(len(note), 1)
        self.assertIn("1 item(s) destroyed", note.body)
        self.assertNotIn("darbuotojai", note.body)

    def test_mail_with_agreement_is_kept_restricted(self):
        """R-PII-5: with an agreement the file is kept, only for the assigned
        consultant and the working group."""
        self.client_a.write(
            {
                "stekas_pii_agreement_signed": True,
                "stekas_pii_agreement_valid_until": fields.Date.add(
                    fields.Date.today(), days=30
                ),
            }
        )
        ticket = self._mail([("darbuotojai.xlsx", _xlsx_with_code_as_number())])
        files = self._ticket_files(ticket)
        self.assertEqual(len(files), 1)
        self.assertEqual(files.stekas_pii_state, "personal")
        self.assertEqual(
            self.Audit.sudo().search([("ticket_id", "=", ticket.id)]).action, "kept"
        )
        self.assertFalse(self._destroyed_mails(self.contact_a))
        ticket.user_id = self.consultant
        files.with_user(self.consultant).check_access("read")
        self.assertEqual(files.with_user(self.consultant).raw, files.raw)
        with self.assertRaises(AccessError):
            files.with_user(self.other_consultant).check_access("read")
        ticket.stekas_specialist_ids = [Command.link(self.other_consultant.id)]
        files.with_user(self.other_consultant).check_access("read")

    def test_expired_agreement_does_not_count(self):
        self.client_a.write(
            {
                "stekas_pii_agreement_signed": True,
                "stekas_pii_agreement_valid_until": fields.Date.add(
                    fields.Date.today(), days=-1
                ),
            }
        )
        ticket = self._mail([("darbuotojai.xlsx", _xlsx_with_code_as_number())])
        self.assertFalse(self._ticket_files(ticket))

    def test_zip_bomb_and_encrypted_pdf_are_quarantined(self):
        ticket = self._mail(
            [("archyvas.zip", _zip_bomb()), ("ataskaita.pdf", _encrypted_pdf())]
        )
        files = self._ticket_files(ticket)
        self.assertEqual(len(files), 2)
        self.assertEqual(set(files.mapped("stekas_pii_state")), {"quarantine"})
        audits = self.Audit.sudo().search([("ticket_id", "=", ticket.id)])
        self.assertEqual(set(audits.mapped("status")), {"cannot_verify"})
        self.assertEqual({a.reasons for a in audits}, {"zip_bomb", "encrypted"})
        ticket.user_id = self.consultant
        with self.assertRaises(AccessError):
            files[0].with_user(self.consultant).check_access("read")
        self.assertFalse(
            self.Attachment.with_user(self.consultant).search([("id", "in", files.ids)])
        )
        # The chatter (which reads files in sudo) does not show their names.
        store = Store()
        files.with_user(self.consultant).sudo()._to_store(store)
        names = {a["name"] for a in store.get_result()["ir.attachment"]}
        self.assertEqual(names, {"Quarantined file"})
        store = Store()
        files.with_user(self.dispatcher).sudo()._to_store(store)
        names = {a["name"] for a in store.get_result()["ir.attachment"]}
        self.assertEqual(names, {"archyvas.zip", "ataskaita.pdf"})
        # The gateway goes on: the next mail is processed normally.
        ticket2 = self._mail([("pastaba.txt", b"Programa nepasileidzia.")])
        self.assertEqual(self._ticket_files(ticket2).stekas_pii_state, "clean")
        # The dispatcher decides.
        bomb = files.filtered(lambda f: f.name == "archyvas.zip")
        with self.assertRaises(AccessError):
            bomb.with_user(self.consultant).action_stekas_pii_destroy()
        bomb.with_user(self.dispatcher).action_stekas_pii_destroy()
        self.assertFalse(bomb.exists())
        pdf = files - bomb
        pdf.with_user(self.dispatcher).action_stekas_pii_keep()
        self.assertEqual(pdf.stekas_pii_state, "personal")
        pdf.with_user(self.consultant).check_access("read")

    def test_guard_failure_quarantines_and_never_raises(self):
        Ticket = type(self.env["helpdesk.ticket"])
        with (
            patch.object(
                Ticket, "_stekas_pii_guard_run", side_effect=RuntimeError("bug")
            ),
            self.assertLogs(
                "odoo.addons.stekas_helpdesk.personal_data.models.helpdesk_ticket",
                level="WARNING",
            ),
        ):
            ticket = self._mail([("pastaba.txt", b"a.k. " + CODE.encode())])
        files = self._ticket_files(ticket)
        self.assertEqual(files.stekas_pii_state, "quarantine")
        audit = self.Audit.sudo().search([("ticket_id", "=", ticket.id)])
        self.assertEqual((audit.action, audit.reasons), ("quarantined", "error"))

    def test_personal_data_in_the_body_is_replaced(self):
        ticket = self._mail(
            [],
            body=f"Darbuotojo asmens kodas {CODE}, prašau patikrinti.",
        )
        message = ticket.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertNotIn(CODE, message.body)
        self.assertIn("[asmens kodas 1]", message.body)
        self.assertNotIn(CODE, ticket.description)
        audit = self.Audit.sudo().search([("ticket_id", "=", ticket.id)])
        self.assertEqual((audit.content_type, audit.action), ("body", "destroyed"))

    def test_clean_body_skips_the_known_values_lookup(self):
        """A client text without any hit costs one scan: no lookup
        of the known contacts, no guard run; one with a hit goes through."""
        Ticket = type(self.env["helpdesk.ticket"])
        with (
            patch.object(
                Ticket,
                "_stekas_pii_get_ignore",
                autospec=True,
                return_value=frozenset(),
            ) as ignore,
            patch.object(Ticket, "_stekas_pii_guard_run", autospec=True) as run,
        ):
            self._mail([], body="Programa nepasileidžia po atnaujinimo.")
            self.assertFalse(ignore.called)
            self.assertFalse(run.called)
            self._mail([], body=f"Darbuotojo asmens kodas {CODE}.")
            self.assertTrue(run.called)

    def test_sender_signature_is_not_personal_data_to_destroy(self):
        body = (
            "Programa nepasileidžia.\n"
            f"Pagarbiai, {self.contact_a.name}, buhalterė, tel. {self.contact_a.phone}"
        )
        ticket = self._mail([], body=body)
        self.assertFalse(self.Audit.sudo().search([("ticket_id", "=", ticket.id)]))

    def test_portal_upload_is_guarded(self):
        ticket = self._create_ticket(self.contact_a)
        # As the portal form does: the portal user's env in sudo.
        self.Attachment.with_user(self.portal_a).sudo().create(
            {
                "name": "sarasas.csv",
                "raw": f"Vardas;Asmens kodas\nJonas;{CODE}\n".encode(),
                "res_model": "helpdesk.ticket",
                "res_id": ticket.id,
            }
        )
        self.assertFalse(self._ticket_files(ticket))
        audit = self.Audit.sudo().search([("ticket_id", "=", ticket.id)])
        self.assertEqual((audit.source, audit.partner_id), ("portal", self.contact_a))

    def test_approved_request_covers_its_ticket(self):
        """R-PII-3: the dispatcher approves; the consultant cannot. (Clients
        file requests through the portal page, test_personal_data_portal; the
        dispatcher registers those that come by mail.)"""
        ticket = self._create_ticket(self.contact_a)
        request = (
            self.env["stekas.pii.transfer.request"]
            .with_user(self.dispatcher)
            .create(
                {
                    "ticket_id": ticket.id,
                    "purpose": "Atlyginimų klaida",
                    "data_categories": "Asmens kodai",
                    "retention_days": 10,
                }
            )
        )
        self.assertFalse(ticket.stekas_pii_lawful)
        with self.assertRaises(AccessError):
            request.with_user(self.consultant).action_approve()
        request.with_user(self.dispatcher).action_approve()
        self.assertEqual(request.state, "approved")
        ticket.invalidate_recordset(["stekas_pii_lawful"])
        self.assertTrue(ticket.stekas_pii_lawful)
        attachment = self.Attachment.create(
            {
                "name": "sarasas.txt",
                "raw": f"Asmens kodas {CODE}".encode(),
                "res_model": "helpdesk.ticket",
                "res_id": ticket.id,
            }
        )
        self.assertEqual(attachment.stekas_pii_state, "personal")
        self.assertEqual(ticket._stekas_pii_retention_days(), 10)

    def test_request_access_rules(self):
        ticket_b = self._create_ticket(self.contact_b)
        request_b = self.env["stekas.pii.transfer.request"].create(
            {
                "ticket_id": ticket_b.id,
                "partner_id": self.contact_b.id,
                "purpose": "x",
                "data_categories": "y",
            }
        )
        with self.assertRaises(AccessError):
            request_b.with_user(self.portal_a).check_access("read")
        request_b.with_user(self.portal_b).check_access("read")
        with self.assertRaises(AccessError):
            request_b.with_user(self.portal_b).write({"state": "approved"})
        with self.assertRaises(AccessError):
            self.Audit.with_user(self.consultant).search([])
        with self.assertRaises(AccessError):
            self.Audit.with_user(self.portal_a).search([])
        self.Audit.with_user(self.dispatcher).search([])

    def test_retention_cron_destroys_after_the_ticket_closes(self):
        self.client_a.stekas_pii_agreement_signed = True
        self.env.company.stekas_pii_retention_days = 5
        ticket = self._create_ticket(self.contact_a)
        attachment = self.Attachment.create(
            {
                "name": "sarasas.txt",
                "raw": f"Asmens kodas {CODE}".encode(),
                "res_model": "helpdesk.ticket",
                "res_id": ticket.id,
            }
        )
        self.assertEqual(attachment.stekas_pii_state, "personal")
        closed = self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True)], limit=1
        )
        ticket.stage_id = closed
        ticket.closed_date = fields.Datetime.subtract(fields.Datetime.now(), days=3)
        self.env["helpdesk.ticket"]._cron_stekas_pii_destroy_expired()
        self.assertTrue(attachment.exists())
        ticket.closed_date = fields.Datetime.subtract(fields.Datetime.now(), days=6)
        self.env["helpdesk.ticket"]._cron_stekas_pii_destroy_expired()
        self.assertFalse(attachment.exists())
        audit = self.Audit.sudo().search(
            [("ticket_id", "=", ticket.id), ("action", "=", "expired")]
        )
        self.assertEqual(len(audit), 1)

    def test_anonymized_copy_of_a_csv(self):
        """R-PII-2: the consultant makes an anonymized copy."""
        self.client_a.stekas_pii_agreement_signed = True
        ticket = self._create_ticket(self.contact_a, user_id=self.consultant.id)
        attachment = self.Attachment.create(
            {
                "name": "sarasas.csv",
                "raw": f"Vardas;Asmens kodas\nJonas;{CODE}\n".encode(),
                "res_model": "helpdesk.ticket",
                "res_id": ticket.id,
            }
        )
        copy = attachment.with_user(
            self.consultant
        )._stekas_pii_make_anonymized_copies()
        self.assertEqual(copy.name, "sarasas_anonimizuota.csv")
        self.assertNotIn(CODE, copy.sudo().raw.decode())
        self.assertEqual(copy.sudo().stekas_pii_state, "clean")
        pdf = self.Attachment.create(
            {
                "name": "a.pdf",
                "datas": base64.b64encode(_encrypted_pdf()),
                "res_model": "helpdesk.ticket",
                "res_id": ticket.id,
            }
        )
        with self.assertRaises(UserError):
            pdf.with_user(self.consultant)._stekas_pii_make_anonymized_copies()

    def test_unknown_sender_is_told_at_the_address_the_mail_came_from(self):
        ticket = self._mail(
            [("darbuotojai.xlsx", _xlsx_with_code_as_number())],
            sender="nezinomas@kitas.example",
        )
        self.assertFalse(self._ticket_files(ticket))
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [("subject", "ilike", SUBJECT_DESTROYED), ("res_id", "=", ticket.id)]
            )
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("nezinomas@kitas.example", mail.email_to)

    def test_staff_comment_without_files_is_not_scanned(self):
        ticket = self._create_ticket(self.contact_a)
        Ticket = type(self.env["helpdesk.ticket"])
        with patch.object(Ticket, "_stekas_pii_guard") as guard:
            ticket.with_user(self.dispatcher).message_post(
                body=f"Kliento asmens kodas {CODE}", message_type="comment"
            )
        guard.assert_not_called()

    def test_quoted_signatures_of_staff_and_client_contacts_are_known(self):
        colleague = self.env["res.partner"].create(
            {
                "firstname": "Rūta",
                "lastname": "Jankauskaitė",
                "function": "Direktorė",
                "email": "ruta.j@client-a.example",
                "mobile": "+370 611 22334",
                "parent_id": self.client_a.id,
            }
        )
        self.consultant.partner_id.write(
            {"email": "konsultantas@stekas.example", "phone": "+370 699 11223"}
        )
        body = (
            "Ačiū, veikia. Kopija: Rūta Jankauskaitė, direktorė, "
            f"{colleague.email}, tel. {colleague.mobile}\n"
            "> 2026-11-20 konsultantas rašė:\n"
            f"> {self.consultant.name}, konsultantas, {self.consultant.email}, "
            "tel. +370 699 11223"
        )
        ticket = self._mail([], body=body)
        self.assertFalse(self.Audit.sudo().search([("ticket_id", "=", ticket.id)]))
        message = ticket.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertIn("ruta.j@client-a.example", message.body)
