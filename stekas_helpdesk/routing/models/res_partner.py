# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ...lib import intake

# Set by dispatchers and managers only, whatever the path (R-ASG-3).
SERVICE_MODE_FIELDS = (
    "stekas_service_mode",
    "stekas_designated_user_id",
    "stekas_deputy_user_id",
)


# Each room extends the contact with its own concern (ARCHITECTURE.md).
# pylint: disable=consider-merging-classes-inherited
class ResPartner(models.Model):
    """The client company's service mode (SPEC introduction, R-INT-2, R-ASG-3):
    a designated employee and a deputy (mode A) or through the administrator
    (mode B). Commercial fields: a contact follows its company."""

    _inherit = "res.partner"

    stekas_service_mode = fields.Selection(
        selection=[
            (intake.MODE_A, "Designated employee"),
            (intake.MODE_B, "Through the administrator"),
        ],
        string="Service mode",
        default=intake.MODE_B,
        required=True,
        tracking=True,
        help="Designated employee (mode A): the client's requests go at once to "
        "its designated employee, or the deputy when that one is absent, and "
        "need only a short purpose. Through the administrator (mode B): the "
        "dispatcher registers every request with the full contact data and "
        "assigns a consultant (R-INT-2, R-ASG-3).",
    )
    stekas_designated_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Designated employee",
        tracking=True,
        domain=lambda self: self._stekas_get_service_user_domain(),
        help="The consultant the client was told to contact (mode A).",
    )
    stekas_deputy_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Deputy",
        tracking=True,
        domain=lambda self: self._stekas_get_service_user_domain(),
        help="Takes the client's requests when the designated employee is "
        "absent (leave, not working that day).",
    )

    @api.model
    def _stekas_get_service_user_domain(self):
        """Who may be a client's designated employee or deputy: internal
        consultants."""
        group = self.env.ref(
            "stekas_helpdesk.stekas_helpdesk_group_consultant",
            raise_if_not_found=False,
        )
        return [("share", "=", False), ("groups_id", "in", group.ids if group else [])]

    @api.constrains(*SERVICE_MODE_FIELDS)
    def _check_stekas_service_mode(self):
        consultant = self.env.ref("stekas_helpdesk.stekas_helpdesk_group_consultant")
        for partner in self:
            designated = partner.stekas_designated_user_id
            deputy = partner.stekas_deputy_user_id
            if partner.stekas_service_mode == intake.MODE_A and not designated:
                raise ValidationError(
                    self.env._(
                        "%(client)s is served by a designated employee: choose "
                        "that employee.",
                        client=partner.display_name,
                    )
                )
            if deputy and deputy == designated:
                raise ValidationError(
                    self.env._(
                        "The deputy of %(client)s must be another consultant than "
                        "the designated employee.",
                        client=partner.display_name,
                    )
                )
            # sudo: the groups of the users are checked, whoever sets them
            for user in (designated | deputy).sudo():
                if user.share or consultant not in user.groups_id:
                    raise ValidationError(
                        self.env._(
                            "%(user)s is not a STEKAS consultant and cannot serve "
                            "%(client)s.",
                            user=user.name,
                            client=partner.display_name,
                        )
                    )

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + list(SERVICE_MODE_FIELDS)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._stekas_check_service_mode_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and set(SERVICE_MODE_FIELDS) & set(vals):
            self._stekas_check_service_mode_write(vals)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Only dispatchers set the service mode
    # ------------------------------------------------------------------

    def _stekas_check_service_mode_create(self, vals_list):
        """A new partner takes the default mode, or its company's: anything
        else is the dispatcher's choice."""
        defaults = {"stekas_service_mode": intake.MODE_B}
        for vals in vals_list:
            given = {
                name: vals[name]
                for name in SERVICE_MODE_FIELDS
                if vals.get(name) and vals[name] != defaults.get(name)
            }
            if not given:
                continue
            parent = self.browse(vals.get("parent_id")).commercial_partner_id
            if not parent or self._stekas_service_mode_differs(parent, given):
                self._stekas_refuse_service_mode()

    def _stekas_check_service_mode_write(self, vals):
        """Refuse a change of the service mode by anyone but a dispatcher. A
        contact taking its company's values (Odoo's commercial sync) changes
        nothing of the client's."""
        given = {name: vals[name] for name in SERVICE_MODE_FIELDS if name in vals}
        for partner in self:
            company = partner.commercial_partner_id
            if self._stekas_service_mode_differs(partner, given) and (
                company == partner or self._stekas_service_mode_differs(company, given)
            ):
                self._stekas_refuse_service_mode()

    @api.model
    def _stekas_service_mode_differs(self, partner, given):
        for name, value in given.items():
            current = partner[name]
            current = current.id if isinstance(current, models.BaseModel) else current
            if (current or False) != (value or False):
                return True
        return False

    def _stekas_refuse_service_mode(self):
        self.env.user._stekas_check_dispatcher(
            self.env._(
                "Only a dispatcher or a manager sets a client's service mode, "
                "designated employee and deputy."
            )
        )
