# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

SESSION_COOKIE = "session_id="


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _post_dispatch(cls, response):
        res = super()._post_dispatch(response)
        cls._stekas_set_session_samesite(response)
        return res

    @classmethod
    def _stekas_set_session_samesite(cls, response):
        """Odoo sets the session cookie without SameSite: a cross-site form
        or request would then carry the session. Lax keeps it on a link
        followed from a mail (a top-level GET), the way clients open the
        portal, and off cross-site POSTs and subrequests."""
        headers = getattr(response, "headers", None)
        if headers is None:
            return
        cookies = headers.getlist("Set-Cookie")
        if not any(
            c.startswith(SESSION_COOKIE) and "samesite=" not in c.lower()
            for c in cookies
        ):
            return
        headers.remove("Set-Cookie")
        for cookie in cookies:
            if cookie.startswith(SESSION_COOKIE) and "samesite=" not in cookie.lower():
                cookie += "; SameSite=Lax"
            headers.add("Set-Cookie", cookie)
