# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import html
import re
from datetime import timedelta

from odoo.tests import HttpCase, tagged

from .common import StekasHelpdeskCommon

CODE = "38506124638"  # invented, with a valid check digit
INVALID = "This link is no longer valid"


@tagged("post_install", "-at_install")
class TestPiiAnonymizeLink(StekasHelpdeskCommon, HttpCase):
    """R-PII-2: a client who only writes e-mails (no portal login) makes an
    anonymized copy from the link of the notice of destroyed data, or of the
    intake reply where the guard acted; the link's token opens the anonymizer
    of its own ticket only, for a limited time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mail_only = cls.env["res.partner"].create(
            cls._contact_vals(cls.client_a, "Elena", "Laiškaitė", "mailonly")
        )

    def _process(self, sender, body, msgid):
        raw = "\r\n".join(
            [
                f"From: {sender}",
                "To: pagalba@stekas.example",
                "Subject: Klaida žiniaraštyje",
                f"Message-ID: {msgid}",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: 8bit",
                "",
                body,
            ]
        )
        ticket_id = self.env["mail.thread"].message_process(
            "helpdesk.ticket", raw.encode()
        )
        return self.env["helpdesk.ticket"].browse(ticket_id)

    def _anonymize_href(self, ticket, body_html):
        href = re.search(r'href="([^"]*/anonymize\?pii_token=[^"]*)"', body_html or "")
        self.assertTrue(href, "the anonymizer's link with a token")
        return html.unescape(href.group(1)).split(ticket.get_base_url(), 1)[-1]

    def _notice(self, ticket):
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "helpdesk.ticket"),
                    ("res_id", "=", ticket.id),
                    ("body_html", "ilike", "personal-data-request"),
                ]
            )
        )
        self.assertEqual(len(mail), 1)
        return mail

    def _upload(self, url, page):
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        token = re.search(r'name="pii_token" value="([^"]+)"', page).group(1)
        return self.url_open(
            url.split("?")[0],
            data={"csrf_token": csrf, "pii_token": token},
            files={"file": ("sarasas.csv", f"Vardas;Asmens kodas\nJonas;{CODE}\n")},
        )

    def test_mail_only_client_anonymizes_a_file_from_the_notice(self):
        ticket = self._process(
            f"{self.mail_only.name} <{self.mail_only.email}>",
            f"Darbuotojo asmens kodas {CODE}, prašau patikrinti.",
            "<pii-anon-1@client-a.example>",
        )
        self.assertEqual(ticket.partner_id, self.mail_only)
        self.assertFalse(self.mail_only.user_ids, "no portal login")
        url = self._anonymize_href(ticket, self._notice(ticket).body_html)
        page = self.url_open(url)  # an anonymous session
        self.assertEqual(page.status_code, 200)
        self.assertIn('name="file"', page.text)
        before = self.env["ir.attachment"].sudo().search_count([])
        response = self._upload(url, page.text)
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "sarasas_anonimizuota.csv", response.headers["Content-Disposition"]
        )
        self.assertNotIn(CODE, response.text)
        self.assertIn("[asmens kodas 1]", response.text)
        self.assertEqual(self.env["ir.attachment"].sudo().search_count([]), before)

    def test_intake_reply_carries_the_link_only_where_the_guard_acted(self):
        sender = "Petras Naujokas <petras@naujoji.example>"
        acted = self._process(
            sender,
            f"Laba diena,\nasmens kodas {CODE} rodomas neteisingai.\n",
            "<pii-anon-2@naujoji.example>",
        )
        self.assertFalse(acted.partner_id, "an unknown sender")
        reply = acted.message_ids.filtered(lambda m: m.message_type == "auto_comment")
        self.assertEqual(len(reply), 1)
        self.assertNotIn(CODE, reply.body)
        url = self._anonymize_href(acted, str(reply.body))
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        response = self._upload(url, page.text)
        self.assertNotIn(CODE, response.text)
        self.assertIn("[asmens kodas 1]", response.text)
        clean = self._process(
            sender,
            "Laba diena,\nataskaita neatsidaro po atnaujinimo.\n",
            "<pii-anon-3@naujoji.example>",
        )
        reply = clean.message_ids.filtered(lambda m: m.message_type == "auto_comment")
        self.assertEqual(len(reply), 1)
        self.assertNotIn("/anonymize", str(reply.body))

    def test_other_tokens_are_refused_with_a_clear_page(self):
        ticket = self._create_ticket(self.mail_only)
        other = self._create_ticket(self.contact_b)
        good = ticket._stekas_pii_link_token(self.mail_only, purpose="anonymize")
        tampered = good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB")
        tokens = (
            ticket._stekas_pii_link_token(
                self.mail_only, timedelta(hours=-1), purpose="anonymize"
            ),
            tampered,
            other._stekas_pii_link_token(self.contact_b, purpose="anonymize"),
            ticket._stekas_pii_link_token(self.contact_b, purpose="anonymize"),
            ticket._stekas_pii_link_token(self.mail_only),  # the request form's
            "not-a-token",
            "",
        )
        url = f"/my/ticket/{ticket.id}/anonymize"
        for token in tokens:
            response = self.url_open(f"{url}?pii_token={token}")
            self.assertEqual(response.status_code, 403, token)
            self.assertIn(INVALID, response.text)
            self.assertIn("anonymizer", response.text)
            self.assertNotIn("Traceback", response.text)
        # A file posted with a refused token is not anonymized either.
        page = self.url_open(f"{url}?pii_token={good}")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            url,
            data={"csrf_token": csrf, "pii_token": tokens[3]},
            files={"file": ("sarasas.csv", f"Jonas;{CODE}\n")},
        )
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("[asmens kodas 1]", response.text)

    def test_anonymizer_token_does_not_open_the_request_form(self):
        ticket = self._create_ticket(self.mail_only)
        token = ticket._stekas_pii_link_token(self.mail_only, purpose="anonymize")
        response = self.url_open(
            f"/my/ticket/{ticket.id}/personal-data-request?pii_token={token}"
        )
        self.assertEqual(response.status_code, 403)
        self.assertIn(INVALID, response.text)
        self.assertFalse(ticket.stekas_pii_request_ids)
