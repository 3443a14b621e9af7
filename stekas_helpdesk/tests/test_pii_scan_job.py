# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io

from PIL import Image

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import (
    StekasHelpdeskCommon,
    load_lithuanian,
    process_mail_with_files,
)

CODE = "38506124638"  # invented, with a valid check digit
SUBJECT_DESTROYED = "atsiųsti asmens duomenys sunaikinti"
# the size above which the tests' files go to a job: a few KB is enough
JOB_BYTES = 2048


def _big_text(with_code=False):
    lines = [f"Eilute {index}: programa nepasileidzia." for index in range(200)]
    if with_code:
        lines.append(f"Darbuotojo a.k. {CODE}")
    return "\n".join(lines).encode()


def _png():
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(out, "PNG")
    return out.getvalue()


@tagged("post_install", "-at_install")
class TestPiiScanJob(StekasHelpdeskCommon):
    """Heavy files are scanned by a job on root.stekas_scan, quarantined until
    then; small text files are still scanned in the mail fetch."""

    stekas_jobs_inline = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_lithuanian(cls.env)
        cls.env["ir.config_parameter"].sudo().set_param(
            "stekas_helpdesk.pii_scan_job_bytes", str(JOB_BYTES)
        )
        cls.Attachment = cls.env["ir.attachment"]
        cls.Audit = cls.env["stekas.pii.audit"]

    def _scans(self):
        return self._stekas_queued("_stekas_pii_scan_job")

    def _mail(self, files, body="Laba diena, prisegu failą.", sender=None):
        return process_mail_with_files(
            self.env,
            sender or self.contact_a,
            files,
            body,
            f"<scan-{id(files)}-{len(files)}@client.example>",
        )

    def _files(self, ticket):
        return self.Attachment.sudo().search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )

    def _audits(self, ticket):
        return self.Audit.sudo().search([("ticket_id", "=", ticket.id)])

    def _notices(self):
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("recipient_ids", "in", self.contact_a.ids),
                    ("subject", "ilike", SUBJECT_DESTROYED),
                ]
            )
        )

    def _assert_unreadable(self, attachment, ticket):
        with self.assertRaises(AccessError):
            attachment.with_user(self.consultant).read(["datas"])
        self.assertNotIn(
            attachment,
            ticket.with_user(self.portal_a)._stekas_get_client_attachments(),
        )
        with self.assertRaises(AccessError):
            attachment.with_user(self.portal_a)._stekas_check_download()

    def test_big_file_is_quarantined_until_its_job_destroys_it(self):
        ticket = self._mail([("darbuotojai.txt", _big_text(with_code=True))])
        self.assertTrue(ticket, "the ticket exists at once")
        attachment = self._files(ticket)
        self.assertEqual(attachment.stekas_pii_state, "quarantine")
        self.assertTrue(attachment.stekas_pii_scan_pending)
        self.assertEqual(attachment.stekas_pii_ticket_id, ticket)
        self._assert_unreadable(attachment, ticket)
        self.assertFalse(self._audits(ticket), "no verdict before the scan")
        job = self._scans()
        self.assertEqual(len(job), 1)
        self.assertEqual(job.channel, "root.stekas_scan")
        self.assertEqual(job.identity_key, f"stekas_pii_scan:{attachment.id}")
        self.assertEqual(job.records, attachment)
        self._stekas_perform(job)
        self.assertFalse(attachment.exists(), "destroyed by the job")
        audit = self._audits(ticket)
        self.assertEqual(audit.mapped("action"), ["destroyed"])
        self.assertEqual(audit.source, "mail")
        self.assertEqual(audit.partner_id, self.contact_a)
        self.assertEqual(len(self._notices()), 1, "the client is told once")
        # the job run again (a retry after the commit): nothing more
        self._stekas_perform(job)
        self.assertEqual(len(self._audits(ticket)), 1)
        self.assertEqual(len(self._notices()), 1)

    def test_clean_big_file_is_released_by_its_job_once(self):
        ticket = self._mail([("zurnalas.txt", _big_text())])
        attachment = self._files(ticket)
        ticket.user_id = self.consultant
        self._assert_unreadable(attachment, ticket)
        self._stekas_perform(self._scans())
        self.assertEqual(attachment.stekas_pii_state, "clean")
        self.assertFalse(attachment.stekas_pii_scan_pending)
        self.assertTrue(attachment.with_user(self.consultant).read(["datas"]))
        self.assertIn(
            attachment,
            ticket.with_user(self.portal_a)._stekas_get_client_attachments(),
        )
        notes = len(ticket.message_ids)
        self._stekas_perform(self._scans())
        self.assertEqual(attachment.stekas_pii_state, "clean")
        self.assertFalse(self._audits(ticket))
        self.assertEqual(len(ticket.message_ids), notes)

    def test_image_goes_to_a_job_small_text_is_scanned_at_once(self):
        ticket = self._mail(
            [("ekranas.png", _png()), ("pastaba.txt", b"Nepasileidzia.")]
        )
        files = self._files(ticket)
        image = files.filtered(lambda a: a.name == "ekranas.png")
        text = files - image
        self.assertEqual(image.stekas_pii_state, "quarantine")
        self.assertTrue(image.stekas_pii_scan_pending)
        self.assertEqual(text.stekas_pii_state, "clean")
        self.assertFalse(text.stekas_pii_scan_pending)
        self.assertEqual(self._scans().records, image)
        self._stekas_perform(self._scans())
        self.assertEqual(image.stekas_pii_state, "clean")

    def test_inline_mode_decides_in_the_mail_fetch(self):
        """queue_job__no_delay: today's behaviour, one verdict at once."""
        self.env = self.env(context=dict(self.env.context, queue_job__no_delay=True))
        ticket = self._mail([("darbuotojai.txt", _big_text(with_code=True))])
        self.assertFalse(self._files(ticket))
        self.assertEqual(self._audits(ticket).mapped("action"), ["destroyed"])
        self.assertEqual(len(self._notices()), 1)
        self.assertFalse(self._scans())

    def test_job_of_a_deleted_file_does_nothing(self):
        ticket = self._mail([("darbuotojai.txt", _big_text(with_code=True))])
        self._files(ticket).sudo().unlink()
        self._stekas_perform(self._scans())
        self.assertFalse(self._audits(ticket))
        self.assertFalse(self._notices())

    def test_failed_for_good_stays_quarantined_for_the_dispatcher(self):
        ticket = self._mail([("darbuotojai.txt", _big_text(with_code=True))])
        attachment = self._files(ticket)
        with self.assertRaises(UserError):
            attachment.with_user(self.dispatcher).action_stekas_pii_keep()
        # what queue_job calls when the job has failed its last try
        attachment._stekas_pii_scan_failed(exc_name="Timeout")
        self.assertEqual(attachment.stekas_pii_state, "quarantine")
        self.assertFalse(attachment.stekas_pii_scan_pending)
        audit = self._audits(ticket)
        self.assertEqual(audit.mapped("action"), ["quarantined"])
        self.assertEqual(audit.source, "mail")
        self.assertIn("1 quarantined for the dispatcher", ticket.message_ids[0].body)
        self._assert_unreadable(attachment, ticket)
        # the job, run late after all, leaves the dispatcher's file alone
        self._stekas_perform(self._scans())
        self.assertEqual(len(self._audits(ticket)), 1)
        # the dispatcher now decides as on any quarantined file
        attachment.with_user(self.dispatcher).action_stekas_pii_destroy()
        self.assertFalse(attachment.exists())
        function = self.env.ref("stekas_helpdesk.queue_job_function_pii_scan")
        self.assertEqual(function.on_fail_method, "_stekas_pii_scan_failed")
        self.assertEqual(function.channel, "root.stekas_scan")

    def test_nobody_releases_a_file_waiting_for_its_scan(self):
        """Attacks: the consultant or the client writes the guard's fields of
        a file waiting for its scan, as JSON-RPC would."""
        ticket = self._mail([("darbuotojai.txt", _big_text(with_code=True))])
        ticket.user_id = self.consultant
        attachment = self._files(ticket)
        for user in (self.consultant, self.portal_a):
            with self.assertRaises(AccessError):
                attachment.with_user(user).write(
                    {"stekas_pii_state": "clean", "stekas_pii_scan_pending": False}
                )
        with self.assertRaises(AccessError):
            attachment.with_user(self.consultant).action_stekas_pii_keep()
        self.assertTrue(attachment.stekas_pii_scan_pending)
        # a client's own upload of a heavy file is held back from them too;
        # as the portal form does: the portal user's env in sudo
        upload = (
            self.env["ir.attachment"]
            .with_user(self.portal_a)
            .sudo()
            .create(
                {
                    "name": "israsas.txt",
                    "datas": base64.b64encode(_big_text(with_code=True)),
                    "res_model": "helpdesk.ticket",
                    "res_id": ticket.id,
                }
            )
        )
        self.assertEqual(upload.stekas_pii_state, "quarantine")
        self.assertTrue(upload.stekas_pii_scan_pending)
        self.assertNotIn(
            upload, ticket.with_user(self.portal_a)._stekas_get_client_attachments()
        )
        self._stekas_perform(self._scans().filtered(lambda j: j.records == upload))
        self.assertFalse(upload.exists())
        self.assertEqual(
            self._audits(ticket).filtered(lambda a: a.source == "portal").action,
            "destroyed",
        )

    def test_anonymized_copy_is_usable_at_once(self):
        """The consultant's anonymized copy (checked as it is made) is not
        held back for a job, even when it is heavy."""
        ticket = self._mail([("zurnalas.txt", _big_text())])
        ticket.user_id = self.consultant
        self._stekas_perform(self._scans())
        original = self._files(ticket)
        original.with_user(self.consultant).action_stekas_pii_anonymized_copy()
        copy = self._files(ticket) - original
        self.assertGreater(copy.file_size, JOB_BYTES)
        self.assertFalse(copy.stekas_pii_scan_pending)
        self.assertEqual(copy.stekas_pii_state, "clean")
        self.assertEqual(len(self._scans()), 1, "no job for the copy")
        self.assertTrue(copy.with_user(self.consultant).read(["datas"]))

    def test_jobs_are_for_managers(self):
        """Queue > Jobs (the scans' arguments name tickets and senders): the
        STEKAS manager reads them, nobody else."""
        manager = new_test_user(
            self.env,
            login="test_jobs_manager",
            groups="base.group_user,stekas_helpdesk.stekas_helpdesk_group_manager",
        )
        self._mail([("darbuotojai.txt", _big_text(with_code=True))])
        Job = self.env["queue.job"]
        self.assertEqual(
            Job.with_user(manager).search(
                [("method_name", "=", "_stekas_pii_scan_job")]
            ),
            self._scans(),
        )
        for user in (self.dispatcher, self.consultant, self.portal_a):
            with self.assertRaises(AccessError):
                Job.with_user(user).search([])
