# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import date

from odoo import api, fields, models
from odoo.tools import format_duration

from odoo.addons.stekas_helpdesk.lib import durations

from ..lib import quota

# The figures of a period that its entries add up to.
ENTRY_FIGURES = (
    "used_minutes",
    "overage_minutes",
    "paid_minutes",
    "free_type_minutes",
)


def reanchor_open_periods(env):
    """Move the entries of the open periods (no entry invoiced) whose bounds
    are not the contract's anchored period bounds onto the anchored periods,
    re-allocate both and delete the old periods left empty; periods with an
    invoiced entry are left as billed. Returns the old periods handled (the
    18.0.2.2.0 migration, and a test of it)."""
    # sudo: the upgrade re-figures every client's periods and entries
    Period = env["stekas.support.contract.period"].sudo()
    Line = env["account.analytic.line"].sudo()
    periods = Period.search(
        [("contract_id.state", "in", ("active", "expired"))], order="id"
    )
    billed = Line.search(
        [("stekas_period_id", "in", periods.ids), ("timesheet_invoice_id", "!=", False)]
    ).stekas_period_id
    stale, moved = (periods - billed)._sync_bounds()
    handled = stale | moved
    if not handled:
        return handled
    lines = Line.search([("stekas_period_id", "in", handled.ids)])
    lines._stekas_reallocate(extra_periods=handled)
    handled.contract_id._unlink_stale_periods(stale)
    return handled


