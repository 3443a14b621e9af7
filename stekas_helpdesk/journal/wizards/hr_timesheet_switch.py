# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from ..models.account_analytic_line import TIMER_START_CONTEXT


class HrTimesheetSwitch(models.TransientModel):
    """The timer's start ("Start work" on a ticket, "Resume work" on a line)."""

    _inherit = "hr.timesheet.switch"

    def action_switch(self):
        # The new line is a running timer: zero hours until it stops, which
        # the journal's duration check allows for it alone.
        return super(
            HrTimesheetSwitch, self.with_context(**{TIMER_START_CONTEXT: True})
        ).action_switch()
