# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import StekasHelpdeskCommon, load_lithuanian, process_text_mail
from .test_portal import StekasPortalCase


class StekasServiceModeCommon(StekasHelpdeskCommon):
    """Client M is served by a designated employee (mode A): the other
    consultant, with the consultant as deputy. Both work every day unless a
    test gives one of them a day off."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.client_m = Partner.create({"name": "Client M UAB", "is_company": True})
        # the dispatcher sets the mode, as on the client's form
        cls.client_m.with_user(cls.dispatcher).write(
            {
                "stekas_service_mode": "a",
                "stekas_designated_user_id": cls.other_consultant.id,
                "stekas_deputy_user_id": cls.consultant.id,
            }
        )
        if "stekas_billing_mode" in Partner._fields:
            # With stekas_billing, a mode-A client without a contract pays before
            # work (R-BIL-4) and nobody is assigned until then (tested there):
            # client M is billed after the work, as under an agreement.
            cls.client_m.stekas_billing_mode = "invoice_month"
        # a contact the client's records know little about: no position, no phone
        cls.contact_m = Partner.create(
            {
                "firstname": "Milda",
                "lastname": "Mažaitė",
                "email": "milda@client-m.example",
                "parent_id": cls.client_m.id,
            }
        )
        cls.calendar = cls._calendar(range(7))
        cls.employee_designated, cls.employee_deputy = cls.env["hr.employee"].create(
            [
                {
                    "name": user.name,
                    "user_id": user.id,
                    "resource_calendar_id": cls.calendar.id,
                    "tz": "UTC",
                }
                for user in (cls.other_consultant, cls.consultant)
            ]
        )

    @classmethod
    def _calendar(cls, weekdays):
        return cls.env["resource.calendar"].create(
            {
                "name": "Working days",
                "tz": "UTC",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 8,
                            "hour_to": 17,
                        }
                    )
                    for day in weekdays
                ],
            }
        )

    def _leave(self, employee):
        """Time off today, as Time Off records it for the employee."""
        now = fields.Datetime.now()
        return self.env["resource.calendar.leaves"].create(
            {
                "name": "Atostogos",
                "resource_id": employee.resource_id.id,
                "calendar_id": employee.resource_calendar_id.id,
                "date_from": now - timedelta(days=1),
                "date_to": now + timedelta(days=1),
            }
        )


@tagged("post_install", "-at_install")
class TestServiceModeSettings(StekasServiceModeCommon):
    """The service mode is the client company's, set by dispatchers only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Odoo gives internal users "Contact creation" by default: only the
        # mode's own guard stands between such a consultant and the mode.
        cls.contact_editor = new_test_user(
            cls.env,
            login="test_consultant_contacts",
            groups="base.group_user,base.group_partner_manager,"
            "stekas_helpdesk.stekas_helpdesk_group_consultant",
        )
        cls.portal_m = new_test_user(
            cls.env,
            login="test_portal_m",
            groups="base.group_portal",
            partner_id=cls.contact_m.id,
            name=cls.contact_m.name,
            email=cls.contact_m.email,
        )

    def test_contacts_follow_their_company(self):
        self.assertEqual(self.client_b.stekas_service_mode, "b", "the default")
        self.assertEqual(self.contact_m.stekas_service_mode, "a")
        self.assertEqual(
            self.contact_m.stekas_designated_user_id, self.other_consultant
        )
        self.assertEqual(self.contact_m.stekas_deputy_user_id, self.consultant)
        self.client_m.with_user(self.dispatcher).stekas_deputy_user_id = False
        self.assertFalse(self.contact_m.stekas_deputy_user_id)

    def test_a_contact_made_by_a_consultant_follows_the_company(self):
        contact = (
            self.env["res.partner"]
            .with_user(self.contact_editor)
            .create({"name": "Naujas kontaktas", "parent_id": self.client_m.id})
        )
        self.assertEqual(contact.stekas_service_mode, "a")
        self.assertEqual(contact.stekas_designated_user_id, self.other_consultant)
        moved = self.contact_b.with_user(self.contact_editor)
        moved.parent_id = self.client_m
        self.assertEqual(moved.stekas_service_mode, "a")

    def test_mode_a_needs_a_designated_consultant_and_another_deputy(self):
        client = self.client_b.with_user(self.dispatcher)
        with self.assertRaisesRegex(ValidationError, "choose that employee"):
            client.stekas_service_mode = "a"
        with self.assertRaisesRegex(ValidationError, "another consultant"):
            client.write(
                {
                    "stekas_service_mode": "a",
                    "stekas_designated_user_id": self.consultant.id,
                    "stekas_deputy_user_id": self.consultant.id,
                }
            )
        internal_only = new_test_user(
            self.env, login="test_internal_only", groups="base.group_user"
        )
        for not_consultant in (self.portal_b, internal_only):
            with self.assertRaisesRegex(ValidationError, "not a STEKAS consultant"):
                client.write(
                    {
                        "stekas_service_mode": "a",
                        "stekas_designated_user_id": not_consultant.id,
                    }
                )

    def test_consultant_cannot_set_the_mode_on_any_path(self):
        for user in (self.consultant, self.contact_editor):
            client = self.client_b.with_user(user)
            with self.assertRaises(AccessError):
                client.write(
                    {
                        "stekas_service_mode": "a",
                        "stekas_designated_user_id": user.id,
                    }
                )
            with self.assertRaises(AccessError):
                self.client_m.with_user(user).stekas_designated_user_id = user
            with self.assertRaises(AccessError):
                self.client_m.with_user(user).stekas_service_mode = "b"
        Partner = self.env["res.partner"].with_user(self.contact_editor)
        # a new client of its own making, or a contact set apart from its company
        with self.assertRaisesRegex(AccessError, "Only a dispatcher"):
            Partner.create(
                {
                    "name": "Savas klientas",
                    "is_company": True,
                    "stekas_service_mode": "a",
                    "stekas_designated_user_id": self.contact_editor.id,
                }
            )
        with self.assertRaisesRegex(AccessError, "Only a dispatcher"):
            Partner.create(
                {
                    "name": "Kontaktas",
                    "parent_id": self.client_m.id,
                    "stekas_designated_user_id": self.contact_editor.id,
                }
            )
        with self.assertRaisesRegex(AccessError, "Only a dispatcher"):
            self.contact_m.with_user(self.contact_editor).write(
                {"stekas_designated_user_id": self.contact_editor.id}
            )
        self.assertEqual(self.client_m.stekas_designated_user_id, self.other_consultant)
        self.assertEqual(self.client_b.stekas_service_mode, "b")

    def test_portal_user_cannot_set_the_mode_of_their_own_company(self):
        with self.assertRaises(AccessError):
            self.contact_m.with_user(self.portal_m).write(
                {"stekas_designated_user_id": self.consultant.id}
            )
        with self.assertRaises(AccessError):
            self.client_m.with_user(self.portal_m).stekas_service_mode = "b"
        # through the user record, whose partner fields are the contact's
        with self.assertRaises(AccessError):
            self.portal_m.with_user(self.portal_m).write({"stekas_service_mode": "b"})
        self.assertEqual(self.client_m.stekas_service_mode, "a")


