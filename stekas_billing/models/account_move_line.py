# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    stekas_entry_ids = fields.One2many(
        "account.analytic.line",
        "stekas_invoice_line_id",
        string="Billed journal entries",
        readonly=True,
        help="The consultation journal entries this line bills.",
    )
