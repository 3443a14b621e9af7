# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib import rounding


class AccountAnalyticLine(models.Model):
    """A timesheet line on a ticket is an entry of the consultation journal."""

    _inherit = "account.analytic.line"

    consultation_channel = fields.Selection(
        selection=[
            ("phone", "Phone"),
            ("email", "E-mail"),
            ("remote", "Remote desktop"),
            ("onsite", "At the client's site"),
        ],
        help="How the consultation was given (R-CON-4).",
    )
    billed_minutes = fields.Integer(
        compute="_compute_billed_minutes",
        store=True,
        readonly=True,
        help="Whole minutes billed: the actual time rounded up to the company's "
        "step (R-CON-6). Kept in whole minutes so that totals never drift.",
    )
    billed_hours = fields.Float(
        compute="_compute_billed_minutes",
        store=True,
        readonly=True,
        digits=(16, 4),
        help="The billed minutes as hours, for invoicing.",
    )

    @api.depends("unit_amount", "ticket_id")
    def _compute_billed_minutes(self):
        # Only the duration is a dependency: a later change of the company's
        # step must not re-price entries already logged (or invoiced).
        for line in self:
            minutes = rounding.hours_to_minutes(line.unit_amount)
            if line.ticket_id and 0 < minutes <= rounding.MAX_ENTRY_MINUTES:
                step = line.company_id.stekas_rounding_step or (
                    rounding.DEFAULT_STEP_MINUTES
                )
                line.billed_minutes = rounding.round_up_minutes(minutes, step)
            else:
                line.billed_minutes = 0
            line.billed_hours = rounding.minutes_to_hours(line.billed_minutes)

    @api.constrains("unit_amount", "ticket_id")
    def _check_journal_duration(self):
        for line in self.filtered("ticket_id"):
            minutes = rounding.hours_to_minutes(line.unit_amount)
            if minutes <= 0:
                raise ValidationError(
                    self.env._(
                        "A consultation journal entry must last more than zero "
                        "minutes (ticket %(ticket)s).",
                        ticket=line.ticket_id.display_name,
                    )
                )
            if minutes > rounding.MAX_ENTRY_MINUTES:
                raise ValidationError(
                    self.env._(
                        "A single consultation journal entry cannot exceed 24 hours "
                        "(ticket %(ticket)s).",
                        ticket=line.ticket_id.display_name,
                    )
                )

    @api.constrains("ticket_id")
    def _check_ticket_intake(self):
        """R-INT-4: no time is logged on a ticket whose intake is incomplete."""
        self.ticket_id._check_intake_allows_work("time")
