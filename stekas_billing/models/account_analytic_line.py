# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..lib import quota

# A change of one of these fields may move an entry to another period or
# change what it consumes: its period is re-allocated.
QUOTA_TRIGGER_FIELDS = {
    "unit_amount",
    "date",
    "date_time",
    "ticket_id",
    "stekas_work_type_id",
    "consultation_channel",
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

    @api.depends("stekas_work_type_id", "consultation_channel")
    def _compute_stekas_billing_policy(self):
        # The type's current policy is read when the entry is logged or edited:
        # a later change of the type's policy does not re-price old entries.
        for line in self:
            if line.consultation_channel == "onsite":
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
        lines.filtered("ticket_id")._stekas_reallocate()
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
        work_type = self.env.ref(
            "stekas_billing.stekas_work_type_consulting", raise_if_not_found=False
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

    def _stekas_reallocate(self, extra_periods=None):
        """Attach the entries to their contract period and re-allocate the free
        minutes of every period they left or joined.

        The number of queries does not depend on how many entries the periods
        already hold: contracts, periods and entries are each fetched with one
        search, and the changed splits are written grouped by value.
        """
        # sudo: the figures are kept by the system for every user who logs time,
        # consultants included, who may not write contracts or periods.
        lines = self.sudo().exists()
        Period = self.env["stekas.support.contract.period"].sudo()
        extra_periods = (extra_periods or Period).sudo()
        lines = lines.filtered(lambda line: not line._stekas_is_locked())
        journal = lines.filtered("ticket_id")
        partners = journal.ticket_id.commercial_partner_id
        Contract = self.env["stekas.support.contract"].sudo()
        contracts = (
            Contract.search(Contract._get_billing_contract_domain(partners))
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
            periods = Period.search(
                [
                    ("contract_id", "in", list({t[0].id for t in targets.values()})),
                    ("date_start", "in", list({t[1] for t in targets.values()})),
                ]
            )
            period_map = {(p.contract_id.id, p.date_start): p for p in periods}
            missing = {}
            for contract, start, end in targets.values():
                if (contract.id, start) not in period_map:
                    missing[(contract.id, start)] = self._prepare_stekas_period_vals(
                        contract, start, end
                    )
            if missing:
                created = Period.create(list(missing.values()))
                period_map.update(zip(missing.keys(), created, strict=True))
        moves = defaultdict(list)
        for line in lines:
            target = targets.get(line.id)
            if target:
                period = period_map[(target[0].id, target[1])]
                key = (target[0].id, period.id)
            else:
                key = (False, False)
            if (line.stekas_contract_id.id, line.stekas_period_id.id) != key:
                moves[key].append(line.id)
        for (contract_id, period_id), line_ids in moves.items():
            vals = {"stekas_contract_id": contract_id, "stekas_period_id": period_id}
            if not period_id:
                vals.update(stekas_free_minutes=0, stekas_overage_minutes=0)
            lines.browse(line_ids).with_context(stekas_no_reallocate=True).write(vals)
        affected = extra_periods | Period.browse([p.id for p in period_map.values()])
        self._stekas_allocate_periods(affected)

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
                "billed_minutes",
                "stekas_billing_policy",
                "stekas_free_minutes",
                "stekas_overage_minutes",
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
                    row["billed_minutes"],
                    row["stekas_billing_policy"] or "paid",
                    row["id"] in locked_ids,
                    row["stekas_free_minutes"],
                    row["stekas_overage_minutes"],
                )
                for row in by_period[period.id]
            ]
            allocation = quota.allocate(entries, limit)
            figures = {
                "free_minutes": limit,
                "used_minutes": 0,
                "overage_minutes": 0,
                "paid_minutes": 0,
                "free_type_minutes": 0,
            }
            for row in by_period[period.id]:
                split = allocation[row["id"]]
                if split != (row["stekas_free_minutes"], row["stekas_overage_minutes"]):
                    changes[split].append(row["id"])
                figures["used_minutes"] += split.free
                figures["overage_minutes"] += split.overage
                policy = row["stekas_billing_policy"] or "paid"
                if policy == "paid":
                    figures["paid_minutes"] += row["billed_minutes"]
                elif policy == "free":
                    figures["free_type_minutes"] += row["billed_minutes"]
            old_used = period.used_minutes
            if any(period[name] != value for name, value in figures.items()):
                period.write(figures)
            if figures["used_minutes"] > old_used:
                period._stekas_send_alerts()
        for split, line_ids in changes.items():
            Line.browse(line_ids).write(
                {
                    "stekas_free_minutes": split.free,
                    "stekas_overage_minutes": split.overage,
                }
            )

    @api.model
    def _stekas_init_journal(self):
        # sudo: run at install, over every company's journal.
        lines = self.sudo().search(
            [("ticket_id", "!=", False), ("stekas_work_type_id", "=", False)]
        )
        work_type = self._get_default_stekas_work_type()
        if lines and work_type:
            lines.write({"stekas_work_type_id": work_type.id})
