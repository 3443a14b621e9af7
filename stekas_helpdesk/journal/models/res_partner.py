# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


# Each room extends the contact with its own concern (ARCHITECTURE.md).
# pylint: disable=consider-merging-classes-inherited
class ResPartner(models.Model):
    """Journal extracts go only to clients who asked for them (R-HIS-2, R-BIL-6)."""

    _inherit = "res.partner"

    stekas_extract_optin = fields.Boolean(
        string="Send journal extracts",
        help="The client asked to receive extracts of the consultation journal by "
        "e-mail (R-HIS-2, R-BIL-6). Without it nothing is ever sent.",
    )
    stekas_extract_frequency = fields.Selection(
        selection=[("monthly", "Monthly"), ("quarterly", "Quarterly")],
        string="Extract period",
        default="monthly",
    )
    stekas_extract_recipient_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="res_partner_stekas_extract_recipient_rel",
        column1="partner_id",
        column2="recipient_id",
        string="Extract recipients",
        help="The client's people who receive the journal extracts.",
    )
    stekas_extract_ids = fields.One2many(
        comodel_name="stekas.journal.extract",
        inverse_name="partner_id",
        string="Sent journal extracts",
        readonly=True,
    )

    @api.constrains(
        "stekas_extract_optin", "stekas_extract_recipient_ids", "is_company"
    )
    def _check_stekas_extract_optin(self):
        for partner in self.filtered("stekas_extract_optin"):
            if partner.parent_id:
                raise ValidationError(
                    self.env._(
                        "Journal extracts are set on the client company, not on "
                        "its contact %(name)s.",
                        name=partner.display_name,
                    )
                )
            recipients = partner.stekas_extract_recipient_ids
            if not recipients or not all(recipients.mapped("email")):
                raise ValidationError(
                    self.env._(
                        "Give at least one recipient with an e-mail address for the "
                        "journal extracts of %(name)s.",
                        name=partner.display_name,
                    )
                )

    def action_stekas_send_journal_extract(self):
        """Send now the extract of the period just ended, opt-in obeyed (R-HIS-2)."""
        self.env.user._stekas_check_dispatcher(
            self.env._("Only the dispatcher or a manager sends journal extracts.")
        )
        self.check_access("read")
        refused = self.filtered(lambda partner: not partner.stekas_extract_optin)
        if refused:
            raise UserError(
                self.env._(
                    "%(names)s did not ask for journal extracts: nothing is sent "
                    "(R-HIS-2).",
                    names=", ".join(refused.mapped("display_name")),
                )
            )
        Extract = self.env["stekas.journal.extract"]
        extracts = Extract._send_extracts(self, requested_by="dispatcher")
        if not extracts:
            raise UserError(
                self.env._(
                    "The extract of the period just ended was already sent to "
                    "%(names)s.",
                    names=", ".join(self.mapped("display_name")),
                )
            )
        return extracts._get_sent_notification()

    def action_stekas_request_journal_extract(self):
        """The dispatcher's form to send the extract of a period (R-HIS-2)."""
        self.ensure_one()
        self.env.user._stekas_check_dispatcher(
            self.env._("Only the dispatcher or a manager sends journal extracts.")
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stekas_helpdesk.stekas_journal_extract_request_action"
        )
        action["context"] = {"default_partner_id": self.id}
        return action
