# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import AccessError


class ResUsers(models.Model):
    _inherit = "res.users"

    def _stekas_check_dispatcher(self, message):
        """The one dispatcher check: refuse with `message` unless the user is
        the superuser or a dispatcher (managers imply the dispatcher group).
        Extend it to change who counts as a dispatcher."""
        self.ensure_one()
        if self._is_superuser() or self.has_group(
            "stekas_helpdesk.stekas_helpdesk_group_dispatcher"
        ):
            return
        raise AccessError(message)
