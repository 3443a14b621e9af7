# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class StekasWorkType(models.Model):
    """What a journal entry was for, and how it is billed (R-BIL-2, R-BIL-3)."""

    _name = "stekas.work.type"
    _description = "Support work type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    billing_policy = fields.Selection(
        selection=[
            ("free", "Free"),
            ("quota", "Free within the contract's hours"),
            ("paid", "Paid"),
        ],
        required=True,
        default="paid",
        help="Free: never billed and never consumes the contract's free hours "
        "(R-BIL-2). Free within the contract's hours: consumes the period's free "
        "hours, beyond them it is paid at the contract's rate (R-BIL-1). Paid: "
        "always billed (R-BIL-3). A change applies to entries logged or edited "
        "afterwards.",
    )
    hourly_rate = fields.Float(
        string="Hourly price",
        digits="Product Price",
        help="Price of an hour of this paid work; empty: the contract's rate, or "
        "the client's rate without a contract.",
    )
    description = fields.Text(translate=True)
    company_id = fields.Many2one("res.company")

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A work type with this name already exists.",
        )
    ]
