# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .journal_common import StekasJournalCommon


@tagged("post_install", "-at_install")
class TestExtractJobs(StekasJournalCommon):
    """The cron's extracts are sent by one job per client on
    root.stekas_documents; a job run twice sends once; a client's own ask is
    answered at once."""

    stekas_jobs_inline = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._opt_in_both_clients(stekas_extract_frequency="monthly")
        cls._log(cls.ticket_a, 30, date="2026-02-03")
        cls._log(cls.ticket_b, 30, date="2026-02-10")
        cls.Extract = cls.env["stekas.journal.extract"]

    def _mails(self):
        return self.env["mail.mail"].search([("model", "=", "stekas.journal.extract")])

    @freeze_time("2026-03-05 08:00:00")
    def test_cron_queues_one_job_per_client_run_twice_sends_once(self):
        self.assertFalse(self.Extract._cron_send_extracts())
        self.assertFalse(self._mails(), "nothing is sent by the cron itself")
        jobs = self._stekas_queued("_send_documents_job")
        self.assertEqual(len(jobs), 2)
        job_a = jobs.filtered(lambda j: j.args[0] == self.client_a)
        self.assertEqual(
            list(job_a.args), [self.client_a, *self._february(), "extract", "cron"]
        )
        self.assertEqual(job_a.channel, "root.stekas_documents")
        self.assertEqual(
            job_a.identity_key,
            f"stekas_document:extract:{self.env.company.id}:{self.client_a.id}:"
            "2026-02-01:2026-02-28",
        )
        self._stekas_perform(jobs)
        extracts = self.Extract.sudo().search([])
        self.assertEqual(extracts.partner_id, self.client_a | self.client_b)
        self.assertEqual(len(self._mails()), 2)
        self._stekas_perform(jobs)
        self.assertEqual(self.Extract.sudo().search([]), extracts)
        self.assertEqual(len(self._mails()), 2)
        # the cron again: those periods are sent, no new job
        self.Extract._cron_send_extracts()
        self.assertEqual(self._stekas_queued("_send_documents_job"), jobs)

    @staticmethod
    def _february():
        return date(2026, 2, 1), date(2026, 2, 28)

    @freeze_time("2026-03-05 08:00:00")
    def test_client_ask_is_answered_at_once(self):
        extracts = self.Extract.with_user(self.portal_a)._send_requested(
            self.client_a, *self._february(), "client"
        )
        self.assertFalse(self._stekas_queued("_send_documents_job"))
        self.assertEqual(extracts.sudo().partner_id, self.client_a)
        self.assertEqual(len(self._mails()), 1)
