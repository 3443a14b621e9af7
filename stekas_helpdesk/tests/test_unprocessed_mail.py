# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import psycopg2

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..intake.models.fetchmail_server import FETCH_FAILED
from ..intake.models.stekas_unprocessed_mail import (
    MAX_FETCH_ATTEMPTS,
    mail_fingerprint,
)
from .common import StekasHelpdeskCommon, load_lithuanian

BREAKING = "SUGADINTA"
MESSAGE_ID = "<held@client.example>"


class UnprocessedMailCase(StekasHelpdeskCommon):
    """A client's mail the database refuses, fetched as Odoo's loop does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = cls.env["fetchmail.server"].create(
            {
                "name": "pagalba",
                "server_type": "imap",
                "server": "imap.stekas.example",
                "user": "pagalba",
                "password": "x",
                "object_id": cls.env["ir.model"]._get_id("helpdesk.ticket"),
            }
        )
        cls.Unprocessed = cls.env["stekas.unprocessed.mail"]

    def setUp(self):
        super().setUp()
        self._break()

    def _break(self):
        # A real failure, as a bug would give: the database refuses the
        # ticket this mail makes (rolled back with the test).
        self.env.cr.execute(
            "ALTER TABLE helpdesk_ticket ADD CONSTRAINT stekas_test_refused "
            f"CHECK (name NOT LIKE '%%{BREAKING}%%') NOT VALID"
        )

    def _mend(self):
        self.env.cr.execute(
            "ALTER TABLE helpdesk_ticket DROP CONSTRAINT stekas_test_refused"
        )

    def _raw(self, subject=f"{BREAKING} spausdintuvas", msgid=MESSAGE_ID):
        message_id = f"Message-Id: {msgid}\r\n" if msgid else ""
        return (
            f"From: {self.contact_a.name} <{self.contact_a.email}>\r\n"
            # the server's own box, not an alias: on an alias Odoo answers a
            # failed mail with a bounce from a cursor of its own, which
            # cannot see this test's uncommitted server
            "To: gauti@stekas.example\r\n"
            f"Subject: {subject}\r\n"
            f"{message_id}"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            "Laba diena, spausdintuvas nespausdina.\r\n"
        ).encode()

    def _fetch(self, raw):
        """One fetch of `raw` as Odoo's fetch loop does it; returns whether
        the mail is left unseen (to be fetched again)."""
        self.env.cr.postcommit.data.pop(FETCH_FAILED, None)
        # not assertRaises, whose savepoint would undo what the failure kept:
        # the fetch loop catches the error and commits
        error = None
        try:
            with mute_logger("odoo.sql_db"):
                self.env["mail.thread"].with_context(
                    fetchmail_cron_running=True,
                    default_fetchmail_server_id=self.server.id,
                ).message_process("helpdesk.ticket", raw)
        except psycopg2.errors.CheckViolation as refused:
            error = refused
        self.assertTrue(error, "the mail went through")
        return self.env.cr.postcommit.data.pop(FETCH_FAILED, False)

    def _records(self):
        return self.Unprocessed.search([("message_id", "=", MESSAGE_ID)])

    def _tickets(self):
        return self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.contact_a.id)]
        )

    def _hold(self, raw, fetched=0):
        for _attempt in range(MAX_FETCH_ATTEMPTS - 1 - fetched):
            self.assertTrue(self._fetch(raw), "fetched again")
        with self.assertLogs(
            "odoo.addons.stekas_helpdesk.intake.models.stekas_unprocessed_mail",
            "WARNING",
        ):
            self.assertFalse(self._fetch(raw), "held: marked seen")
        return self.Unprocessed.search([("fingerprint", "=", mail_fingerprint(raw))])


@tagged("post_install", "-at_install")
class TestUnprocessedMail(UnprocessedMailCase):
    """A mail the gateway fails on at every fetch is held for the dispatchers
    after a few fetches, with its original, and marked seen; never lost,
    never retried for ever in silence."""

    def test_a_mail_failing_at_every_fetch_is_held_with_its_original(self):
        load_lithuanian(self.env)
        self.dispatcher.lang = "lt_LT"
        raw = self._raw()
        self.assertTrue(self._fetch(raw))
        mail = self._records()
        self.assertEqual(
            (mail.state, mail.attempts, mail.message_id),
            ("retrying", 1, MESSAGE_ID),
        )
        self.assertFalse(mail.raw_attachment_id, "nothing kept while fetched again")
        self.assertIn("CheckViolation", mail.error)
        mail = self._hold(raw, fetched=1)
        self.assertEqual((mail.state, mail.attempts), ("held", MAX_FETCH_ATTEMPTS))
        self.assertEqual(mail.raw_attachment_id.raw, raw)
        self.assertEqual(mail.name, f"{BREAKING} spausdintuvas")
        self.assertEqual(mail.fetchmail_server_id, self.server)
        self.assertIn(self.dispatcher, mail.activity_ids.user_id)
        todo = mail.activity_ids.filtered(lambda a: a.user_id == self.dispatcher)
        self.assertEqual(todo.summary, "Nepavyko apdoroti gauto laiško")
        self.assertNotIn(self.consultant, mail.activity_ids.user_id)
        self.assertFalse(self._tickets())

    def test_the_dispatcher_processes_a_held_mail_again(self):
        mail = self._hold(self._raw())
        as_dispatcher = mail.with_user(self.dispatcher)
        # still failing: told why, kept held
        with mute_logger("odoo.sql_db"):
            action = as_dispatcher.action_retry()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn("CheckViolation", action["params"]["message"])
        self.assertEqual(mail.state, "held")
        self._mend()
        self.assertTrue(as_dispatcher.action_retry())
        ticket = self._tickets()
        self.assertEqual(ticket.name, f"{BREAKING} spausdintuvas")
        self.assertEqual((mail.state, mail.ticket_id), ("processed", ticket))
        self.assertFalse(mail.raw_attachment_id, "the original goes with it")
        self.assertFalse(mail.activity_ids, "the to-do is done")
        with self.assertRaises(UserError, msg="once only"):
            as_dispatcher.action_retry()

    def test_a_mail_without_message_id_failing_again_is_held_again(self):
        """The same bytes come again (no Message-Id for Odoo to drop them
        by) and fail anew: held again in their turn, not fetched for ever."""
        raw = self._raw(msgid=None)
        mail = self._hold(raw)
        self._mend()
        mail.with_user(self.dispatcher).action_retry()
        self.assertEqual(mail.state, "processed")
        self._break()
        self.assertEqual(self._hold(raw), mail)
        self.assertEqual((mail.state, mail.ticket_id.id), ("held", False))

    def test_a_mail_that_goes_through_at_the_next_fetch_leaves_no_record(self):
        raw = self._raw()
        self.assertTrue(self._fetch(raw))
        self._mend()
        self.env["mail.thread"].with_context(
            fetchmail_cron_running=True, default_fetchmail_server_id=self.server.id
        ).message_process("helpdesk.ticket", raw)
        self.assertFalse(self.env.cr.postcommit.data.pop(FETCH_FAILED, False))
        self.assertTrue(self._tickets())
        self.assertFalse(self._records())

    def test_others_cannot_read_or_change_a_held_mail(self):
        """Attack: a consultant or portal user reads a held mail or its
        original; a dispatcher rewrites it by RPC instead of the button."""
        mail = self._hold(self._raw())
        for user in (self.consultant, self.portal_a):
            with self.assertRaises(AccessError):
                mail.with_user(user).read(["error"])
            with self.assertRaises(AccessError):
                mail.raw_attachment_id.with_user(user).read(["raw"])
            with self.assertRaises(AccessError):
                mail.with_user(user).action_retry()
        with self.assertRaises(AccessError):
            mail.with_user(self.dispatcher).write({"state": "processed"})
        with self.assertRaises(AccessError):
            mail.with_user(self.dispatcher).unlink()
        self.assertEqual(mail.state, "held")


@tagged("post_install", "-at_install")
class TestUnprocessedMailTour(HttpCase, UnprocessedMailCase):
    """In the browser: the dispatcher processes a held mail again."""

    def test_dispatcher_processes_a_held_mail_again(self):
        mail = self._hold(self._raw())
        self._mend()
        self.start_tour(
            "/odoo", "stekas_dispatcher_held_mail_tour", login="test_dispatcher"
        )
        self.assertEqual(mail.state, "processed")
        self.assertEqual(mail.ticket_id.name, f"{BREAKING} spausdintuvas")
        self.assertEqual(mail.ticket_id.partner_id, self.contact_a)
