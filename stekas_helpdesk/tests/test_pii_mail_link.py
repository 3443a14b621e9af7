# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import html
import re
from datetime import timedelta

from odoo.tests import HttpCase, tagged

from .common import StekasHelpdeskCommon

CODE = "38506124638"  # invented, with a valid check digit


@tagged("post_install", "-at_install")
class TestPiiMailLink(StekasHelpdeskCommon, HttpCase):
    """R-PII-3, R-PII-4: a client who only writes e-mails (no portal login)
    files the transfer request from the link of the notice of destroyed data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mail_only = cls.env["res.partner"].create(
            cls._contact_vals(cls.client_a, "Elena", "Laiškaitė", "mailonly")
        )

    def _mail_with_code(self):
        raw = "\r\n".join(
            [
                f"From: {self.mail_only.name} <{self.mail_only.email}>",
                "To: pagalba@stekas.example",
                "Subject: Klaida žiniaraštyje",
                "Message-ID: <pii-link-1@client-a.example>",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: 8bit",
                "",
                f"Darbuotojo asmens kodas {CODE}, prašau patikrinti.",
            ]
        )
        ticket_id = self.env["mail.thread"].message_process(
            "helpdesk.ticket", raw.encode()
        )
        return self.env["helpdesk.ticket"].browse(ticket_id)

    def _link_in_notice(self, ticket):
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
        href = re.search(r'href="([^"]*personal-data-request[^"]*)"', mail.body_html)
        return html.unescape(href.group(1)).split(ticket.get_base_url(), 1)[-1]

    def test_mail_only_client_files_a_request_from_the_link(self):
        ticket = self._mail_with_code()
        self.assertEqual(ticket.partner_id, self.mail_only)
        self.assertFalse(self.mail_only.user_ids, "no portal login")
        url = self._link_in_notice(ticket)
        response = self.url_open(url)  # an anonymous session
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="purpose"', response.text)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)
        token = re.search(r'name="pii_token" value="([^"]+)"', response.text).group(1)
        response = self.url_open(
            url.split("?")[0],
            data={
                "csrf_token": csrf,
                "pii_token": token,
                "purpose": "Klaida atlyginimų žiniaraštyje",
                "data_categories": "Vardai, asmens kodai",
                "retention_days": "14",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("submitted=1", response.url)
        request = ticket.stekas_pii_request_ids
        self.assertEqual(len(request), 1)
        self.assertEqual(
            (request.state, request.partner_id), ("submitted", self.mail_only)
        )

    def test_expired_or_foreign_token_is_refused_with_a_clear_page(self):
        ticket = self._create_ticket(self.mail_only)
        other = self._create_ticket(self.contact_b)
        base = f"/my/ticket/{ticket.id}/personal-data-request?pii_token="
        tokens = (
            ticket._stekas_pii_link_token(self.mail_only, timedelta(hours=-1)),
            other._stekas_pii_link_token(self.contact_b),
            ticket._stekas_pii_link_token(self.contact_b),
            "not-a-token",
        )
        for token in tokens:
            response = self.url_open(base + token)
            self.assertEqual(response.status_code, 403)
            self.assertIn("This link is no longer valid", response.text)
            self.assertNotIn("Traceback", response.text)
        self.assertFalse(ticket.stekas_pii_request_ids)
