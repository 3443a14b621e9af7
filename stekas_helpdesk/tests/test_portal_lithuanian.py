# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A Lithuanian client reads the portal's home and ticket list in Lithuanian,
the terms Odoo and helpdesk_mgmt leave untranslated included."""

from odoo.tests import tagged

from .common import load_lithuanian
from .test_portal import StekasPortalCase


@tagged("post_install", "-at_install")
class TestPortalLithuanian(StekasPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_lithuanian(cls.env)
        cls.portal_a.partner_id.lang = "lt_LT"

    def test_portal_home_in_lithuanian(self):
        self.authenticate("test_portal_a", "test_portal_a")
        # the first page of the portal compiles its templates: slow on a busy machine
        html = self.url_open("/my", timeout=120).text
        self.assertIn("Mano paskyra", html)
        self.assertIn("Prisijungimas ir sauga", html)
        self.assertNotIn(">My account<", html)
        self.assertNotIn("Connection &amp; Security", html)

    def test_ticket_search_bar_in_lithuanian(self):
        self.authenticate("test_portal_a", "test_portal_a")
        html = self.url_open("/my/tickets").text
        for label in ("Ieškoti visur", "Ieškoti pagal numerį", "Naujausi", "Visi"):
            self.assertIn(label, html)
        for label in ("Search in All", "Search in Number", "Newest"):
            self.assertNotIn(label, html)

    def test_english_user_keeps_english(self):
        self.portal_a.partner_id.lang = "en_US"
        self.authenticate("test_portal_a", "test_portal_a")
        html = self.url_open("/my/tickets").text
        self.assertIn("Search in All", html)
