# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import AccessError


class ResUsers(models.Model):
    _inherit = "res.users"

    # Temporary: stekas_helpdesk defines this check on its restructure branch;
    # this copy goes when the two branches are merged.
    def _stekas_check_dispatcher(self, message):
        """Raise AccessError with `message` unless the user is a dispatcher."""
        if not self.has_group("stekas_helpdesk.stekas_helpdesk_group_dispatcher"):
            raise AccessError(message)
