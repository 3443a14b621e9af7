# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class StekasProgram(models.Model):
    """A STEKAS program a support contract is for (R-BIL-1 rev. 2): a client
    may hold one active contract per program."""

    _name = "stekas.program"
    _description = "Program"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company")

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A program with this name already exists.",
        )
    ]
