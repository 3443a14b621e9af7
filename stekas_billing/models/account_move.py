# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL


class AccountMove(models.Model):
    """A prepayment invoice for support time knows the period it bills; its
    posting, cancellation and credit notes release the journal entries it
    bills (R-BIL-1, R-BIL-4, R-BIL-5). The invoices are made by the billing
    run (`stekas.billing.run`) and the prepayment of a ticket."""

    _inherit = "account.move"

    stekas_prepayment = fields.Boolean(
        string="Prepayment invoice",
        readonly=True,
        copy=False,
        help="Titled and printed as a prepayment invoice (išankstinė sąskaita "
        "faktūra) for support time (R-BIL-1, R-BIL-4, R-BIL-5).",
    )
    stekas_period_start = fields.Date(string="Billed from", readonly=True, copy=False)
    stekas_period_end = fields.Date(string="Billed until", readonly=True, copy=False)

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
            .with_context(stekas_release_billed=True)
            .search([("timesheet_invoice_id", "in", self.ids)])
        )
        if entries:
            entries.write(
                {"timesheet_invoice_id": False, "stekas_invoice_line_id": False}
            )

    def _stekas_lock_draft(self):
        """Lock these invoices while they are drafts, for lines to be added;
        whether all of them are. Another transaction holding one of them (a
        run adding to it, an accountant posting it) raises at once rather
        than waiting; one changed since this transaction began raises a
        serialization failure."""
        if not self:
            return True
        # SQL: the ORM has no row lock.
        self.env.cr.execute(
            SQL(
                "SELECT id FROM account_move WHERE id IN %s AND state = 'draft' "
                "FOR UPDATE NOWAIT",
                tuple(self.ids),
            ),
            log_exceptions=False,
        )
        return len(self.env.cr.fetchall()) == len(self)

    @api.model
    def _stekas_get_product(self):
        """The service on every line of the support prepayment invoices."""
        return self.env.ref("stekas_billing.product_stekas_support_hour")
