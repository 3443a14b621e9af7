# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from collections import defaultdict

from psycopg2 import errors as pg_errors

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.queue_job.utils import must_run_without_delay
from odoo.addons.stekas_helpdesk.lib import periods

from ..lib import invoicing

_logger = logging.getLogger(__name__)

# Clients billed together: their entries are read in one query and their
# invoices made by one `create` per company.
BILLING_BATCH_SIZE = 100
# Clients the cron bills per call: it reports progress and is called again
# until none is left, so a long run never holds one transaction for hours.
CRON_BATCH_SIZE = 20
# Clients billed per job of a run started from the wizard (channel
# root.stekas_billing): a failed or retried job redoes that many at most.
JOB_BATCH_SIZE = 25
# Sequence step of the invoice lines, in the order of the invoicing rules.
LINE_SEQUENCE_STEP = 10


class StekasBillingRun(models.TransientModel):
    """Bill the support time of a period for a selection of clients: one draft
    prepayment invoice per client (R-BIL-1, R-BIL-3, R-BIL-5)."""

    _name = "stekas.billing.run"
    _description = "Support billing run"

    # the batch size as an attribute, so that a test can make it smaller
    _batch_size = BILLING_BATCH_SIZE
    _job_batch_size = JOB_BATCH_SIZE

    date_from = fields.Date(
        string="From", required=True, default=lambda self: self._default_dates()[0]
    )
    date_to = fields.Date(
        string="To", required=True, default=lambda self: self._default_dates()[1]
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Clients",
        domain=[("is_company", "=", True)],
        help="Empty: every client with support time to bill in the period.",
    )
    refused_partner_ids = fields.Many2many(
        "res.partner",
        relation="stekas_billing_run_refused_partner_rel",
        string="Clients not billed",
        readonly=True,
        help="Clients the run did not bill because a rate is missing.",
    )
    refusal_note = fields.Text(
        string="Why clients were not billed",
        readonly=True,
    )
    send_statements = fields.Boolean(
        string="E-mail statements of services",
        default=True,
        help="Also e-mail the statement of the period to the clients with work "
        "in it who asked for it (R-BIL-6), once per client and period.",
    )

    @api.model
    def _default_dates(self):
        today = self.env["stekas.support.contract"]._get_today()
        start, _end = periods.period_bounds(today, periods.MONTH)
        return periods.period_bounds(fields.Date.subtract(start, days=1), periods.MONTH)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for run in self:
            if run.date_to < run.date_from:
                raise UserError(self.env._("The period ends before it starts."))

    def action_run(self):
        """Bill the period: in jobs of `_job_batch_size` clients (channel
        root.stekas_billing), or at once where jobs run at once (queue_job's
        `queue_job__no_delay` context or `QUEUE_JOB__NO_DELAY` variable)."""
        self.ensure_one()
        self.env["account.move"].check_access("create")
        if not must_run_without_delay(self.env):
            return self._queue_run()
        invoices = self._bill()
        if self.send_statements:
            # Every opted-in client with work in the period, billed or not (a
            # client with only free time gets its statement too); a period
            # already sent is not sent again.
            self.env["res.partner"]._stekas_send_statements(
                self._get_statement_partners(), self.date_from, self.date_to
            )
        if self.refusal_note:
            return self._get_refusal_action(invoices)
        if not invoices:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "message": self.env._(
                        "Nothing to bill from %(start)s to %(end)s: every entry "
                        "of the period is free or already invoiced.",
                        start=self.date_from,
                        end=self.date_to,
                    ),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return self._get_invoices_action(invoices)

    def _queue_run(self):
        """Queue one billing job per batch of the run's clients, and the
        statements (one job per client); tell the user it is queued."""
        partners = (
            self.partner_ids or self._get_billable_partners()
        ).commercial_partner_id
        if self.send_statements:
            self.env["res.partner"]._stekas_send_statements(
                self._get_statement_partners(), self.date_from, self.date_to
            )
        size = self._job_batch_size
        batches = [
            partners[start : start + size] for start in range(0, len(partners), size)
        ]
        for batch in batches:
            self.with_delay(**self._prepare_batch_job_options(batch))._bill_batch_job(
                batch, self.date_from, self.date_to
            )
        if batches:
            message = self.env._(
                "The billing run from %(start)s to %(end)s was queued for "
                "%(count)s client(s) in %(batches)s batch(es): the draft invoices "
                "appear under Invoices as each batch is done.",
                start=self.date_from,
                end=self.date_to,
                count=len(partners),
                batches=len(batches),
            )
        else:
            message = self.env._(
                "Nothing to bill from %(start)s to %(end)s: every entry "
                "of the period is free or already invoiced.",
                start=self.date_from,
                end=self.date_to,
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _prepare_batch_job_options(self, partners):
        """The options of the job billing `partners`: the same batch of the
        same period is not queued twice while one waits."""
        return {
            "channel": "root.stekas_billing",
            "identity_key": "stekas_billing:{}:{}:{}:{}".format(
                self.env.company.id,
                self.date_from,
                self.date_to,
                ",".join(str(id_) for id_ in partners.ids),
            ),
            "max_retries": 5,
            "description": self.env._(
                "Billing run %(start)s - %(end)s: %(count)s client(s)",
                start=self.date_from,
                end=self.date_to,
                count=len(partners),
            ),
        }

    @api.model
    def _bill_batch_job(self, partners, date_from, date_to):
        """A job of the billing run: bill `partners` for the period with the
        run's own logic. Entries already invoiced are not billable and each
        client's entries are locked, so a retried batch bills nothing twice.
        Its result names the clients left out for a missing rate."""
        partners = partners.exists()
        if not partners:  # an empty selection would bill every client
            return "Nothing to bill: the clients are gone."
        run = self.create(
            {
                "date_from": date_from,
                "date_to": date_to,
                "partner_ids": [Command.set(partners.ids)],
                "send_statements": False,
            }
        )
        invoices = run._bill()
        if run.refusal_note:
            _logger.info(
                "Billing run %s - %s: %s", date_from, date_to, run.refusal_note
            )
        result = f"{len(invoices)} invoice(s) made or completed."
        return f"{result}\n{run.refusal_note}" if run.refusal_note else result

    def _get_invoices_action(self, invoices):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", invoices.ids)]
        action["context"] = {"default_move_type": "out_invoice"}
        return action

    def _get_refusal_action(self, invoices):
        """A notification that stays until read, naming the clients the run
        did not bill and what to set; then the invoices it made, if any."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "sticky": True,
                "title": self.env._(
                    "%(count)s client(s) not billed",
                    count=len(self.refused_partner_ids),
                ),
                "message": self.refusal_note,
                "next": self._get_invoices_action(invoices)
                if invoices
                else {"type": "ir.actions.act_window_close"},
            },
        }

    def action_xlsx_report(self):
        """Download the accountant's XLSX report of the period."""
        self.ensure_one()
        attachment = self.env["stekas.billing.report"]._get_xlsx_attachment(
            self.date_from, self.date_to
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    @api.model
    def _cron_billing_run(self):
        """At the start of a month, bill the month just ended for clients billed
        monthly, and at the start of a quarter also the quarter just ended for
        clients billed quarterly. Progress is reported per batch of clients, so
        a run stopped half-way is completed by the next call."""
        today = self.env["stekas.support.contract"]._get_today()
        first_of_month = today.replace(day=1)
        done = remaining = 0
        for frequency in (periods.MONTH, periods.QUARTER):
            start, end = periods.period_bounds(
                fields.Date.subtract(first_of_month, days=1), frequency
            )
            if fields.Date.add(end, days=1) != first_of_month:
                continue
            run = self.create({"date_from": start, "date_to": end})
            partners = run._get_billable_partners()
            frequencies = partners._stekas_billing_frequencies()
            partners = partners.browse(
                [pid for pid, freq in frequencies.items() if freq == frequency]
            )
            statement_partners = run._get_statement_partners()
            statement_frequencies = statement_partners._stekas_billing_frequencies()
            self.env["res.partner"]._stekas_send_statements(
                statement_partners.browse(
                    [
                        pid
                        for pid, freq in statement_frequencies.items()
                        if freq == frequency
                    ]
                ),
                start,
                end,
            )
            if not partners:
                continue
            run.partner_ids = partners
            # A client refused for a missing rate stays billable: it is
            # walked past at each call, and counts no more as remaining, so
            # that the job neither stops before the clients after it nor
            # calls itself again for it alone.
            invoices = run._bill(limit=CRON_BATCH_SIZE)
            if run.refusal_note:
                _logger.warning("Billing run %s - %s: %s", start, end, run.refusal_note)
            done += len(invoices)
            left = run._get_billable_partners() & partners
            remaining += len(left - run.refused_partner_ids)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    def _get_statement_partners(self):
        """The opted-in clients (of the run's selection, if any) with journal
        entries in the run's period: those who get a statement (R-BIL-6)."""
        self.ensure_one()
        domain = [
            ("ticket_id", "!=", False),
            ("stekas_work_date", ">=", self.date_from),
            ("stekas_work_date", "<=", self.date_to),
            ("stekas_client_id.stekas_extract_optin", "=", True),
        ]
        if self.partner_ids:
            domain.append(("stekas_client_id", "in", self.partner_ids.ids))
        # sudo: the run reads every consultant's entries, as in _bill.
        groups = (
            self.env["account.analytic.line"]
            .sudo()
            ._read_group(domain, ["stekas_client_id"])
        )
        return self.env["res.partner"].browse(sorted(client.id for (client,) in groups))

    def _get_billable_partners(self):
        """Every client with entries to bill in the run's period."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        Line = self.env["account.analytic.line"].sudo()  # sudo: as in _bill
        groups = Line._read_group(
            Line._stekas_get_billable_domain(
                Partner.search([("is_company", "=", True)]),
                self.date_from,
                self.date_to,
            ),
            ["ticket_id"],
        )
        return Partner.browse(
            sorted({ticket.commercial_partner_id.id for (ticket,) in groups})
        )

    def _bill(self, limit=None):
        """Bill the support time of the run's clients (default: every client
        with billable entries) worked in the period: one draft prepayment
        invoice per client (R-BIL-1, R-BIL-3, R-BIL-5).

        Each client's entries are locked in a savepoint of their own, the
        invoices of a batch of clients (`_batch_size`) are then created
        together, and only entries that are not invoiced yet are billed: a
        second run creates nothing, a run stopped half-way completes the rest
        when run again, and two runs at once bill each entry once (see
        `account.analytic.line._stekas_lock_for_billing`).

        A client with time at no usable rate is not billed at all (see
        `_get_rate_refusals`): the run names it in `refusal_note` and bills
        the others. `limit`: stop after the batch that reaches this many
        invoices.
        """
        self.ensure_one()
        # sudo: the run bills every consultant's entries
        Line = self.env["account.analytic.line"].sudo()
        partners = (
            self.partner_ids or self._get_billable_partners()
        ).commercial_partner_id
        # One search for every client; search_fetch: the fields grouped on
        # are read in the same query, rather than again per thousand entries.
        entries_by_partner = Line.search_fetch(
            Line._stekas_get_billable_domain(partners, self.date_from, self.date_to),
            ["ticket_id", "company_id"],
            order="stekas_work_date, id",
        ).grouped(lambda line: line.ticket_id.commercial_partner_id)
        billable = [
            (partner, entries_by_partner[partner])
            for partner in partners
            if partner in entries_by_partner
        ]
        invoices = self.env["account.move"]
        size = min(self._batch_size, limit or self._batch_size)
        for start in range(0, len(billable), size):
            invoices |= self._bill_partners(billable[start : start + size])
            if limit and len(invoices) >= limit:
                break
        return invoices

    def _bill_partners(self, billable):
        """Bill a batch of clients: `billable` is a list of (client, its
        entries). Each client's entries are locked in its own savepoint; the
        invoices of the clients whose entries were all locked are then created
        with one `create` per company, and their entries linked to them."""
        journals = {}
        # a client's draft invoice of the period, made by an earlier run:
        # entries logged since then join it rather than a second invoice
        drafts = self._get_draft_invoices(
            self.env["res.partner"].union(*(partner for partner, _e in billable))
        )
        # The batch's entries are read together, and only they: prefetching
        # over every entry of the run would scan them all at each read.
        batch_ids = [id_ for _partner, entries in billable for id_ in entries._ids]
        to_bill = [
            (partner, entries.with_prefetch(batch_ids))
            for partner, entries in billable
            if self._lock_partner(
                partner, entries.with_prefetch(batch_ids), journals, drafts
            )
        ]
        if not to_bill:
            return self.env["account.move"]
        # the fields the invoice lines are made of, for the whole batch in
        # one query (the lock dropped them from the cache)
        Line = to_bill[0][1]
        Line.browse(batch_ids).fetch(Line._stekas_get_bill_entry_fields())
        prepared = defaultdict(list)  # company: [(vals, groups, entries)]
        refusals = {}  # client: [refusal], why it is not billed
        for partner, entries in to_bill:
            items, reasons = [], []
            for company, company_entries in entries.grouped("company_id").items():
                journal = journals.get(company) or self.env[
                    "account.journal"
                ]._stekas_get_prepayment_journal(company)
                vals, groups = self._prepare_invoice_vals(
                    partner, company_entries, journal
                )
                reasons += self._get_rate_refusals(partner, groups, company_entries)
                if groups:
                    draft = drafts.get((partner, company))
                    items.append((company, (vals, groups, company_entries, draft)))
            if reasons:
                # nothing of the client is billed: a partial invoice would
                # lock the rest of its time as if it were settled
                refusals[partner] = reasons
                continue
            for company, item in items:
                prepared[company].append(item)
        if refusals:
            self._note_refusals(refusals)
        return self._create_invoices(prepared)

    def _get_rate_refusals(self, partner, groups, entries):
        """Why the lines `groups` of `partner` cannot be billed: a line
        without a rate (missing or zero) would bill 0.00 and still mark its
        entries billed. One refusal per line, (kind, contract, work type),
        put in words by `_get_rate_refusal_text` in the reader's language."""
        refusals = []
        for group in groups:
            if group.rate and group.rate > 0:
                continue
            contract = entries.browse(group.keys).stekas_contract_id[:1]
            work_type = self.env["stekas.work.type"]
            if group.kind == invoicing.KIND_PAID:
                work_type = work_type.browse(group.work_type)
            refusals.append((group.kind, contract, work_type))
        return refusals

    def _get_rate_refusal_text(self, refusal):
        """What to set so that the line of `refusal` can be billed."""
        kind, contract, work_type = refusal
        if kind == invoicing.KIND_OVERAGE:
            return self.env._(
                "set the hourly rate beyond the free hours on contract %(contract)s",
                contract=contract.name,
            )
        if kind == invoicing.KIND_PAID:
            return self.env._(
                "set a price on the work type %(type)s or the hourly "
                "rate of contract %(contract)s",
                type=work_type.with_env(self.env).name,
                contract=contract.name,
            )
        return self.env._(
            "set the client's hourly rate without a contract "
            "(Support billing tab of the client)"
        )

    def _get_refusal_note(self, partner, refusals):
        """Why `partner` was not billed and what to do, in the env's language."""
        return self.env._(
            "%(client)s was not billed: some of its time has no hourly "
            "rate. To bill it, %(reasons)s, then run the billing again.",
            client=partner.display_name,
            reasons="; ".join(map(self._get_rate_refusal_text, refusals)),
        )

    def _note_refusals(self, refusals):
        """Add `refusals` ({client: [refusal]}) to what the run reports, and
        leave a to-do on each client refused (`_schedule_refusal_todos`)."""
        lines = [
            self._get_refusal_note(partner, reasons)
            for partner, reasons in refusals.items()
        ]
        self._schedule_refusal_todos(refusals)
        self.write(
            {
                "refused_partner_ids": [
                    Command.link(partner.id) for partner in refusals
                ],
                "refusal_note": "\n".join(filter(None, [self.refusal_note, *lines])),
            }
        )

    def _schedule_refusal_todos(self, refusals):
        """A to-do on each client of `refusals` ({client: [refusal]}) for
        `_get_refusal_todo_users`, in each one's language (the monthly run's
        user is the system's): a batch job's result and the cron's log reach
        no accountant. A client already holding that to-do for the period
        gets no second one (a retried or repeated run)."""
        users = self._get_refusal_todo_users()
        if not refusals or not users:
            return
        in_lang = {user: self.with_context(lang=user.lang) for user in users}
        summaries = {
            user: run.env._(
                "Not billed for %(start)s - %(end)s",
                start=self.date_from,
                end=self.date_to,
            )
            for user, run in in_lang.items()
        }
        # sudo: the run leaves to-dos whoever's rights it runs with; clients'
        # open to-dos are read only to skip the ones already left
        Activity = self.env["mail.activity"].sudo()
        partners = self.env["res.partner"].union(*refusals)
        existing = {
            (activity.res_id, activity.user_id.id)
            for activity in Activity.search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", partners.ids),
                    ("user_id", "in", users.ids),
                    ("summary", "in", list(set(summaries.values()))),
                ]
            )
            if activity.summary == summaries[activity.user_id]
        }
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("res.partner")
        Activity.create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": todo.id,
                    "user_id": user.id,
                    "summary": summaries[user],
                    "note": in_lang[user]._get_refusal_note(partner, reasons),
                    "date_deadline": fields.Date.context_today(self),
                }
                for partner, reasons in refusals.items()
                for user in users
                if (partner.id, user.id) not in existing
            ]
        )

    def _get_refusal_todo_users(self):
        """Who is told of the clients a run could not bill: the accountant who
        ran it (a queued batch runs as them), or, for the system's monthly
        run, every accountant."""
        user = self.env.user
        if not user._is_superuser() and not user.share and user.active:
            return user
        return self.env["res.users"]._stekas_get_staff_of(
            "stekas_billing.stekas_billing_group_accountant"
        )

    def _create_invoices(self, prepared):
        """Create the prepared invoices, one `create` per company (or add
        their lines to the client's draft invoice of the period), and link
        each group of entries to the invoice line that bills it."""
        Move = self.env["account.move"]
        invoices = Move
        links = []  # (entry ids, invoice line)
        for company, items in prepared.items():
            new = [item for item in items if not item[3]]
            created = Move.with_company(company).create([item[0] for item in new])
            for invoice, (_vals, groups, _entries, _draft) in zip(
                created, new, strict=True
            ):
                lines = invoice.invoice_line_ids.sorted("sequence")
                links += [
                    (group.keys, line)
                    for line, group in zip(lines, groups, strict=True)
                ]
            invoices |= created
            for vals, groups, _entries, draft in items:
                if draft:
                    links += self._append_to_invoice(draft, vals, groups)
                    invoices |= draft
        self.env["account.analytic.line"]._stekas_link_to_invoice_lines(links)
        return invoices

    def _get_draft_invoices(self, partners):
        """{(client, company): its draft invoice of the run's period} for
        `partners`: one invoice per client and period (R-BIL-5), also when
        its entries are billed by more than one run."""
        moves = self.env["account.move"].search(
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "draft"),
                ("stekas_prepayment", "=", True),
                ("partner_id", "in", partners.ids),
                ("stekas_period_start", "=", self.date_from),
                ("stekas_period_end", "=", self.date_to),
            ],
            order="id",
        )
        drafts = {}
        for move in moves:
            drafts.setdefault((move.partner_id, move.company_id), move)
        return drafts

    def _append_to_invoice(self, invoice, vals, groups):
        """Add the lines of the prepared `vals` to the draft `invoice`, after
        its own; the (entry ids, invoice line) links of `groups`."""
        before = invoice.invoice_line_ids
        offset = max(before.mapped("sequence"), default=0)
        invoice.write(
            {
                "invoice_line_ids": [
                    Command.create({**cmd[2], "sequence": offset + cmd[2]["sequence"]})
                    for cmd in vals["invoice_line_ids"]
                ]
            }
        )
        added = (invoice.invoice_line_ids - before).sorted("sequence")
        return [(group.keys, line) for line, group in zip(added, groups, strict=True)]

    def _lock_partner(self, partner, entries, journals, drafts=None):
        """Lock the entries of `partner` in a savepoint of its own, and its
        draft invoices of the period (`drafts`, see `_get_draft_invoices`)
        that they will join; whether all of them could be locked. `journals`
        caches the prepayment journals already made sure of in this run, by
        company."""
        # read before the lock, which drops the entries from the cache: they
        # are read again afterwards for all the batch's clients at once
        companies = entries.company_id
        try:
            with self.env.cr.savepoint():
                locked = entries._stekas_lock_for_billing()
                own_drafts = self.env["account.move"].union(
                    *(
                        drafts[partner, company]
                        for company in companies
                        if (partner, company) in (drafts or {})
                    )
                )
                if locked == entries and not own_drafts._stekas_lock_draft():
                    locked = entries.browse()
                if locked == entries:
                    # The first run of a company creates its prepayment
                    # journal. Another run creating it at the same time (for
                    # other clients) waits for this one's transaction, then
                    # collides with it (unique journal code and mail alias):
                    # it leaves the client to the next run, as it does for
                    # locked entries, instead of failing as a whole.
                    Journal = self.env["account.journal"]
                    for company in companies:
                        if company not in journals:
                            journals[company] = Journal._stekas_get_prepayment_journal(
                                company
                            )
        except (
            pg_errors.SerializationFailure,
            pg_errors.LockNotAvailable,
            pg_errors.UniqueViolation,
        ):
            locked = entries.browse()
        if locked != entries:
            # Another run is billing (or has just billed) this client: leave it
            # to that run, the next run bills whatever is left.
            _logger.info(
                "Billing of %s skipped: entries taken by another run",
                partner.display_name,
            )
            return False
        return True

    def _prepare_invoice_vals(self, partner, entries, journal):
        """The values of the prepayment invoice of `partner` for `entries` (of
        one company), and the groups of the invoicing rules its lines bill, in
        the lines' order."""
        groups = invoicing.group_lines(
            [entry._stekas_prepare_bill_entry() for entry in entries]
        )
        contract = entries.stekas_contract_id[:1]
        company = entries.company_id
        # without a contract: the currency of the client's rate
        currency = (
            contract.currency_id
            or partner.stekas_hourly_rate_currency_id
            or company.currency_id
        )
        line_vals = [
            {
                **entries.browse(group.keys)._stekas_prepare_invoice_line_vals(
                    partner, group, self.date_from, self.date_to
                ),
                "sequence": index * LINE_SEQUENCE_STEP,
            }
            for index, group in enumerate(groups, start=1)
        ]
        vals = {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "company_id": company.id,
            "journal_id": journal.id,
            "currency_id": currency.id,
            "stekas_prepayment": True,
            "stekas_period_start": self.date_from,
            "stekas_period_end": self.date_to,
            "invoice_origin": contract.name or False,
            "invoice_line_ids": [Command.create(vals) for vals in line_vals],
        }
        return vals, groups