@tagged("post_install", "-at_install")
class TestServiceModeRouting(StekasServiceModeCommon):
    """R-INT-2 rev. 2, R-ASG-3 rev. 2: a mode-A client's request needs only its
    purpose and goes at once to the designated employee, or the deputy."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_lithuanian(cls.env)
        # a mode-B client's contact the records know as little about
        cls.contact_b_sparse = cls.env["res.partner"].create(
            {
                "firstname": "Rokas",
                "lastname": "Retas",
                "email": "rokas@client-b.example",
                "parent_id": cls.client_b.id,
            }
        )

    def _process(self, sender, subject, body, msgid):
        return process_text_mail(self.env, sender, subject, body, msgid)

    def _auto_replies(self, ticket):
        """The automatic replies asking for missing data (they link to the
        intake page); the registered and assigned notices are other mails."""
        return ticket.message_ids.filtered(
            lambda m: m.message_type == "auto_comment" and "/intake" in (m.body or "")
        )

    def _file(self, contact, **vals):
        """A ticket the dispatcher types in (the ORM's create, as the form)."""
        return (
            self.env["helpdesk.ticket"]
            .with_user(self.dispatcher)
            .create(
                {
                    "name": "Neatsidaro ataskaita",
                    "description": "<p>Rodo klaidą.</p>",
                    "partner_id": contact.id,
                    **vals,
                }
            )
        )

    def _dispatcher_todos(self, ticket):
        """The to-dos of the dispatchers of the ticket's team (the demo team's
        when the mail arrives at its alias)."""
        return ticket.activity_ids.filtered(
            lambda a: a.user_id.has_group(
                "stekas_helpdesk.stekas_helpdesk_group_dispatcher"
            )
        )

    def test_mode_a_email_with_only_a_purpose_goes_to_the_designated_employee(self):
        ticket = self._process(
            "Milda <milda@client-m.example>",
            "Neatsidaro ataskaita",
            "Prašau paskambinti.",
            "<mode-a-1@client-m.example>",
        )
        self.assertEqual(ticket.partner_id, self.contact_m)
        self.assertEqual(ticket.stekas_service_mode, "a")
        self.assertTrue(ticket.stekas_intake_complete)
        self.assertFalse(ticket.stekas_intake_missing_text)
        self.assertFalse(self._auto_replies(ticket))
        self.assertEqual(ticket.user_id, self.other_consultant)
        # the client is told who will contact them, and only the client is
        told = ticket.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("stekas_helpdesk.mt_client_mail")
            and self.other_consultant.name in (m.body or "")
        )
        self.assertEqual(len(told), 1)
        self.assertEqual(told.notification_ids.res_partner_id, self.contact_m)
        # what the records know is on the ticket
        self.assertEqual(ticket.stekas_intake_company_name, "Client M UAB")
        self.assertEqual(ticket.stekas_intake_firstname, "Milda")

    def test_same_email_of_a_mode_b_client_is_answered_and_waits(self):
        ticket = self._process(
            "Rokas <rokas@client-b.example>",
            "Neatsidaro ataskaita",
            "Prašau paskambinti.",
            "<mode-b-1@client-b.example>",
        )
        self.assertEqual(ticket.partner_id, self.contact_b_sparse)
        self.assertFalse(ticket.stekas_intake_complete)
        self.assertEqual(ticket.stekas_intake_missing_codes, "function,phone")
        reply = self._auto_replies(ticket)
        self.assertEqual(len(reply), 1)
        self.assertIn("pareigos", reply.body)
        self.assertFalse(ticket.user_id)

    def test_designated_on_leave_the_deputy_takes_it(self):
        self._leave(self.employee_designated)
        ticket = self._file(self.contact_m)
        self.assertEqual(ticket.user_id, self.consultant)
        self.assertFalse(self._dispatcher_todos(ticket))

    def test_designated_not_working_today_the_deputy_takes_it(self):
        today = fields.Date.today().weekday()
        self.employee_designated.resource_calendar_id = self._calendar(
            [day for day in range(7) if day != today]
        )
        ticket = self._file(self.contact_m)
        self.assertEqual(ticket.user_id, self.consultant)

    def test_both_absent_the_dispatcher_is_told_why(self):
        self._leave(self.employee_designated)
        self._leave(self.employee_deputy)
        ticket = self._process(
            "Milda <milda@client-m.example>",
            "Klaida spausdinant",
            "Prašau paskambinti.",
            "<mode-a-absent@client-m.example>",
        )
        self.assertTrue(ticket.stekas_intake_complete)
        self.assertFalse(ticket.user_id)
        todo = self._dispatcher_todos(ticket)
        self.assertEqual(len(todo), len(ticket.sudo()._stekas_get_dispatchers()))
        self.assertTrue(todo)
        todo = todo[:1]
        self.assertEqual(todo.summary, "Ticket needs a consultant")
        self.assertIn(self.other_consultant.name, str(todo.note))
        self.assertIn("absent", str(todo.note))
        self.assertTrue(
            ticket.message_ids.filtered(
                lambda m: m.subtype_id == self.env.ref("mail.mt_note")
                and "absent" in (m.body or "")
            )
        )

    def test_blocked_assignment_waits_for_the_dispatcher_with_the_reason(self):
        ticket = self._file(
            self.contact_m, stekas_is_serious=True, description="<p>Trumpai.</p>"
        )
        self.assertEqual(
            ticket.stekas_intake_missing_text,
            "detailed written description of the serious problem or special "
            "wish (at least 100 characters)",
        )
        self.assertFalse(ticket.user_id)
        self.assertIn("intake is incomplete", str(self._dispatcher_todos(ticket).note))

    def test_blocked_ticket_goes_to_the_designated_employee_once_complete(self):
        ticket = self._file(
            self.contact_m, stekas_is_serious=True, description="<p>Trumpai.</p>"
        )
        self.assertFalse(ticket.user_id)
        # the dispatcher types the detail the client gave on the phone
        ticket.with_user(self.dispatcher).write(
            {"description": "<p>%s</p>" % ("Eksportas į VMI nutrūksta. " * 6)}
        )
        self.assertTrue(ticket.stekas_intake_complete)
        self.assertEqual(ticket.user_id, self.other_consultant)
        # a later edit of a complete ticket does not route it again
        ticket.with_user(self.dispatcher).write({"user_id": self.consultant.id})
        ticket.with_user(self.dispatcher).write(
            {"description": "<p>%s</p>" % ("Eksportas į VMI vis dar stringa. " * 6)}
        )
        self.assertEqual(ticket.user_id, self.consultant)

    def test_urgent_routing_keeps_precedence(self):
        self.consultant.stekas_on_duty = True
        ticket = self._file(self.contact_m, stekas_is_urgent=True)
        # the consultant on duty of the team, not the designated employee
        self.assertEqual(ticket.user_id, self.consultant)

    def test_an_explicit_assignment_is_kept(self):
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.dispatcher)
            .create(
                {
                    "name": "Atnaujinimas",
                    "description": "<p>Atnaujinti programą.</p>",
                    "partner_id": self.contact_m.id,
                    "user_id": self.consultant.id,
                }
            )
        )
        self.assertEqual(ticket.user_id, self.consultant)

    def test_call_for_a_mode_a_client_needs_only_the_purpose(self):
        form = Form(self.env["stekas.register.call"].with_user(self.dispatcher))
        form.email = "milda@client-m.example"
        self.assertEqual(form.partner_id, self.contact_m)
        self.assertEqual(form.service_mode, "a")
        form.name = "Neveikia eksportas"
        ticket = self.env["helpdesk.ticket"].browse(
            form.save().action_register()["res_id"]
        )
        self.assertTrue(ticket.stekas_intake_complete)
        self.assertEqual(ticket.user_id, self.other_consultant)
        self.assertEqual(ticket.stekas_intake_company_name, "Client M UAB")
        # the company alone, no person named on the call
        form = Form(self.env["stekas.register.call"].with_user(self.dispatcher))
        form.company_partner_id = self.client_m
        form.name = "Klausimas dėl sąskaitų"
        ticket = self.env["helpdesk.ticket"].browse(
            form.save().action_register()["res_id"]
        )
        self.assertTrue(ticket.stekas_intake_complete)
        self.assertEqual(ticket.user_id, self.other_consultant)

    def test_mode_change_changes_what_open_tickets_need(self):
        ticket = self._file(self.contact_b_sparse)
        self.assertEqual(ticket.stekas_intake_missing_codes, "function,phone")
        self.client_b.with_user(self.dispatcher).write(
            {
                "stekas_service_mode": "a",
                "stekas_designated_user_id": self.consultant.id,
            }
        )
        self.assertTrue(ticket.stekas_intake_complete)


