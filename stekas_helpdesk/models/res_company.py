# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib.rounding import DEFAULT_STEP_MINUTES


class ResCompany(models.Model):
    _inherit = "res.company"

    stekas_rounding_step = fields.Integer(
        string="Consulting time step (minutes)",
        default=DEFAULT_STEP_MINUTES,
        help="Consulting time is billed rounded up to blocks of this many minutes "
        "(R-CON-6: 12 minutes, director's order of 2023-04-04 No. 1-8). "
        "A change applies to entries logged or edited afterwards.",
    )

    @api.constrains("stekas_rounding_step")
    def _check_stekas_rounding_step(self):
        for company in self:
            if not 1 <= company.stekas_rounding_step <= 240:
                raise ValidationError(
                    self.env._(
                        "The consulting time step must be between 1 and 240 minutes."
                    )
                )
