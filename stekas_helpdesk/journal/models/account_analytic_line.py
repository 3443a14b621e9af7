# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import html2plaintext

from ...lib import journal_xlsx, periods, rounding
from ...lib.periods import DEFAULT_TZ

# Entries read per query when writing an extract.
JOURNAL_CHUNK = 2000
JOURNAL_FIELDS = [
    "ticket_id",
    "stekas_request_date",
    "stekas_client_id",
    "stekas_contact_name",
    "stekas_contact_function",
    "stekas_contact_phone",
    "stekas_contact_email",
    "stekas_problem",
    "employee_id",
    "user_id",
    "date",
    "stekas_consultation_channel",
    "name",
    "stekas_actual_minutes",
    "stekas_billed_minutes",
]
# The exception to rounding (R-CON-6): only a dispatcher or a manager sets it.
ROUNDING_EXEMPT_FIELDS = ("stekas_rounding_exempt", "stekas_rounding_exempt_reason")
# Set by the timer's start (hr.timesheet.switch): the new line is a running
# timer, of zero hours until it stops.
TIMER_START_CONTEXT = "stekas_timer_start"
ONE_MINUTE_HOURS = rounding.minutes_to_hours(1)


class AccountAnalyticLine(models.Model):
    """A timesheet line on a ticket is an entry of the consultation journal."""

    _inherit = "account.analytic.line"

    stekas_consultation_channel = fields.Selection(
        string="Consultation Channel",
        selection=[
            ("phone", "By phone"),
            ("email", "By e-mail"),
            ("remote", "Remote desktop"),
            ("onsite", "At the client's site"),
        ],
        help="How the consultation was given (R-CON-4).",
    )
    stekas_billed_minutes = fields.Integer(
        string="Billed Minutes",
        compute="_compute_stekas_billed_minutes",
        store=True,
        readonly=True,
        help="Whole minutes billed: the actual time rounded up to the company's "
        "step (R-CON-6). Kept in whole minutes so that totals never drift.",
    )
    stekas_billed_hours = fields.Float(
        string="Billed Hours",
        compute="_compute_stekas_billed_minutes",
        store=True,
        readonly=True,
        digits=(16, 4),
        help="The billed minutes as hours, for invoicing.",
    )
    stekas_rounding_exempt = fields.Boolean(
        string="Not rounded",
        copy=False,
        help="The exact minutes of this entry are billed, not rounded up to the "
        "company's step: an exception made by the dispatcher or a manager, with "
        "a reason (R-CON-6).",
    )
    stekas_rounding_exempt_reason = fields.Text(
        string="Reason for not rounding",
        copy=False,
    )
    stekas_can_exempt_rounding = fields.Boolean(
        string="May exempt from rounding",
        compute="_compute_stekas_can_exempt_rounding",
        help="Technical: the current user may exempt entries from rounding.",
    )

    @api.depends("unit_amount", "ticket_id", "stekas_rounding_exempt")
    def _compute_stekas_billed_minutes(self):
        # Only the duration and the exception are dependencies: a later change
        # of the company's step must not re-price entries already logged (or
        # invoiced).
        for line in self:
            minutes = rounding.hours_to_minutes(line.unit_amount)
            if line.stekas_rounding_exempt and line.ticket_id:
                # billed as the exact minutes, still within one entry's bounds
                line.stekas_billed_minutes = (
                    minutes if 0 < minutes <= rounding.MAX_ENTRY_MINUTES else 0
                )
            elif line.ticket_id and 0 < minutes <= rounding.MAX_ENTRY_MINUTES:
                step = line.company_id.stekas_rounding_step or (
                    rounding.DEFAULT_STEP_MINUTES
                )
                line.stekas_billed_minutes = rounding.round_up_minutes(minutes, step)
            else:
                line.stekas_billed_minutes = 0
            line.stekas_billed_hours = rounding.minutes_to_hours(
                line.stekas_billed_minutes
            )

    @api.depends_context("uid")
    def _compute_stekas_can_exempt_rounding(self):
        can = self.env.user._stekas_is_dispatcher()
        for line in self:
            line.stekas_can_exempt_rounding = can

    @api.constrains(*ROUNDING_EXEMPT_FIELDS)
    def _check_stekas_rounding_exempt_reason(self):
        for line in self:
            reason = (line.stekas_rounding_exempt_reason or "").strip()
            if line.stekas_rounding_exempt and not reason:
                raise ValidationError(
                    self.env._(
                        "Give the reason why the journal entry %(entry)s is not "
                        "rounded.",
                        entry=line.name or line.id,
                    )
                )

    @api.constrains("unit_amount", "ticket_id")
    def _check_stekas_journal_duration(self):
        # A timer started on a ticket (hr.timesheet.switch) is a line of zero
        # hours until it is stopped; the duration is checked when it stops.
        timer_start = self.env.context.get(TIMER_START_CONTEXT)
        for line in self.filtered("ticket_id"):
            if timer_start and line.date_time and line.unit_amount == 0:
                continue
            minutes = rounding.hours_to_minutes(line.unit_amount)
            if minutes <= 0:
                raise ValidationError(
                    self.env._(
                        "A consultation journal entry must last more than zero "
                        "minutes (ticket %(ticket)s).",
                        ticket=line.ticket_id.display_name,
                    )
                )
            if minutes > rounding.MAX_ENTRY_MINUTES:
                raise ValidationError(
                    self.env._(
                        "A single consultation journal entry cannot exceed 24 hours "
                        "(ticket %(ticket)s).",
                        ticket=line.ticket_id.display_name,
                    )
                )

    # Billed time: we keep our own stored whole-minute field (stekas_billed_minutes)
    # rather than OCA sale_timesheet_rounded's unit_amount_rounded, which would
    # pull sale_timesheet into this helpdesk addon; stekas_billing makes the
    # invoicing use the billed time.
    #
    # Consultation journal (R-HIS-1): what the journal keeps per entry. The
    # client's contact data is a snapshot taken when the entry is logged (or
    # moved to another ticket), so the journal shows it as it was registered.
    stekas_actual_minutes = fields.Integer(
        string="Actual Minutes",
        compute="_compute_stekas_actual_minutes",
        store=True,
        readonly=True,
        help="The actual time of the entry in whole minutes, as logged.",
    )
    stekas_client_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client",
        compute="_compute_stekas_journal_snapshot",
        store=True,
        readonly=True,
        index="btree_not_null",
        compute_sudo=True,
        help="The client company of the ticket (R-HIS-1).",
    )
    stekas_request_date = fields.Datetime(
        string="Request date",
        compute="_compute_stekas_request_date",
        store=True,
        readonly=True,
        compute_sudo=True,
        help="When the client's request was received (R-INT-1, R-HIS-1), "
        "not when it was typed in.",
    )
    stekas_contact_name = fields.Char(
        string="Contact person",
        compute="_compute_stekas_journal_snapshot",
        store=True,
        readonly=True,
        compute_sudo=True,
    )
    stekas_contact_function = fields.Char(
        string="Contact position",
        compute="_compute_stekas_journal_snapshot",
        store=True,
        readonly=True,
        compute_sudo=True,
    )
    stekas_contact_phone = fields.Char(
        string="Contact phone",
        compute="_compute_stekas_journal_snapshot",
        store=True,
        readonly=True,
        compute_sudo=True,
    )
    stekas_contact_email = fields.Char(
        string="Contact e-mail",
        compute="_compute_stekas_journal_snapshot",
        store=True,
        readonly=True,
        compute_sudo=True,
    )
    stekas_problem = fields.Text(
        string="Problem description",
        compute="_compute_stekas_journal_problem",
        store=True,
        readonly=True,
        compute_sudo=True,
        help="The title and description of the ticket (R-HIS-1).",
    )

    @api.depends("unit_amount")
    def _compute_stekas_actual_minutes(self):
        for line in self:
            line.stekas_actual_minutes = rounding.hours_to_minutes(line.unit_amount)

    @api.depends("ticket_id", "ticket_id.stekas_received_date")
    def _compute_stekas_request_date(self):
        # Unlike the contact data, the received time follows the ticket: the
        # dispatcher may correct it after a call registered late.
        for line in self:
            ticket = line.ticket_id
            line.stekas_request_date = (
                ticket.stekas_received_date or ticket.create_date or False
            )

    @api.depends("ticket_id")
    def _compute_stekas_journal_snapshot(self):
        for line in self:
            vals = self._stekas_prepare_journal_snapshot_vals(line.ticket_id)
            for name, value in vals.items():
                line[name] = value

    @api.model
    def _stekas_prepare_journal_snapshot_vals(self, ticket):
        """Contact data of `ticket` as registered; a hook for intake fields."""
        contact = ticket.partner_id
        return {
            "stekas_client_id": ticket.commercial_partner_id.id or False,
            "stekas_contact_name": contact.name or ticket.partner_name or False,
            "stekas_contact_function": contact.function or False,
            "stekas_contact_phone": contact.phone or contact.mobile or False,
            "stekas_contact_email": contact.email or ticket.partner_email or False,
        }

    @api.depends("ticket_id", "ticket_id.name", "ticket_id.description")
    def _compute_stekas_journal_problem(self):
        for line in self:
            ticket = line.ticket_id
            if not ticket:
                line.stekas_problem = False
                continue
            parts = [ticket.name or "", html2plaintext(ticket.description or "")]
            line.stekas_problem = "\n".join(part for part in parts if part.strip())

    @api.constrains("name", "ticket_id")
    def _check_stekas_journal_work_description(self):
        # R-CON-5: the consultant records a short description of the work done.
        # hr_timesheet puts "/" in place of an empty description.
        for line in self.filtered("ticket_id"):
            if (line.name or "").strip() in ("", "/"):
                raise ValidationError(
                    self.env._(
                        "Describe the work done in the consultation journal entry "
                        "(ticket %(ticket)s).",
                        ticket=line.ticket_id.display_name,
                    )
                )

    def _eval_date(self, vals):
        # An entry logged for a day without a start time starts at the local
        # time of logging on that local day: project_timesheet_time_control
        # adds the UTC time of day, which after midnight in Vilnius puts the
        # entry on the next local day (its billing period and extract).
        if vals.get("date") and not vals.get("date_time"):
            day = fields.Date.to_date(vals["date"])
            return dict(
                vals,
                date_time=periods.moment_on(day, fields.Datetime.now(), DEFAULT_TZ),
            )
        return super()._eval_date(vals)

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get(name) for vals in vals_list for name in ROUNDING_EXEMPT_FIELDS):
            self._stekas_check_rounding_exempt_rights()
        self._stekas_check_tickets_workable(vals_list)
        self._stekas_fill_project(vals_list)
        self._stekas_fill_consultation_channel(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        exempting = any(
            (line[name] or False) != (vals[name] or False)
            for name in ROUNDING_EXEMPT_FIELDS
            if name in vals
            for line in self
        )
        if exempting:
            self._stekas_check_rounding_exempt_rights()
            if not self.env.su and set(vals) <= set(ROUNDING_EXEMPT_FIELDS):
                self.check_access("read")
                # sudo: the dispatcher decides the exception on the entries of
                # any consultant she may read, while the timesheet rules let
                # her write only her own; nothing but the exception is written.
                return super(AccountAnalyticLine, self.sudo()).write(vals)
        if vals.get("ticket_id"):
            self._stekas_check_tickets_workable([vals])
        return super().write(vals)

    @api.model
    def _stekas_check_rounding_exempt_rights(self):
        """Whatever the path (form, import, JSON-RPC), only a dispatcher or a
        manager exempts an entry from rounding (R-CON-6); code run as the
        system may."""
        if not self.env.su:
            self.env.user._stekas_check_dispatcher(
                self.env._(
                    "Only the dispatcher or a manager may exempt a journal entry "
                    "from rounding."
                )
            )

    @api.model
    def _stekas_check_tickets_workable(self, vals_list):
        """No time is logged on a ticket that cannot be worked on (the work
        guard of helpdesk.ticket), checked before anything is written."""
        ticket_ids = {vals["ticket_id"] for vals in vals_list if vals.get("ticket_id")}
        if ticket_ids:
            # Time is logged only on a ticket one may read (own team, working
            # group): the journal lets consultants pick any ticket id, and so
            # does a JSON-RPC call.
            self.env["helpdesk.ticket"].browse(ticket_ids).check_access("read")
            # sudo: the guard holds whoever logs the time, whatever they may read
            tickets = self.env["helpdesk.ticket"].sudo().browse(ticket_ids)
            tickets._stekas_check_workable("time")

    @api.model
    def _stekas_fill_project(self, vals_list):
        """An entry on a ticket is a timesheet of the ticket's project (and
        task), as the form's onchange sets them: without a project the line is
        no timesheet and its consultant may not create it."""
        todo = [
            vals
            for vals in vals_list
            if vals.get("ticket_id") and not vals.get("project_id")
        ]
        if not todo:
            return
        tickets = self.env["helpdesk.ticket"].browse(
            [vals["ticket_id"] for vals in todo]
        )
        # sudo: the consultant logs time on the ticket's project whether or not
        # he may read the project itself.
        for vals, ticket in zip(todo, tickets.sudo(), strict=True):
            if ticket.project_id:
                vals["project_id"] = ticket.project_id.id
                if ticket.task_id and not vals.get("task_id"):
                    vals["task_id"] = ticket.task_id.id

    @api.model
    def _duration(self, start, end):
        hours = super()._duration(start, end)
        # A ticket's timer stopped within its first half minute would make an
        # entry of zero minutes, which the journal refuses: a consultation
        # that took place counts at least one minute (rounded up, R-CON-6).
        if len(self) == 1 and self.ticket_id and 0 <= hours < ONE_MINUTE_HOURS:
            return ONE_MINUTE_HOURS
        return hours

    @api.model
    def _stekas_fill_consultation_channel(self, vals_list):
        """Default the channel of a journal entry from the ticket's (R-CON-4)."""
        todo = [
            vals
            for vals in vals_list
            if vals.get("ticket_id") and not vals.get("stekas_consultation_channel")
        ]
        if not todo:
            return
        channels = self._stekas_get_ticket_channel_mapping()
        tickets = self.env["helpdesk.ticket"].browse(
            [vals["ticket_id"] for vals in todo]
        )
        # sudo: the channel of a ticket the consultant logs time on is no secret.
        for vals, ticket in zip(todo, tickets.sudo(), strict=True):
            channel = channels.get(ticket.channel_id.id)
            if channel:
                vals["stekas_consultation_channel"] = channel

    @api.model
    def _stekas_get_ticket_channel_mapping(self):
        # The xmlid lookup is cached (env.ref would query for every entry).
        IrModelData = self.env["ir.model.data"]
        mapping = {}
        for xmlid, channel in (
            ("helpdesk_mgmt.helpdesk_ticket_channel_phone", "phone"),
            ("helpdesk_mgmt.helpdesk_ticket_channel_email", "email"),
        ):
            channel_id = IrModelData._xmlid_to_res_id(xmlid, raise_if_not_found=False)
            if channel_id:
                mapping[channel_id] = channel
        return mapping

    def _stekas_journal_rows(self, tz_name=None):
        """The rows of the XLSX extract (lib/journal_xlsx.py) in order of work
        date: a generator that reads the entries a chunk at a time and lets
        each chunk go from the cache, so that a long period is never held in
        memory whole."""
        tz = pytz.timezone(tz_name or self.env.user.tz or DEFAULT_TZ)
        if not self:
            return
        # in the reader's language (the context's), read once for all rows
        channel_labels = dict(
            self._fields["stekas_consultation_channel"]._description_selection(self.env)
        )
        # sudo: only puts ids the caller holds in order; reading them below is
        # checked. A search sorts them without loading 100,000 dates.
        ordered_ids = self.sudo().search([("id", "in", self.ids)], order="date, id").ids
        for start in range(0, len(ordered_ids), JOURNAL_CHUNK):
            chunk = self.browse(ordered_ids[start : start + JOURNAL_CHUNK])
            chunk.fetch(JOURNAL_FIELDS)
            # only the names the row needs, not every field of the tickets
            related = [
                (chunk.ticket_id, ["number"]),
                (chunk.stekas_client_id, ["name"]),
                (chunk.employee_id, ["name"]),
                (chunk.user_id, ["name"]),
            ]
            for records, field_names in related:
                records.fetch(field_names)
            for line in chunk:
                yield self._stekas_prepare_journal_row(line, tz, channel_labels)
            chunk.invalidate_recordset()
            for records, field_names in related:
                records.invalidate_recordset(field_names)

    @api.model
    def _stekas_prepare_journal_row(self, line, tz, channel_labels):
        request_date = line.stekas_request_date
        if request_date:
            request_date = (
                pytz.utc.localize(request_date)
                .astimezone(tz)
                .replace(tzinfo=None, microsecond=0)
            )
        return {
            "ticket_number": line.ticket_id.number,
            "request_date": request_date,
            "client": line.stekas_client_id.name,
            "contact_name": line.stekas_contact_name,
            "contact_function": line.stekas_contact_function,
            "contact_phone": line.stekas_contact_phone,
            "contact_email": line.stekas_contact_email,
            "problem": line.stekas_problem,
            "consultant": line.employee_id.name or line.user_id.name,
            "date": line.date,
            "channel": channel_labels.get(line.stekas_consultation_channel, ""),
            "description": line.name,
            "actual_minutes": line.stekas_actual_minutes,
            "billed_minutes": line.stekas_billed_minutes,
        }

    def _stekas_journal_xlsx(self, title="", tz_name=None):
        """The bytes of the XLSX extract of these entries, in the language of
        the context (the reader's)."""
        return journal_xlsx.write_journal(
            self._stekas_journal_rows(tz_name),
            title,
            labels=self._stekas_get_journal_xlsx_labels(),
        )

    @api.model
    def _stekas_get_journal_xlsx_labels(self):
        """The extract's texts in the context's language; one header per column
        of lib/journal_xlsx.COLUMNS, in its order."""
        _ = self.env._
        return {
            "headers": [
                _("Request No."),
                _("Request date"),
                _("Client"),
                _("Contact person"),
                _("Position"),
                _("Phone"),
                _("E-mail"),
                _("Problem description"),
                _("Consultant"),
                _("Work date"),
                _("Consultation channel"),
                _("Work done"),
                _("Actual time, h"),
                _("Actual time, h:mm"),
                _("Billed time, h"),
                _("Billed time, h:mm"),
            ],
            "total": _("Total"),
            "sheet": _("Consultation journal"),
        }
