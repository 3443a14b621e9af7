# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountJournal(models.Model):
    _inherit = "account.journal"

    stekas_prepayment = fields.Boolean(
        string="Prepayment invoices for support",
        help="The journal of the prepayment invoices (išankstinės sąskaitos "
        "faktūros) for support time (R-BIL-1, R-BIL-4, R-BIL-5).",
    )
