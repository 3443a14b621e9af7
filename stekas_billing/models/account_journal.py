# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# Short code of the prepayment journal: išankstinė sąskaita faktūra.
PREPAYMENT_JOURNAL_CODE = "ISF"


class AccountJournal(models.Model):
    _inherit = "account.journal"

    stekas_prepayment = fields.Boolean(
        string="Prepayment invoices for support",
        help="The journal of the prepayment invoices (išankstinės sąskaitos "
        "faktūros) for support time (R-BIL-1, R-BIL-4, R-BIL-5).",
    )

    @api.model
    def _stekas_get_prepayment_journal(self, company):
        """The journal of the prepayment invoices of `company`, created from its
        sales journal the first time."""
        Journal = self.sudo()  # sudo: set up once by the system
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
            self._stekas_prepare_prepayment_journal_vals(company, sale)
        )

    @api.model
    def _stekas_prepare_prepayment_journal_vals(self, company, sale_journal):
        return {
            "name": self.env._("Prepayment invoices"),
            "code": PREPAYMENT_JOURNAL_CODE,
            "type": "sale",
            "company_id": company.id,
            "stekas_prepayment": True,
            "default_account_id": sale_journal.default_account_id.id,
        }
