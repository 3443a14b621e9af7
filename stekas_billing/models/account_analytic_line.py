# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.stekas_helpdesk.lib import periods

from ..lib import invoicing, quota

# A change of one of these fields may move an entry to another period or
# change what it consumes: its period is re-allocated.
QUOTA_TRIGGER_FIELDS = {
    "unit_amount",
    "date",
    "date_time",
    "ticket_id",
    "stekas_work_type_id",
    "stekas_consultation_channel",
    "stekas_rounding_exempt",
}
# What the release of a credited or cancelled invoice clears on its entries.
RELEASE_FIELDS = {"timesheet_invoice_id", "stekas_invoice_line_id"}


class AccountAnalyticLine(models.Model):
    """A journal entry carries its work type and, for clients with a support
    contract, the period it falls in and its split into free and overage
    minutes (R-BIL-1..3).

    The invoice that bills an entry is sale_timesheet's own
    `timesheet_invoice_id`, so the invoice's Timesheets button, the read-only
    state of invoiced timesheets and sale_timesheet's `_is_not_billed()` all
    apply. That link knows the invoice but not which of its lines, nor the
    free/overage split of the entry that crosses the quota limit: the line is
    `stekas_invoice_line_id`, and a billed entry keeps its split and can no
    longer change (R-BIL-1, R-BIL-3..5).
    """

    _inherit = "account.analytic.line"

    stekas_work_type_id = fields.Many2one(
        "stekas.work.type",
        string="Work type",
        index="btree_not_null",
        default=lambda self: self._default_stekas_work_type_id(),
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
    stekas_invoice_line_id = fields.Many2one(
        "account.move.line",
        string="Invoice line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The line of the prepayment invoice that bills this entry.",
    )
    stekas_hourly_rate = fields.Float(
        string="Own hourly price",
        digits="Product Price",
        help="Price of an hour of this entry when it is priced individually "
        "(R-BIL-3); empty: the work type's price or the contract's rate.",
    )

    @api.depends(
        "stekas_work_type_id", "stekas_consultation_channel", "stekas_contract_id"
    )
    def _compute_stekas_billing_policy(self):
        # The type's current policy is read when the entry is logged or edited:
        # a later change of the type's policy does not re-price old entries.
        # A change of the contract's lines re-prices its entries not billed
        # (`stekas.support.contract._apply_line_terms`).
        for line in self:
            line.stekas_billing_policy = line._stekas_get_billing_policy(
                line.stekas_contract_id
            )

    def _stekas_get_billing_policy(self, contract):
        """The entry's policy under `contract` (none: the catalogue's): an
        on-site consultation is paid (R-BIL-3), else the contract's line for
        its work type decides (R-BIL-2 rev. 2), else the work type."""
        self.ensure_one()
        if self.stekas_consultation_channel == "onsite":
            return "paid"
        terms = contract._get_line_by_work_type().get(self.stekas_work_type_id.id)
        if terms:
            return terms.billing_policy
        return self.stekas_work_type_id.billing_policy or False

    @api.depends("date_time", "date")
    def _compute_stekas_work_date(self):
        tz_name = self.env["stekas.support.contract"]._get_tz()
        for line in self:
            line.stekas_work_date = (
                periods.local_date(line.date_time, tz_name)
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
                    default_type = self._stekas_get_default_work_type()
                vals["stekas_work_type_id"] = default_type.id
        lines = super().create(vals_list)
        lines.filtered("ticket_id")._stekas_reallocate(appended=True)
        return lines

    def write(self, vals):
        reallocate = not self.env.context.get("stekas_no_reallocate") and bool(
            QUOTA_TRIGGER_FIELDS & set(vals)
        )
        if not reallocate:
            return super().write(vals)
        old_periods = self.stekas_period_id
        res = super().write(vals)
        self._stekas_reallocate(extra_periods=old_periods)
        return res

    def _check_can_write(self, values):
        # hr_timesheet's write calls this first, for every user and sudo too:
        # sale_timesheet refuses there a few fields of invoiced timesheets
        # sold by delivery; an entry billed by the run is frozen whole.
        self._stekas_check_not_billed(values)
        return super()._check_can_write(values)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_billed(self):
        self._stekas_check_not_billed()

    def unlink(self):
        periods_left = self.sudo().stekas_period_id  # figures are the system's
        res = super().unlink()
        periods_left._allocate()
        return res

    @api.model
    def _default_stekas_work_type_id(self):
        # Shown in the form of a new entry (the ticket's timesheet tab, the
        # timer): a timesheet of a ticket or of a project is consulting unless
        # the consultant says otherwise. Analytic lines of invoices get none.
        context = self.env.context
        if context.get("default_ticket_id") or context.get("default_project_id"):
            return self._stekas_get_default_work_type()
        return self.env["stekas.work.type"]

    @api.model
    def _stekas_get_default_work_type(self):
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

    @api.model
    def _stekas_init_journal(self):
        # sudo: run at install, over every company's journal.
        lines = self.sudo().search(
            [("ticket_id", "!=", False), ("stekas_work_type_id", "=", False)]
        )
        work_type = self._stekas_get_default_work_type()
        if lines and work_type:
            lines.write({"stekas_work_type_id": work_type.id})

    # ------------------------------------------------------------------
    # Quota allocation (R-BIL-1..3): the entries find their contract period,
    # the periods allocate their free minutes.
    # ------------------------------------------------------------------
    def _stekas_get_billed(self):
        """The entries an invoice bills: they keep their split and can no
        longer be edited or deleted; a credit note releases them."""
        # sudo: the lock is a system rule, whoever may read the invoice.
        return self.sudo().filtered(lambda line: not line._is_not_billed())

    def _stekas_check_not_billed(self, vals=None):
        """Refuse to change (`vals`) or delete (no `vals`) an entry that an
        invoice bills, draft or posted, whoever asks: what the invoice and the
        journal show of it, and its link to the invoice, stay as billed. A
        value written again unchanged is no change. Only the release of a
        credit note or a cancelled invoice clears the link (see
        `account.move._stekas_release_entries`)."""
        if (
            vals is not None
            and self.env.su
            and self.env.context.get("stekas_release_billed")
            and not set(vals) - RELEASE_FIELDS
        ):
            return
        billed = self._stekas_get_billed()
        if vals is not None:
            billed = billed.filtered(lambda line: line._stekas_changes(vals))
        if not billed:
            return
        invoice = billed[:1].timesheet_invoice_id
        entries = billed.filtered(lambda line: line.timesheet_invoice_id == invoice)
        if invoice.state == "posted":
            hint = self.env._(
                "To correct it, credit its invoice line with a credit note: the "
                "entry is then released and billed again by the next run."
            )
        else:
            hint = self.env._(
                "To correct it, cancel or delete the draft invoice: the entry is "
                "then released and billed again by the next run."
            )
        raise UserError(
            self.env._(
                "This entry is billed on invoice %(invoice)s; it can no longer "
                "be changed or deleted (%(entries)s). %(hint)s",
                invoice=invoice.display_name,
                entries=", ".join(entries.mapped("name")),
                hint=hint,
            )
        )

    def _stekas_changes(self, vals):
        """Whether writing `vals` would change a value of this entry."""
        self.ensure_one()
        for fname, value in vals.items():
            field = self._fields.get(fname)
            if field is None:
                return True
            new = field.convert_to_record(field.convert_to_cache(value, self), self)
            if new != self[fname]:
                return True
        return False

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
        lines -= lines._stekas_get_billed()
        line_period = lines._stekas_get_contract_periods()
        joined = Period.union(*line_period.values())
        moved = lines.browse()
        if appended:
            appended_to, splits = joined._append_entries(lines, line_period)
            moved = lines._stekas_write_allocation(splits)
            joined -= appended_to
        (lines - moved)._stekas_move_to_periods(line_period)
        (extra_periods | joined)._allocate()

    def _stekas_get_contract_periods(self):
        """{entry id: the contract period it falls in}, for the entries of a
        client with a contract that covers their work date; periods missing
        are created."""
        journal = self.filtered("ticket_id")
        partners = journal.ticket_id.commercial_partner_id
        if not partners:
            return {}
        # sudo: consultants logging time may not read contracts
        Contract = self.env["stekas.support.contract"].sudo()
        # search_fetch: the fields used below come with the search itself.
        contracts = Contract.search_fetch(
            Contract._get_billing_contract_domain(partners),
            ["partner_id", "date_start", "date_end", "period_type", "free_hours"],
        )
        by_partner = contracts.grouped("partner_id")
        targets = {}
        for line in journal:
            day = line.stekas_work_date
            covering = [
                contract
                for contract in by_partner.get(line.ticket_id.commercial_partner_id, ())
                if day and contract._covers(day)
            ]
            contract = line._stekas_pick_contract(covering)
            if contract:
                targets[line.id] = (contract, *contract._get_period_bounds(day))
        found = self.env["stekas.support.contract.period"]._get_or_create(
            set(targets.values())
        )
        return {
            line_id: found[(contract.id, start)]
            for line_id, (contract, start, _end) in targets.items()
        }

    def _stekas_pick_contract(self, contracts):
        """The contract among `contracts` (those of the client covering the
        entry's date) that the entry is under: the one the dispatcher chose
        on the ticket, else the client's only one (R-BIL-1 rev. 2); with
        several and no choice (time logging asks for one first), the one the
        entry is under already, else the latest started."""
        self.ensure_one()
        # sudo: consultants logging time may not read contracts
        chosen = self.ticket_id.sudo().stekas_contract_choice_id
        current = self.sudo().stekas_contract_id
        for preferred in (chosen, current):
            if preferred and preferred in contracts:
                return preferred
        return contracts[0] if contracts else None

    def _stekas_move_to_periods(self, line_period):
        """Write the contract and period of the entries whose period changed,
        one write per period; an entry that leaves every period loses its
        split."""
        moves = defaultdict(list)
        for line in self:
            period = line_period.get(line.id)
            key = (period.contract_id.id, period.id) if period else (False, False)
            if (line.stekas_contract_id.id, line.stekas_period_id.id) != key:
                moves[key].append(line.id)
        Line = self.with_context(stekas_no_reallocate=True)
        for (contract_id, period_id), line_ids in moves.items():
            vals = {"stekas_contract_id": contract_id, "stekas_period_id": period_id}
            if not period_id:
                vals.update(stekas_free_minutes=0, stekas_overage_minutes=0)
            Line.browse(line_ids).write(vals)

    def _stekas_write_allocation(self, splits):
        """Write the period and split of entries, one write per group of
        equal values: `splits` maps (period, Allocation) to entry ids.
        Returns the entries written."""
        # sudo: the split is the system's, written whoever logs the time
        Line = self.sudo().with_context(stekas_no_reallocate=True)
        written = Line.browse()
        for (period, split), line_ids in splits.items():
            group = Line.browse(line_ids)
            vals = {
                "stekas_free_minutes": split.free,
                "stekas_overage_minutes": split.overage,
            }
            if period:
                vals.update(
                    stekas_contract_id=period.contract_id.id,
                    stekas_period_id=period.id,
                )
            group.write(vals)
            written |= group
        return written

    def _stekas_prepare_quota_entry(self, contract, locked=False):
        """The entry as the pure quota rules see it, under `contract` (the
        one of the period it joins, which a new entry does not name yet): its
        bucket is its contract line's when that line has free hours of its
        own (R-BIL-1 rev. 2), else the consulting hours (None)."""
        self.ensure_one()
        terms = contract._get_line_by_work_type().get(self.stekas_work_type_id.id)
        policy = self._stekas_get_billing_policy(contract) or "paid"
        own = terms and policy == "quota" and terms._has_own_quota()
        return quota.Entry(
            self.id,
            self.stekas_billed_minutes,
            policy,
            locked,
            self.stekas_free_minutes,
            self.stekas_overage_minutes,
            terms.id if own else None,
        )

    # ------------------------------------------------------------------
    # Billing (R-BIL-1, R-BIL-3..5)
    # ------------------------------------------------------------------
    @api.model
    def _stekas_get_billable_domain(self, partners, date_from, date_to):
        """Entries of `partners` with work dates in [date_from, date_to] that are
        not invoiced and may bill something (R-BIL-1, R-BIL-3..5)."""
        return [
            ("ticket_id", "!=", False),
            ("ticket_id.commercial_partner_id", "in", partners.ids),
            ("stekas_work_date", ">=", date_from),
            ("stekas_work_date", "<=", date_to),
            ("timesheet_invoice_id", "=", False),
            # prepaid tickets are settled on their own (R-BIL-4); time logged
            # after the settlement is billed as any other
            "|",
            ("ticket_id.stekas_prepay_invoice_id", "=", False),
            ("ticket_id.stekas_prepay_settlement_id", "!=", False),
            ("stekas_billed_minutes", ">", 0),
            ("stekas_billing_policy", "!=", "free"),
            "|",
            ("stekas_contract_id", "=", False),
            "|",
            ("stekas_billing_policy", "!=", "quota"),
            ("stekas_overage_minutes", ">", 0),
        ]

    def _stekas_lock_for_billing(self):
        """Lock the rows of the entries that are still not invoiced, skipping
        those another transaction holds, and return them. Two billing runs at
        once never get the same entry: the second one skips it, and an entry
        the first one invoiced and committed meanwhile is no longer free."""
        if not self:
            return self
        # SQL: the ORM has no row lock that skips the rows others hold.
        self.env.cr.execute(
            SQL(
                "SELECT id FROM account_analytic_line WHERE id IN %s "
                "AND timesheet_invoice_id IS NULL FOR UPDATE SKIP LOCKED",
                tuple(self.ids),
            ),
            log_exceptions=False,
        )
        ids = {row[0] for row in self.env.cr.fetchall()}
        locked = self.filtered(lambda line: line.id in ids)
        locked.invalidate_recordset()
        return locked

    @api.model
    def _stekas_get_bill_entry_fields(self):
        """The fields `_stekas_prepare_bill_entry` reads, fetched at once for
        a batch of entries by the billing run."""
        return [
            "ticket_id",
            "company_id",
            "stekas_billed_minutes",
            "stekas_overage_minutes",
            "stekas_billing_policy",
            "stekas_work_type_id",
            "stekas_hourly_rate",
            "stekas_contract_id",
        ]

    def _stekas_prepare_bill_entry(self):
        """The entry as the pure invoicing rules see it."""
        self.ensure_one()
        partner = self.ticket_id.commercial_partner_id
        contract = self.stekas_contract_id
        # sudo: accountants bill on the contract's terms, read for the batch's
        # contracts at once (prefetch)
        terms = (
            contract.sudo()._get_line_by_work_type().get(self.stekas_work_type_id.id)
        )
        return invoicing.BillEntry(
            key=self.id,
            minutes=self.stekas_billed_minutes,
            overage=self.stekas_overage_minutes,
            policy=self.stekas_billing_policy,
            work_type=self.stekas_work_type_id.id or None,
            entry_rate=self.stekas_hourly_rate,
            type_rate=self.stekas_work_type_id.hourly_rate,
            contract_rate=contract.hourly_rate if contract else None,
            client_rate=partner.stekas_hourly_rate,
            ticket=self.ticket_id.id,
            line_rate=terms.hourly_rate if terms else None,
            own_quota=bool(terms and terms._has_own_quota()),
        )

    def _stekas_prepare_invoice_line_vals(self, partner, group, date_from, date_to):
        """The invoice line that bills these entries, the `group` of the pure
        invoicing rules, in the client's language."""
        env = self.with_context(lang=partner.lang or self.env.lang).env
        if group.kind == invoicing.KIND_OVERAGE and group.work_type:
            what = env._(
                "%(type)s beyond the contract's free hours",
                type=env["stekas.work.type"].browse(group.work_type).name,
            )
        elif group.kind == invoicing.KIND_OVERAGE:
            what = env._("Consulting beyond the contract's free hours")
        elif group.kind == invoicing.KIND_PAID:
            what = env._(
                "Paid work: %(type)s",
                type=env["stekas.work.type"].browse(group.work_type).name,
            )
        else:
            ended = self._stekas_get_ended_contract(partner, date_to)
            what = (
                env._(
                    "Support without a contract (contract %(contract)s ended on "
                    "%(date)s)",
                    contract=ended.name,
                    date=fields.Date.to_string(ended.date_end),
                )
                if ended
                else env._("Support without a contract")
            )
        tickets = self.env["helpdesk.ticket"].browse(group.tickets)
        name = env._(
            "%(what)s, %(start)s - %(end)s; tickets: %(tickets)s",
            what=what,
            start=fields.Date.to_string(date_from),
            end=fields.Date.to_string(date_to),
            tickets=", ".join(tickets.mapped("number")),
        )
        return {
            "product_id": self.env["account.move"]._stekas_get_product().id,
            "name": name,
            "quantity": invoicing.minutes_to_quantity(group.minutes),
            "price_unit": group.rate,
        }

    @api.model
    def _stekas_get_ended_contract(self, partner, date_to):
        """The client's latest contract that ended before `date_to`: its time
        after that is billed on the client's terms without a contract."""
        # sudo: accountants bill on the contract terms they may not edit;
        # read for every client of the run at once (prefetch), not per line
        contracts = partner.sudo().stekas_contract_ids.filtered(
            lambda contract: contract.state in ("active", "expired")
            and contract.date_end
            and contract.date_end < date_to
        )
        return contracts.sorted("date_end")[-1:]

    @api.model
    def _stekas_link_to_invoice_lines(self, links):
        """Link billed entries to their invoice and invoice line: `links` is a
        list of (entry ids, invoice line). One write per invoice line, the
        fewest that can carry a line each; the dependent fields are
        recomputed together at the next flush."""
        # sudo: the billing run links every consultant's entries
        all_ids = [id_ for entry_ids, _line in links for id_ in entry_ids]
        entries = self.sudo().browse(all_ids)
        # what timesheet write() checks, read for all the entries at once
        # rather than by each write
        entries.fetch(["so_line", "timesheet_invoice_id", "project_id"])
        for entry_ids, invoice_line in links:
            entries.browse(entry_ids).with_prefetch(all_ids).write(
                {
                    "timesheet_invoice_id": invoice_line.move_id.id,
                    "stekas_invoice_line_id": invoice_line.id,
                }
            )
