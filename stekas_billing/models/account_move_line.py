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

    def _get_computed_taxes(self):
        # The support hour ships without taxes of its own (the accountant may
        # set some): its lines then carry the company's default sales tax,
        # mapped by the client's fiscal position, rather than none.
        taxes = super()._get_computed_taxes()
        move = self.move_id
        if (
            taxes
            or not move.is_sale_document(include_receipts=True)
            or self.product_id != move._stekas_get_product()
        ):
            return taxes
        taxes = move.company_id.account_sale_tax_id
        if taxes and move.fiscal_position_id:
            taxes = move.fiscal_position_id.map_tax(taxes)
        return taxes

    def _stekas_release_line_entries(self):
        """Make the entries these lines bill billable again (credited lines)."""
        # sudo: the release is a system rule run by whoever posts the credit note.
        entries = self.sudo().stekas_entry_ids
        if entries:
            entries.with_context(stekas_release_billed=True).write(
                {"timesheet_invoice_id": False, "stekas_invoice_line_id": False}
            )
