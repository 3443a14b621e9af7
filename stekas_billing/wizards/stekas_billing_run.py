# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..lib import quota


class StekasBillingRun(models.TransientModel):
    """Bill the support time of a period for a selection of clients: one draft
    prepayment invoice per client (R-BIL-1, R-BIL-3, R-BIL-5)."""

    _name = "stekas.billing.run"
    _description = "Support billing run"

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
    send_statements = fields.Boolean(
        string="E-mail statements of services",
        default=True,
        help="Also e-mail the statement of the period to the billed clients who "
        "asked for it (R-BIL-6).",
    )

    @api.model
    def _default_dates(self):
        today = self.env["stekas.support.contract"]._stekas_today()
        start, _end = quota.period_bounds(today, "month")
        return quota.period_bounds(fields.Date.subtract(start, days=1), "month")

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for run in self:
            if run.date_to < run.date_from:
                raise UserError(self.env._("The period ends before it starts."))

    def action_run(self):
        self.ensure_one()
        self.env["account.move"].check_access("create")
        invoices = self.env["account.move"]._stekas_billing_run(
            self.date_from, self.date_to, self.partner_ids or None
        )
        if self.send_statements and invoices:
            self.env["res.partner"]._stekas_send_statements(
                invoices.partner_id, self.date_from, self.date_to
            )
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
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", invoices.ids)]
        action["context"] = {"default_move_type": "out_invoice"}
        return action

    def action_xlsx_report(self):
        """Download the accountant's XLSX report of the period."""
        self.ensure_one()
        attachment = self.env["stekas.billing.report"]._stekas_xlsx_attachment(
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
        today = self.env["stekas.support.contract"]._stekas_today()
        Move = self.env["account.move"]
        batch = 20
        done = remaining = 0
        for frequency in ("month", "quarter"):
            start, end = quota.period_bounds(
                fields.Date.subtract(today.replace(day=1), days=1), frequency
            )
            if fields.Date.add(end, days=1) != today.replace(day=1):
                continue
            partners = Move._stekas_get_billable_partners(start, end)
            frequencies = partners._stekas_billing_frequencies()
            partners = partners.browse(
                [pid for pid, freq in frequencies.items() if freq == frequency]
            )
            invoices = Move._stekas_billing_run(start, end, partners[:batch])
            self.env["res.partner"]._stekas_send_statements(
                invoices.partner_id, start, end
            )
            done += len(invoices)
            remaining += max(len(partners) - batch, 0)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
