# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# A reminder more than a year ahead would come before the contract's last
# renewal: a typing error rather than a notice period.
MAX_RENEWAL_REMINDER_DAYS = 366


class ResCompany(models.Model):
    _inherit = "res.company"

    stekas_renewal_reminder_days = fields.Integer(
        string="Remind of contract renewal (days before the end)",
        default=30,
        help="This many days before an active support contract ends, its "
        "consultant and the dispatchers get a to-do to renew it.",
    )

    @api.constrains("stekas_renewal_reminder_days")
    def _check_stekas_renewal_reminder_days(self):
        for company in self:
            if (
                not 1
                <= company.stekas_renewal_reminder_days
                <= MAX_RENEWAL_REMINDER_DAYS
            ):
                raise ValidationError(
                    self.env._(
                        "The renewal reminder must come between 1 and %(max)s days "
                        "before a contract ends.",
                        max=MAX_RENEWAL_REMINDER_DAYS,
                    )
                )
