# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo.tests import HttpCase, tagged

from .common import StekasHelpdeskCommon

CODE = "38506124638"  # invented, with a valid check digit
SECOND_PHONE = "+370 612 34567"
PASTED = (
    "Darbuotojų sąrašas:\n"
    "Jonas Jonaitis, tel. +370 611 11111, asmens kodas 48603121233\n"
    "Agnė Agnaitė, tel. +370 622 22222, asmens kodas 39001014566\n"
    "Rimas Rimaitis, tel. +370 633 33333, asmens kodas 47512307894\n"
)
TEXT_LOGGER = "odoo.addons.stekas_helpdesk.personal_data.models.helpdesk_ticket_text"


class PortalFormCase(StekasHelpdeskCommon, HttpCase):
    """Tickets filed by a portal user through the portal form."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Audit = cls.env["stekas.pii.audit"].sudo()

    def _csrf(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def _file(self, description):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": self._csrf("/new/ticket"),
                "company_name": "Client A UAB",
                "firstname": "Ona",
                "lastname": "Testaitė",
                "function": "Buhalterė",
                "phone": self.contact_a.phone,
                "email": self.contact_a.email,
                "subject": "Ataskaitos klaida",
                "description": description,
            },
        )
        ticket = self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.contact_a.id)]
        )
        return response, ticket

    def _signature(self):
        return (
            "\n\nPagarbiai,\n"
            f"{self.contact_a.name}\n"
            "Buhalterė, Client A UAB\n"
            f"tel. {self.contact_a.phone}, mob. {SECOND_PHONE}\n"
            f"{self.contact_a.email}\n"
        )


@tagged("post_install", "-at_install")
class TestPiiPortalTextZone(PortalFormCase):
    """R-PII-4 rev. 2 on the ticket's own text: the portal user's signature
    and contact lines in the description are not material; a list of other
    people pasted beside them still is."""

    def test_own_signature_in_the_description_is_left_intact(self):
        response, ticket = self._file(
            "Ataskaita neatsidaro po atnaujinimo." + self._signature()
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(ticket), 1)
        self.assertIn(SECOND_PHONE, str(ticket.description))
        self.assertFalse(self.Audit.search([("ticket_id", "=", ticket.id)]))

    def test_pasted_list_beside_the_signature_is_still_destroyed(self):
        _response, ticket = self._file(
            "Ataskaita neatsidaro.\n" + PASTED + self._signature()
        )
        self.assertEqual(len(ticket), 1)
        description = str(ticket.description)
        for value in ("48603121233", "+370 622 22222", "Rimas Rimaitis"):
            self.assertNotIn(value, description)
        self.assertIn(SECOND_PHONE, description)
        audit = self.Audit.search([("ticket_id", "=", ticket.id)])
        self.assertEqual(
            (audit.content_type, audit.action, audit.source),
            ("body", "destroyed", "portal"),
        )


@tagged("post_install", "-at_install")
class TestPiiTextGuardFailure(PortalFormCase):
    """The guard of the ticket's text never undoes the client's write: when it
    fails (here the notice template, which the administrator edits, no longer
    renders), the text is quarantined for the dispatcher as a message's is."""

    def test_failed_guard_quarantines_the_description(self):
        template = self.env.ref("stekas_helpdesk.mail_template_pii_destroyed")
        template.body_html = '<p t-out="object.no_such_field.name"/>'
        with self.assertLogs(TEXT_LOGGER, level="WARNING") as logs:
            response, ticket = self._file(
                f"Darbuotojo asmens kodas {CODE}, prašau patikrinti."
            )
        self.assertIn("quarantined", logs.output[0])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(ticket), 1, "the client's ticket is registered")
        self.assertNotIn(CODE, str(ticket.description))
        self.assertIn("quarantined", str(ticket.description))
        audit = self.Audit.search([("ticket_id", "=", ticket.id)])
        self.assertEqual(
            (audit.content_type, audit.action, audit.status, audit.reasons),
            ("body", "quarantined", "cannot_verify", "error"),
        )
        kept = (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)])
        )
        self.assertEqual(kept.mapped("stekas_pii_state"), ["quarantine"])
        self.assertIn(CODE.encode(), kept.raw, "kept for the dispatcher only")
        # The portal user cannot read the quarantined original.
        self.authenticate(self.portal_a.login, self.portal_a.login)
        response = self.url_open(f"/web/content/{kept.id}")
        self.assertNotIn(CODE, response.text)
