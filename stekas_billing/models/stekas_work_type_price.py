# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


# Kept apart from the contracts feature (issue 5) in its own file so that the
# two branches merge without conflicts.
class StekasWorkType(models.Model):
    """The price of a paid work type (R-BIL-3: other work is priced
    individually)."""

    _inherit = "stekas.work.type"

    hourly_rate = fields.Float(
        string="Hourly price",
        digits="Product Price",
        help="Price of an hour of this paid work; empty: the contract's rate, or "
        "the client's rate without a contract.",
    )
