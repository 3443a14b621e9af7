# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.stekas_helpdesk.lib import intake, periods

# The period a client without a contract is billed for, by its billing mode
# (the stored values of stekas_billing_mode); prepayment before work is billed
# monthly like the monthly mode.
BILLING_MODE_PERIODS = {
    "invoice_month": periods.MONTH,
    "invoice_quarter": periods.QUARTER,
}

# The billing mode a client gets by default from its service mode: mode A pays
# before the work (R-BIL-4), mode B at the end of each month (R-BIL-5).
SERVICE_MODE_BILLING_MODES = {
    intake.MODE_A: "prepay",
    intake.MODE_B: "invoice_month",
}
DEFAULT_BILLING_MODE = "invoice_month"


class ResPartner(models.Model):
    """A client's billing terms without a contract (R-BIL-4, R-BIL-5) and
    its statements of services (R-BIL-6)."""

    _inherit = "res.partner"

    stekas_billing_mode = fields.Selection(
        selection=[
            ("prepay", "Prepayment before work"),
            ("invoice_month", "Prepayment invoice at the end of each month"),
            ("invoice_quarter", "Prepayment invoice at the end of each quarter"),
        ],
        string="Billing without a contract",
        compute="_compute_stekas_billing_mode",
        store=True,
        readonly=False,
        precompute=True,
        help="How a client without a support contract pays for the actual time: "
        "a prepayment invoice paid before a consultant is assigned (edition A, "
        "R-BIL-4) or a prepayment invoice e-mailed at the end of each month or "
        "quarter (edition B, R-BIL-5). Set from the client's service mode when "
        "the client is created or its mode changes; it may be changed after.",
    )
    stekas_hourly_rate = fields.Float(
        string="Hourly rate without a contract",
        digits="Product Price",
        help="Price of an hour of support for a client without a contract "
        "(agreed individually, R-BIL-5), in the currency next to it.",
    )
    stekas_hourly_rate_currency_id = fields.Many2one(
        "res.currency",
        string="Currency of the rate without a contract",
        default=lambda self: self.env.company.currency_id,
        help="The currency of the hourly rate without a contract and of the "
        "invoices that bill the client's time without a contract; empty: the "
        "company's currency.",
    )
    stekas_contract_ids = fields.One2many(
        "stekas.support.contract", "partner_id", string="Support contracts"
    )

    # The statement of services follows the one opt-in of the journal extract
    # (R-HIS-2 rev. 2); both fields stay, not stored, for the templates and
    # filters a user may have written with them.
    stekas_statement_opt_in = fields.Boolean(
        string="E-mail statements of services",
        related="stekas_extract_optin",
        readonly=False,
        help="The statement of services of each billing period is e-mailed with "
        "the journal extracts, to the clients who asked for them (R-BIL-6, "
        "R-HIS-2).",
    )
    stekas_statement_partner_id = fields.Many2one(
        "res.partner",
        string="Statement recipient",
        compute="_compute_stekas_statement_partner_id",
        help="The first recipient of the journal extracts; the statements go to "
        "all of them.",
    )

    @api.depends("stekas_extract_recipient_ids")
    def _compute_stekas_statement_partner_id(self):
        for partner in self:
            partner.stekas_statement_partner_id = partner.stekas_extract_recipient_ids[
                :1
            ]

    @api.depends("stekas_service_mode")
    def _compute_stekas_billing_mode(self):
        # Only on creation or a change of mode: a later choice of the billing
        # mode by hand is kept (a stored field computed on its dependency).
        for partner in self:
            partner.stekas_billing_mode = SERVICE_MODE_BILLING_MODES.get(
                partner.stekas_service_mode, DEFAULT_BILLING_MODE
            )

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + [
            "stekas_billing_mode",
            "stekas_hourly_rate",
            "stekas_hourly_rate_currency_id",
        ]

    def _stekas_billing_frequencies(self):
        """{partner id: "month" or "quarter"}: how often the client's support
        time is billed. With a contract: monthly for monthly periods, else
        quarterly; without: as the client's billing mode (R-BIL-5)."""
        # sudo: the billing run reads the contract terms for accountants.
        contracts = (
            self.env["stekas.support.contract"]
            .sudo()
            .search([("partner_id", "in", self.ids), ("state", "=", "active")])
        )
        by_partner = {c.partner_id.id: c.period_type for c in contracts}
        result = {}
        for partner in self:
            period = by_partner.get(partner.id)
            if period:
                result[partner.id] = (
                    periods.MONTH if period == periods.MONTH else periods.QUARTER
                )
            else:
                result[partner.id] = BILLING_MODE_PERIODS.get(
                    partner.stekas_billing_mode, periods.MONTH
                )
        return result

    def _stekas_statement_entries(self, date_from, date_to):
        """The client's journal entries of the period, for its statement."""
        self.ensure_one()
        # sudo: the statement lists the work of every consultant for the client.
        return (
            self.env["account.analytic.line"]
            .sudo()
            .search(
                [
                    ("ticket_id.commercial_partner_id", "=", self.id),
                    ("stekas_work_date", ">=", date_from),
                    ("stekas_work_date", "<=", date_to),
                ],
                order="stekas_work_date, id",
            )
        )

    @api.model
    def _stekas_send_statements(self, partners, date_from, date_to):
        """E-mail the statement of the period to the `partners` who opted in
        (R-BIL-6), once per client and period; return those it was sent to
        now (none of them again on a second run)."""
        partners = partners.commercial_partner_id.filtered(
            lambda partner: partner.stekas_extract_optin
        )
        Document = self.env["stekas.journal.extract"]
        documents = Document.browse()
        # A client tied to one company gets that company's statement.
        for company, company_partners in partners.grouped(
            lambda partner: partner.company_id or self.env.company
        ).items():
            documents |= Document.with_company(company)._send_documents(
                {partner: (date_from, date_to) for partner in company_partners},
                "statement",
                "billing",
            )
        # sudo: an accountant may not read the sent documents, only their clients.
        return documents.sudo().partner_id.with_env(self.env)
