# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import StekasHelpdeskCommon
from .journal_common import StekasJournalCommon


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


@tagged("post_install", "-at_install")
class TestRoundingException(StekasJournalCommon):
    """R-CON-6 (rev. 2): the dispatcher or a manager bills the exact minutes of
    one entry, with a reason; consultants cannot."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="test_support_manager",
            groups="base.group_user,stekas_helpdesk.stekas_helpdesk_group_manager",
        )
        cls.ticket_a.with_user(cls.dispatcher).user_id = cls.consultant
        cls.Line = cls.env["account.analytic.line"]

    def _log_as_consultant(self, minutes, **vals):
        return self.Line.with_user(self.consultant).create(
            self._entry_vals(self.ticket_a, minutes, **vals)
        )

    def _exempt(self, line, user, reason="Agreed with the director"):
        line.with_user(user).write(
            {"stekas_rounding_exempt": True, "stekas_rounding_exempt_reason": reason}
        )

    def test_dispatcher_exempts_an_entry_of_a_consultant(self):
        line = self._log_as_consultant(13)
        self.assertEqual(line.stekas_billed_minutes, 24)
        self._exempt(line, self.dispatcher)
        self.assertTrue(line.stekas_rounding_exempt)
        self.assertEqual(line.stekas_rounding_exempt_reason, "Agreed with the director")
        self.assertEqual(line.stekas_billed_minutes, 13)
        self.assertAlmostEqual(line.stekas_billed_hours, 13 / 60, places=4)
        rows = list(line.with_user(self.dispatcher)._stekas_journal_rows())
        self.assertEqual(
            [(row["actual_minutes"], row["billed_minutes"]) for row in rows], [(13, 13)]
        )
        # Rounded again once the exception is withdrawn.
        line.with_user(self.manager).stekas_rounding_exempt = False
        self.assertEqual(line.stekas_billed_minutes, 24)

    def test_dispatcher_exempts_in_the_journal_form(self):
        line = self._log_as_consultant(13)
        view = self.env.ref("stekas_helpdesk.account_analytic_line_view_form_journal")
        with Form(line.with_user(self.dispatcher), view=view) as form:
            form.stekas_rounding_exempt = True
            form.stekas_rounding_exempt_reason = "Short call, agreed"
        self.assertEqual(line.stekas_billed_minutes, 13)
        # To the consultant the fields are read-only.
        form = Form(line.with_user(self.consultant), view=view)
        with self.assertRaises(AssertionError):
            form.stekas_rounding_exempt = True

    def test_reason_is_required(self):
        line = self._log_as_consultant(13)
        for reason in (False, "  "):
            with self.assertRaises(ValidationError):
                self._exempt(line, self.dispatcher, reason=reason)
        self.assertEqual(line.stekas_billed_minutes, 24)

    def test_consultant_cannot_exempt(self):
        line = self._log_as_consultant(13)
        with self.assertRaises(AccessError):
            self._exempt(line, self.consultant)
        with self.assertRaises(AccessError):
            line.with_user(self.consultant).stekas_rounding_exempt_reason = "Mine"
        with self.assertRaises(AccessError):
            self._log_as_consultant(
                13,
                stekas_rounding_exempt=True,
                stekas_rounding_exempt_reason="Agreed with the director",
            )
        self.assertEqual(line.stekas_billed_minutes, 24)
        # Writing the entry as it is stays possible.
        line.with_user(self.consultant).write(
            {"name": "Consulted twice", "stekas_rounding_exempt": False}
        )

    def test_manager_exempts_on_creation(self):
        line = self.Line.with_user(self.manager).create(
            self._entry_vals(
                self.ticket_a,
                7,
                stekas_rounding_exempt=True,
                stekas_rounding_exempt_reason="Test call",
            )
        )
        self.assertEqual(line.stekas_billed_minutes, 7)


@tagged("post_install", "-at_install")
class TestRoundingExceptionRpc(HttpCase, StekasJournalCommon):
    """The web client's JSON-RPC is refused the exception too (R-CON-6)."""

    def test_consultant_cannot_exempt_by_json_rpc(self):
        line = (
            self.env["account.analytic.line"]
            .with_user(self.consultant)
            .create(self._entry_vals(self.ticket_a, 13))
        )
        self.authenticate("test_consultant", "test_consultant")
        vals = {"stekas_rounding_exempt": True, "stekas_rounding_exempt_reason": "x"}
        calls = [
            ("write", [[line.id], vals]),
            ("create", [[self._entry_vals(self.ticket_a, 13, **vals)]]),
        ]
        for method, args in calls:
            with self.assertRaisesRegex(JsonRpcException, "AccessError"):
                self.make_jsonrpc_request(
                    f"/web/dataset/call_kw/account.analytic.line/{method}",
                    {
                        "model": "account.analytic.line",
                        "method": method,
                        "args": args,
                        "kwargs": {},
                    },
                )
        self.assertFalse(line.stekas_rounding_exempt)
        self.assertEqual(line.stekas_billed_minutes, 24)
