# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from ..journal.models import account_analytic_line as line_module
from .journal_common import StekasJournalCommon

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestJournal(StekasJournalCommon):
    def test_rounding_acceptance_points(self):
        # R-CON-6: 1-12 -> 12, 13-24 -> 24, ... 8 hours stay 8 hours.
        cases = [
            (1, 12),
            (12, 12),
            (13, 24),
            (24, 24),
            (25, 36),
            (59, 60),
            (60, 60),
            (61, 72),
            (480, 480),
        ]
        lines = self.env["account.analytic.line"].create(
            [self._entry_vals(self.ticket_a, minutes) for minutes, _billed in cases]
        )
        for line, (minutes, billed) in zip(lines, cases, strict=True):
            self.assertEqual(line.stekas_actual_minutes, minutes)
            self.assertEqual(line.stekas_billed_minutes, billed, f"{minutes} min")
        self.assertEqual(sum(lines.mapped("stekas_billed_minutes")), 780)

    def test_thousand_entries_total_without_drift(self):
        Line = self.env["account.analytic.line"]
        # 13 minutes is 0.21666... h: a float sum of a thousand drifts, minutes do not.
        Line.create(self._entry_vals(self.ticket_a, 13))  # warm the caches
        self.env.flush_all()
        queries_before = self.env.cr.sql_log_count
        Line.create([self._entry_vals(self.ticket_a, 13) for _i in range(10)])
        self.env.flush_all()
        queries_ten = self.env.cr.sql_log_count - queries_before
        queries_before = self.env.cr.sql_log_count
        lines = Line.create([self._entry_vals(self.ticket_a, 13) for _i in range(1000)])
        self.env.flush_all()
        queries_thousand = self.env.cr.sql_log_count - queries_before
        _logger.info(
            "Journal entries created in batch: 10 in %s queries, 1000 in %s queries",
            queries_ten,
            queries_thousand,
        )
        # Batch creation: the journal fields add no query per entry.
        # Measured: 10 entries in 5 queries, 1000 in 23 (batched INSERTs and
        # computes); a query per entry would be over 1000.
        self.assertLess(queries_ten, 20)
        self.assertLess(queries_thousand, 50)
        self.assertEqual(sum(lines.mapped("stekas_billed_minutes")), 24000)
        self.assertEqual(sum(lines.mapped("stekas_actual_minutes")), 13000)
        [(count, billed, actual)] = Line._read_group(
            [("id", "in", lines.ids)],
            aggregates=[
                "__count",
                "stekas_billed_minutes:sum",
                "stekas_actual_minutes:sum",
            ],
        )
        self.assertEqual((count, billed, actual), (1000, 24000, 13000))
        rows = lines._stekas_journal_rows()
        self.assertEqual(sum(row["billed_minutes"] for row in rows), 24000)

    def test_one_entry_keeps_actual_and_billed_time(self):
        line = self._log(self.ticket_a, 13)
        self.assertAlmostEqual(line.unit_amount, 13 / 60)
        self.assertEqual(line.stekas_actual_minutes, 13)
        self.assertEqual(line.stekas_billed_minutes, 24)
        self.assertAlmostEqual(line.stekas_billed_hours, 0.4)

    def test_work_description_is_required(self):
        # R-CON-5: a short description of the work done.
        for name in ("", "   ", "/"):
            with self.assertRaises(ValidationError):
                self._log(self.ticket_a, 10, name=name)
        line = self._log(self.ticket_a, 10)
        with self.assertRaises(ValidationError):
            line.name = " "

    def test_contact_data_snapshot_as_registered(self):
        # R-HIS-1: the client's contact data as registered with the request.
        line = self._log(self.ticket_a, 30)
        self.assertEqual(line.stekas_client_id, self.client_a)
        self.assertEqual(line.stekas_contact_name, self.contact_a.name)
        self.assertEqual(line.stekas_contact_function, "Buhalterė")
        self.assertEqual(line.stekas_contact_phone, self.contact_a.phone)
        self.assertEqual(line.stekas_contact_email, self.contact_a.email)
        self.assertEqual(line.stekas_request_date, self.ticket_a.stekas_received_date)
        self.assertIn("Cannot open the monthly report", line.stekas_problem)
        self.assertIn("The report shows an error.", line.stekas_problem)
        self.contact_a.write({"phone": "+370 699 99999", "function": "Direktorė"})
        self.env.flush_all()
        line.invalidate_recordset()
        self.assertEqual(line.stekas_contact_function, "Buhalterė")
        self.assertNotEqual(line.stekas_contact_phone, "+370 699 99999")

    def test_entry_at_2350_vilnius_on_last_day_counts_in_that_month(self):
        Line = self.env["account.analytic.line"].with_context(tz="Europe/Vilnius")
        vals = self._entry_vals(self.ticket_a, 30)
        # 2026-01-31 23:50 in Vilnius (UTC+2) is 21:50 UTC.
        with freeze_time("2026-01-31 21:50:00"):
            line = Line.create(vals)
        self.assertEqual(str(line.date), "2026-01-31")
        groups = Line._read_group(
            [("id", "=", line.id)], groupby=["date:month"], aggregates=["__count"]
        )
        self.assertEqual(
            [(str(month), count) for month, count in groups], [("2026-01-01", 1)]
        )
        # The extract job run just after midnight local time (22:30 UTC) sends
        # January, and this entry is in it.
        self.client_a.write(
            {
                "stekas_extract_optin": True,
                "stekas_extract_recipient_ids": [(6, 0, self.contact_a.ids)],
            }
        )
        with freeze_time("2026-01-31 22:30:00"):
            extract = self.env["stekas.journal.extract"]._cron_send_extracts()
        self.assertEqual(
            (str(extract.date_from), str(extract.date_to)), ("2026-01-01", "2026-01-31")
        )
        self.assertEqual(extract.entry_count, 1)
        self.assertEqual(extract.billed_minutes, 36)

    def test_portal_user_cannot_read_journal_entries(self):
        # The portal reads the journal through ticket access only: the record
        # rules on timesheet lines (hr_timesheet's project sharing rule) give a
        # client's portal user no journal entry, its own company's nor others'.
        line_b = self._log(self.ticket_b, 20)
        line_a = self._log(self.ticket_a, 20)
        for line in (line_a, line_b):
            with self.assertRaises(AccessError):
                line.with_user(self.portal_a).check_access("read")
            with self.assertRaises(AccessError):
                line.with_user(self.portal_a).read(["name"])
        Line = self.env["account.analytic.line"].with_user(self.portal_b)
        try:
            found = Line.search([])
        except AccessError:  # no read right at all on timesheets, as without demo
            found = Line.browse()
        self.assertFalse(found & (line_a | line_b))

    def test_channel_defaults_from_the_ticket(self):
        self.ticket_a.channel_id = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_channel_email"
        )
        vals = self._entry_vals(self.ticket_a, 10)
        del vals["stekas_consultation_channel"]
        line, remote = self.env["account.analytic.line"].create(
            [vals, {**vals, "stekas_consultation_channel": "remote"}]
        )
        self.assertEqual(line.stekas_consultation_channel, "email")
        self.assertEqual(remote.stekas_consultation_channel, "remote")

    def test_journal_read_rules_of_staff(self):
        # R-HIS-1 / R-CON-1: consultants read the history of their teams'
        # tickets, the dispatcher all; each writes only their own entries.
        other_employee = self.env["hr.employee"].create(
            {"name": "Kitas", "user_id": self.other_consultant.id}
        )
        ticket_other_team = self._create_ticket(self.contact_b, team=self.other_team)
        colleague_entry = self._log(self.ticket_a, 15, employee_id=other_employee.id)
        other_team_entry = self._log(
            ticket_other_team, 15, employee_id=other_employee.id
        )
        Line = self.env["account.analytic.line"]
        seen = Line.with_user(self.consultant).search([("ticket_id", "!=", False)])
        self.assertIn(colleague_entry, seen)
        self.assertNotIn(other_team_entry, seen)
        with self.assertRaises(AccessError):
            other_team_entry.with_user(self.consultant).check_access("read")
        with self.assertRaises(AccessError):
            colleague_entry.with_user(self.consultant).write({"name": "changed"})
        seen = Line.with_user(self.dispatcher).search([("ticket_id", "!=", False)])
        self.assertIn(other_team_entry, seen)
        with self.assertRaises(AccessError):
            other_team_entry.with_user(self.dispatcher).write({"name": "changed"})

    def test_consultant_reads_own_entries_in_journal(self):
        line = self._log(self.ticket_a, 20, user_id=self.consultant.id)
        found = (
            self.env["account.analytic.line"]
            .with_user(self.consultant)
            .search([("ticket_id", "!=", False)])
        )
        self.assertIn(line, found)
        self.assertEqual(found.stekas_client_id, self.client_a)

    def test_extract_rows_read_in_chunks_keep_date_order(self):
        # R-HIS-2: the extract is read a chunk at a time (flat memory); the
        # rows must still come in order of work date across the chunks.
        Line = self.env["account.analytic.line"]
        days = [17, 3, 28, 9, 1, 22, 14, 5, 30, 11, 26, 7, 19, 2, 24, 13, 8, 29, 4, 15]
        lines = Line.create(
            [
                self._entry_vals(self.ticket_a, 10 + i, date=f"2026-04-{day:02d}")
                for i, day in enumerate(days)
            ]
        )
        with patch.object(line_module, "JOURNAL_CHUNK", 7):
            rows = list(lines._stekas_journal_rows())
        self.assertEqual([row["date"].day for row in rows], sorted(days))
        self.assertEqual(len(rows), 20)
        self.assertEqual(sum(row["actual_minutes"] for row in rows), sum(range(10, 30)))
        self.assertEqual({row["ticket_number"] for row in rows}, {self.ticket_a.number})
