# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import AccessError


class ResUsers(models.Model):
    _inherit = "res.users"

    def _stekas_is_dispatcher(self):
        """Whether the user counts as a dispatcher: the superuser or a member
        of the dispatcher group (managers imply it). Extend it to change who
        counts as a dispatcher; views ask it to make fields read-only."""
        self.ensure_one()
        return self._is_superuser() or self.has_group(
            "stekas_helpdesk.stekas_helpdesk_group_dispatcher"
        )

    def _stekas_check_dispatcher(self, message):
        """The one dispatcher check: refuse with `message` unless the user is
        a dispatcher (`_stekas_is_dispatcher`)."""
        if not self._stekas_is_dispatcher():
            raise AccessError(message)

    @api.model
    def _stekas_get_staff_of(self, group_xmlid):
        """The people a to-do of the system can go to in the group: active
        internal users, not the system's own (OdooBot)."""
        group = self.env.ref(group_xmlid)
        return group.users.filtered(lambda u: u.active and not u.share) - self.env.ref(
            "base.user_root"
        )
