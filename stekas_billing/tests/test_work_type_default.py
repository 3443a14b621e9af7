# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import Form, tagged

from .common import StekasBillingCommon


@tagged("post_install", "-at_install")
class TestWorkTypeDefault(StekasBillingCommon):
    """A new journal entry shows consulting as its work type (R-BIL-2), so the
    consultant can save it without choosing one."""

    def test_new_line_in_the_tickets_tab_shows_consulting(self):
        # The web client's user context carries uid (the tab's context uses it).
        ticket = self.ticket.with_user(self.consultant).with_context(
            uid=self.consultant.id
        )
        with Form(ticket) as form:
            with form.timesheet_ids.new() as line:
                self.assertEqual(line.stekas_work_type_id, self.wt_consulting)
                line.name = "Explained the report settings"
                line.unit_amount = 0.5
        self.assertEqual(
            self.ticket.timesheet_ids.stekas_work_type_id, self.wt_consulting
        )

    def test_the_timers_line_is_consulting(self):
        ticket = self.ticket.with_user(self.consultant)
        action = ticket.button_start_work()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.consultant)
            .with_context(**action["context"])
        )
        wizard.name = "Helped by phone"
        wizard.save().action_switch()
        self.assertEqual(ticket.timesheet_ids.stekas_work_type_id, self.wt_consulting)

    def test_analytic_line_outside_the_journal_has_no_work_type(self):
        Line = self.env["account.analytic.line"]
        self.assertFalse(
            Line.default_get(["stekas_work_type_id"]).get("stekas_work_type_id")
        )
