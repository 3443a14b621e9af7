# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import os
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from unittest.mock import patch

from odoo import Command
from odoo.tests import HttpCase, new_test_user

from odoo.addons.base.tests.common import BaseCommon
from odoo.addons.queue_job.job import Job


def load_lithuanian(env):
    """Install Lithuanian with these addons' translations, as a STEKAS database
    has it: the mails to clients are written in it."""
    env["res.lang"]._activate_lang("lt_LT")
    installed = env["ir.module.module"].search(
        [("name", "like", "stekas_%"), ("state", "=", "installed")]
    )
    env["ir.module.module"]._load_module_terms(installed.mapped("name"), ["lt_LT"])


def process_mail_with_files(env, sender, files, body, message_id):
    """Send a client's mail with `files` ((name, bytes) pairs) to the support
    alias through the mail gateway; returns the ticket it made or reached.
    `sender` is a partner or a raw From header."""
    message = MIMEMultipart()
    message["From"] = (
        sender if isinstance(sender, str) else f"{sender.name} <{sender.email}>"
    )
    message["To"] = "pagalba@stekas.example"
    message["Subject"] = "Klaida ataskaitoje"
    message["Message-Id"] = message_id
    message.attach(MIMEText(body, "plain", "utf-8"))
    for name, data in files:
        part = MIMEApplication(data)
        part.add_header("Content-Disposition", "attachment", filename=name)
        message.attach(part)
    ticket_id = env["mail.thread"].message_process(
        "helpdesk.ticket", message.as_string()
    )
    return env["helpdesk.ticket"].browse(ticket_id)


def process_text_mail(
    env, sender, subject, body, message_id, cc=None, in_reply_to=None
):
    """Send a plain-text mail (UTF-8, 8 bit, as mail programs send one) to the
    support alias through the mail gateway; returns the ticket it made or
    reached. `in_reply_to` answers that Message-Id (In-Reply-To, References)."""
    headers = [
        f"From: {sender}",
        "To: pagalba@stekas.example",
        f"Subject: {subject}",
        f"Message-ID: {message_id}",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
    ]
    if cc:
        headers.append(f"Cc: {cc}")
    if in_reply_to:
        headers += [f"In-Reply-To: {in_reply_to}", f"References: {in_reply_to}"]
    raw = "\r\n".join(headers) + "\r\n\r\n" + body
    ticket_id = env["mail.thread"].message_process("helpdesk.ticket", raw.encode())
    return env["helpdesk.ticket"].browse(ticket_id)


