# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import time

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import StekasHelpdeskCommon, load_lithuanian, process_text_mail

SUBJECT_DESTROYED = "atsiųsti asmens duomenys sunaikinti"
SECOND_PHONE = "+370 612 34567"
UNKNOWN_PHONE = "+370 655 44321"
PASTED = (
    "Darbuotojų sąrašas:\n"
    "Jonas Jonaitis, tel. +370 611 11111, asmens kodas 48603121233\n"
    "Agnė Agnaitė, tel. +370 622 22222, asmens kodas 39001014566\n"
    "Rimas Rimaitis, tel. +370 633 33333, asmens kodas 47512307894\n"
)


class SenderMailCase(StekasHelpdeskCommon):
    """Mails through the gateway, as a client's mail server sends them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_lithuanian(cls.env)
        cls.Audit = cls.env["stekas.pii.audit"]

    def _process(self, sender, body, msgid):
        return process_text_mail(self.env, sender, "Klaida ataskaitoje", body, msgid)

    def _message(self, ticket):
        return ticket.message_ids.filtered(lambda m: m.message_type == "email")

    def _destroyed_mails(self, ticket):
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("subject", "ilike", SUBJECT_DESTROYED),
                    ("model", "=", "helpdesk.ticket"),
                    ("res_id", "=", ticket.id),
                ]
            )
        )


@tagged("post_install", "-at_install")
class TestPiiSenderZone(SenderMailCase):
    """R-PII-4 rev. 2 and R-INT-2: the sender's own contact data in a mail is
    not material to destroy; what is pasted around it still is."""

    def _unknown_body(self, pasted=""):
        return (
            "Laba diena,\n"
            "nepavyksta prisijungti prie programos.\n"
            f"{pasted}\n"
            "Pagarbiai,\n"
            "Petras Naujokas\n"
            "Vyr. buhalteris, UAB Naujoji Medis\n"
            f"mob. {UNKNOWN_PHONE}\n"
        )

    def test_known_client_signature_with_a_second_phone_is_left_intact(self):
        contact = self.contact_a
        body = (
            "Laba diena,\n"
            "ataskaita neatsidaro po atnaujinimo.\n\n"
            "Pagarbiai,\n"
            f"{contact.name}\n"
            "Buhalterė, Client A UAB\n"
            f"tel. {contact.phone}, mob. {SECOND_PHONE}\n"
            f"{contact.email}\n"
        )
        ticket = self._process(
            f"{contact.name} <{contact.email}>", body, "<zone-known@client-a.example>"
        )
        self.assertEqual(ticket.partner_id, contact)
        self.assertIn(SECOND_PHONE, self._message(ticket).body)
        self.assertIn(SECOND_PHONE, str(ticket.description))
        self.assertFalse(self.Audit.sudo().search([("ticket_id", "=", ticket.id)]))
        self.assertFalse(self._destroyed_mails(ticket))

    def test_unknown_sender_signature_is_left_intact(self):
        ticket = self._process(
            "Petras Naujokas <petras@naujoji.example>",
            self._unknown_body(),
            "<zone-unknown@naujoji.example>",
        )
        body = self._message(ticket).body
        for value in ("Petras Naujokas", "Vyr. buhalteris", UNKNOWN_PHONE):
            self.assertIn(value, body)
        self.assertFalse(self.Audit.sudo().search([("ticket_id", "=", ticket.id)]))
        self.assertFalse(self._destroyed_mails(ticket))

    def test_pasted_list_beside_the_signature_is_still_destroyed(self):
        ticket = self._process(
            "Petras Naujokas <petras@naujoji.example>",
            self._unknown_body(PASTED),
            "<zone-pasted@naujoji.example>",
        )
        body = self._message(ticket).body
        for value in ("48603121233", "+370 622 22222", "Rimas Rimaitis"):
            self.assertNotIn(value, body)
            self.assertNotIn(value, str(ticket.description))
        for value in ("Petras Naujokas", UNKNOWN_PHONE):
            self.assertIn(value, body)
        audit = self.Audit.sudo().search([("ticket_id", "=", ticket.id)])
        self.assertEqual((audit.content_type, audit.action), ("body", "destroyed"))
        mail = self._destroyed_mails(ticket)
        self.assertEqual(len(mail), 1)
        self.assertIn("petras@naujoji.example", mail.email_to)


@tagged("post_install", "-at_install")
class TestIntakeFromSignature(SenderMailCase):
    """R-INT-2, R-INT-4: an unknown sender is not asked again for the position
    and phone their signature gives."""

    def test_signature_fills_the_missing_intake_items(self):
        ticket = self._process(
            "Petras Naujokas <petras@naujoji.example>",
            "Laba diena,\n"
            "nepavyksta prisijungti prie programos.\n\n"
            "Pagarbiai,\n"
            "Petras Naujokas\n"
            "Vyr. buhalteris\n"
            f"mob. {UNKNOWN_PHONE}\n",
            "<zone-intake@naujoji.example>",
        )
        self.assertFalse(ticket.partner_id, "an unknown sender")
        self.assertEqual(ticket.stekas_intake_function, "Vyr. buhalteris")
        self.assertEqual(ticket.stekas_intake_phone, UNKNOWN_PHONE)
        self.assertEqual(ticket.stekas_intake_missing_codes, "company")
        replies = ticket.message_ids.filtered(
            lambda m: m.message_type == "auto_comment"
        )
        self.assertEqual(len(replies), 1)
        self.assertIn("trūksta", replies.body)
        self.assertNotIn("kontaktinio asmens pareigos", replies.body)
        self.assertNotIn("kontaktinio asmens telefonas", replies.body)
        note = ticket.message_ids.filtered(
            lambda m: m.message_type == "notification" and "signature" in str(m.body)
        )
        self.assertEqual(len(note), 1)
        self.assertIn("contact person's job position", note.body)
        self.assertIn("contact person's phone", note.body)

    def test_signature_never_replaces_known_contact_data(self):
        body = (
            "Laba diena,\nataskaita neatsidaro.\n\nPagarbiai,\n"
            f"{self.contact_a.name}\nDirektorė\nmob. {SECOND_PHONE}\n"
        )
        ticket = self._process(
            f"{self.contact_a.name} <{self.contact_a.email}>",
            body,
            "<zone-intake-known@client-a.example>",
        )
        self.assertEqual(ticket.stekas_intake_function, "Buhalterė")
        self.assertEqual(ticket.stekas_intake_phone, self.contact_a.phone)


@tagged("post_install", "-at_install")
class TestSignatureRobustness(SenderMailCase):
    """R-INT-1: whatever a signature holds, the mail becomes a ticket; reading
    the signature is a help that may fail, with a warning, not a gate."""

    INTAKE_LOGGER = "odoo.addons.stekas_helpdesk.intake.models.helpdesk_ticket"

    def test_signature_with_a_nul_character_still_registers_the_mail(self):
        # A broken mail client's NUL after the position: the signature gives
        # a position PostgreSQL cannot store.
        body = (
            "Laba diena,\n"
            "nepavyksta prisijungti prie programos.\n\n"
            "Pagarbiai,\n"
            "Petras Naujokas\n"
            "Vyr. buhalteris\x00\n"
            f"mob. {UNKNOWN_PHONE}\n"
        )
        # PostgreSQL's refusal is logged by odoo.sql_db ("bad query") as well.
        with (
            mute_logger("odoo.sql_db"),
            self.assertLogs(self.INTAKE_LOGGER, level="WARNING") as logs,
        ):
            ticket = self._process(
                "Petras Naujokas <petras@naujoji.example>",
                body,
                "<zone-nul@naujoji.example>",
            )
            # What the mail fetcher's commit writes; before, the position
            # the signature gave was still pending here, and failed.
            self.env.flush_all()
        self.assertIn("signature", logs.output[0])
        self.assertTrue(ticket.exists())
        self.assertIn("nepavyksta prisijungti", str(ticket.description))
        self.assertFalse(ticket.stekas_intake_function)
        replies = ticket.message_ids.filtered(
            lambda m: m.message_type == "auto_comment"
        )
        self.assertEqual(len(replies), 1, "the intake reply asks for the items")

    def test_nul_in_a_signature_without_data_to_guard_still_registers(self):
        # Nothing in this text for the personal-data guard: no savepoint of
        # its own flushes (and swallows) the signature's failed write first.
        body = (
            "Laba diena,\n"
            "nepavyksta prisijungti prie programos.\n\n"
            "Pagarbiai,\n"
            "Petras Naujokas\n"
            "Vyr. buhalteris\x00\n"
        )
        with (
            mute_logger("odoo.sql_db"),
            self.assertLogs(self.INTAKE_LOGGER, level="WARNING"),
        ):
            ticket = self._process(
                "Petras Naujokas <petras@naujoji.example>",
                body,
                "<zone-nul-2@naujoji.example>",
            )
            # What the mail fetcher's commit writes; before, the position
            # the signature gave was still pending here, and failed.
            self.env.flush_all()
        self.assertTrue(ticket.exists())
        self.assertFalse(ticket.stekas_intake_function)
        self.assertIn("function", ticket.stekas_intake_missing_codes)

    def test_pathological_signatures_register_within_a_time_bound(self):
        bodies = {
            "huge": "Laba diena,\nneveikia ataskaita.\n\nPagarbiai,\n"
            + "Petras Naujokas, vyr. buhalteris, tel. +370 655 44321\n" * 3000,
            "nested": "Laba diena,\nneveikia ataskaita.\n\nPagarbiai,\n"
            + "<div>" * 3000
            + "Petras Naujokas"
            + "</div>" * 3000,
            "binary": "Laba diena,\nneveikia ataskaita.\n\nPagarbiai,\n"
            + "".join(chr(0x80 + (i * 37) % 0x700) for i in range(60000)),
        }
        for index, (name, body) in enumerate(bodies.items()):
            start = time.monotonic()
            ticket = self._process(
                "Petras Naujokas <petras@naujoji.example>",
                body,
                f"<zone-patho-{index}@naujoji.example>",
            )
            elapsed = time.monotonic() - start
            self.assertTrue(ticket.exists(), name)
            self.assertLess(elapsed, 90, name)
