# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

from PIL import Image

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.queue_job.exception import RetryableJobError

from .common import StekasHelpdeskCommon, load_lithuanian, process_text_mail


@tagged("post_install", "-at_install")
class TestIntakeReplyJob(StekasHelpdeskCommon):
    """R-INT-4: the automatic reply leaves the mail fetch as a job on
    root.stekas_mail, queued in the mail's transaction and sent once."""

    stekas_jobs_inline = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_lithuanian(cls.env)
        # a known contact without position and phone: the intake asks for them
        cls.contact_c = cls.env["res.partner"].create(
            {
                "firstname": "Rūta",
                "lastname": "Trūkstamaitė",
                "email": "ruta@client-a.example",
                "parent_id": cls.client_a.id,
            }
        )

    def _process(self, msgid, body="Kaip įvesti naują tarifą?"):
        return process_text_mail(
            self.env,
            "Rūta <ruta@client-a.example>",
            "Klausimas dėl PVM",
            body,
            msgid,
        )

    def _replies(self, ticket):
        # the intake reply, not the other automatic mails (registered, assigned)
        return ticket.message_ids.filtered(
            lambda m: m.message_type == "auto_comment" and "trūksta" in (m.body or "")
        )

    def _reply_jobs(self):
        return self._stekas_queued("_stekas_intake_reply_job")

    def test_the_mail_queues_the_reply_and_the_job_sends_it_once(self):
        msgid = "<reply-job-1@client-a.example>"
        ticket = self._process(msgid)
        self.assertTrue(ticket, "the ticket exists at once")
        self.assertFalse(ticket.stekas_intake_complete)
        self.assertFalse(self._replies(ticket), "no reply in the mail fetch")
        self.assertTrue(ticket.stekas_intake_reply_pending)
        job = self._reply_jobs()
        self.assertEqual(len(job), 1)
        self.assertEqual(job.channel, "root.stekas_mail")
        self.assertEqual(job.identity_key, f"stekas_intake_reply:{ticket.id}")
        self.assertEqual(job.records, ticket)
        self.assertEqual(job.args[0], msgid)

        self._stekas_perform(job)
        reply = self._replies(ticket)
        self.assertEqual(len(reply), 1)
        self.assertIn("kontaktinio asmens telefonas", reply.body)
        self.assertEqual(reply.partner_ids, self.contact_c)
        self.assertFalse(ticket.stekas_intake_reply_pending)
        # the reply keeps its RFC 3834 and RFC 5322 headers in the job
        mails = (
            self.env["mail.mail"].sudo().search([("mail_message_id", "=", reply.id)])
        )
        self.assertTrue(mails)
        for mail in mails:
            self.assertIn("'Auto-Submitted': 'auto-replied'", mail.headers or "")
            self.assertIn(f"'In-Reply-To': '{msgid}'", mail.headers)
            self.assertIn(msgid, mail.references.split())

        # run again (a retry, a second runner): nothing more is sent
        self._stekas_perform(job)
        self.assertEqual(len(self._replies(ticket)), 1)

    def test_no_reply_when_the_intake_is_completed_before_the_job(self):
        ticket = self._process("<reply-job-2@client-a.example>")
        # the dispatcher, on the phone with the client, fills in what is missing
        ticket.with_user(self.dispatcher).write(
            {
                "stekas_intake_function": "Buhalterė",
                "stekas_intake_phone": "+37061234567",
            }
        )
        self.assertTrue(ticket.stekas_intake_complete)
        self._stekas_perform(self._reply_jobs())
        self.assertFalse(self._replies(ticket))

    def test_a_second_mail_while_the_job_waits_gets_no_second_job(self):
        ticket = self._process("<reply-job-3@client-a.example>")
        # the client writes again on the same ticket before the reply left
        raw = "\r\n".join(
            [
                "From: Rūta <ruta@client-a.example>",
                "To: pagalba@stekas.example",
                f"Subject: Re: {ticket.name}",
                "Message-ID: <reply-job-3b@client-a.example>",
                "In-Reply-To: <reply-job-3@client-a.example>",
                "References: <reply-job-3@client-a.example>",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8",
            ]
        )
        self.env["mail.thread"].message_process(
            "helpdesk.ticket", (raw + "\r\n\r\nPareigos: buhalterė").encode()
        )
        jobs = self._reply_jobs()
        self.assertEqual(len(jobs), 1)
        self._stekas_perform(jobs)
        reply = self._replies(ticket)
        self.assertEqual(len(reply), 1)
        # it asks for what is still missing then
        self.assertIn("kontaktinio asmens telefonas", reply.body)
        self.assertNotIn("kontaktinio asmens pareigos", reply.body)

    def test_no_job_and_no_reply_for_a_complete_mail(self):
        self.contact_c.write({"function": "Buhalterė", "phone": "+37061234567"})
        ticket = self._process("<reply-job-4@client-a.example>")
        self.assertTrue(ticket.stekas_intake_complete)
        self.assertFalse(self._reply_jobs())
        self.assertFalse(self._replies(ticket))

    def test_clients_and_consultants_cannot_read_the_reply_job(self):
        # the job's arguments name the client's mail: for managers only
        self._process("<reply-job-5@client-a.example>")
        job = self._reply_jobs()
        self.assertTrue(job)
        for user in (self.portal_a, self.consultant, self.dispatcher):
            with self.assertRaises(AccessError):
                job.with_user(user).read(["args", "records"])

    def test_a_mail_whose_transaction_rolls_back_leaves_no_job(self):
        # the fetch runs each mail in a savepoint: the job row goes with it
        with self.assertRaises(ZeroDivisionError):
            with self.env.cr.savepoint():
                self._process("<reply-job-6@client-a.example>")
                self.assertEqual(len(self._reply_jobs()), 1)
                raise ZeroDivisionError
        self.assertFalse(self._reply_jobs())

    def test_the_reply_waits_for_the_scan_of_the_mails_files(self):
        # a scanned page: its scan is a job of its own; the reply, which names
        # the anonymizer where the guard acted, waits for its verdict
        png = io.BytesIO()
        Image.new("RGB", (40, 20), "white").save(png, "PNG")
        message = MIMEMultipart()
        message["From"] = "Rūta <ruta@client-a.example>"
        message["To"] = "pagalba@stekas.example"
        message["Subject"] = "Klausimas dėl PVM"
        message["Message-Id"] = "<reply-job-7@client-a.example>"
        message.attach(MIMEText("Prisegu skenuotą lapą.", "plain", "utf-8"))
        part = MIMEApplication(png.getvalue(), "png")
        part.add_header("Content-Disposition", "attachment", filename="lapas.png")
        message.attach(part)
        ticket = self.env["helpdesk.ticket"].browse(
            self.env["mail.thread"].message_process(
                "helpdesk.ticket", message.as_string()
            )
        )
        reply_job = self._reply_jobs()
        scan_job = self._stekas_queued("_stekas_pii_scan_job")
        self.assertEqual((len(reply_job), len(scan_job)), (1, 1))
        with self.assertRaises(RetryableJobError):
            self._stekas_perform(reply_job)
        self.assertFalse(self._replies(ticket), "not before the scan's verdict")
        self.assertTrue(ticket.stekas_intake_reply_pending)
        self._stekas_perform(scan_job)
        self._stekas_perform(reply_job)
        self.assertEqual(len(self._replies(ticket)), 1)
