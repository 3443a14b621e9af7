# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..lib import quota

# A change of one of these fields may move an entry to another period or
# change what it consumes: its period is re-allocated.
QUOTA_TRIGGER_FIELDS = {
    "unit_amount",
    "date",
    "date_time",
    "ticket_id",
    "stekas_work_type_id",
    "stekas_consultation_channel",
}


class AccountAnalyticLine(models.Model):
    """A journal entry carries its work type and, for clients with a support
    contract, the period it falls in and its split into free and overage
    minutes (R-BIL-1..3)."""

    _inherit = "account.analytic.line"

    stekas_work_type_id = fields.Many2one(
        "stekas.work.type",
        string="Work type",
        index="btree_not_null",
        help="What the work was for: decides whether it is free, consumes the "
        "contract's free hours or is paid (R-BIL-2, R-BIL-3).",
    )
    stekas_billing_policy = fields.Selection(
        selection=[
            ("free", "Free"),
            ("quota", "Free within the contract's hours"),
            ("paid", "Paid"),
        ],
        string="Billing policy",
        compute="_compute_stekas_billing_policy",
        store=True,
        help="The work type's policy when the entry was logged; an on-site "
        "consultation is always paid (R-BIL-3).",
    )
    stekas_work_date = fields.Date(
        string="Work date (client's local date)",
        compute="_compute_stekas_work_date",
        store=True,
        index="btree_not_null",
    )
    stekas_contract_id = fields.Many2one(
        "stekas.support.contract", string="Support contract", readonly=True
    )
    stekas_period_id = fields.Many2one(
        "stekas.support.contract.period",
        string="Contract period",
        readonly=True,
        index="btree_not_null",
    )
    stekas_free_minutes = fields.Integer(
        string="Free minutes",
        readonly=True,
        help="Billed minutes covered by the contract's free hours.",
    )
    stekas_overage_minutes = fields.Integer(
        string="Overage minutes",
        readonly=True,
        help="Billed minutes of consulting beyond the contract's free hours, "
        "paid at the contract's rate.",
    )
    stekas_free_hours = fields.Float(
        string="Free hours", compute="_compute_stekas_hours", digits=(16, 2)
    )
    stekas_overage_hours = fields.Float(
        string="Overage hours", compute="_compute_stekas_hours", digits=(16, 2)
    )

    @api.depends("stekas_work_type_id", "stekas_consultation_channel")
    def _compute_stekas_billing_policy(self):
        # The type's current policy is read when the entry is logged or edited:
        # a later change of the type's policy does not re-price old entries.
        for line in self:
            if line.stekas_consultation_channel == "onsite":
                line.stekas_billing_policy = "paid"
            else:
                line.stekas_billing_policy = (
                    line.stekas_work_type_id.billing_policy or False
                )

    @api.depends("date_time", "date")
    def _compute_stekas_work_date(self):
        tz_name = self.env["stekas.support.contract"]._stekas_tz()
        for line in self:
            line.stekas_work_date = (
                quota.local_date(line.date_time, tz_name)
                if line.date_time
                else line.date
            )

    @api.depends("stekas_free_minutes", "stekas_overage_minutes")
    def _compute_stekas_hours(self):
        for line in self:
            line.stekas_free_hours = line.stekas_free_minutes / 60.0
            line.stekas_overage_hours = line.stekas_overage_minutes / 60.0

    @api.model_create_multi
    def create(self, vals_list):
        default_type = None
        for vals in vals_list:
            if vals.get("ticket_id") and not vals.get("stekas_work_type_id"):
                if default_type is None:
                    default_type = self._get_default_stekas_work_type()
                vals["stekas_work_type_id"] = default_type.id
        lines = super().create(vals_list)
        lines.filtered("ticket_id")._stekas_reallocate(appended=True)
        return lines

    def write(self, vals):
        if self.env.context.get("stekas_no_reallocate") or not (
            QUOTA_TRIGGER_FIELDS & set(vals)
        ):
            return super().write(vals)
        self._stekas_check_not_locked()
        old_periods = self.stekas_period_id
        res = super().write(vals)
        self._stekas_reallocate(extra_periods=old_periods)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self._stekas_check_not_locked()

    def unlink(self):
        periods = self.sudo().stekas_period_id  # figures are the system's
        res = super().unlink()
        if periods:
            self._stekas_allocate_periods(periods)
        return res

    @api.model
    def _get_default_stekas_work_type(self):
        # The xmlid lookup is cached (env.ref would query for every entry).
        work_type = self.env["stekas.work.type"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id(
                "stekas_billing.stekas_work_type_consulting", raise_if_not_found=False
            )
        )
        if not work_type:
            work_type = self.env["stekas.work.type"].search(
                [("billing_policy", "=", "quota")], limit=1
            )
        return work_type

    def _stekas_is_locked(self):
        """Whether the entry is invoiced and so may no longer change (hook for
        invoicing: an entry already invoiced keeps its split)."""
        self.ensure_one()
        return False

    def _stekas_check_not_locked(self):
        locked = self.filtered(lambda line: line._stekas_is_locked())
        if locked:
            raise UserError(
                self.env._(
                    "These journal entries are already invoiced and cannot be "
                    "changed or deleted: %(entries)s",
                    entries=", ".join(locked.mapped("name")),
                )
            )

    def _stekas_reallocate(self, extra_periods=None, appended=False):
        """Attach the entries to their contract period and re-allocate the free
        minutes of every period they left or joined.

        The number of queries does not depend on how many entries the periods
        already hold: contracts, periods and entries are each fetched with one
        search, and the changed splits are written grouped by value.
        `appended`: the entries are new (just created), so a period they join
        after its latest entry is allocated from its figures alone.
        """
        # sudo: the figures are kept by the system for every user who logs time,
        # consultants included, who may not write contracts or periods.
        # New entries exist: only a write or a contract change needs the check.
        lines = self.sudo() if appended else self.sudo().exists()
        Period = self.env["stekas.support.contract.period"].sudo()
        extra_periods = (extra_periods or Period).sudo()
        lines = lines.filtered(lambda line: not line._stekas_is_locked())
        journal = lines.filtered("ticket_id")
        partners = journal.ticket_id.commercial_partner_id
        # sudo: consultants logging time may not read contracts
        Contract = self.env["stekas.support.contract"].sudo()
        # search_fetch: the fields used below come with the search itself.
        contracts = (
            Contract.search_fetch(
                Contract._get_billing_contract_domain(partners),
                ["partner_id", "date_start", "date_end", "period_type", "free_hours"],
            )
            if partners
            else Contract
        )
        by_partner = defaultdict(list)
        for contract in contracts:
            by_partner[contract.partner_id.id].append(contract)
        targets = {}
        for line in journal:
            day = line.stekas_work_date
            contract = next(
                (
                    c
                    for c in by_partner[line.ticket_id.commercial_partner_id.id]
                    if day and c._stekas_covers(day)
                ),
                None,
            )
            if contract:
                start, end = quota.period_bounds(day, contract.period_type)
                targets[line.id] = (contract, start, end)
        period_map = {}
        if targets:
            periods = Period.search_fetch(
                [
                    ("contract_id", "in", list({t[0].id for t in targets.values()})),
                    ("date_start", "in", list({t[1] for t in targets.values()})),
                ],
                self._stekas_period_fetch_fields(),
            )
            period_map = {(p.contract_id.id, p.date_start): p for p in periods}
            missing = {}
            for contract, start, end in targets.values():
                if (contract.id, start) not in period_map:
                    missing[(contract.id, start)] = self._prepare_stekas_period_vals(
                        contract, start, end
                    )
            if missing:
                self._stekas_serialize_period_creation(
                    list({contract_id for contract_id, _start in missing})
                )
                created = Period.create(list(missing.values()))
                period_map.update(zip(missing.keys(), created, strict=True))
        line_period = {}
        for line in lines:
            target = targets.get(line.id)
            line_period[line.id] = (
                period_map[(target[0].id, target[1])] if target else Period
            )
        joined = Period.browse([p.id for p in period_map.values()])
        moved = lines.browse()
        if appended:
            appended_to, moved = self._stekas_append_to_periods(
                journal, joined, line_period
            )
            joined -= appended_to
        moves = defaultdict(list)
        for line in lines - moved:
            period = line_period[line.id]
            key = (period.contract_id.id, period.id)
            if (line.stekas_contract_id.id, line.stekas_period_id.id) != key:
                moves[key].append(line.id)
        for (contract_id, period_id), line_ids in moves.items():
            vals = {"stekas_contract_id": contract_id, "stekas_period_id": period_id}
            if not period_id:
                vals.update(stekas_free_minutes=0, stekas_overage_minutes=0)
            lines.browse(line_ids).with_context(stekas_no_reallocate=True).write(vals)
        self._stekas_allocate_periods(extra_periods | joined)

    def _stekas_append_to_periods(self, new_lines, periods, line_period):
        """Allocate new entries that come after every entry of their period
        from the period's figures, without reading its other entries: logging
        time then costs the same however full the period is.

        `line_period` maps each entry's id to the period it joins. Entries so
        allocated get their contract, period and split in one write per group.
        Returns the periods so handled (the others need a full re-allocation)
        and the entries written.

        Two entries logged at once for the same period both write its figures:
        the second transaction fails on that row and Odoo retries it, so it
        then starts from the first one's figures.
        """
        # sudo: as in _stekas_reallocate, the figures are kept by the system
        Period = self.env["stekas.support.contract.period"].sudo()
        done = Period
        by_period = defaultdict(list)
        for line in new_lines.sorted(lambda line: (line.stekas_work_date, line.id)):
            by_period[line_period[line.id]].append(line)
        writes = defaultdict(list)
        for period in periods:
            lines = by_period.get(period)
            limit = quota.hours_to_minutes(period.contract_id.free_hours)
            if (
                not lines
                or period.free_minutes != limit
                or not quota.appends_at_end(
                    [line.stekas_work_date for line in lines],
                    self._stekas_period_last_date(period),
                )
            ):
                continue
            entries = [self._stekas_quota_entry(line) for line in lines]
            allocation = quota.allocate(entries, limit, period.used_minutes)
            added = quota.period_figures(allocation, entries, limit)
            figures = {
                name: period[name] + added[name]
                for name in (
                    "used_minutes",
                    "overage_minutes",
                    "paid_minutes",
                    "free_type_minutes",
                )
            }
            figures["last_work_date"] = max(
                [line.stekas_work_date for line in lines]
                + ([period.last_work_date] if period.last_work_date else [])
            )
            for line in lines:
                split = allocation[line.id]
                writes[(period.contract_id.id, period.id, split)].append(line.id)
            old_used = period.used_minutes
            period.write(figures)
            if figures["used_minutes"] > old_used:
                period._stekas_send_alerts()
            done |= period
        # sudo: the split is the system's, written whoever logs the time
        Line = self.sudo().with_context(stekas_no_reallocate=True)
        written = Line.browse()
        for (contract_id, period_id, split), line_ids in writes.items():
            group = Line.browse(line_ids)
            group.write(
                {
                    "stekas_contract_id": contract_id,
                    "stekas_period_id": period_id,
                    "stekas_free_minutes": split.free,
                    "stekas_overage_minutes": split.overage,
                }
            )
            written |= group
        return done, written

    @api.model
    def _stekas_serialize_period_creation(self, contract_ids):
        """Make two transactions that create the same period at once conflict
        on the contract's row, which Odoo retries, instead of on the period's
        unique key, which it does not: the retry then finds the period made
        by the other one. The row is rewritten as it is (no value changes)."""
        self.env.cr.execute(
            SQL(
                "UPDATE stekas_support_contract SET write_date = write_date"
                " WHERE id = ANY(%s)",
                contract_ids,
            )
        )

    @api.model
    def _stekas_period_fetch_fields(self):
        return [
            "contract_id",
            "date_start",
            "free_minutes",
            "used_minutes",
            "overage_minutes",
            "paid_minutes",
            "free_type_minutes",
            "last_work_date",
            "alerts_sent",
        ]

    @api.model
    def _stekas_period_last_date(self, period):
        """The latest work date of the period's entries; None when it has
        none. A period whose figures predate `last_work_date` has figures but
        no date: it gets a full re-allocation, which records it."""
        if period.last_work_date:
            return period.last_work_date
        has_entries = any(
            period[name]
            for name in (
                "used_minutes",
                "overage_minutes",
                "paid_minutes",
                "free_type_minutes",
            )
        )
        return date.max if has_entries else None

    @api.model
    def _stekas_quota_entry(self, line):
        return quota.Entry(
            line.id,
            line.stekas_billed_minutes,
            line.stekas_billing_policy or "paid",
            False,
            line.stekas_free_minutes,
            line.stekas_overage_minutes,
        )

    @api.model
    def _stekas_write_splits(self, changes):
        """Write free/overage splits grouped by value: {Allocation: [ids]}."""
        # sudo: the split is the system's, written whoever logs the time
        Line = self.sudo().with_context(stekas_no_reallocate=True)
        for split, line_ids in changes.items():
            Line.browse(line_ids).write(
                {
                    "stekas_free_minutes": split.free,
                    "stekas_overage_minutes": split.overage,
                }
            )

    @api.model
    def _prepare_stekas_period_vals(self, contract, start, end):
        return {
            "contract_id": contract.id,
            "date_start": start,
            "date_end": end,
            "free_minutes": quota.hours_to_minutes(contract.free_hours),
        }

    @api.model
    def _stekas_allocate_periods(self, periods):
        """Re-allocate the free minutes of `periods` over their entries."""
        periods = periods.sudo().exists()  # sudo: as in _stekas_reallocate
        if not periods:
            return
        Line = self.sudo().with_context(stekas_no_reallocate=True)
        rows = Line.search_read(
            [("stekas_period_id", "in", periods.ids)],
            [
                "stekas_period_id",
                "stekas_billed_minutes",
                "stekas_billing_policy",
                "stekas_free_minutes",
                "stekas_overage_minutes",
                "stekas_work_date",
            ],
            order="stekas_work_date, id",
            load=None,
        )
        locked_ids = {
            line.id
            for line in Line.browse([row["id"] for row in rows])
            if line._stekas_is_locked()
        }
        by_period = defaultdict(list)
        for row in rows:
            by_period[row["stekas_period_id"]].append(row)
        changes = defaultdict(list)
        for period in periods:
            limit = quota.hours_to_minutes(period.contract_id.free_hours)
            entries = [
                quota.Entry(
                    row["id"],
                    row["stekas_billed_minutes"],
                    row["stekas_billing_policy"] or "paid",
                    row["id"] in locked_ids,
                    row["stekas_free_minutes"],
                    row["stekas_overage_minutes"],
                )
                for row in by_period[period.id]
            ]
            allocation = quota.allocate(entries, limit)
            figures = quota.period_figures(allocation, entries, limit)
            figures["last_work_date"] = max(
                (row["stekas_work_date"] for row in by_period[period.id]),
                default=False,
            )
            for row in by_period[period.id]:
                split = allocation[row["id"]]
                if split != (row["stekas_free_minutes"], row["stekas_overage_minutes"]):
                    changes[split].append(row["id"])
            old_used = period.used_minutes
            if any(period[name] != value for name, value in figures.items()):
                period.write(figures)
            if figures["used_minutes"] > old_used:
                period._stekas_send_alerts()
        self._stekas_write_splits(changes)

    @api.model
    def _stekas_init_journal(self):
        # sudo: run at install, over every company's journal.
        lines = self.sudo().search(
            [("ticket_id", "!=", False), ("stekas_work_type_id", "=", False)]
        )
        work_type = self._get_default_stekas_work_type()
        if lines and work_type:
            lines.write({"stekas_work_type_id": work_type.id})
