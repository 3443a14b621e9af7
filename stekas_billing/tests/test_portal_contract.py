# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time

from odoo.tests import HttpCase, tagged

from .common import StekasBillingCommon


@tagged("post_install", "-at_install")
class TestPortalContract(StekasBillingCommon, HttpCase):
    def test_portal_contract_page(self):
        today = self.env["stekas.support.contract"]._get_today()
        self._log(30, datetime.combine(today, time(9)))
        self.portal_a.password = "portal-a-test"
        self.authenticate("test_portal_a", "portal-a-test")
        res = self.url_open("/my/support-contracts")
        self.assertEqual(res.status_code, 200)
        self.assertIn("AS-TEST-1", res.text)
        res = self.url_open(f"/my/support-contracts/{self.contract.id}")
        self.assertEqual(res.status_code, 200)
        self.assertIn("stekas_current_period", res.text)
        self.assertIn("01:24", res.text)  # 2 h less 36 min left

    def test_other_company_contract_is_refused(self):
        self.portal_b.password = "portal-b-test"
        self.authenticate("test_portal_b", "portal-b-test")
        res = self.url_open(
            f"/my/support-contracts/{self.contract.id}", allow_redirects=False
        )
        self.assertEqual(res.status_code, 303)
        self.assertNotIn("AS-TEST-1", res.text)
