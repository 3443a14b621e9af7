# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.stekas_helpdesk.lib import durations, periods

from ..lib import quota
from .res_company import MAX_RENEWAL_REMINDER_DAYS


class StekasSupportContract(models.Model):
    """A support contract of a client company: free hours per period and the
    hourly rate beyond them (R-BIL-1)."""

    _name = "stekas.support.contract"
    _description = "Support contract"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"

    name = fields.Char(string="Number", required=True, tracking=True, copy=False)
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        tracking=True,
        domain=[("is_company", "=", True)],
        index=True,
    )
    program_id = fields.Many2one(
        "stekas.program",
        string="Program",
        tracking=True,
        index=True,
        help="The program the contract is for: a client may hold one active "
        "contract per program (R-BIL-1 rev. 2).",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    date_start = fields.Date(string="Start date", required=True, tracking=True)
    date_end = fields.Date(string="End date", tracking=True, help="Empty: open-ended.")
    period_type = fields.Selection(
        selection=[("month", "Month"), ("quarter", "Quarter"), ("year", "Year")],
        string="Period",
        required=True,
        default="month",
        tracking=True,
    )
    free_hours = fields.Float(
        string="Free hours per period",
        tracking=True,
        help="Hours of consulting on working with the program that are free of "
        "charge in each period (R-BIL-1, R-BIL-2).",
    )
    hourly_rate = fields.Monetary(
        string="Hourly rate beyond the free hours", tracking=True
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("active", "Active"),
            ("expired", "Expired"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    consultant_id = fields.Many2one(
        "res.users",
        string="Client's consultant",
        help="Gets an activity when the client's free hours reach an alert "
        "threshold.",
    )
    alert_thresholds = fields.Char(
        default="80, 100",
        help="Percentages of the period's free hours at which the consultant "
        "(and, if the client opted in, the client) is alerted, once per period.",
    )
    alert_email_opt_in = fields.Boolean(
        string="E-mail the client at thresholds",
        help="The client asked to be e-mailed when its free hours reach a "
        "threshold.",
    )
    alert_partner_id = fields.Many2one(
        "res.partner",
        string="Alert recipient",
        help="The client's contact who gets the alert e-mails; the client "
        "company when empty.",
    )
    renewal_reminded_end = fields.Date(
        string="Renewal reminded for end date",
        readonly=True,
        copy=False,
        help="The end date whose renewal reminder was sent; a new end date "
        "gets a reminder of its own.",
    )
    line_ids = fields.One2many(
        "stekas.support.contract.line",
        "contract_id",
        string="Work types",
        copy=True,
        help="The contract's own policy and rate for the work types it lists, "
        "instead of the catalogue's, and free hours of additional work "
        "(R-BIL-1 rev. 2, R-BIL-2 rev. 2).",
    )
    period_ids = fields.One2many(
        "stekas.support.contract.period", "contract_id", string="Periods"
    )
    current_period_id = fields.Many2one(
        "stekas.support.contract.period", compute="_compute_current_period_id"
    )
    current_remaining_hours = fields.Float(
        string="Free hours remaining",
        compute="_compute_current_period_id",
        help="Free hours left in the current period.",
    )
    current_used_percent = fields.Float(
        string="Quota used (%)",
        compute="_compute_current_period_id",
        digits=(16, 0),
        help="Share of the current period's free hours used.",
    )

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A support contract with this number already exists.",
        ),
        (
            "free_hours_positive",
            "CHECK(free_hours >= 0)",
            "Free hours cannot be negative.",
        ),
        (
            "hourly_rate_positive",
            "CHECK(hourly_rate >= 0)",
            "The rate cannot be negative.",
        ),
    ]

    def _compute_current_period_id(self):
        today = self._get_today()
        periods = self.env["stekas.support.contract.period"].search(
            [
                ("contract_id", "in", self.ids),
                ("date_start", "<=", today),
                ("date_end", ">=", today),
            ]
        )
        by_contract = {period.contract_id.id: period for period in periods}
        for contract in self:
            period = by_contract.get(contract.id)
            contract.current_period_id = period
            contract.current_used_percent = period.used_percent if period else 0.0
            if period:
                contract.current_remaining_hours = period.remaining_hours
            elif contract.state == "active" and contract._covers(today):
                contract.current_remaining_hours = (
                    contract._get_period_free_minutes(today) / 60.0
                )
            else:
                contract.current_remaining_hours = 0.0

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if contract.date_end and contract.date_end < contract.date_start:
                raise ValidationError(
                    self.env._(
                        "Contract %(name)s ends before it starts.", name=contract.name
                    )
                )

    @api.constrains("alert_thresholds")
    def _check_alert_thresholds(self):
        for contract in self:
            try:
                quota.parse_thresholds(contract.alert_thresholds)
            except quota.QuotaError as error:
                raise ValidationError(
                    self.env._(
                        "Alert thresholds must be whole percentages between 1 and "
                        "1000 separated by commas, e.g. '80, 100' (contract "
                        "%(name)s).",
                        name=contract.name,
                    )
                ) from error

    @api.constrains("state", "partner_id", "program_id")
    def _check_one_active_contract(self):
        """One active contract per client and program (R-BIL-1 rev. 2); a
        contract without a program counts as a program of its own."""
        active = self.filtered(lambda c: c.state == "active")
        if not active:
            return
        groups = self._read_group(
            [("state", "=", "active"), ("partner_id", "in", active.partner_id.ids)],
            ["partner_id", "program_id"],
            ["__count"],
        )
        for partner, program, count in groups:
            if count > 1:
                raise ValidationError(
                    self.env._(
                        "%(client)s already has an active support contract for "
                        "%(program)s: a client has one active contract per "
                        "program.",
                        client=partner.display_name,
                        program=program.display_name
                        or self.env._("no particular program"),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        contracts = super().create(vals_list)
        contracts.filtered(lambda c: c.state in ("active", "expired"))._reallocate()
        return contracts

    def write(self, vals):
        if (
            set(vals) == {"line_ids"}
            and len(self) == 1
            and not self.env.su
            and not self.browse().has_access("write")
        ):
            return self._write_lines_only(vals)
        res = super().write(vals)
        stale = self.env["stekas.support.contract.period"]
        if {"period_type", "date_start", "date_end"} & set(vals):
            stale = self._sync_period_bounds()
        if {"free_hours", "period_type", "date_start", "date_end", "state"} & set(vals):
            self._reallocate()
        self._unlink_stale_periods(stale)
        return res

    def _write_lines_only(self, vals):
        """Dispatchers keep the contract's work-type terms but not the
        contract itself: a save of the form that changes only its lines is
        applied to the lines, as the user, whose rights on them decide."""
        self.ensure_one()
        Line = self.env["stekas.support.contract.line"]
        self.check_access("read")
        for command in vals["line_ids"]:
            code, line_id = command[0], command[1]
            values = dict(command[2] or {}) if len(command) > 2 else {}
            values.pop("contract_id", None)
            mine = Line
            if code in (Command.UPDATE, Command.DELETE, Command.UNLINK):
                mine = Line.browse(line_id).filtered(lambda t: t.contract_id == self)
            if code == Command.CREATE:
                Line.create({**values, "contract_id": self.id})
            elif code == Command.UPDATE:
                mine.write(values)
            elif code in (Command.DELETE, Command.UNLINK):
                mine.unlink()
            elif code != Command.LINK:
                raise UserError(
                    self.env._("The contract's work types cannot be changed so.")
                )
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if self.filtered(lambda c: c.state != "draft"):
            raise UserError(
                self.env._(
                    "Only draft contracts can be deleted: cancel the contract instead."
                )
            )

    def action_activate(self):
        self.write({"state": "active"})

    def action_expire(self):
        self.write({"state": "expired"})

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_draft(self):
        self.write({"state": "draft"})

    @api.model
    def _get_today(self):
        return periods.local_date(fields.Datetime.now(), self._get_tz())

    @api.model
    def _get_tz(self):
        """The time zone of the clients' local dates (R-BIL-1 periods)."""
        return periods.DEFAULT_TZ

    @api.model
    def _get_billing_contract_domain(self, partners):
        return [
            ("partner_id", "in", partners.ids),
            ("state", "in", ("active", "expired")),
        ]

    def _covers(self, day):
        self.ensure_one()
        return self.date_start <= day and (not self.date_end or day <= self.date_end)

    def _get_period_bounds(self, day):
        """First and last date of the contract's period that holds `day`:
        periods are counted from the contract's start date and the last one
        ends with the contract (R-BIL-1 rev. 2)."""
        self.ensure_one()
        start, end, _full_end = periods.contract_period(
            day, self.date_start, self.date_end, self.period_type
        )
        return start, end

    def _get_period_free_minutes(self, day):
        """The free minutes of the contract's period that holds `day`: the
        contract's free hours, prorated by days when its end date cuts the
        period short."""
        self.ensure_one()
        start, end, full_end = periods.contract_period(
            day, self.date_start, self.date_end, self.period_type
        )
        return quota.prorated_minutes(
            durations.hours_to_minutes(self.free_hours), start, end, full_end
        )

    def _prepare_period_vals(self, date_start, date_end):
        self.ensure_one()
        return {
            "contract_id": self.id,
            "date_start": date_start,
            "date_end": date_end,
            "free_minutes": self._get_period_free_minutes(date_start),
        }

    def _sync_period_bounds(self):
        """After a change of the contract's dates or period: the end date of
        each period that still starts one of the contract's periods follows
        the new terms (its free minutes follow at the re-allocation). Returns
        the periods that start none any more, for `_unlink_stale_periods`."""
        # sudo: periods are kept by the system, whoever changes the contract
        stale, _moved = self.sudo().period_ids._sync_bounds()
        return stale

    def _unlink_stale_periods(self, stale):
        """Delete the periods the contract's new terms left without an entry;
        one that keeps an invoiced entry stays with its figures."""
        stale = stale.exists()
        if not stale:
            return
        # sudo: entries of every consultant count
        kept = (
            self.env["account.analytic.line"]
            .sudo()
            .search([("stekas_period_id", "in", stale.ids)])
            .stekas_period_id
        )
        (stale - kept).unlink()

    def _lock_for_period_creation(self):
        """Make two transactions that create the same period at once conflict
        on the contract's row, which Odoo retries, instead of on the period's
        unique key, which it does not: the retry then finds the period made
        by the other one. The row is rewritten as it is (no value changes)."""
        # SQL: a write() would change write_date and run the contract's
        # write() with its re-allocation.
        self.env.cr.execute(
            SQL(
                "UPDATE stekas_support_contract SET write_date = write_date"
                " WHERE id = ANY(%s)",
                self.ids,
            )
        )

    def _get_line_by_work_type(self):
        """{work type id: the contract's line for it}; empty without a
        contract."""
        if not self:
            return {}
        self.ensure_one()
        # sudo: the terms price everyone's entries, consultants' included
        return {line.work_type_id.id: line for line in self.sudo().line_ids}

    def _get_period_line_free_minutes(self, day):
        """{contract line id: free minutes} of the lines with free hours of
        their own, in the contract's period that holds `day`, prorated as the
        consulting hours are (R-BIL-1 rev. 2)."""
        self.ensure_one()
        start, end, full_end = periods.contract_period(
            day, self.date_start, self.date_end, self.period_type
        )
        return {
            line.id: quota.prorated_minutes(
                durations.hours_to_minutes(line.free_hours), start, end, full_end
            )
            # sudo: as _get_line_by_work_type
            for line in self.sudo().line_ids
            if line._has_own_quota()
        }

    def _apply_line_terms(self):
        """After a change of the contract's lines: its entries not billed
        take the new policy and its periods are re-allocated; billed entries
        keep what they were billed for."""
        contracts = self.filtered(lambda c: c.state in ("active", "expired"))
        if not contracts:
            return
        # sudo: every consultant's entries are re-priced, by the system
        Line = self.env["account.analytic.line"].sudo()
        lines = Line.search([("stekas_contract_id", "in", contracts.ids)])
        lines -= lines._stekas_get_billed()
        self.env.add_to_compute(Line._fields["stekas_billing_policy"], lines)
        contracts._reallocate()

    def _reallocate(self):
        """Re-attach the contract's client entries after a change of its terms."""
        lines = (
            self.env["account.analytic.line"]
            .sudo()  # figures are kept by the system whatever the user may read
            .search(
                [
                    ("ticket_id.commercial_partner_id", "in", self.partner_id.ids),
                    ("ticket_id", "!=", False),
                ]
            )
        )
        old_periods = lines.stekas_period_id
        # sudo: as above, every period of the contract is re-figured
        lines._stekas_reallocate(extra_periods=old_periods | self.sudo().period_ids)

    @api.model
    def _cron_renewal_reminders(self):
        self._send_renewal_reminders(self._get_today())

    @api.model
    def _get_renewal_reminder_domain(self, today):
        """Active contracts ending from `today` on whose reminder for that end
        date is not sent; the company's notice is applied by
        `_send_renewal_reminders`."""
        return [
            ("state", "=", "active"),
            ("date_end", ">=", today),
            ("date_end", "<=", today + timedelta(days=MAX_RENEWAL_REMINDER_DAYS)),
        ]

    @api.model
    def _send_renewal_reminders(self, today):
        """A to-do, once per contract and end date, for the client's
        consultant and the dispatchers when an active contract ends within
        its company's `stekas_renewal_reminder_days` of `today`."""
        contracts = self.search(self._get_renewal_reminder_domain(today)).filtered(
            lambda c: c.renewal_reminded_end != c.date_end
            and (c.date_end - today).days <= c.company_id.stekas_renewal_reminder_days
        )
        if not contracts:
            return contracts
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        dispatchers = self._get_renewal_reminder_users()
        vals_list = []
        for contract in contracts:
            summary, note = contract._prepare_renewal_reminder_texts()
            for user in contract.consultant_id | dispatchers:
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": contract.id,
                        "activity_type_id": todo.id,
                        "user_id": user.id,
                        "summary": summary,
                        "note": note,
                        "date_deadline": today,
                    }
                )
        # sudo: the reminder is the system's; the cron's user need not be
        # allowed to give dispatchers to-dos
        self.env["mail.activity"].sudo().create(vals_list)
        for end, group in contracts.grouped("date_end").items():
            group.write({"renewal_reminded_end": end})
        return contracts

    @api.model
    def _get_renewal_reminder_users(self):
        """The dispatchers (active, internal users) who get every renewal
        reminder besides the contract's consultant."""
        return self.env["res.users"]._stekas_get_staff_of(
            "stekas_helpdesk.stekas_helpdesk_group_dispatcher"
        )

    def _prepare_renewal_reminder_texts(self):
        self.ensure_one()
        summary = self.env._(
            "Support contract %(name)s ends on %(date)s: renew it",
            name=self.name,
            date=self.date_end,
        )
        note = self.env._(
            "The support contract %(name)s of %(client)s ends on %(date)s. Agree "
            "its renewal with the client.",
            name=self.name,
            client=self.partner_id.display_name,
            date=self.date_end,
        )
        return summary, note

    @api.model
    def _cron_expire_contracts(self):
        today = self._get_today()
        self.search([("state", "=", "active"), ("date_end", "<", today)]).write(
            {"state": "expired"}
        )
