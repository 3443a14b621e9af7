# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    stekas_renewal_reminder_days = fields.Integer(
        related="company_id.stekas_renewal_reminder_days", readonly=False
    )
