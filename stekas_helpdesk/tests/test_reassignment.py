# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import load_lithuanian
from .test_portal import StekasPortalCase


@tagged("post_install", "-at_install")
class TestReassignment(StekasPortalCase):
    """R-ASG-1, R-ASG-2: asking for another consultant, and the decision."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_lithuanian(cls.env)
        cls.third_consultant = cls.env["res.users"].create(
            {
                "name": "Trečias Konsultantas",
                "login": "test_consultant_third",
                "email": "third@stekas.example",
                "groups_id": [
                    (
                        6,
                        0,
                        [
                            cls.env.ref("base.group_user").id,
                            cls.env.ref(
                                "stekas_helpdesk.stekas_helpdesk_group_consultant"
                            ).id,
                        ],
                    )
                ],
            }
        )
        cls.team.user_ids |= cls.third_consultant
        cls.ticket = cls._create_ticket(cls.contact_a, user_id=cls.consultant.id)

    def _decide(self, request, **values):
        form = Form(
            self.env["stekas.reassignment.decision"]
            .with_user(self.dispatcher)
            .with_context(default_request_id=request.id)
        )
        for name, value in values.items():
            setattr(form, name, value)
        return form.save().action_confirm()

    def _portal_request(self, reason, preferred=None):
        self.authenticate("test_portal_a", "test_portal_a")
        csrf = self._csrf(f"/my/ticket/{self.ticket.id}")
        return self.url_open(
            f"/my/ticket/{self.ticket.id}/reassign",
            data={
                "csrf_token": csrf,
                "reason": reason,
                "stekas_preferred_user_id": str(preferred.id) if preferred else "",
            },
        )

    def test_portal_request_approved_reassigns_and_tells_the_client(self):
        response = self._portal_request(
            "Norėčiau konsultanto, dirbančio su darbo užmokesčiu",
            self.third_consultant,
        )
        self.assertIn("reassign_sent=1", response.url)
        request = self.ticket.stekas_reassignment_ids
        self.assertEqual(len(request), 1)
        self.assertEqual(request.state, "pending")
        self.assertEqual(request.requester_partner_id, self.contact_a)
        self.assertEqual(request.preferred_user_id, self.third_consultant)
        self.assertEqual(request.current_user_id, self.consultant)
        self.assertIn("Norėčiau konsultanto", self.ticket.message_ids[0].body)
        self.assertEqual(
            self.ticket.activity_ids.filtered(
                lambda a: a.user_id == self.dispatcher
            ).summary,
            "Decide on a reassignment request",
        )
        self._decide(request, user_id=self.third_consultant, note="Nuo rytojaus")
        self.assertEqual(request.state, "approved")
        self.assertEqual(self.ticket.user_id, self.third_consultant)
        self.assertEqual(request.decided_by_id, self.dispatcher)
        outcome = self.ticket.message_ids[0]
        self.assertEqual(outcome.partner_ids, self.contact_a)
        self.assertIn("patenkintas", outcome.body)
        self.assertIn("Trečias Konsultantas", outcome.body)
        self.assertIn("prašymas pakeisti konsultantą", outcome.subject)

    def test_refusal_needs_a_note_and_keeps_the_consultant(self):
        request = (
            self.env["stekas.reassignment"]
            .with_user(self.consultant)
            .create({"ticket_id": self.ticket.id, "reason": "Client called"})
        )
        self.assertEqual(request.requester_partner_id, self.contact_a)
        wizard = (
            self.env["stekas.reassignment.decision"]
            .with_user(self.dispatcher)
            .create({"request_id": request.id, "decision": "refuse"})
        )
        with self.assertRaisesRegex(UserError, "reason for refusing"):
            wizard.action_confirm()
        self._decide(request, decision="refuse", note="Visi konsultantai užimti")
        self.assertEqual(request.state, "refused")
        self.assertEqual(self.ticket.user_id, self.consultant)
        outcome = self.ticket.message_ids[0]
        self.assertIn("negalime", outcome.body)
        self.assertIn("Visi konsultantai užimti", outcome.body)
        with self.assertRaisesRegex(UserError, "already been decided"):
            request.with_user(self.dispatcher)._approve(self.third_consultant)

    def test_only_a_dispatcher_decides(self):
        request = self.env["stekas.reassignment"].create(
            {"ticket_id": self.ticket.id, "reason": "Another one please"}
        )
        with self.assertRaises(AccessError):
            request.with_user(self.consultant)._approve(self.third_consultant)
        with self.assertRaises(AccessError):
            self.env["stekas.reassignment.decision"].with_user(self.consultant).create(
                {"request_id": request.id, "decision": "refuse"}
            )

    def test_reason_is_required(self):
        response = self._portal_request("   ")
        self.assertIn("reassign_error=reason", response.url)
        self.assertFalse(self.ticket.stekas_reassignment_ids)
        with self.assertRaises(UserError):
            self.env["stekas.reassignment"].create(
                {"ticket_id": self.ticket.id, "reason": " "}
            )

    def test_portal_users_see_only_their_company_requests(self):
        request = self.env["stekas.reassignment"].create(
            {"ticket_id": self.ticket.id, "reason": "Another one please"}
        )
        Request = self.env["stekas.reassignment"]
        self.assertIn(request, Request.with_user(self.portal_a).search([]))
        self.assertNotIn(request, Request.with_user(self.portal_b).search([]))
        with self.assertRaises(AccessError):
            request.with_user(self.portal_b).check_access("read")
        with self.assertRaises(AccessError):
            Request.with_user(self.portal_b).create(
                {"ticket_id": self.ticket.id, "reason": "Hijack"}
            )
        with self.assertRaises(AccessError):
            request.with_user(self.portal_a).write({"state": "approved"})
        # Consultants see the requests of their own teams only.
        self.assertIn(request, Request.with_user(self.consultant).search([]))
        with self.assertRaises(AccessError):
            request.with_user(self.other_consultant).check_access("read")

    def test_preferred_consultant_is_shown_not_enforced(self):
        ticket = self._create_ticket(
            self.contact_a, stekas_preferred_user_id=self.third_consultant.id
        )
        self.assertNotEqual(ticket.user_id, self.third_consultant)
        ticket.with_user(self.dispatcher).user_id = self.consultant
        self.assertEqual(ticket.user_id, self.consultant)
        self.assertEqual(ticket.stekas_preferred_user_id, self.third_consultant)
