# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    stekas_helpdesk_team_id = fields.Many2one(
        related="company_id.stekas_helpdesk_team_id", readonly=False
    )
    stekas_admin_phone = fields.Char(
        related="company_id.stekas_admin_phone", readonly=False
    )
    stekas_admin_email = fields.Char(
        related="company_id.stekas_admin_email", readonly=False
    )
    stekas_rounding_step = fields.Integer(
        related="company_id.stekas_rounding_step", readonly=False
    )
    stekas_pii_retention_days = fields.Integer(
        related="company_id.stekas_pii_retention_days", readonly=False
    )
