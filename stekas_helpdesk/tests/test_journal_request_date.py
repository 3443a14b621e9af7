# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from lxml import html

from odoo.tests import Form, HttpCase, tagged

from .journal_common import StekasJournalCommon

# The call came in on 1 March (10:30 in Vilnius); it is registered today.
RECEIVED = datetime(2026, 3, 1, 8, 30)


@tagged("post_install", "-at_install")
class TestJournalRequestDate(HttpCase, StekasJournalCommon):
    """R-HIS-1, R-INT-1: the journal's request date is when the request was
    received, not when it was typed in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_a.tz = "Europe/Vilnius"
        form = Form(cls.env["stekas.register.call"].with_user(cls.dispatcher))
        form.email = "a@client-a.example"
        form.received_date = RECEIVED
        form.name = "Report does not open"
        form.description = "It shows an error."
        action = form.save().action_register()
        cls.ticket = cls.env["helpdesk.ticket"].browse(action["res_id"])
        cls.ticket.with_user(cls.dispatcher).user_id = cls.consultant
        # The web client's user context carries uid (the tab's context uses it).
        ticket = cls.ticket.with_user(cls.consultant).with_context(
            uid=cls.consultant.id
        )
        with Form(ticket) as ticket_form:
            with ticket_form.timesheet_ids.new() as line:
                line.date_time = datetime(2026, 3, 3, 9, 0)
                line.employee_id = cls.employee
                line.name = "Explained the report settings"
                line.unit_amount = 13 / 60
        cls.line = cls.ticket.timesheet_ids

    def test_journal_entry_shows_the_received_time(self):
        self.assertNotEqual(self.ticket.create_date.date(), RECEIVED.date())
        line = self.line.with_user(self.consultant)
        self.assertEqual(line.stekas_request_date, RECEIVED)

    def test_extract_row_shows_the_received_time(self):
        data = self.line.with_user(self.dispatcher)._stekas_journal_xlsx(
            tz_name="Europe/Vilnius"
        )
        header, rows, _total = self._xlsx_rows(data)
        self.assertEqual(header[1], "Request date")
        self.assertEqual([row[1] for row in rows], [datetime(2026, 3, 1, 10, 30)])

    def test_a_corrected_received_time_reaches_the_journal(self):
        corrected = datetime(2026, 2, 27, 15, 0)
        self.ticket.with_user(self.dispatcher).stekas_received_date = corrected
        self.assertEqual(self.line.stekas_request_date, corrected)

    def test_portal_journal_shows_the_received_time(self):
        self.authenticate("test_portal_a", "test_portal_a")
        response = self.url_open("/my/journal?date_from=2026-03-01&date_to=2026-03-31")
        self.assertEqual(response.status_code, 200)
        shown = html.fromstring(response.text).xpath(
            "//span[contains(@class, 'o_stekas_request_date')]"
        )
        self.assertEqual(
            [span.text_content().strip() for span in shown], ["03/01/2026 10:30"]
        )
