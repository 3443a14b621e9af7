# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ...lib.retention import MAX_RETENTION_DAYS
from ...lib.rounding import DEFAULT_STEP_MINUTES

# A consultation is rounded to at most four hours: a larger step is a typing
# error, not a rounding rule (R-CON-6).
MAX_ROUNDING_STEP_MINUTES = 240


class ResCompany(models.Model):
    _inherit = "res.company"

    # The dispatcher chooses who serves a ticket (R-ASG-1; under a prepayment
    # nobody, R-BIL-4): helpdesk_mgmt's default gives a ticket to whoever
    # creates it, the dispatcher taking every call. An administrator may still
    # turn it on.
    helpdesk_mgmt_ticket_auto_assign = fields.Boolean(default=False)

    stekas_helpdesk_team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team",
        string="Default helpdesk team",
        check_company=True,
        help="The team, and so the timesheet project, of a ticket that arrives "
        "without one (a call, an e-mail, the portal form). Empty: the company's "
        "first team.",
    )
    # R-INT-5: the administrator clients may call or write to, in every mail
    # STEKAS sends them; empty: the company's own phone and e-mail.
    stekas_admin_phone = fields.Char(
        string="Administrator's phone",
        help="Shown to clients in every mail STEKAS sends them (R-INT-5). "
        "Empty: the company's phone.",
    )
    stekas_admin_email = fields.Char(
        string="Administrator's e-mail",
        help="Shown to clients in every mail STEKAS sends them (R-INT-5). "
        "Empty: the company's e-mail.",
    )
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
            if not 1 <= company.stekas_rounding_step <= MAX_ROUNDING_STEP_MINUTES:
                raise ValidationError(
                    self.env._(
                        "The consulting time step must be between 1 and %(max)s "
                        "minutes.",
                        max=MAX_ROUNDING_STEP_MINUTES,
                    )
                )

    def _stekas_get_admin_contacts(self):
        """The administrator's phone and e-mail shown to clients (R-INT-5)."""
        self.ensure_one()
        return {
            "phone": self.stekas_admin_phone or self.phone or "",
            "email": self.stekas_admin_email or self.email or "",
        }

    def _stekas_render_client_footer(self):
        """The footer of every mail to a client: the administrator's contacts
        (R-INT-5), one QWeb snippet for all templates, in the language of the
        context (the mail's)."""
        self.ensure_one()
        return self.env["ir.qweb"]._render(
            "stekas_helpdesk.mail_client_footer",
            {"company": self, "contacts": self._stekas_get_admin_contacts()},
        )

    # R-PII-3, R-PII-5: how long lawful personal data outlives its ticket.
    stekas_pii_retention_days = fields.Integer(
        string="Keep personal data after closing (days)",
        default=30,
        help="Personal data kept lawfully (agreement or approved request, "
        "R-PII-3, R-PII-5) is destroyed this many days after its ticket closes.",
    )

    @api.constrains("stekas_pii_retention_days")
    def _check_stekas_pii_retention_days(self):
        for company in self:
            if not 0 <= company.stekas_pii_retention_days <= MAX_RETENTION_DAYS:
                raise ValidationError(
                    self.env._(
                        "Personal data can be kept from 0 to %(max)s days after a "
                        "ticket closes.",
                        max=MAX_RETENTION_DAYS,
                    )
                )

    @api.model
    def _stekas_init_assignment(self):
        """At install: no company gives tickets to their creator (see the
        field's default)."""
        self.search([]).write({"helpdesk_mgmt_ticket_auto_assign": False})
