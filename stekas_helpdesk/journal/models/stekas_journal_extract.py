# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.queue_job.utils import must_run_without_delay

from ...lib import journal_xlsx, periods, xlsx_stream
from ...lib.periods import DEFAULT_TZ


class StekasJournalExtract(models.Model):
    """A document sent to a client who opted in (R-HIS-2, R-BIL-6): a journal
    extract, or (stekas_billing) a statement of services.

    One record per client, company, kind and period: the unique constraint is
    what makes a period never be sent twice, even if the job runs twice at
    once. A dispatcher's resend mails the recorded file again and says so in
    the record's chatter.
    """

    _name = "stekas.journal.extract"
    _description = "Sent client document"
    _inherit = ["mail.thread"]
    # Dispatchers only read these records; a resend is noted in the chatter.
    _mail_post_access = "read"
    _order = "date_from desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    kind = fields.Selection(
        selection=[("extract", "Journal extract")],
        required=True,
        readonly=True,
        default="extract",
    )
    requested_by = fields.Selection(
        selection=[
            ("cron", "Schedule"),
            ("client", "Client"),
            ("dispatcher", "Dispatcher"),
        ],
        string="Asked by",
        required=True,
        readonly=True,
        default="cron",
    )
    requested_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Asked by user",
        readonly=True,
        help="The client or dispatcher who asked for the document; empty for "
        "the schedule.",
    )
    frequency = fields.Selection(
        selection=[("monthly", "Monthly"), ("quarterly", "Quarterly")],
        readonly=True,
        help="The regular period of the client; empty for a period asked for.",
    )
    date_from = fields.Date(string="From", required=True, readonly=True)
    date_to = fields.Date(string="To", required=True, readonly=True)
    sent_on = fields.Datetime(readonly=True, default=fields.Datetime.now)
    recipient_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="stekas_journal_extract_recipient_rel",
        column1="extract_id",
        column2="partner_id",
        string="Recipients",
        readonly=True,
    )
    entry_count = fields.Integer(string="Entries", readonly=True)
    actual_minutes = fields.Integer(readonly=True)
    billed_minutes = fields.Integer(readonly=True)
    actual_hm = fields.Char(
        string="Actual time", compute="_compute_hm", help="Actual time as h:mm."
    )
    billed_hm = fields.Char(
        string="Billed time", compute="_compute_hm", help="Billed time as h:mm."
    )
    attachment_id = fields.Many2one(
        comodel_name="ir.attachment", string="XLSX file", readonly=True
    )
    mail_id = fields.Many2one(comodel_name="mail.mail", readonly=True)

    _sql_constraints = [
        (
            "period_unique",
            "UNIQUE(partner_id, company_id, kind, date_from, date_to)",
            "This document of this period was already sent to this client.",
        ),
    ]

    @api.depends("actual_minutes", "billed_minutes")
    def _compute_hm(self):
        for extract in self:
            extract.actual_hm = journal_xlsx.hours_minutes(extract.actual_minutes)
            extract.billed_hm = journal_xlsx.hours_minutes(extract.billed_minutes)

    @api.model
    def _cron_send_extracts(self):
        """Scheduled job: each opted-in client gets the period just ended."""
        partners = self.env["res.partner"].search(self._get_optin_domain())
        extracts = self.browse()
        # A client tied to one STEKAS company gets that company's extract; a
        # shared client gets the extract of the company the job runs in.
        for company, company_partners in partners.grouped(
            lambda partner: partner.company_id or self.env.company
        ).items():
            extracts |= self.with_company(company)._send_extracts(company_partners)
        return extracts

    @api.model
    def _get_optin_domain(self):
        return [
            ("stekas_extract_optin", "=", True),
            ("parent_id", "=", False),
        ]

    @api.model
    def _local_today(self, company):
        # sudo: a portal client asking for a period may not read the company's
        # own contact; only its time zone is read.
        company_tz = company.sudo().partner_id.tz
        tz = pytz.timezone(company_tz or self.env.user.tz or DEFAULT_TZ)
        return fields.Datetime.now().replace(tzinfo=pytz.utc).astimezone(tz).date()

    @api.model
    def _send_extracts(self, partners, requested_by="cron"):
        """Send the extract of the period just ended to the opted-in `partners`.

        Clients that did not opt in are skipped, whoever calls this; periods
        already sent are skipped. Returns the new extract records.
        """
        partners = partners.filtered(
            lambda partner: partner.stekas_extract_optin and not partner.parent_id
        )
        if not partners:
            return self.browse()
        today = self._local_today(self.env.company)
        wanted = {
            partner: periods.previous_period(today, partner.stekas_extract_frequency)
            for partner in partners
        }
        return self._send_documents(wanted, "extract", requested_by)

    @api.model
    def _send_documents(self, wanted, kind, requested_by):
        """Send the documents of `kind` of {partner: (date_from, date_to)} in
        the current company, except those already sent; return the new ones."""
        company = self.env.company
        todo = self._get_periods_to_send(wanted, company, kind)
        if not todo:
            return self.browse()
        if self._must_queue_documents(requested_by):
            self._queue_documents(todo, kind, requested_by)
            return self.browse()
        extracts, attachments = self._create_extracts(
            todo, company, kind=kind, requested_by=requested_by
        )
        extracts._mail_extracts(attachments)
        return extracts.with_env(self.env)

    @api.model
    def _must_queue_documents(self, requested_by):
        """Whether documents are sent by jobs, one per client (channel
        root.stekas_documents): those the cron and the billing run send; not
        one a client or a dispatcher asks for (answered at once), not in the
        job itself, nor where jobs run at once (queue_job's context
        `queue_job__no_delay`, variable `QUEUE_JOB__NO_DELAY`)."""
        return (
            requested_by in ("cron", "billing")
            and not self.env.context.get("stekas_documents_job")
            and not must_run_without_delay(self.env)
        )

    @api.model
    def _queue_documents(self, todo, kind, requested_by):
        """One job per client of `todo` ({partner: (date_from, date_to)})."""
        company = self.env.company
        for partner, (date_from, date_to) in todo.items():
            self.with_delay(
                channel="root.stekas_documents",
                identity_key=f"stekas_document:{kind}:{company.id}:{partner.id}:"
                f"{date_from}:{date_to}",
                max_retries=5,
                description=self.env._(
                    "Send a document to %(client)s", client=partner.display_name
                ),
            )._send_documents_job(partner, date_from, date_to, kind, requested_by)

    @api.model
    def _send_documents_job(self, partner, date_from, date_to, kind, requested_by):
        """The job sending one client's document: a period already sent (a
        retried job, a second run) is not sent again."""
        documents = self.with_context(stekas_documents_job=True)._send_documents(
            {partner: (date_from, date_to)}, kind, requested_by
        )
        return f"{len(documents)} document(s) sent."

    @api.model
    def _get_periods_to_send(self, wanted, company, kind="extract"):
        """The part of `wanted` ({partner: (date_from, date_to)}) whose
        document of `kind` was not sent yet."""
        # sudo: the sender (a dispatcher, the client, or the cron) must see all
        # sent documents and all journal entries of the client, not only the
        # timesheets a consultant may read.
        done = self.sudo().search(
            [
                ("partner_id", "in", [partner.id for partner in wanted]),
                ("company_id", "=", company.id),
                ("kind", "=", kind),
                ("date_from", "in", [bounds[0] for bounds in wanted.values()]),
            ]
        )
        sent = {(ext.partner_id, ext.date_from, ext.date_to) for ext in done}
        return {
            partner: bounds
            for partner, bounds in wanted.items()
            if (partner, *bounds) not in sent
        }

    @api.model
    def _send_requested(self, partner, date_from, date_to, requested_by):
        """Send the extract of a period a client names (R-HIS-2), asked by the
        client itself in the portal or by a dispatcher for it.

        Refused with a message: a client who did not opt in, a period that is
        not in order, in the future or longer than a year, a period whose
        extract was already sent (a dispatcher resends that one on purpose).
        """
        partner = partner.commercial_partner_id
        if requested_by == "client":
            if self.env.user.partner_id.commercial_partner_id != partner:
                raise UserError(
                    self.env._("You may ask only for your own company's extract.")
                )
        else:
            self.env.user._stekas_check_dispatcher(
                self.env._("Only the dispatcher or a manager sends journal extracts.")
            )
        if not partner.stekas_extract_optin:
            raise UserError(
                self.env._(
                    "%(name)s did not ask for journal extracts: nothing is sent "
                    "(R-HIS-2).",
                    name=partner.display_name,
                )
            )
        company = partner.company_id or self.env.company
        self._check_requested_period(date_from, date_to, company)
        Extract = self.with_company(company)
        wanted = {partner: (date_from, date_to)}
        if not Extract._get_periods_to_send(wanted, company):
            raise UserError(
                self.env._(
                    "The extract of %(start)s – %(end)s was already sent; it is in "
                    "the list of sent documents.",
                    start=date_from,
                    end=date_to,
                )
            )
        return Extract._send_documents(wanted, "extract", requested_by)

    @api.model
    def _check_requested_period(self, date_from, date_to, company):
        _ = self.env._
        messages = {
            periods.REASON_ORDER: _("The period ends before it starts."),
            periods.REASON_FUTURE: _("The period may not end in the future."),
            periods.REASON_SPAN: _(
                "The period may be at most %(days)s days long.",
                days=periods.MAX_REQUEST_DAYS,
            ),
        }
        try:
            periods.check_request(date_from, date_to, self._local_today(company))
        except periods.PeriodError as error:
            raise UserError(
                messages.get(error.reason) or _("Give both dates of the period.")
            ) from error

    @api.model
    def _create_extracts(self, todo, company, kind="extract", requested_by="cron"):
        """The document records of `todo` and their XLSX files, as the system."""
        Line = self.env["account.analytic.line"].sudo()  # sudo: as above
        lines = Line.search(self._get_lines_domain(todo, company))
        lines_by_client = lines.grouped("stekas_client_id")
        tz_name = company.sudo().partner_id.tz or DEFAULT_TZ  # sudo: as above
        extract_vals = []
        payloads = []
        for partner, (date_from, date_to) in todo.items():
            client_lines = lines_by_client.get(partner, Line).filtered(
                lambda line, d0=date_from, d1=date_to: (
                    d0 <= periods.work_date(line.date_time, line.date, tz_name) <= d1
                )
            )
            vals = self._prepare_extract_vals(
                partner, company, date_from, date_to, client_lines
            )
            vals.update(
                kind=kind,
                requested_by=requested_by,
                requested_user_id=self.env.uid if requested_by != "cron" else False,
            )
            if requested_by != "cron":
                vals["frequency"] = False
            extract_vals.append(vals)
            payloads.append(
                self._render_extract_file(
                    partner, date_from, date_to, client_lines, kind=kind
                )
            )
        extracts = self.sudo().create(extract_vals)  # sudo: as above
        # sudo: the file belongs to the extract record, created as the system
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": name,
                        "raw": data,
                        "res_model": self._name,
                        "res_id": extract.id,
                        "mimetype": xlsx_stream.MIMETYPE,
                    }
                    for extract, (name, data) in zip(extracts, payloads, strict=True)
                ]
            )
        )
        return extracts, attachments

    def _get_sent_notification(self):
        """The notification that tells the dispatcher how many were sent."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s journal extract(s) sent.", count=len(self)
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _get_mail_template(self):
        """The mail template of the documents of this kind (all of one kind)."""
        return self.env.ref("stekas_helpdesk.mail_template_journal_extract")

    def _mail_extracts(self, attachments):
        """Queue one mail per document with its file (R-HIS-2)."""
        for extract, attachment in zip(self, attachments, strict=True):
            mail_id = extract._send_mail(extract._get_mail_template(), attachment)
            extract.write({"attachment_id": attachment.id, "mail_id": mail_id})

    def _send_mail(self, template, attachment):
        """Queue the mail of this document with `attachment`; its id."""
        self.ensure_one()
        # One mail per client is the point of the job; send_mail creates the
        # queued mail.mail (sent by the mail queue, not here). sudo: the
        # document records are the system's (see above).
        return template.sudo().send_mail(
            self.id,
            email_values={"attachment_ids": [attachment.id]},
        )

    def action_resend(self):
        """Mail the recorded file again, on purpose (dispatcher only)."""
        self.env.user._stekas_check_dispatcher(
            self.env._("Only the dispatcher or a manager sends documents again.")
        )
        self.check_access("read")
        for document in self:
            template = document._get_mail_template()
            # sudo: as in _send_mail; the dispatcher's read access was checked.
            document.sudo()._send_mail(template, document.attachment_id)
            document.message_post(
                body=self.env._(
                    "Sent again to %(recipients)s.",
                    recipients=", ".join(document.recipient_ids.mapped("display_name")),
                )
            )
        return True

    @api.model
    def _get_lines_domain(self, todo, company):
        # One day more on each side: an entry's work date is the Vilnius day
        # of its start, which may differ from its calendar date by a day.
        date_from = min(bounds[0] for bounds in todo.values())
        date_to = max(bounds[1] for bounds in todo.values())
        return [
            ("ticket_id", "!=", False),
            ("stekas_client_id", "in", [partner.id for partner in todo]),
            ("company_id", "=", company.id),
            ("date", ">=", fields.Date.subtract(date_from, days=1)),
            ("date", "<=", fields.Date.add(date_to, days=1)),
        ]

    @api.model
    def _prepare_extract_vals(self, partner, company, date_from, date_to, lines):
        return {
            "partner_id": partner.id,
            "company_id": company.id,
            "frequency": partner.stekas_extract_frequency,
            "date_from": date_from,
            "date_to": date_to,
            "recipient_ids": [(6, 0, partner.stekas_extract_recipient_ids.ids)],
            "entry_count": len(lines),
            "actual_minutes": sum(lines.mapped("stekas_actual_minutes")),
            "billed_minutes": sum(lines.mapped("stekas_billed_minutes")),
        }

    @api.model
    def _render_extract_file(self, partner, date_from, date_to, lines, kind="extract"):
        # written in the client's language, as the mail that carries it
        lang = partner._stekas_get_mail_lang()
        _ = self.with_context(lang=lang).env._
        title = _(
            "%(client)s: consultation journal extract %(start)s – %(end)s",
            client=partner.name,
            start=date_from,
            end=date_to,
        )
        name = _("journal_extract_%(start)s_%(end)s.xlsx", start=date_from, end=date_to)
        tz_name = partner.tz or DEFAULT_TZ
        xlsx = lines.with_context(lang=lang)._stekas_journal_xlsx(
            title=title, tz_name=tz_name
        )
        return name, xlsx
