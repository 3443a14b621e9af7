# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import re
from datetime import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .journal_common import StekasJournalCommon


class StekasExtractRequestCommon(StekasJournalCommon):
    """Client A opted in to extracts (R-HIS-2); its entries sit around the
    Vilnius midnights of 15 January and 20 February 2026 (winter: UTC+2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_a.write(
            {
                "stekas_extract_optin": True,
                "stekas_extract_frequency": "monthly",
                "stekas_extract_recipient_ids": [(6, 0, cls.contact_a.ids)],
            }
        )
        cls.Extract = cls.env["stekas.journal.extract"]
        # date_time is UTC, as Odoo stores it.
        cls.before = cls._log(
            cls.ticket_a, 10, name="Before", date_time=datetime(2026, 1, 14, 21, 30)
        )
        cls.first = cls._log(
            cls.ticket_a, 11, name="First", date_time=datetime(2026, 1, 14, 23, 30)
        )
        cls.middle = cls._log(
            cls.ticket_a, 12, name="Middle", date_time=datetime(2026, 2, 1, 9, 0)
        )
        cls.last = cls._log(
            cls.ticket_a, 13, name="Last", date_time=datetime(2026, 2, 20, 21, 30)
        )
        cls.after = cls._log(
            cls.ticket_a, 14, name="After", date_time=datetime(2026, 2, 20, 22, 30)
        )
        cls.other = cls._log(
            cls.ticket_b, 15, name="Other client", date_time=datetime(2026, 2, 1, 9)
        )

    def _mails_to(self, partner):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "stekas.journal.extract"),
                ("recipient_ids", "in", partner.ids),
            ]
        )

    def _assert_exactly_the_period(self, document):
        self.assertEqual(document.entry_count, 3)
        data = base64.b64decode(document.attachment_id.datas)
        _header, rows, _total = self._xlsx_rows(data)
        self.assertEqual([row[11] for row in rows], ["First", "Middle", "Last"])


@tagged("post_install", "-at_install")
class TestExtractPortalRequest(HttpCase, StekasExtractRequestCommon):
    """R-HIS-2 rev. 2: the client names a period in the portal."""

    @staticmethod
    def _csrf(page):
        """The CSRF token every page of the layout carries for its scripts."""
        return re.search(r'csrf_token: "([^"]+)"', page).group(1)

    def _ask(self, date_from, date_to):
        token = self._csrf(self.url_open("/my/journal").text)
        response = self.url_open(
            "/my/journal/extract",
            data={"csrf_token": token, "date_from": date_from, "date_to": date_to},
        )
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_client_gets_exactly_the_vilnius_days_once(self):
        self.authenticate("test_portal_a", "test_portal_a")
        page = self._ask("2026-01-15", "2026-02-20")
        self.assertIn("The extract was sent by e-mail.", page)
        document = self.Extract.search([("partner_id", "=", self.client_a.id)])
        self.assertEqual(len(document), 1)
        self.assertEqual(
            (document.kind, document.requested_by, document.requested_user_id),
            ("extract", "client", self.portal_a),
        )
        self.assertEqual(str(document.date_from), "2026-01-15")
        self.assertEqual(str(document.date_to), "2026-02-20")
        self.assertFalse(document.frequency)
        self._assert_exactly_the_period(document)
        mails = self._mails_to(self.contact_a)
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.attachment_ids, document.attachment_id)
        # Asking again for the same period sends nothing: the document is in
        # the list, to download.
        page = self._ask("2026-01-15", "2026-02-20")
        self.assertIn("was already sent", page)
        self.assertEqual(len(self._mails_to(self.contact_a)), 1)
        self.assertIn(f"/my/journal/extract/{document.id}", page)
        response = self.url_open(f"/my/journal/extract/{document.id}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.content, base64.b64decode(document.attachment_id.datas)
        )

    def test_client_who_did_not_opt_in_is_refused(self):
        self.authenticate("test_portal_b", "test_portal_b")
        page = self.url_open("/my/journal").text
        self.assertNotIn('action="/my/journal/extract"', page)
        self.assertIn("only to clients who asked for them", page)
        # The form is not there; a crafted post is refused all the same.
        response = self.url_open(
            "/my/journal/extract",
            data={
                "csrf_token": self._csrf(page),
                "date_from": "2026-01-01",
                "date_to": "2026-01-31",
            },
        )
        self.assertIn("did not ask for journal extracts", response.text)
        self.assertFalse(self.Extract.search([]))
        self.assertFalse(self._mails_to(self.contact_b))

    def test_bad_periods_are_refused_with_a_message(self):
        self.authenticate("test_portal_a", "test_portal_a")
        cases = [
            (("2026-02-20", "2026-01-15"), "The period ends before it starts."),
            (("2026-01-01", "2999-01-01"), "The period may not end in the future."),
            (("2024-01-01", "2025-06-30"), "at most 366 days long"),
            (("2026-01-01", "'; DROP TABLE x"), "Give the period as two dates."),
            (("", ""), "Give the period as two dates."),
        ]
        for (start, end), message in cases:
            with self.subTest(start=start, end=end):
                self.assertIn(message, self._ask(start, end))
        self.assertFalse(self.Extract.search([]))
        self.assertFalse(self._mails_to(self.contact_a))

    def test_post_without_csrf_token_is_refused(self):
        self.authenticate("test_portal_a", "test_portal_a")
        with self.assertLogs("odoo.http", "WARNING"):
            response = self.url_open(
                "/my/journal/extract",
                data={"date_from": "2026-01-15", "date_to": "2026-02-20"},
            )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.Extract.search([]))

    def test_other_company_gets_nothing(self):
        document = self.Extract.with_user(self.dispatcher)._send_requested(
            self.client_a,
            datetime(2026, 1, 15).date(),
            datetime(2026, 2, 20).date(),
            "dispatcher",
        )
        self.authenticate("test_portal_b", "test_portal_b")
        response = self.url_open(f"/my/journal/extract/{document.id}")
        self.assertEqual(response.status_code, 403)
        self.assertNotIn(
            f"/my/journal/extract/{document.id}", self.url_open("/my/journal").text
        )
        response = self.url_open("/my/journal/extract/999999")
        self.assertEqual(response.status_code, 403)
        Extract = self.Extract.with_user(self.portal_b)
        self.assertFalse(Extract.search([]))
        with self.assertRaises(AccessError):
            document.with_user(self.portal_b).read(["attachment_id"])


@tagged("post_install", "-at_install")
class TestExtractRequestAttacks(StekasExtractRequestCommon):
    """A hostile portal user or consultant calls the model directly."""

    def test_portal_user_cannot_create_write_or_resend(self):
        Extract = self.Extract.with_user(self.portal_a)
        with self.assertRaises(AccessError):
            Extract.create(
                {
                    "partner_id": self.client_a.id,
                    "date_from": "2026-01-01",
                    "date_to": "2026-01-31",
                }
            )
        document = self.Extract.with_user(self.dispatcher)._send_requested(
            self.client_a,
            datetime(2026, 1, 15).date(),
            datetime(2026, 2, 20).date(),
            "dispatcher",
        )
        with self.assertRaises(AccessError):
            document.with_user(self.portal_a).write({"date_to": "2026-12-31"})
        with self.assertRaises(AccessError):
            document.with_user(self.portal_a).unlink()
        with self.assertRaises(AccessError):
            document.with_user(self.portal_a).action_resend()
        with self.assertRaises(AccessError):
            document.with_user(self.consultant).action_resend()
        self.assertEqual(len(self._mails_to(self.contact_a)), 1)

    def test_portal_user_cannot_ask_for_another_company(self):
        self.client_b.write(
            {
                "stekas_extract_optin": True,
                "stekas_extract_recipient_ids": [(6, 0, self.contact_b.ids)],
            }
        )
        with self.assertRaises(UserError):
            self.Extract.with_user(self.portal_a)._send_requested(
                self.client_b,
                datetime(2026, 1, 1).date(),
                datetime(2026, 1, 31).date(),
                "client",
            )
        with self.assertRaises(AccessError):
            self.Extract.with_user(self.portal_a)._send_requested(
                self.client_a,
                datetime(2026, 1, 1).date(),
                datetime(2026, 1, 31).date(),
                "dispatcher",
            )
        self.assertFalse(self.Extract.search([]))


@tagged("post_install", "-at_install")
class TestExtractDispatcherRequest(StekasExtractRequestCommon):
    """The dispatcher sends the extract of a period from the client's form,
    and resends a sent document on purpose."""

    def _wizard(self, user, date_from, date_to):
        action = self.client_a.with_user(user).action_stekas_request_journal_extract()
        return (
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
            .create({"date_from": date_from, "date_to": date_to})
        )

    def test_dispatcher_sends_a_period_once_then_resends(self):
        self._wizard(self.dispatcher, "2026-01-15", "2026-02-20").action_send()
        document = self.Extract.search([("partner_id", "=", self.client_a.id)])
        self.assertEqual(
            (document.requested_by, document.requested_user_id),
            ("dispatcher", self.dispatcher),
        )
        self._assert_exactly_the_period(document)
        self.assertEqual(len(self._mails_to(self.contact_a)), 1)
        with self.assertRaisesRegex(UserError, "already sent"):
            self._wizard(self.dispatcher, "2026-01-15", "2026-02-20").action_send()
        self.assertEqual(len(self._mails_to(self.contact_a)), 1)
        document.with_user(self.dispatcher).action_resend()
        mails = self._mails_to(self.contact_a)
        self.assertEqual(len(mails), 2)
        self.assertEqual(mails.attachment_ids, document.attachment_id)
        self.assertIn("Sent again", document.message_ids[0].body)

    def test_only_dispatcher_sends_a_period(self):
        with self.assertRaises(AccessError):
            self._wizard(self.consultant, "2026-01-15", "2026-02-20")
        with self.assertRaises(AccessError):
            self.Extract.with_user(self.consultant)._send_requested(
                self.client_a,
                datetime(2026, 1, 15).date(),
                datetime(2026, 2, 20).date(),
                "dispatcher",
            )
        self.assertFalse(self.Extract.search([]))

    def test_dispatcher_gets_clear_messages(self):
        with self.assertRaisesRegex(UserError, "did not ask"):
            self.Extract.with_user(self.dispatcher)._send_requested(
                self.client_b,
                datetime(2026, 1, 1).date(),
                datetime(2026, 1, 31).date(),
                "dispatcher",
            )
        with self.assertRaisesRegex(UserError, "ends before it starts"):
            self._wizard(self.dispatcher, "2026-02-20", "2026-01-15").action_send()
        self.assertFalse(self.Extract.search([]))
