# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo.tests import HttpCase, tagged

from .common import StekasHelpdeskCommon

CODE = "38506124638"  # invented, with a valid check digit


@tagged("post_install", "-at_install")
class TestPersonalDataPortal(StekasHelpdeskCommon, HttpCase):
    def _csrf(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def test_client_files_a_transfer_request(self):
        """R-PII-3: the form in the portal, for the client's own tickets only."""
        ticket = self._create_ticket(self.contact_a)
        self.authenticate(self.portal_a.login, self.portal_a.login)
        url = f"/my/ticket/{ticket.id}/personal-data-request"
        token = self._csrf(url)
        response = self.url_open(
            url, data={"csrf_token": token, "purpose": "", "retention_days": "x"}
        )
        self.assertIn("is-invalid", response.text)
        self.assertFalse(ticket.stekas_pii_request_ids)
        response = self.url_open(
            url,
            data={
                "csrf_token": token,
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
            (request.state, request.retention_days, request.partner_id),
            ("submitted", 14, self.contact_a),
        )
        # Another client's portal user cannot reach the form.
        self.authenticate(self.portal_b.login, self.portal_b.login)
        response = self.url_open(url)
        self.assertNotIn("personal-data-request", response.url)
        self.assertFalse(
            self.env["stekas.pii.transfer.request"]
            .with_user(self.portal_b)
            .search([("ticket_id", "=", ticket.id)])
        )

    def test_client_anonymizes_a_file_without_storing_it(self):
        """R-PII-2 in the portal."""
        self.authenticate(self.portal_a.login, self.portal_a.login)
        token = self._csrf("/my/personal-data/anonymize")
        before = self.env["ir.attachment"].sudo().search_count([])
        response = self.url_open(
            "/my/personal-data/anonymize",
            data={"csrf_token": token},
            files={"file": ("sarasas.csv", f"Vardas;Asmens kodas\nJonas;{CODE}\n")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "sarasas_anonimizuota.csv", response.headers["Content-Disposition"]
        )
        self.assertNotIn(CODE, response.text)
        self.assertIn("[asmens kodas 1]", response.text)
        self.assertEqual(self.env["ir.attachment"].sudo().search_count([]), before)
        response = self.url_open(
            "/my/personal-data/anonymize",
            data={"csrf_token": token},
            files={"file": ("a.pdf", b"%PDF-1.4 nothing")},
        )
        self.assertIn("alert-danger", response.text)
