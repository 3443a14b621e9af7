# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import ast
import re

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .test_client_mails import ClientMailMixin
from .test_portal import StekasPortalCase


@tagged("post_install", "-at_install")
class TestFeedback(ClientMailMixin, StekasPortalCase):
    """R-FBK-1: the client rates a solved ticket and comments, by the mail's
    link or on the portal page; complaints reach a manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_client_mails()
        cls.manager = new_test_user(
            cls.env,
            login="test_feedback_manager",
            groups="base.group_user,stekas_helpdesk.stekas_helpdesk_group_manager",
        )
        cls.team.user_ids |= cls.manager
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.ticket = cls._create_ticket(cls.contact_a, user_id=cls.consultant.id)

    def _solve(self, ticket=None):
        ticket = ticket or self.ticket
        ticket.with_user(self.consultant).stage_id = self.done
        return ticket

    def _ratings(self, ticket=None):
        return (ticket or self.ticket).sudo().rating_ids.filtered("consumed")

    def _portal_rate(self, ticket=None, login="test_portal_a", **data):
        ticket = ticket or self.ticket
        self.authenticate(login, login)
        csrf = self._csrf("/new/ticket")
        return self.url_open(
            f"/my/ticket/{ticket.id}/rate", data={"csrf_token": csrf, **data}
        )

    def test_solving_sends_a_lithuanian_rating_request_to_the_client_only(self):
        self.assertFalse(self._client_mails(self.ticket, "nuomonė"))
        self._solve()
        request = self._client_mails(self.ticket, "nuomonė")
        self.assertOnlyToClient(request, self.contact_a)
        self.assertIn("išspręstas", request.subject)
        self.assertIn("/rate/", request.body)
        # solved again later: one request per ticket
        self.ticket.with_user(self.consultant).stage_id = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
        )
        self._solve()
        self.assertEqual(len(self._client_mails(self.ticket, "nuomonė")), 1)

    def test_a_cancelled_ticket_asks_for_no_feedback(self):
        self.ticket.with_user(self.consultant).stage_id = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_cancelled"
        )
        self.assertTrue(self.ticket.closed)
        self.assertFalse(self._client_mails(self.ticket, "nuomonė"))
        # nor can its client rate it on the portal
        self.authenticate("test_portal_a", "test_portal_a")
        page = self.url_open(f"/my/ticket/{self.ticket.id}")
        self.assertNotIn(f"/my/ticket/{self.ticket.id}/rate", page.text)
        response = self._portal_rate(rate="1", feedback="Atšaukta")
        self.assertFalse(self._ratings())
        self.assertIn("once it is solved", response.text)

    def test_attack_consultant_turns_the_feedback_request_back_on(self):
        cancelled = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        with self.assertRaises(AccessError):
            cancelled.with_user(self.consultant).stekas_ask_rating = True

    def test_low_rating_by_the_mail_link_opens_a_manager_activity(self):
        self._solve()
        body = self._client_mails(self.ticket, "nuomonė").body
        token = re.search(r"/rate/([\w-]+)/1", body).group(1)
        # the client, not logged in, follows the link of the mail
        page = self.url_open(f"/rate/{token}/1")
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        self.url_open(
            f"/rate/{token}/submit_feedback",
            data={"csrf_token": csrf, "rate": "1", "feedback": "Niekas nepaskambino"},
        )
        rating = self._ratings()
        self.assertEqual(rating.rating, 1)
        self.assertEqual(rating.feedback, "Niekas nepaskambino")
        self.assertEqual(rating.stekas_feedback_kind, "complaint")
        activity = self.ticket.activity_ids.filtered(
            lambda a: a.user_id == self.manager
        )
        self.assertEqual(len(activity), 1)
        self.assertIn("Niekas nepaskambino", activity.note)
        self.assertFalse(activity.create_uid.share)
        # the dispatcher finds it in the Feedback list, filtered on complaints
        action = self.env.ref("stekas_helpdesk.rating_rating_action")
        domain = ast.literal_eval(action.domain) + [
            ("stekas_feedback_kind", "=", "complaint")
        ]
        self.assertIn(
            rating, self.env["rating.rating"].with_user(self.dispatcher).search(domain)
        )
        # the link rates once: a second submission changes nothing
        self.url_open(
            f"/rate/{token}/submit_feedback",
            data={"csrf_token": csrf, "rate": "5", "feedback": "Viskas gerai"},
        )
        self.assertEqual(self._ratings().rating, 1)

    def test_portal_rating_on_the_ticket_page(self):
        self._solve()
        self.authenticate("test_portal_a", "test_portal_a")
        page = self.url_open(f"/my/ticket/{self.ticket.id}")
        self.assertIn(f"/my/ticket/{self.ticket.id}/rate", page.text)
        response = self._portal_rate(rate="5", feedback="Ačiū, greitai padėjote")
        self.assertIn("rating_sent=1", response.url)
        rating = self._ratings()
        self.assertEqual(rating.rating, 5)
        self.assertEqual(rating.partner_id, self.contact_a)
        self.assertEqual(rating.stekas_feedback_kind, "praise")
        self.assertFalse(
            self.ticket.activity_ids.filtered(lambda a: a.user_id == self.manager)
        )
        self.assertIn("Ačiū, greitai padėjote", response.text)

    def test_a_comment_marked_complaint_reaches_the_manager(self):
        self._solve()
        self._portal_rate(rate="3", feedback="Per ilgai laukiau", complaint="1")
        self.assertEqual(self._ratings().stekas_feedback_kind, "complaint")
        self.assertTrue(
            self.ticket.activity_ids.filtered(lambda a: a.user_id == self.manager)
        )

    def test_attack_other_companys_ticket(self):
        self._solve()
        response = self._portal_rate(login="test_portal_b", rate="1", feedback="x")
        self.assertFalse(self._ratings())
        self.assertNotIn("rating_sent", response.url)

    def test_attack_rating_before_solved(self):
        response = self._portal_rate(rate="1", feedback="Dar neišspręsta")
        self.assertFalse(self._ratings())
        self.assertIn("once it is solved", response.text)

    def test_attack_huge_comment(self):
        self._solve()
        response = self._portal_rate(rate="1", feedback="x" * 100_000)
        self.assertFalse(self._ratings())
        self.assertIn("too long", response.text)

    def test_attack_rating_twice_and_off_the_scale(self):
        self._solve()
        self._portal_rate(rate="5", feedback="Gerai")
        response = self._portal_rate(rate="1", feedback="Blogai")
        self.assertEqual(self._ratings().rating, 5)
        self.assertIn("already been rated", response.text)
        other = self._solve(
            self._create_ticket(self.contact_a, user_id=self.consultant.id)
        )
        self._portal_rate(other, rate="4")
        self._portal_rate(other, rate="abc")
        self.assertFalse(self._ratings(other))

    def test_attack_rating_through_the_orm(self):
        self._solve()
        Rating = self.env["rating.rating"].with_user(self.portal_a)
        with self.assertRaises(AccessError):
            Rating.create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("helpdesk.ticket"),
                    "res_id": self.ticket.id,
                    "rating": 5,
                    "consumed": True,
                }
            )
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.portal_a).rating_apply(
                5, token=self.ticket.sudo().rating_ids[:1].access_token
            )
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.portal_a).write(
                {"stekas_rating_request_sent": False}
            )
        self.assertFalse(self._ratings())
