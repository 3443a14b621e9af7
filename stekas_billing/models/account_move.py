# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from collections import defaultdict

from psycopg2 import errors as pg_errors

from odoo import Command, api, fields, models
from odoo.tools import SQL

from ..lib import invoicing

_logger = logging.getLogger(__name__)


class AccountMove(models.Model):
    _inherit = "account.move"

    # Clients billed per batch by the billing run: one `create` of their
    # invoices per company.
    _stekas_billing_batch = 100

    stekas_prepayment = fields.Boolean(
        string="Prepayment invoice",
        readonly=True,
        copy=False,
        help="Titled and printed as a prepayment invoice (išankstinė sąskaita "
        "faktūra) for support time (R-BIL-1, R-BIL-4, R-BIL-5).",
    )
    stekas_period_start = fields.Date(string="Billed from", readonly=True, copy=False)
    stekas_period_end = fields.Date(string="Billed until", readonly=True, copy=False)

    # ------------------------------------------------------------------
    # CRUD / state changes
    # ------------------------------------------------------------------
    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        # A credit note of a prepayment invoice releases its entries, which can
        # then be billed again (corrections go through credit notes).
        refunded = posted.filtered(
            lambda move: move.move_type == "out_refund"
        ).reversed_entry_id.filtered("stekas_prepayment")
        refunded._stekas_release_credited_entries()
        return posted

    def button_cancel(self):
        res = super().button_cancel()
        self.filtered("stekas_prepayment")._stekas_release_entries()
        return res

    def _get_mail_template(self):
        if all(
            move.stekas_prepayment and move.move_type == "out_invoice" for move in self
        ):
            return self.env.ref("stekas_billing.mail_template_prepayment_invoice")
        return super()._get_mail_template()

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _stekas_release_credited_entries(self):
        """Release the entries of the invoice lines that posted credit notes
        cancel in full (R-BIL-5): a line is credited when the credit notes of
        this invoice hold lines of the same product and description for at
        least its amount. A partial credit note (a lower price, part of a
        line) leaves the entries billed: releasing them would bill them again
        on top of what the client still owes."""
        released = self.env["account.move.line"]
        full = kept = self.browse()
        for invoice in self:
            credited = defaultdict(float)
            refunds = invoice.reversal_move_ids.filtered(
                lambda move: move.state == "posted" and move.move_type == "out_refund"
            )
            for line in refunds.invoice_line_ids:
                credited[self._stekas_credit_key(line)] += line.price_subtotal
            lines = invoice.invoice_line_ids
            credited_lines = lines.filtered(
                lambda line, credited=credited: credited[self._stekas_credit_key(line)]
                >= line.price_subtotal - line.currency_id.rounding
            )
            if credited_lines == lines:
                full |= invoice
            else:
                released |= credited_lines
                kept |= invoice
        # a whole invoice: every entry linked to it, whatever its line
        full._stekas_release_entries()
        released._stekas_release_line_entries()
        # the credit note was posted by a user allowed to, on these invoices
        kept._message_log_batch(
            bodies=dict.fromkeys(
                kept.ids,
                self.env._(
                    "A credit note that does not cancel whole lines keeps "
                    "their journal entries billed. To bill those entries "
                    "again, credit the whole line."
                ),
            )
        )

    @api.model
    def _stekas_credit_key(self, line):
        return (line.product_id.id, (line.name or "").strip())

    def _stekas_release_entries(self):
        if not self:
            return
        # sudo: the release is a system rule run by whoever posts the credit note.
        entries = (
            self.env["account.analytic.line"]
            .sudo()
            .search([("timesheet_invoice_id", "in", self.ids)])
        )
        if entries:
            entries.write(
                {"timesheet_invoice_id": False, "stekas_invoice_line_id": False}
            )

    @api.model
    def _stekas_get_prepayment_journal(self, company):
        """The journal of the prepayment invoices of `company`, created from its
        sales journal the first time."""
        Journal = self.env["account.journal"].sudo()  # sudo: set up once by the system
        journal = Journal.search(
            [("stekas_prepayment", "=", True), ("company_id", "=", company.id)],
            limit=1,
        )
        if journal:
            return journal
        sale = Journal.search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )
        return Journal.create(
            self._prepare_stekas_prepayment_journal_vals(company, sale)
        )

    @api.model
    def _prepare_stekas_prepayment_journal_vals(self, company, sale_journal):
        return {
            "name": self.env._("Prepayment invoices"),
            "code": "ISF",
            "type": "sale",
            "company_id": company.id,
            "stekas_prepayment": True,
            "default_account_id": sale_journal.default_account_id.id,
        }

    @api.model
    def _stekas_get_product(self):
        return self.env.ref("stekas_billing.product_stekas_support_hour")

    @api.model
    def _stekas_billing_run(self, date_from, date_to, partners=None, limit=None):
        """Bill the support time of `partners` (default: every client with
        billable entries) worked in [date_from, date_to]: one draft
        prepayment invoice per client (R-BIL-1, R-BIL-3, R-BIL-5).

        Each client's entries are locked in a savepoint of their own, the
        invoices of a batch of clients (`_stekas_billing_batch`) are then
        created together, and only entries that are not invoiced yet are
        billed: a second run creates nothing, a run stopped
        half-way completes the rest when run again, and two runs at once bill
        each entry once (see `_stekas_lock_for_billing`).
        """
        Line = self.env[
            "account.analytic.line"
        ].sudo()  # sudo: every consultant's entries
        if partners is None:
            partners = self._stekas_get_billable_partners(date_from, date_to)
        partners = partners.commercial_partner_id
        if limit:
            partners = partners[:limit]
        # One search for every client; each client is then locked in its own
        # savepoint, and the invoices are created in batches of clients.
        # search_fetch: the fields grouped on are read in the same query,
        # rather than fetched again for each thousand entries
        entries_by_partner = Line.search_fetch(
            Line._get_stekas_billable_domain(partners, date_from, date_to),
            ["ticket_id", "company_id"],
            order="stekas_work_date, id",
        ).grouped(lambda line: line.ticket_id.commercial_partner_id)
        billable = [
            (partner, entries_by_partner[partner])
            for partner in partners
            if partner in entries_by_partner
        ]
        invoices = self.browse()
        size = self._stekas_billing_batch
        for start in range(0, len(billable), size):
            invoices |= self._stekas_bill_partners(
                billable[start : start + size], date_from, date_to
            )
        return invoices

    @api.model
    def _stekas_get_billable_partners(self, date_from, date_to):
        Partner = self.env["res.partner"]
        Line = self.env["account.analytic.line"].sudo()  # sudo: as in the run
        groups = Line._read_group(
            Line._get_stekas_billable_domain(
                Partner.search([("is_company", "=", True)]), date_from, date_to
            ),
            ["ticket_id"],
        )
        return Partner.browse(
            sorted({ticket.commercial_partner_id.id for (ticket,) in groups})
        )

    @api.model
    def _stekas_bill_partners(self, billable, date_from, date_to):
        """Bill a batch of clients: `billable` is a list of (client, its
        entries). Each client's entries are locked in its own savepoint; the
        invoices of the clients whose entries were all locked are then created
        with one `create` per company, and their entries linked to them."""
        journals = {}
        # The batch's entries are read together, and only they: prefetching
        # over every entry of the run would scan them all at each read.
        batch_ids = [id_ for _partner, entries in billable for id_ in entries._ids]
        to_bill = [
            (partner, entries.with_prefetch(batch_ids))
            for partner, entries in billable
            if self._stekas_lock_partner(
                partner, entries.with_prefetch(batch_ids), journals
            )
        ]
        if to_bill:
            # the fields the invoice lines are made of, for the whole batch in
            # one query (the lock dropped them from the cache)
            Line = to_bill[0][1]
            Line.browse(batch_ids).fetch(Line._get_stekas_bill_entry_fields())
        prepared = defaultdict(list)  # company: [(vals, groups, entries)]
        for partner, entries in to_bill:
            for company, company_entries in entries.grouped("company_id").items():
                vals, groups = self._prepare_stekas_invoice_vals(
                    partner,
                    company,
                    company_entries,
                    date_from,
                    date_to,
                    journal=journals.get(company),
                )
                if groups:
                    prepared[company].append((vals, groups, company_entries))
        invoices = self.browse()
        links = []  # (entry ids, invoice id, invoice line id)
        for company, items in prepared.items():
            created = self.with_company(company).create([item[0] for item in items])
            for invoice, (_vals, groups, _entries) in zip(created, items, strict=True):
                lines = invoice.invoice_line_ids.sorted("sequence")
                links += [
                    (group.keys, invoice.id, line.id)
                    for line, group in zip(lines, groups, strict=True)
                ]
            invoices |= created
        self._stekas_link_entries(links)
        return invoices

    @api.model
    def _stekas_link_entries(self, links):
        """Link billed entries to their invoice and invoice line: `links` is a
        list of (entry ids, invoice id, invoice line id).

        One UPDATE for the whole batch instead of a `write` per invoice line:
        a timesheet `write` goes through hr_timesheet's and sale_timesheet's
        user-edit checks and recomputes its entries at once, which was a fifth
        of a billing run (issue 8). The entries were locked for this run and
        are not invoiced yet, so those checks have nothing to refuse; the
        fields that depend on the link are marked for recomputation as a
        `write` would, and recomputed together at the next flush.
        """
        rows = [
            SQL("(%s, %s, %s)", entry_id, invoice_id, line_id)
            for entry_ids, invoice_id, line_id in links
            for entry_id in entry_ids
        ]
        if not rows:
            return
        Entry = self.env["account.analytic.line"]
        entries = Entry.browse([id_ for ids, _inv, _line in links for id_ in ids])
        fnames = ["timesheet_invoice_id", "stekas_invoice_line_id"]
        entries.flush_recordset(fnames)
        self.env.cr.execute(
            SQL(
                """UPDATE account_analytic_line AS entry
                      SET timesheet_invoice_id = link.invoice_id,
                          stekas_invoice_line_id = link.line_id,
                          write_uid = %s,
                          write_date = %s
                     FROM (VALUES %s) AS link(id, invoice_id, line_id)
                    WHERE entry.id = link.id""",
                self.env.uid,
                self.env.cr.now(),
                SQL(", ").join(rows),
            )
        )
        entries.invalidate_recordset([*fnames, "write_uid", "write_date"])
        # the one2many sides of the two links
        invoice_ids = list({invoice_id for _ids, invoice_id, _line in links})
        self.browse(invoice_ids).invalidate_recordset(["timesheet_ids"])
        line_ids = list({line_id for _ids, _invoice, line_id in links})
        self.env["account.move.line"].browse(line_ids).invalidate_recordset(
            ["stekas_entry_ids"]
        )
        entries.modified(fnames)

    @api.model
    def _stekas_lock_partner(self, partner, entries, journals=None):
        """Lock the entries of `partner` in a savepoint of its own; whether all
        of them could be locked. `journals` caches the prepayment journals
        already made sure of in this run, by company."""
        journals = {} if journals is None else journals
        # read before the lock, which drops the entries from the cache: they
        # are read again afterwards for all the batch's clients at once
        companies = entries.company_id
        try:
            with self.env.cr.savepoint():
                locked = entries._stekas_lock_for_billing()
                if locked == entries:
                    # The first run of a company creates its prepayment
                    # journal. Another run creating it at the same time (for
                    # other clients) waits for this one's transaction, then
                    # collides with it (unique journal code and mail alias):
                    # it leaves the client to the next run, as it does for
                    # locked entries, instead of failing as a whole.
                    for company in companies:
                        if company not in journals:
                            journals[company] = self._stekas_get_prepayment_journal(
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

    @api.model
    def _prepare_stekas_invoice_vals(
        self, partner, company, entries, date_from, date_to, journal=None
    ):
        groups = invoicing.group_lines(
            [entry._prepare_stekas_bill_entry() for entry in entries]
        )
        contract = entries.stekas_contract_id[:1]
        currency = contract.currency_id or company.currency_id
        journal = journal or self._stekas_get_prepayment_journal(company)
        line_vals = [
            self._prepare_stekas_invoice_line_vals(
                partner, group, date_from, date_to, index
            )
            for index, group in enumerate(groups, start=1)
        ]
        vals = {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "company_id": company.id,
            "journal_id": journal.id,
            "currency_id": currency.id,
            "stekas_prepayment": True,
            "stekas_period_start": date_from,
            "stekas_period_end": date_to,
            "invoice_origin": contract.name or False,
            "invoice_line_ids": [Command.create(vals) for vals in line_vals],
        }
        return vals, groups

    @api.model
    def _prepare_stekas_invoice_line_vals(
        self, partner, group, date_from, date_to, index
    ):
        env = self.with_context(lang=partner.lang or self.env.lang).env
        tickets = self.env["helpdesk.ticket"].browse(group.tickets)
        if group.kind == invoicing.KIND_OVERAGE:
            what = env._("Consulting beyond the contract's free hours")
        elif group.kind == invoicing.KIND_PAID:
            what = env._(
                "Paid work: %(type)s",
                type=self.env["stekas.work.type"]
                .browse(group.work_type)
                .with_context(lang=partner.lang or self.env.lang)
                .name,
            )
        else:
            what = env._("Support without a contract")
        name = env._(
            "%(what)s, %(start)s - %(end)s; tickets: %(tickets)s",
            what=what,
            start=fields.Date.to_string(date_from),
            end=fields.Date.to_string(date_to),
            tickets=", ".join(tickets.mapped("number")),
        )
        product = self._stekas_get_product()
        return {
            "sequence": index * 10,
            "product_id": product.id,
            "name": name,
            "quantity": invoicing.minutes_to_quantity(group.minutes),
            "price_unit": group.rate,
        }
