# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import StekasHelpdeskCommon


@tagged("post_install", "-at_install")
class TestRegisterCall(StekasHelpdeskCommon):
    """R-INT-1, R-INT-2: the dispatcher registers a call in one screen."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.caller = cls.env["res.partner"].create(
            cls._contact_vals(cls.client_a, "Skambina", "Skambinaitė", "caller")
        )

    def _wizard(self):
        return Form(self.env["stekas.register.call"].with_user(self.dispatcher))

    def test_known_contact_is_found_by_email(self):
        form = self._wizard()
        form.email = "Caller@client-caller.example"
        self.assertEqual(form.partner_id, self.caller)
        self.assertEqual(form.company_name, "Client A UAB")
        self.assertEqual(form.function, "Buhalterė")
        form.name = "Report does not open"
        form.description = "It shows an error."
        wizard = form.save()
        action = wizard.action_register()
        ticket = self.env["helpdesk.ticket"].browse(action["res_id"])
        self.assertEqual(ticket.partner_id, self.caller)
        self.assertEqual(
            ticket.channel_id,
            self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone"),
        )
        self.assertEqual(ticket.stekas_registered_by_id, self.dispatcher)
        self.assertEqual(ticket.partner_name, self.caller.name)
        self.assertFalse(ticket.user_id, "the dispatcher is not auto-assigned")
        self.assertTrue(ticket.stekas_intake_complete)

    def test_new_company_and_contact_are_created(self):
        form = self._wizard()
        form.company_name = "Naujas klientas UAB"
        form.firstname = "Eglė"
        form.lastname = "Naujokė"
        form.function = "Direktorė"
        form.phone = "+370 600 99999"
        form.email = "egle@naujas.example"
        form.name = "Install the program"
        form.description = "Needs help installing."
        ticket = self.env["helpdesk.ticket"].browse(
            form.save().action_register()["res_id"]
        )
        contact = ticket.partner_id
        self.assertEqual(contact.name, "Eglė Naujokė")
        self.assertEqual(contact.parent_id.name, "Naujas klientas UAB")
        self.assertTrue(contact.parent_id.is_company)
        self.assertEqual(contact.function, "Direktorė")
        self.assertTrue(ticket.stekas_intake_complete)

    def test_incomplete_call_is_registered_but_blocked(self):
        form = self._wizard()
        form.firstname = "Tomas"
        form.lastname = "Skambintojas"
        form.name = "Question"
        form.description = "Asked something."
        ticket = self.env["helpdesk.ticket"].browse(
            form.save().action_register()["res_id"]
        )
        self.assertFalse(ticket.stekas_intake_complete)
        self.assertEqual(
            ticket.stekas_intake_missing_codes, "company,function,phone,email"
        )
        with self.assertRaisesRegex(UserError, "client company name"):
            ticket.with_user(self.dispatcher).user_id = self.consultant

    def test_purpose_is_required(self):
        wizard = (
            self.env["stekas.register.call"]
            .with_user(self.dispatcher)
            .create({"partner_id": self.contact_a.id, "name": "  "})
        )
        with self.assertRaisesRegex(UserError, "purpose"):
            wizard.action_register()
