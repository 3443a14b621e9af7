# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import load_lithuanian
from .journal_common import StekasJournalCommon


@tagged("post_install", "-at_install")
class TestJournalPortal(HttpCase, StekasJournalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line_a = cls._log(
            cls.ticket_a, 13, name="Paaiškinta ataskaitos klaida", date="2026-03-10"
        )
        cls.line_a2 = cls._log(
            cls.ticket_a, 61, name="Pataisyti nustatymai", date="2026-04-02"
        )
        cls.line_b = cls._log(
            cls.ticket_b, 30, name="Slapta kito kliento informacija", date="2026-03-11"
        )

    def _get(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return response

    def test_journal_page_shows_own_company_with_month_totals(self):
        self.authenticate("test_portal_a", "test_portal_a")
        page = self._get("/my/journal?date_from=2026-01-01&date_to=2026-12-31").text
        self.assertIn("Paaiškinta ataskaitos klaida", page)
        self.assertIn("Pataisyti nustatymai", page)
        self.assertNotIn("Slapta kito kliento informacija", page)
        self.assertIn("2026-03", page)
        self.assertIn("2026-04", page)
        # March: 13 min actual, 24 billed; April: 61 actual, 72 billed = 1:12.
        self.assertIn("0:24", page)
        self.assertIn("1:12", page)
        self.assertIn("1:36", page)  # total billed

    def test_other_company_sees_only_its_own(self):
        self.authenticate("test_portal_b", "test_portal_b")
        page = self._get("/my/journal?date_from=2026-01-01&date_to=2026-12-31").text
        self.assertIn("Slapta kito kliento informacija", page)
        self.assertNotIn("Paaiškinta ataskaitos klaida", page)
        data = self._get(
            "/my/journal/xlsx?date_from=2026-01-01&date_to=2026-12-31"
        ).content
        _header, rows, _total = self._xlsx_rows(data)
        self.assertEqual([row[11] for row in rows], ["Slapta kito kliento informacija"])

    def test_xlsx_download_in_the_users_language(self):
        load_lithuanian(self.env)
        self.portal_a.lang = "lt_LT"
        self.authenticate("test_portal_a", "test_portal_a")
        response = self._get("/my/journal/xlsx?date_from=2026-03-01&date_to=2026-03-31")
        header, _rows, total = self._xlsx_rows(response.content)
        self.assertEqual(header[11], "Atliktas darbas")
        self.assertEqual(total[0], "Iš viso")
        disposition = response.headers["Content-Disposition"]
        self.assertIn("konsultaciju_zurnalas_2026-03-01", disposition)

    def test_xlsx_download_for_a_period(self):
        self.authenticate("test_portal_a", "test_portal_a")
        response = self._get("/my/journal/xlsx?date_from=2026-03-01&date_to=2026-03-31")
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        header, rows, total = self._xlsx_rows(response.content)
        self.assertEqual(header[11], "Work done")
        self.assertEqual([row[11] for row in rows], ["Paaiškinta ataskaitos klaida"])
        self.assertEqual(rows[0][13], "0:13")
        self.assertEqual(rows[0][15], "0:24")
        self.assertEqual(total[15], "0:24")

    def test_bad_period_is_explained(self):
        self.authenticate("test_portal_a", "test_portal_a")
        page = self._get("/my/journal?date_from=2026-05-01&date_to=2026-01-01").text
        self.assertIn("Give the period as two dates", page)
        page = self._get("/my/journal?date_from=nonsense").text
        self.assertIn("Give the period as two dates", page)
        response = self.url_open(
            "/my/journal/xlsx?date_from=nonsense", allow_redirects=False
        )
        self.assertIn(response.status_code, (301, 302, 303))

    def test_anonymous_is_sent_to_login(self):
        response = self.url_open("/my/journal/xlsx", allow_redirects=False)
        self.assertIn(response.status_code, (301, 302, 303))
        self.assertIn("/web/login", response.headers["Location"])
