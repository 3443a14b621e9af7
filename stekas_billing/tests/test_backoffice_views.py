# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime, time

from lxml import etree

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import StekasBillingCommon

JOURNAL_FIELDS = ("date", "employee_id", "unit_amount", "name")


@tagged("post_install", "-at_install")
class TestBillingBackOfficeViews(StekasBillingCommon, HttpCase):
    """Billed entries read-only with their invoice named, the quota as a
    progress bar (back office and portal) and the quota dashboard."""

    def _arch(self, user, model, view_type, xmlid=None):
        view_id = self.env.ref(xmlid).id if xmlid else False
        views = self.env[model].with_user(user).get_views([(view_id, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    def _billed_entry(self):
        """Client B (no contract) billed by the accountant's run."""
        self.client_b.write(
            {"stekas_billing_mode": "invoice_month", "stekas_hourly_rate": 40.0}
        )
        entry = self._log(20, datetime(2026, 1, 12, 9), ticket=self.ticket_b)
        wizard = (
            self.env["stekas.billing.run"]
            .with_user(self.accountant)
            .create(
                {
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 1, 31),
                    "partner_ids": [Command.set(self.client_b.ids)],
                    "send_statements": False,
                }
            )
        )
        wizard.action_run()
        self.assertTrue(entry.timesheet_invoice_id)
        return entry

    # --- billed entries ------------------------------------------------

    def test_billed_entry_is_readonly_in_the_journal_form(self):
        arch = self._arch(
            self.consultant,
            "account.analytic.line",
            "form",
            "stekas_helpdesk.account_analytic_line_view_form_journal",
        )
        for name in JOURNAL_FIELDS + ("stekas_consultation_channel",):
            field = arch.xpath(f"//sheet//field[@name='{name}']")[0]
            self.assertIn("timesheet_invoice_id", field.get("readonly") or "", name)
        notice = arch.xpath("//*[@name='stekas_billed_on']")[0]
        self.assertEqual(notice.get("invisible"), "not timesheet_invoice_id")
        self.assertTrue(notice.xpath(".//field[@name='timesheet_invoice_id']"))

    def test_consultant_reads_the_invoice_name_of_a_billed_entry(self):
        entry = self._billed_entry()
        data = entry.with_user(self.consultant).web_read(
            {"timesheet_invoice_id": {"fields": {"display_name": {}}}}
        )
        self.assertEqual(
            data[0]["timesheet_invoice_id"]["display_name"],
            entry.timesheet_invoice_id.display_name,
        )

    # --- quota as a progress bar ---------------------------------------

    def test_quota_progress_bars_in_the_back_office(self):
        today = self.env["stekas.support.contract"]._get_today()
        self._log(30, datetime.combine(today, time(9)))  # 36 billed of 120
        form = self._arch(self.dispatcher, "stekas.support.contract", "form")
        bar = form.xpath("//field[@name='current_used_percent']")[0]
        self.assertEqual(bar.get("widget"), "progressbar")
        period_bar = form.xpath(
            "//field[@name='period_ids']//field[@name='used_percent']"
        )[0]
        self.assertEqual(period_bar.get("widget"), "progressbar")
        listing = self._arch(self.dispatcher, "stekas.support.contract", "list")
        bar = listing.xpath("//field[@name='current_used_percent']")[0]
        self.assertEqual(bar.get("widget"), "progressbar")
        ticket_form = self._arch(self.consultant, "helpdesk.ticket", "form")
        bar = ticket_form.xpath("//field[@name='stekas_quota_used_percent']")[0]
        self.assertEqual(bar.get("widget"), "progressbar")
        contract = self.contract.with_user(self.dispatcher)
        self.assertEqual(contract.current_used_percent, 30)
        self.assertEqual(
            self.ticket.with_user(self.consultant).stekas_quota_used_percent, 30
        )

    def test_portal_contract_says_used_and_remaining(self):
        today = self.env["stekas.support.contract"]._get_today()
        self._log(30, datetime.combine(today, time(9)))
        self.portal_a.password = "portal-a-test"
        self.authenticate("test_portal_a", "portal-a-test")
        res = self.url_open(f"/my/support-contracts/{self.contract.id}")
        self.assertEqual(res.status_code, 200)
        block = etree.HTML(res.text).xpath("//div[@id='stekas_current_period']")[0]
        text = " ".join("".join(block.itertext()).split())
        self.assertIn("Used 00:36 of 02:00 h (30 %)", text)
        self.assertIn("01:24 h remaining", text)

    # --- quota dashboard -----------------------------------------------

    def test_quota_use_dashboard_for_dispatchers(self):
        menu = self.env.ref(
            "stekas_billing.stekas_support_contract_period_menu_dashboard"
        )
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.dispatcher)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.consultant)._visible_menu_ids())
        graph = self._arch(
            self.dispatcher,
            "stekas.support.contract.period",
            "graph",
            "stekas_billing.stekas_support_contract_period_view_graph",
        )
        self.assertEqual(graph.xpath("//field")[0].get("name"), "partner_id")
        measures = {
            f.get("name") for f in graph.iter("field") if f.get("type") == "measure"
        }
        self.assertEqual(measures, {"used_minutes"})
