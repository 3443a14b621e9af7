# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import StekasHelpdeskCommon
from .test_portal import FORM, StekasPortalCase


@tagged("post_install", "-at_install")
class TestChannelsGiveTeamAndProject(StekasPortalCase):
    """Every channel files its ticket in a team and the team's timesheet
    project, with nothing set by hand: the call, the e-mail, the portal form
    and a plain create."""

    def _assert_routed(self, ticket):
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.project_id, self.project)
        self.assertIn(ticket.stage_id, self.team._get_applicable_stages())

    def test_call_registered_by_the_dispatcher(self):
        form = Form(self.env["stekas.register.call"].with_user(self.dispatcher))
        form.email = "a@client-a.example"
        form.name = "Report does not open"
        form.description = "It shows an error."
        action = form.save().action_register()
        self._assert_routed(self.env["helpdesk.ticket"].browse(action["res_id"]))

    def test_email_through_the_mail_gateway(self):
        raw = (
            "From: Ona <a@client-a.example>\r\n"
            "To: support@no-alias.example\r\n"
            "Subject: Neatsidaro ataskaita\r\n"
            "Message-ID: <team-1@client-a.example>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "\r\nPaspaudus mygtuką rodoma klaida."
        )
        ticket_id = self.env["mail.thread"].message_process(
            "helpdesk.ticket", raw.encode()
        )
        self._assert_routed(self.env["helpdesk.ticket"].browse(ticket_id))

    def test_portal_form_of_the_client(self):
        self.authenticate("test_portal_a", "test_portal_a")
        csrf = self._csrf("/new/ticket")
        response = self.url_open("/submitted/ticket", data={**FORM, "csrf_token": csrf})
        self.assertEqual(response.status_code, 200)
        self._assert_routed(self._tickets_of(self.contact_a))

    def test_create_by_the_dispatcher(self):
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.dispatcher)
            .create(
                {
                    "name": "Cannot print",
                    "description": "<p>The printer is silent.</p>",
                    "partner_id": self.contact_a.id,
                }
            )
        )
        self._assert_routed(ticket)

    def test_project_follows_a_change_of_team(self):
        ticket = self._create_ticket(self.contact_a)
        # A team of its own project, to see the project change with the team.
        project = self.env["project.project"].create(
            {"name": "Other support", "allow_timesheets": True}
        )
        self.other_team.default_project_id = project
        ticket.with_user(self.dispatcher).team_id = self.other_team
        self.assertEqual(ticket.project_id, project)


@tagged("post_install", "-at_install")
class TestConsultantLogsTime(StekasHelpdeskCommon):
    """The consultant logs time as himself on a ticket filed by a call and
    assigned by the dispatcher: by hand in the ticket's timesheet tab and with
    the ticket's timer (R-CON-5, R-CON-6)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["hr.employee"].create(
            {"name": "Petras Konsultantas", "user_id": cls.consultant.id}
        )
        form = Form(cls.env["stekas.register.call"].with_user(cls.dispatcher))
        form.email = "a@client-a.example"
        form.name = "Report does not open"
        form.description = "It shows an error."
        action = form.save().action_register()
        cls.ticket = cls.env["helpdesk.ticket"].browse(action["res_id"])
        cls.ticket.with_user(cls.dispatcher).user_id = cls.consultant

    def _start_timer(self, started):
        ticket = self.ticket.with_user(self.consultant)
        self.assertEqual(ticket.show_time_control, "start")
        action = ticket.button_start_work()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.consultant)
            .with_context(**action["context"])
        )
        wizard.name = "Helped by phone"
        wizard.date_time = started
        wizard.save().action_switch()
        ticket.invalidate_recordset(["show_time_control"])
        self.assertEqual(ticket.show_time_control, "stop")
        return ticket.timesheet_ids

    def test_time_logged_by_hand_in_the_tickets_tab(self):
        # The web client's user context carries uid (the tab's context uses it).
        ticket = self.ticket.with_user(self.consultant).with_context(
            uid=self.consultant.id
        )
        with Form(ticket) as form:
            with form.timesheet_ids.new() as line:
                line.name = "Explained the report settings"
                line.unit_amount = 7 / 60
        line = self.ticket.timesheet_ids
        self.assertEqual(line.user_id, self.consultant)
        self.assertEqual(line.project_id, self.project)
        self.assertEqual(line.stekas_actual_minutes, 7)
        self.assertEqual(line.stekas_billed_minutes, 12)

    def test_time_logged_by_the_tickets_timer(self):
        now = fields.Datetime.now()
        line = self._start_timer(now - timedelta(minutes=7))
        self.assertEqual(line.unit_amount, 0, "running")
        self.assertEqual(line.user_id, self.consultant)
        self.ticket.with_user(self.consultant).with_context(
            stop_dt=now
        ).button_end_work()
        self.assertEqual(line.stekas_actual_minutes, 7)
        self.assertEqual(line.stekas_billed_minutes, 12)
        self.assertEqual(
            self.ticket.with_user(self.consultant).show_time_control, "start"
        )

    def test_timer_stopped_at_once_counts_a_minute(self):
        now = fields.Datetime.now()
        line = self._start_timer(now)
        self.ticket.with_user(self.consultant).with_context(
            stop_dt=now + timedelta(seconds=10)
        ).button_end_work()
        self.assertEqual(line.stekas_actual_minutes, 1)
        self.assertEqual(line.stekas_billed_minutes, 12)

    def test_a_zero_entry_by_hand_is_still_refused(self):
        Line = self.env["account.analytic.line"].with_user(self.consultant)
        with self.assertRaises(ValidationError):
            Line.create(
                {"name": "Nothing", "ticket_id": self.ticket.id, "unit_amount": 0}
            )