class StekasSupportContractPeriod(models.Model):
    """The figures of one period of a support contract (R-BIL-1): free hours,
    used, remaining, overage and paid time. The period allocates its free
    minutes over its journal entries in chronological order; the entries call
    it when they are logged, changed or deleted."""

    _name = "stekas.support.contract.period"
    _description = "Support contract period"
    _order = "date_start desc, id desc"
    _rec_name = "date_start"

    contract_id = fields.Many2one(
        "stekas.support.contract", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(related="contract_id.partner_id", store=True)
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    date_start = fields.Date(string="Start date", required=True, readonly=True)
    date_end = fields.Date(string="End date", required=True, readonly=True)
    free_minutes = fields.Integer(readonly=True, help="Free minutes of the period.")
    used_minutes = fields.Integer(
        readonly=True, help="Free minutes consumed by quota-type entries."
    )
    overage_minutes = fields.Integer(
        readonly=True, help="Quota-type minutes beyond the free hours (paid)."
    )
    paid_minutes = fields.Integer(
        readonly=True, help="Minutes of paid work types (always billed)."
    )
    free_type_minutes = fields.Integer(
        readonly=True, help="Minutes of free work types (never billed)."
    )
    last_work_date = fields.Date(
        string="Latest work date",
        readonly=True,
        help="Work date of the period's latest entry: an entry logged on or "
        "after it is allocated without re-reading the period.",
    )
    alerts_sent = fields.Char(
        readonly=True, help="Alert thresholds already sent for this period."
    )
    free_hours = fields.Float(compute="_compute_hours", digits=(16, 2))
    used_hours = fields.Float(compute="_compute_hours", digits=(16, 2))
    remaining_hours = fields.Float(compute="_compute_hours", digits=(16, 2))
    overage_hours = fields.Float(compute="_compute_hours", digits=(16, 2))
    paid_hours = fields.Float(compute="_compute_hours", digits=(16, 2))
    billable_hours = fields.Float(
        compute="_compute_hours",
        digits=(16, 2),
        help="Overage and paid time: what the client pays for this period.",
    )
    used_percent = fields.Float(
        string="Used (%)",
        compute="_compute_hours",
        digits=(16, 0),
        help="Share of the free minutes used, as progress bars show it.",
    )
    is_current = fields.Boolean(compute="_compute_is_current")

    _sql_constraints = [
        (
            "contract_start_uniq",
            "unique(contract_id, date_start)",
            "A contract has one record per period.",
        )
    ]

    @api.depends("free_minutes", "used_minutes", "overage_minutes", "paid_minutes")
    def _compute_hours(self):
        for period in self:
            period.free_hours = period.free_minutes / 60.0
            period.used_hours = period.used_minutes / 60.0
            period.remaining_hours = (
                max(0, period.free_minutes - period.used_minutes) / 60.0
            )
            period.overage_hours = period.overage_minutes / 60.0
            period.paid_hours = period.paid_minutes / 60.0
            period.billable_hours = (
                period.overage_minutes + period.paid_minutes
            ) / 60.0
            period.used_percent = quota.used_percent(
                period.used_minutes, period.free_minutes
            )

    def _compute_is_current(self):
        today = self.env["stekas.support.contract"]._get_today()
        for period in self:
            period.is_current = period.date_start <= today <= period.date_end

    @api.depends("contract_id", "date_start", "date_end")
    def _compute_display_name(self):
        for period in self:
            period.display_name = (
                f"{period.contract_id.name or ''} {period.date_start or ''}"
                f" – {period.date_end or ''}"
            ).strip()

    def _get_usage_text(self):
        """The period's quota in words, as the client reads it beside the
        progress bar: which share is used and what remains (h:mm)."""
        self.ensure_one()
        return self.env._(
            "Used %(used)s of %(free)s h (%(percent)s %%), %(remaining)s h remaining.",
            used=format_duration(self.used_hours),
            free=format_duration(self.free_hours),
            percent=int(self.used_percent),
            remaining=format_duration(self.remaining_hours),
        )

    def _get_line_usage(self):
        """{contract line id: free hours used in the period} for the lines
        with free hours of their own (R-BIL-1 rev. 2), as the client reads
        them on the portal."""
        self.ensure_one()
        # sudo: the figures are the system's; every consultant's entries count
        lines = self.sudo().contract_id.line_ids.filtered(
            lambda line: line._has_own_quota()
        )
        if not lines:
            return {}
        groups = (
            self.env["account.analytic.line"]
            .sudo()
            ._read_group(
                [
                    ("stekas_period_id", "=", self.id),
                    ("stekas_work_type_id", "in", lines.work_type_id.ids),
                ],
                ["stekas_work_type_id"],
                ["stekas_free_minutes:sum"],
            )
        )
        used = {work_type.id: minutes for work_type, minutes in groups}
        return {line.id: used.get(line.work_type_id.id, 0) / 60.0 for line in lines}

    # ------------------------------------------------------------------
    # Quota allocation (R-BIL-1..3)
    # ------------------------------------------------------------------
    @api.model
    def _get_allocation_fields(self):
        """The fields the allocation reads, fetched with the periods."""
        return [
            "contract_id",
            "date_start",
            "free_minutes",
            *ENTRY_FIGURES,
            "last_work_date",
            "alerts_sent",
        ]

    def _sync_bounds(self):
        """Make these periods follow their contract's terms: the end date of
        each period that still starts one of the contract's periods follows
        them. Returns the periods that start none any more and those whose
        end moved."""
        stale = self.browse()
        new_ends = defaultdict(list)
        for period in self:
            contract = period.contract_id
            start, end = contract._get_period_bounds(period.date_start)
            if start != period.date_start or not contract._covers(start):
                stale |= period
            elif end != period.date_end:
                new_ends[end].append(period.id)
        for end, period_ids in new_ends.items():
            self.browse(period_ids).write({"date_end": end})
        moved = self.browse([pid for ids in new_ends.values() for pid in ids])
        return stale, moved

    @api.model
    def _get_or_create(self, keys):
        """{(contract id, start date): period} for `keys`, a set of (contract,
        start, end); the periods missing are created."""
        if not keys:
            return {}
        found = self.search_fetch(
            [
                ("contract_id", "in", list({contract.id for contract, *_d in keys})),
                ("date_start", "in", list({start for _c, start, _e in keys})),
            ],
            self._get_allocation_fields(),
        )
        by_key = {
            (period.contract_id.id, period.date_start): period for period in found
        }
        missing = {}
        for contract, start, end in keys:
            if (contract.id, start) not in by_key:
                missing[(contract.id, start)] = contract._prepare_period_vals(
                    start, end
                )
        if missing:
            contracts = self.env["stekas.support.contract"].browse(
                list({contract_id for contract_id, _start in missing})
            )
            contracts._lock_for_period_creation()
            created = self.create(list(missing.values()))
            by_key.update(zip(missing.keys(), created, strict=True))
        return by_key

    def _get_limit_minutes(self):
        """The period's free minutes under the contract's current terms
        (prorated when the contract ends within the period)."""
        self.ensure_one()
        return self.contract_id._get_period_free_minutes(self.date_start)

    def _get_bucket_limits(self, limit):
        """{bucket: free minutes} of the period: the consulting hours (None)
        get `limit`, each contract line with free hours of its own gets them,
        prorated as the consulting hours are (R-BIL-1 rev. 2)."""
        self.ensure_one()
        return {
            None: limit,
            **self.contract_id._get_period_line_free_minutes(self.date_start),
        }

    def _get_last_work_date(self):
        """The latest work date of the period's entries; None when it has
        none. A period whose figures predate `last_work_date` has figures but
        no date: it gets a full re-allocation, which records it."""
        self.ensure_one()
        if self.last_work_date:
            return self.last_work_date
        return date.max if any(self[name] for name in ENTRY_FIGURES) else None

    def _can_append(self, lines):
        """Whether new `lines` (sorted by work date) come after every entry of
        the period, with its free hours unchanged: then their split follows
        from the period's figures alone."""
        self.ensure_one()
        return (
            bool(lines)
            and self.free_minutes == self._get_limit_minutes()
            and quota.appends_at_end(
                [line.stekas_work_date for line in lines], self._get_last_work_date()
            )
        )

    def _append_entries(self, lines, line_period):
        """Allocate new `lines` that come after every entry of their period
        from the period's figures, without reading its other entries: logging
        time then costs the same however full the period is.

        `line_period` maps each entry's id to the period it joins. Returns the
        periods so handled (the others need a full re-allocation) and the
        splits to write, {(period, Allocation): [entry ids]}.

        Two entries logged at once for the same period both write its figures:
        the second transaction fails on that row and Odoo retries it, so it
        then starts from the first one's figures.
        """
        by_period = defaultdict(list)
        for line in lines.sorted(lambda line: (line.stekas_work_date, line.id)):
            if line.id in line_period:
                by_period[line_period[line.id]].append(line)
        done = self.browse()
        splits = defaultdict(list)
        for period in self:
            period_lines = by_period.get(period, [])
            if not period._can_append(period_lines):
                continue
            entries = [
                line._stekas_prepare_quota_entry(period.contract_id)
                for line in period_lines
            ]
            if any(entry.bucket is not None for entry in entries):
                # additional work's own free hours keep no running total:
                # a full re-allocation splits them
                continue
            allocation = quota.allocate(
                entries, period.free_minutes, period.used_minutes
            )
            added = quota.period_figures(allocation, entries, period.free_minutes)
            figures = {name: period[name] + added[name] for name in ENTRY_FIGURES}
            figures["last_work_date"] = max(
                [line.stekas_work_date for line in period_lines]
                + ([period.last_work_date] if period.last_work_date else [])
            )
            for line in period_lines:
                splits[(period, allocation[line.id])].append(line.id)
            period._update_figures(figures)
            done |= period
        return done, splits

    def _allocate(self):
        """Re-allocate the free minutes of the periods over all their entries."""
        # sudo: the figures are kept by the system for whoever logs the time
        periods = self.sudo().exists()
        if not periods:
            return
        # sudo: every consultant's entries of the period count
        Line = self.env["account.analytic.line"].sudo()
        lines = Line.search_fetch(
            [("stekas_period_id", "in", periods.ids)],
            [
                "stekas_period_id",
                "stekas_billed_minutes",
                "stekas_billing_policy",
                "stekas_work_type_id",
                "stekas_consultation_channel",
                "stekas_free_minutes",
                "stekas_overage_minutes",
                "stekas_work_date",
                "timesheet_invoice_id",
            ],
            order="stekas_work_date, id",
        )
        billed_ids = set(lines._stekas_get_billed().ids)
        by_period = lines.grouped("stekas_period_id")
        splits = defaultdict(list)
        for period in periods:
            period_lines = by_period.get(period, Line)
            entries = [
                line._stekas_prepare_quota_entry(
                    period.contract_id, locked=line.id in billed_ids
                )
                for line in period_lines
            ]
            limit = period._get_limit_minutes()
            allocation = quota.allocate_buckets(
                entries, period._get_bucket_limits(limit)
            )
            figures = quota.period_figures(allocation, entries, limit)
            figures["last_work_date"] = max(
                period_lines.mapped("stekas_work_date"), default=False
            )
            for line in period_lines:
                split = allocation[line.id]
                if split != (line.stekas_free_minutes, line.stekas_overage_minutes):
                    splits[(None, split)].append(line.id)
            period._update_figures(figures)
        Line._stekas_write_allocation(splits)

    def _update_figures(self, figures):
        """Write the period's new figures and alert on the thresholds the
        used free minutes reached."""
        self.ensure_one()
        old_used = self.used_minutes
        if any(self[name] != value for name, value in figures.items()):
            self.write(figures)
        if figures["used_minutes"] > old_used:
            self._send_alerts()

    # ------------------------------------------------------------------
    # Alerts (R-BIL-1)
    # ------------------------------------------------------------------
    def _get_alert_thresholds(self):
        self.ensure_one()
        return quota.parse_thresholds(self.contract_id.alert_thresholds)

    def _send_alerts(self):
        """Alert once per threshold and period (R-BIL-1): an activity for the
        client's consultant and, when the client opted in, an e-mail."""
        template = None
        for period in self:
            sent = set(quota.parse_thresholds(period.alerts_sent))
            reached = quota.reached_thresholds(
                period.used_minutes, period.free_minutes, period._get_alert_thresholds()
            )
            new = [threshold for threshold in reached if threshold not in sent]
            if not new:
                continue
            period.alerts_sent = ", ".join(str(t) for t in sorted(sent | set(new)))
            threshold = max(new)
            period._notify_consultant(threshold)
            if template is None:
                template = self.env.ref(
                    "stekas_billing.mail_template_quota_alert",
                    raise_if_not_found=False,
                )
            if period.contract_id.alert_email_opt_in and template:
                template.with_context(stekas_threshold=threshold).send_mail(period.id)

    def _notify_consultant(self, threshold):
        self.ensure_one()
        contract = self.contract_id
        contract.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=(contract.consultant_id or self.env.user).id,
            summary=self.env._(
                "%(client)s used %(threshold)s%% of its free hours",
                client=contract.partner_id.display_name,
                threshold=threshold,
            ),
            note=self.env._(
                "Period %(start)s – %(end)s: %(used)s of %(free)s free hours used, "
                "%(overage)s hours beyond them.",
                start=self.date_start,
                end=self.date_end,
                used=durations.format_hours_minutes(self.used_minutes),
                free=durations.format_hours_minutes(self.free_minutes),
                overage=durations.format_hours_minutes(self.overage_minutes),
            ),
        )
