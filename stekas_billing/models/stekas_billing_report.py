# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
from collections import defaultdict

import xlsxwriter

from odoo import api, fields, models
from odoo.tools import SQL

from ..lib import invoicing


class StekasBillingReport(models.Model):
    """One row per journal entry of a client, with its free, overage, paid and
    no-contract time and the amount it bills (R-BIL-1, R-BIL-3..5): the
    accountant's pivot, and the source of the XLSX report per billing period."""

    _name = "stekas.billing.report"
    _description = "Support billing analysis"
    _auto = False
    _order = "work_date desc, id desc"
    _depends = {
        "account.analytic.line": [
            "stekas_work_date",
            "ticket_id",
            "stekas_contract_id",
            "stekas_period_id",
            "stekas_work_type_id",
            "company_id",
            "timesheet_invoice_id",
            "stekas_billed_minutes",
            "stekas_free_minutes",
            "stekas_overage_minutes",
            "stekas_billing_policy",
            "stekas_hourly_rate",
        ],
        "helpdesk.ticket": ["commercial_partner_id"],
        "res.partner": ["stekas_hourly_rate"],
        "stekas.support.contract": ["hourly_rate"],
        "stekas.work.type": ["hourly_rate"],
        "stekas.support.contract.line": ["contract_id", "work_type_id", "hourly_rate"],
    }

    work_date = fields.Date(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    contract_id = fields.Many2one(
        "stekas.support.contract", string="Contract", readonly=True
    )
    period_id = fields.Many2one(
        "stekas.support.contract.period", string="Contract period", readonly=True
    )
    ticket_id = fields.Many2one("helpdesk.ticket", readonly=True)
    work_type_id = fields.Many2one("stekas.work.type", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    invoice_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    billed_hours = fields.Float(readonly=True, aggregator="sum")
    free_hours = fields.Float(string="Free hours used", readonly=True)
    overage_hours = fields.Float(readonly=True)
    paid_hours = fields.Float(string="Paid work hours", readonly=True)
    no_contract_hours = fields.Float(string="Hours without a contract", readonly=True)
    amount = fields.Float(string="Amount billed", readonly=True)

    @api.model
    def _get_rate_sources_sql(self):
        """The SQL of each rate source of the invoicing rules."""
        return {
            "entry_rate": SQL("aal.stekas_hourly_rate"),
            # NULL where the contract does not list the entry's work type
            "line_rate": SQL("cl.hourly_rate"),
            "type_rate": SQL(
                "CASE WHEN COALESCE(aal.stekas_billing_policy, 'paid') = 'paid' "
                "THEN wt.hourly_rate END"
            ),
            # NULL without a contract (LEFT JOIN): the client's rate follows
            "contract_rate": SQL("c.hourly_rate"),
            "client_rate": SQL("p.stekas_hourly_rate"),
        }

    @api.model
    def _get_rate_sql(self, order=invoicing.RATE_PRECEDENCE):
        """The hourly rate of an entry's minutes, in the order of the
        invoicing rules: `invoicing.RATE_PRECEDENCE` for time that is not
        overage, `invoicing.OVERAGE_RATE_SOURCES` for overage."""
        sources = self._get_rate_sources_sql()
        rates = [
            SQL("NULLIF(%s, 0)", sources[source])
            if source in invoicing.RATES_EMPTY_WHEN_ZERO
            else sources[source]
            for source in order
        ]
        return SQL("COALESCE(%s, 0)", SQL(", ").join(rates))

    @property
    def _table_query(self):
        rate = self._get_rate_sql()
        overage_rate = self._get_rate_sql(invoicing.OVERAGE_RATE_SOURCES)
        return SQL(
            """
            SELECT aal.id, aal.stekas_work_date AS work_date,
                   t.commercial_partner_id AS partner_id,
                   aal.stekas_contract_id AS contract_id,
                   aal.stekas_period_id AS period_id,
                   aal.ticket_id, aal.stekas_work_type_id AS work_type_id,
                   aal.company_id, aal.timesheet_invoice_id AS invoice_id,
                   aal.stekas_billed_minutes / 60.0 AS billed_hours,
                   aal.stekas_free_minutes / 60.0 AS free_hours,
                   aal.stekas_overage_minutes / 60.0 AS overage_hours,
                   CASE WHEN aal.stekas_contract_id IS NOT NULL
                        AND COALESCE(aal.stekas_billing_policy, 'paid') = 'paid'
                        THEN aal.stekas_billed_minutes / 60.0 ELSE 0 END AS paid_hours,
                   CASE WHEN aal.stekas_contract_id IS NULL
                        AND COALESCE(aal.stekas_billing_policy, 'paid') != 'free'
                        THEN aal.stekas_billed_minutes / 60.0 ELSE 0 END
                        AS no_contract_hours,
                   ROUND((CASE
                        WHEN COALESCE(aal.stekas_billing_policy, 'paid') = 'free' THEN 0
                        WHEN aal.stekas_contract_id IS NOT NULL
                             AND aal.stekas_billing_policy = 'quota'
                        THEN aal.stekas_overage_minutes / 60.0 * %(overage_rate)s
                        ELSE aal.stekas_billed_minutes / 60.0 * %(rate)s
                   END)::numeric, 2) AS amount
              FROM account_analytic_line aal
              JOIN helpdesk_ticket t ON t.id = aal.ticket_id
              JOIN res_partner p ON p.id = t.commercial_partner_id
              LEFT JOIN stekas_support_contract c ON c.id = aal.stekas_contract_id
              LEFT JOIN stekas_work_type wt ON wt.id = aal.stekas_work_type_id
              LEFT JOIN stekas_support_contract_line cl
                     ON cl.contract_id = aal.stekas_contract_id
                    AND cl.work_type_id = aal.stekas_work_type_id
             WHERE aal.ticket_id IS NOT NULL
            """,
            rate=rate,
            overage_rate=overage_rate,
        )

    def _get_xlsx_rows(self, date_from, date_to):
        """Per client: contract, free hours, used, overage, paid time,
        time without a contract, amount and invoice numbers of the period."""
        groups = self._read_xlsx_groups(date_from, date_to)
        contracts = self.env["stekas.support.contract"].browse(
            {i for group in groups for i in group[1] if i}
        )
        periods = self.env["stekas.support.contract.period"].browse(
            {i for group in groups for i in group[2] if i}
        )
        invoices = self.env["account.move"].browse(
            {i for group in groups for i in group[8] if i}
        )
        # A draft invoice (what the billing run makes) has no number yet:
        # its display name is what Odoo shows, "Draft Invoice (* 12)".
        invoice_names = {invoice.id: invoice.display_name for invoice in invoices}
        free_by_contract = defaultdict(float)
        for period in periods:
            free_by_contract[period.contract_id.id] += period.free_minutes / 60.0
        rows = []
        for partner, c_ids, _p, *hours, i_ids in groups:
            contract = contracts.browse([i for i in c_ids if i][:1])
            rows.append(
                [
                    partner.display_name,
                    contract.name or "",
                    free_by_contract[contract.id] if contract else 0.0,
                    *hours,
                    ", ".join(sorted({invoice_names[i] for i in i_ids if i})),
                ]
            )
        return rows

    def _read_xlsx_groups(self, date_from, date_to):
        """Per client of the period: its contract, period and invoice ids and
        the sums of free, overage, paid and no-contract hours and amounts."""
        self.env.flush_all()
        return self._read_group(
            [("work_date", ">=", date_from), ("work_date", "<=", date_to)],
            ["partner_id"],
            [
                "contract_id:array_agg",
                "period_id:array_agg",
                "free_hours:sum",
                "overage_hours:sum",
                "paid_hours:sum",
                "no_contract_hours:sum",
                "amount:sum",
                "invoice_id:array_agg",
            ],
        )

    def _get_xlsx(self, date_from, date_to):
        """The accountant's XLSX report of the billing period, as bytes."""
        headers = [
            self.env._("Client"),
            self.env._("Contract"),
            self.env._("Free hours"),
            self.env._("Used"),
            self.env._("Overage"),
            self.env._("Paid work"),
            self.env._("Without a contract"),
            self.env._("Amount"),
            self.env._("Invoices"),
        ]
        output = io.BytesIO()
        # Client names and descriptions are typed by people: a text starting
        # with "=" must stay text, never become a live formula in the
        # accountant's spreadsheet.
        book = xlsxwriter.Workbook(
            output,
            {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
        )
        sheet = book.add_worksheet(self.env._("Billing"))
        bold = book.add_format({"bold": True})
        hours = book.add_format({"num_format": "0.00"})
        money = book.add_format({"num_format": "#,##0.00"})
        sheet.write_string(
            0,
            0,
            self.env._(
                "Support billing %(start)s - %(end)s", start=date_from, end=date_to
            ),
            bold,
        )
        sheet.write_row(2, 0, headers, bold)
        for index, row in enumerate(self._get_xlsx_rows(date_from, date_to), 3):
            sheet.write_string(index, 0, row[0])
            sheet.write_string(index, 1, row[1])
            sheet.write_row(index, 2, row[2:7], hours)
            sheet.write_number(index, 7, row[7] or 0.0, money)
            sheet.write_string(index, 8, row[8])
        sheet.set_column(0, 1, 24)
        sheet.set_column(2, 7, 12)
        sheet.set_column(8, 8, 30)
        book.close()
        return output.getvalue()

    def _get_xlsx_attachment(self, date_from, date_to):
        name = f"stekas_billing_{date_from}_{date_to}.xlsx"
        return self.env["ir.attachment"].create(
            {
                "name": name,
                "datas": base64.b64encode(self._get_xlsx(date_from, date_to)),
                "mimetype": "application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet",
            }
        )
