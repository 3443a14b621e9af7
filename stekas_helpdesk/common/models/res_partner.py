# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

# The guide is written for Lithuanian clients, and its mails to them are in
# Lithuanian.
CLIENT_DEFAULT_LANG = "lt_LT"
# Odoo gives English to every contact made in an English session (the mail
# gateway's, an import, a script): on a contact it does not tell a client's choice.
UNCHOSEN_LANG = "en_US"


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _stekas_get_mail_lang(self):
        """The language the mail templates write to this client contact in: the
        contact's own, else Lithuanian, if installed. Callable on an empty recordset (a
        sender known only by an address)."""
        lang = self[:1].lang
        if not lang or lang == UNCHOSEN_LANG:
            lang = self._stekas_get_default_mail_lang()
        # a mail cannot be rendered in a language the database has not installed
        return lang if self.env["res.lang"]._get_data(code=lang) else UNCHOSEN_LANG

    def _stekas_get_default_mail_lang(self):
        return CLIENT_DEFAULT_LANG
