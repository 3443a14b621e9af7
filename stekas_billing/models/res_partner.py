# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    stekas_billing_mode = fields.Selection(
        selection=[
            ("prepay", "Prepayment before work"),
            ("invoice_month", "Prepayment invoice at the end of each month"),
            ("invoice_quarter", "Prepayment invoice at the end of each quarter"),
        ],
        string="Billing without a contract",
        default="prepay",
        help="How a client without a support contract pays for the actual time: "
        "a prepayment invoice paid before a consultant is assigned (edition A, "
        "R-BIL-4) or a prepayment invoice e-mailed at the end of each month or "
        "quarter (edition B, R-BIL-5).",
    )
    stekas_hourly_rate = fields.Float(
        string="Hourly rate without a contract",
        digits="Product Price",
        help="Price of an hour of support for a client without a contract "
        "(agreed individually, R-BIL-5).",
    )
    stekas_contract_ids = fields.One2many(
        "stekas.support.contract", "partner_id", string="Support contracts"
    )

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + [
            "stekas_billing_mode",
            "stekas_hourly_rate",
        ]
