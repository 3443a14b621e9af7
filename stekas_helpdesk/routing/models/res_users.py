# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


# Who is on duty for urgent calls belongs to routing (R-CON-2); the
# dispatcher check is in common/.
# pylint: disable=consider-merging-classes-inherited
class ResUsers(models.Model):
    _inherit = "res.users"

    stekas_on_duty = fields.Boolean(
        string="On duty for urgent calls",
        help="Urgent tickets are routed at once to the consultants of the team "
        "who are on duty (R-CON-2).",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["stekas_on_duty"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + ["stekas_on_duty"]
