# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import pytz

from odoo import api, fields, models

from ...lib import journal_xlsx, periods, xlsx_stream
from ...lib.periods import DEFAULT_TZ


class StekasJournalExtract(models.Model):
    """A journal extract sent to a client (R-HIS-2, R-BIL-6).

    One record per client, company and period: the unique constraint is what
    makes a period never be sent twice, even if the job runs twice at once.
    """

    _name = "stekas.journal.extract"
    _description = "Sent consultation journal extract"
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
    frequency = fields.Selection(
        selection=[("monthly", "Monthly"), ("quarterly", "Quarterly")],
        required=True,
        readonly=True,
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
            "UNIQUE(partner_id, company_id, date_from, date_to)",
            "The journal extract of this period was already sent to this client.",
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
        tz = pytz.timezone(company.partner_id.tz or self.env.user.tz or DEFAULT_TZ)
        return fields.Datetime.now().replace(tzinfo=pytz.utc).astimezone(tz).date()

    @api.model
    def _send_extracts(self, partners):
        """Send the extract of the period just ended to the opted-in `partners`.

        Clients that did not opt in are skipped, whoever calls this; periods
        already sent are skipped. Returns the new extract records.
        """
        partners = partners.filtered(
            lambda partner: partner.stekas_extract_optin and not partner.parent_id
        )
        if not partners:
            return self.browse()
        todo = self._get_periods_to_send(partners, self.env.company)
        if not todo:
            return self.browse()
        extracts, attachments = self._create_extracts(todo, self.env.company)
        extracts._mail_extracts(attachments)
        return extracts.with_env(self.env)

    @api.model
    def _get_periods_to_send(self, partners, company):
        """{partner: (date_from, date_to)} of the periods just ended that were
        not sent yet."""
        today = self._local_today(company)
        wanted = {
            partner: periods.previous_period(today, partner.stekas_extract_frequency)
            for partner in partners
        }
        # sudo: the sender (a dispatcher, or the cron) must see all sent
        # extracts and all journal entries of the client, not only the
        # timesheets a consultant may read.
        done = self.sudo().search(
            [
                ("partner_id", "in", partners.ids),
                ("company_id", "=", company.id),
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
    def _create_extracts(self, todo, company):
        """The extract records of `todo` and their XLSX files, as the system."""
        Line = self.env["account.analytic.line"].sudo()  # sudo: as above
        lines = Line.search(self._get_lines_domain(todo, company))
        lines_by_client = lines.grouped("stekas_client_id")
        extract_vals = []
        payloads = []
        for partner, (date_from, date_to) in todo.items():
            client_lines = lines_by_client.get(partner, Line).filtered(
                lambda line, d0=date_from, d1=date_to: d0 <= line.date <= d1
            )
            extract_vals.append(
                self._prepare_extract_vals(
                    partner, company, date_from, date_to, client_lines
                )
            )
            payloads.append(
                self._render_extract_file(partner, date_from, date_to, client_lines)
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

    def _mail_extracts(self, attachments):
        """Queue one mail per extract with its file (R-HIS-2)."""
        template = self.env.ref("stekas_helpdesk.mail_template_journal_extract")
        for extract, attachment in zip(self, attachments, strict=True):
            # One mail per client is the point of the job; send_mail creates
            # the queued mail.mail (sent by the mail queue, not here). sudo:
            # the extract records are the system's (see above).
            mail_id = template.sudo().send_mail(
                extract.id,
                email_values={"attachment_ids": [attachment.id]},
            )
            extract.write({"attachment_id": attachment.id, "mail_id": mail_id})

    @api.model
    def _get_lines_domain(self, todo, company):
        date_from = min(bounds[0] for bounds in todo.values())
        date_to = max(bounds[1] for bounds in todo.values())
        return [
            ("ticket_id", "!=", False),
            ("stekas_client_id", "in", [partner.id for partner in todo]),
            ("company_id", "=", company.id),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
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
    def _render_extract_file(self, partner, date_from, date_to, lines):
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