@tagged("post_install", "-at_install")
class TestServiceModePortal(StekasPortalCase, StekasServiceModeCommon):
    """A mode-A client files a ticket in the portal with its purpose only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_m = new_test_user(
            cls.env,
            login="test_portal_m",
            groups="base.group_portal",
            partner_id=cls.contact_m.id,
            name=cls.contact_m.name,
            email=cls.contact_m.email,
        )

    def test_form_asks_a_mode_a_client_only_for_the_purpose(self):
        self.authenticate("test_portal_m", "test_portal_m")
        html = self.url_open("/new/ticket").text
        self.assertIn('name="subject"', html)
        for name in ("company_name", "firstname", "function", "phone"):
            self.assertNotIn(f'name="{name}"', html)
        csrf = self._csrf("/new/ticket")
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": csrf,
                "subject": "Neatsidaro ataskaita",
                "description": "Rodo klaidą.",
                # a hostile form: an assignee and empty contact data
                "user_id": str(self.consultant.id),
                "phone": "",
            },
        )
        self.assertEqual(response.status_code, 200)
        ticket = self._tickets_of(self.contact_m)
        self.assertEqual(len(ticket), 1)
        self.assertTrue(ticket.stekas_intake_complete)
        self.assertEqual(ticket.user_id, self.other_consultant)
        self.assertEqual(ticket.stekas_intake_firstname, "Milda")
        self.assertEqual(ticket.partner_email, "milda@client-m.example")

    def test_mode_a_portal_form_without_purpose_names_only_the_purpose(self):
        self.authenticate("test_portal_m", "test_portal_m")
        csrf = self._csrf("/new/ticket")
        response = self.url_open(
            "/submitted/ticket",
            data={"csrf_token": csrf, "subject": " ", "description": "Rodo klaidą."},
        )
        self.assertIn("short purpose of the request", response.text)
        self.assertNotIn("contact person&#39;s phone", response.text)
        self.assertNotIn("contact person's phone", response.text)
        self.assertFalse(self._tickets_of(self.contact_m))
