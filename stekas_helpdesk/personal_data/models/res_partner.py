# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


# The personal-data guard (R-PII-1..5) is a concern of its own, kept apart from
# intake and the journal so that each file can be read whole.
# pylint: disable=consider-merging-classes-inherited
class ResPartner(models.Model):
    _inherit = "res.partner"

    # R-PII-5: the personal data processing agreement with the client company.
    stekas_pii_agreement_signed = fields.Boolean(
        string="Data processing agreement signed",
        groups="base.group_user",
        tracking=True,
        help="A personal data processing agreement is signed between this client "
        "and STEKAS (R-PII-5): personal data it sends is kept, restricted, "
        "instead of being destroyed.",
    )
    stekas_pii_agreement_date = fields.Date(
        string="Agreement signed on", groups="base.group_user"
    )
    stekas_pii_agreement_valid_until = fields.Date(
        string="Agreement valid until",
        groups="base.group_user",
        tracking=True,
        help="Leave empty for an agreement without an end date.",
    )
    stekas_pii_agreement_document = fields.Binary(
        string="Agreement document", attachment=True, groups="base.group_user"
    )
    stekas_pii_agreement_document_name = fields.Char(
        string="Pii Agreement Document Name", groups="base.group_user"
    )
    stekas_pii_agreement_valid = fields.Boolean(
        string="Valid data processing agreement",
        compute="_compute_stekas_pii_agreement_valid",
        groups="base.group_user",
    )

    @api.depends(
        "stekas_pii_agreement_signed",
        "stekas_pii_agreement_valid_until",
        "commercial_partner_id.stekas_pii_agreement_signed",
        "commercial_partner_id.stekas_pii_agreement_valid_until",
    )
    def _compute_stekas_pii_agreement_valid(self):
        today = fields.Date.context_today(self)
        for partner in self:
            company = partner.commercial_partner_id
            partner.stekas_pii_agreement_valid = bool(
                company.stekas_pii_agreement_signed
                and (
                    not company.stekas_pii_agreement_valid_until
                    or company.stekas_pii_agreement_valid_until >= today
                )
            )

    @api.constrains(
        "stekas_pii_agreement_signed",
        "stekas_pii_agreement_date",
        "stekas_pii_agreement_valid_until",
    )
    def _check_stekas_pii_agreement_dates(self):
        for partner in self:
            if (
                partner.stekas_pii_agreement_date
                and partner.stekas_pii_agreement_valid_until
                and partner.stekas_pii_agreement_valid_until
                < partner.stekas_pii_agreement_date
            ):
                raise ValidationError(
                    self.env._(
                        "The data processing agreement of %(client)s ends before "
                        "it was signed.",
                        client=partner.display_name,
                    )
                )

    def _stekas_pii_is_internal(self):
        """A STEKAS employee (an internal user), not a client."""
        # sudo: users of a partner are read to tell staff from clients; inactive
        # users too, so that OdooBot (the mail gateway's author) counts as staff.
        users = self.sudo().with_context(active_test=False).user_ids
        return any(not user.share for user in users)