class StekasHelpdeskCommon(BaseCommon):
    """Two client companies, a support team and the STEKAS roles, without demo data."""

    # Jobs (queue_job: scans, billing batches, documents) run at once, as
    # before there were jobs, in the tests of other features: queue_job's
    # context `queue_job__no_delay`, and for the requests of browser tests its
    # variable `QUEUE_JOB__NO_DELAY`. The tests of the jobs set this to False
    # and run the queued jobs themselves (`trap_jobs`).
    stekas_jobs_inline = True

    @classmethod
    def _opt_in_both_clients(cls, **vals):
        """Both clients ask for their documents by mail, each to its contact."""
        for client, contact in (
            (cls.client_a, cls.contact_a),
            (cls.client_b, cls.contact_b),
        ):
            client.write(
                {
                    "stekas_extract_optin": True,
                    "stekas_extract_recipient_ids": [Command.set(contact.ids)],
                    **vals,
                }
            )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # jobs already stored (a runner's leftovers on a reused database) are
        # not the test's
        cls._stekas_jobs_before = (
            cls.env["queue.job"].sudo().search([], order="id desc", limit=1).id or 0
        )
        if cls.stekas_jobs_inline:
            cls.env = cls.env(context=dict(cls.env.context, queue_job__no_delay=True))
            if issubclass(cls, HttpCase):
                cls.startClassPatcher(
                    patch.dict(os.environ, {"QUEUE_JOB__NO_DELAY": "1"})
                )
        # Mails leave from the support desk's address: without demo data the
        # company has none, and Odoo cannot send any mail at all.
        cls.env.company.email = "pagalba@stekas.example"
        cls.dispatcher = new_test_user(
            cls.env,
            login="test_dispatcher",
            groups="base.group_user,stekas_helpdesk.stekas_helpdesk_group_dispatcher",
        )
        cls.consultant = new_test_user(
            cls.env,
            login="test_consultant",
            groups="base.group_user,stekas_helpdesk.stekas_helpdesk_group_consultant",
        )
        cls.other_consultant = new_test_user(
            cls.env,
            login="test_consultant_other",
            groups="base.group_user,stekas_helpdesk.stekas_helpdesk_group_consultant",
        )
        # Configuration, as the administrator sets it: the support team logs
        # time on its project and takes the tickets that arrive without a team.
        # Tickets get their team and project from the channel, never here.
        cls.project = cls.env["project.project"].create(
            {"name": "Support", "allow_timesheets": True}
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Test support team",
                "user_ids": [Command.set([cls.dispatcher.id, cls.consultant.id])],
                "allow_timesheet": True,
                "default_project_id": cls.project.id,
            }
        )
        cls.other_team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Other team",
                "user_ids": [Command.set([cls.other_consultant.id])],
                "allow_timesheet": True,
                "default_project_id": cls.project.id,
            }
        )
        cls.env.company.stekas_helpdesk_team_id = cls.team
        Partner = cls.env["res.partner"]
        cls.client_a, cls.client_b = Partner.create(
            [
                {"name": "Client A UAB", "is_company": True},
                {"name": "Client B UAB", "is_company": True},
            ]
        )
        if "stekas_billing_mode" in Partner._fields:
            # With stekas_billing installed, a client without a contract pays
            # before work by default (R-BIL-4) and its tickets wait for the
            # prepayment; the helpdesk's own tests are about other rules, so
            # their clients are billed after the work (R-BIL-5). The billing
            # tests set the mode they test.
            (cls.client_a | cls.client_b).stekas_billing_mode = "invoice_month"
        cls.contact_a, cls.contact_b = Partner.create(
            [
                cls._contact_vals(cls.client_a, "Ona", "Testaitė", "a"),
                cls._contact_vals(cls.client_b, "Jonas", "Testaitis", "b"),
            ]
        )
        cls.portal_a = new_test_user(
            cls.env,
            login="test_portal_a",
            groups="base.group_portal",
            partner_id=cls.contact_a.id,
            # new_test_user would otherwise rename the contact and change its e-mail
            name=cls.contact_a.name,
            email=cls.contact_a.email,
        )
        cls.portal_b = new_test_user(
            cls.env,
            login="test_portal_b",
            groups="base.group_portal",
            partner_id=cls.contact_b.id,
            # new_test_user would otherwise rename the contact and change its e-mail
            name=cls.contact_b.name,
            email=cls.contact_b.email,
        )

    def _stekas_queued(self, method_name):
        """The jobs of `method_name` stored in the queue (as the runner finds
        them; queue_job's own `trap_jobs` does not import on this Odoo)."""
        return (
            self.env["queue.job"]
            .sudo()
            .search(
                [
                    ("method_name", "=", method_name),
                    ("id", ">", self._stekas_jobs_before),
                ],
                order="id",
            )
        )

    def _stekas_perform(self, jobs):
        """Run stored jobs as the runner does, in the test's transaction."""
        for record in jobs:
            job = Job.load(self.env, record.uuid)
            job.set_started()
            job.store()
            job.perform()
            job.set_done()
            job.store()

    @classmethod
    def _contact_vals(cls, company, firstname, lastname, key):
        return {
            "firstname": firstname,
            "lastname": lastname,
            "function": "Buhalterė",
            "phone": f"+370 600 0000{len(key)}",
            "email": f"{key}@client-{key}.example",
            "parent_id": company.id,
        }

    @classmethod
    def _create_ticket(cls, contact, team=None, **vals):
        """A ticket created as the ORM's callers do: without a team unless one
        is chosen, the ticket's create gives it the default team and project."""
        if team:
            vals["team_id"] = team.id
        return cls.env["helpdesk.ticket"].create(
            {
                "name": "Cannot open the monthly report",
                "description": "<p>The report shows an error.</p>",
                "partner_id": contact.id,
                **vals,
            }
        )
