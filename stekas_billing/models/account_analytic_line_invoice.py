# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.tools import SQL

from ..lib import invoicing


# Kept apart from the contracts feature (issue 5) in its own file so that the
# two branches merge without conflicts.
class AccountAnalyticLine(models.Model):
    """Invoicing of journal entries (R-BIL-1, R-BIL-3..5).

    The invoice that bills an entry is sale_timesheet's own
    `timesheet_invoice_id` (so the invoice's Timesheets button, the read-only
    state of invoiced timesheets and the refusal to delete them on a posted
    invoice all apply). sale_timesheet's edit guard (`_check_can_write`) only
    fires for entries with a sales order line invoiced on delivery, and its
    invoice link knows the invoice but not which of its lines, nor the
    free/overage split of the entry that crosses the quota limit: the line is
    `stekas_invoice_line_id`, and the guard is the `_stekas_is_locked` hook of
    the quota allocation, which also keeps the split of invoiced entries.
    """

    _inherit = "account.analytic.line"

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

    def _stekas_is_locked(self):
        # An entry on an invoice that is not cancelled keeps its split and can
        # no longer be edited or deleted; a credit note releases it.
        self.ensure_one()
        invoice = self.sudo().timesheet_invoice_id  # sudo: the lock is a system rule
        return (
            bool(invoice) and invoice.state != "cancel" or super()._stekas_is_locked()
        )

    def write(self, vals):
        if "stekas_hourly_rate" in vals:
            self._stekas_check_not_locked()
        return super().write(vals)

    @api.model
    def _get_stekas_billable_domain(self, partners, date_from, date_to):
        """Entries of `partners` with work dates in [date_from, date_to] that are
        not invoiced and may bill something (R-BIL-1, R-BIL-3..5)."""
        return [
            ("ticket_id", "!=", False),
            ("ticket_id.commercial_partner_id", "in", partners.ids),
            ("stekas_work_date", ">=", date_from),
            ("stekas_work_date", "<=", date_to),
            ("timesheet_invoice_id", "=", False),
            # prepaid tickets are settled on their own (R-BIL-4)
            ("ticket_id.stekas_prepay_invoice_id", "=", False),
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
    def _get_stekas_bill_entry_fields(self):
        """The fields `_prepare_stekas_bill_entry` reads, fetched at once for
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

    def _prepare_stekas_bill_entry(self):
        """The entry as the pure invoicing rules see it."""
        self.ensure_one()
        partner = self.ticket_id.commercial_partner_id
        contract = self.stekas_contract_id
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
        )
