# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import StekasHelpdeskCommon


@tagged("post_install", "-at_install")
class TestJournalRounding(StekasHelpdeskCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_ticket(cls.contact_a)
        cls.employee = cls.env["hr.employee"].create(
            {"name": "Consultant", "user_id": cls.consultant.id}
        )

    def _log(self, minutes):
        return self.env["account.analytic.line"].create(
            {
                "name": "Consulted by phone",
                "ticket_id": self.ticket.id,
                "employee_id": self.employee.id,
                "unit_amount": minutes / 60,
            }
        )

    def test_billed_minutes_round_up_to_company_step(self):
        for minutes, billed in [(1, 12), (12, 12), (13, 24), (60, 60), (61, 72)]:
            line = self._log(minutes)
            self.assertEqual(line.stekas_billed_minutes, billed, f"{minutes} min")
            self.assertAlmostEqual(line.stekas_billed_hours, billed / 60)

    def test_company_step_change_spares_logged_entries(self):
        line = self._log(13)
        self.assertEqual(line.stekas_billed_minutes, 24)
        self.env.company.stekas_rounding_step = 15
        self.env.flush_all()
        line.invalidate_recordset()
        self.assertEqual(line.stekas_billed_minutes, 24)
        self.assertEqual(self._log(13).stekas_billed_minutes, 15)

    def test_impossible_durations_are_refused(self):
        for minutes in (0, -10, 24 * 60 + 1):
            with self.assertRaises(ValidationError):
                self._log(minutes)
