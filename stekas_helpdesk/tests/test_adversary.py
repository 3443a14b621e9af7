# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Attacks replayed as the attacker makes them: a portal session calling the
ORM over JSON-RPC, forged HTTP requests, crafted e-mails. Each asserts the
refusal; new attacks are added here."""

import re
from email.message import EmailMessage

from odoo.tests import HttpCase, tagged

from .common import StekasHelpdeskCommon


@tagged("post_install", "-at_install")
class TestAdversary(StekasHelpdeskCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_ticket(cls.contact_a, user_id=cls.consultant.id)

    def _call_kw(self, model, method, args, kwargs=None):
        """The ORM call a portal user's browser could send, as JSON-RPC."""
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_portal_cannot_forge_an_approved_reassignment(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        try:
            self._call_kw(
                "stekas.reassignment",
                "create",
                [
                    {
                        "ticket_id": self.ticket.id,
                        "reason": "Another consultant, please.",
                        "state": "approved",
                        "new_user_id": self.other_consultant.id,
                        "decided_by_id": self.dispatcher.id,
                    }
                ],
            )
        except Exception:  # noqa: BLE001 - a refusal of any kind is the answer
            self.env.invalidate_all()
        requests = self.env["stekas.reassignment"].search(
            [("ticket_id", "=", self.ticket.id)]
        )
        self.assertFalse(requests.filtered(lambda r: r.state != "pending"))
        self.assertFalse(requests.decided_by_id)

    def test_portal_cannot_forge_an_approved_transfer_request(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        try:
            self._call_kw(
                "stekas.pii.transfer.request",
                "create",
                [
                    {
                        "ticket_id": self.ticket.id,
                        "purpose": "Payroll check",
                        "data_categories": "Personal codes",
                        "state": "approved",
                        "valid_until": "2099-12-31",
                        "decided_by_id": self.dispatcher.id,
                    }
                ],
            )
        except Exception:  # noqa: BLE001 - a refusal of any kind is the answer
            self.env.invalidate_all()
        requests = self.env["stekas.pii.transfer.request"].search(
            [("ticket_id", "=", self.ticket.id)]
        )
        self.assertFalse(requests.filtered(lambda r: r.state == "approved"))
        self.assertFalse(requests.decided_by_id)

    def test_unknown_sort_order_is_not_a_server_error(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        response = self.url_open("/my/tickets?sortby=bogus")
        self.assertEqual(response.status_code, 200)

    def test_auto_reply_gets_no_automatic_reply(self):
        mail = EmailMessage()
        mail["From"] = "Out of office <nobody@elsewhere.example>"
        mail["To"] = "pagalba@stekas.example"
        mail["Subject"] = "Automatic reply: Klaida"
        mail["Message-Id"] = "<auto-1@elsewhere.example>"
        mail["Auto-Submitted"] = "auto-replied"
        mail.set_content("I am out of the office until Monday.")
        Ticket = self.env["helpdesk.ticket"]
        before = Ticket.search_count([])
        self.env["mail.thread"].message_process("helpdesk.ticket", mail.as_string())
        self.assertEqual(Ticket.search_count([]), before)

    def test_a_get_request_creates_no_ticket(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        Ticket = self.env["helpdesk.ticket"]
        before = Ticket.search_count([])
        response = self.url_open(
            "/submitted/ticket?subject=Forged&description=By+a+link&category=1"
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertEqual(Ticket.search_count([]), before)

    def test_a_stranger_quoting_a_ticket_does_not_reach_it(self):
        mail = EmailMessage()
        mail["From"] = "Client A <a@client-a.example>"
        mail["To"] = "pagalba@stekas.example"
        mail["Subject"] = "Klaida"
        mail["Message-Id"] = "<client-a-1@client-a.example>"
        mail.set_content("The report does not open.")
        Thread = self.env["mail.thread"]
        ticket = self.env["helpdesk.ticket"].browse(
            Thread.message_process("helpdesk.ticket", mail.as_string())
        )
        stranger = EmailMessage()
        stranger["From"] = "Stranger <someone@elsewhere.example>"
        stranger["To"] = "pagalba@stekas.example"
        stranger["Subject"] = "Re: Klaida"
        stranger["Message-Id"] = "<stranger-1@elsewhere.example>"
        stranger["References"] = "<client-a-1@client-a.example>"
        stranger["In-Reply-To"] = "<client-a-1@client-a.example>"
        stranger.set_content("Click this link to fix it.")
        other_id = Thread.message_process("helpdesk.ticket", stranger.as_string())
        self.assertTrue(other_id)
        self.assertNotEqual(other_id, ticket.id)
        self.assertFalse(
            ticket.message_ids.filtered(lambda m: "Click this link" in (m.body or ""))
        )

    def test_session_cookie_is_not_sent_on_cross_site_posts(self):
        """A page elsewhere cannot post forms with the user's session: the
        session cookie says SameSite=Lax."""
        page = self.url_open("/web/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            "/web/login",
            data={
                "login": self.portal_a.login,
                "password": self.portal_a.login,
                "csrf_token": token,
            },
            allow_redirects=False,
        )
        cookies = [
            c for c in response.raw.headers.getlist("Set-Cookie") if "session_id=" in c
        ]
        self.assertTrue(cookies)
        for cookie in cookies:
            self.assertIn("samesite=lax", cookie.lower())
