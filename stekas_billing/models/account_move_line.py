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

    def _stekas_release_line_entries(self):
        """Make the entries these lines bill billable again (credited lines)."""
        # sudo: the release is a system rule run by whoever posts the credit note.
        entries = self.sudo().stekas_entry_ids
        if entries:
            entries.with_context(stekas_release_billed=True).write(
                {"timesheet_invoice_id": False, "stekas_invoice_line_id": False}
            )
