# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

import pytz

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

    def _stekas_is_absent(self, when):
        """Whether the user does not work on the day of `when` (UTC), in the
        user's time zone (R-ASG-3): Odoo's own data, the working schedule of the
        user's resource (or the company's) less the time off recorded for that
        resource or the whole company (`resource.calendar.leaves`, which Time
        Off creates too). A user without any schedule is never absent."""
        self.ensure_one()
        # sudo: a colleague's schedule and time off are HR data the routing
        # reads only to know whether the colleague works today.
        user = self.sudo()
        company = user.company_id
        resource = user.resource_ids.filtered(
            lambda r: r.company_id in (company, r.company_id.browse())
        )[:1]
        calendar = resource.calendar_id or company.resource_calendar_id
        if not calendar:
            return False
        tz = pytz.timezone(resource.tz or user.tz or calendar.tz or "UTC")
        day = pytz.utc.localize(when).astimezone(tz).date()
        start = tz.localize(datetime.combine(day, time.min))
        end = tz.localize(datetime.combine(day + timedelta(days=1), time.min))
        intervals = calendar._work_intervals_batch(start, end, resources=resource)
        return not intervals[resource.id]
