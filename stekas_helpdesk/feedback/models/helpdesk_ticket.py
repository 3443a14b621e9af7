# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, fields, models
from odoo.exceptions import UserError

from ...lib import feedback as feedback_rules

# key in the cursor's precommit data: tickets asked for feedback in this
# transaction (tracking, which sends the stage's mail, runs at precommit)
RATING_REQUESTED = "stekas_rating_requested"


# Client feedback on solved tickets (R-FBK-1), a room of its own: each file can
# be read whole.
# pylint: disable=consider-merging-classes-inherited
class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "rating.mixin"]

    stekas_rating_request_sent = fields.Boolean(
        string="Rating Request Sent",
        copy=False,
        readonly=True,
        groups="base.group_user",
        help="Technical: the client was asked for feedback on the solved ticket.",
    )

    # ------------------------------------------------------------------
    # The request for feedback, once the ticket is solved
    # ------------------------------------------------------------------

    def _stekas_send_rating_request(self):
        """Ask the client, once per ticket, what they think of the service
        when the ticket is solved (a closed stage), in their language."""
        # sudo: the mark is technical, the mail the company's
        tickets = self.sudo().filtered(
            lambda t: t._stekas_is_solved()
            and t.partner_id
            and not t.stekas_rating_request_sent
        )
        if not tickets:
            return self.env["mail.message"]
        tickets.with_context(stekas_marking_notice=True).write(
            {"stekas_rating_request_sent": True}
        )
        self.env.cr.precommit.data.setdefault(RATING_REQUESTED, set()).update(
            tickets.ids
        )
        return tickets.sudo(False)._stekas_post_client_mail(
            "stekas_helpdesk.mail_template_rating_request"
        )

    def _track_template(self, tracking):
        res = super()._track_template(tracking)
        # The feedback request tells the client the request is solved:
        # helpdesk_mgmt's "ticket closed" mail of the same stage would be a
        # second mail saying so. A ticket closed again later (no new request)
        # or cancelled still gets it.
        if "stage_id" in res and self[:1].id in self.env.cr.precommit.data.get(
            RATING_REQUESTED, ()
        ):
            del res["stage_id"]
        return res

    def _stekas_is_solved(self):
        """Closed in a stage that asks for feedback: a cancelled or rejected
        ticket was not solved, its client is neither asked nor let rate."""
        self.ensure_one()
        return self.stage_id.closed and self.stage_id.stekas_ask_rating

    def _stekas_get_rating_url(self, rate):
        """The link of the request mail giving `rate` (1, 3 or 5): Odoo's
        rating page, opened by the rating's own token."""
        self.ensure_one()
        return f"{self.get_base_url()}/rate/{self._rating_get_access_token()}/{rate}"

    # ------------------------------------------------------------------
    # The client's rating: by the mail's link or on the portal page
    # ------------------------------------------------------------------

    def _stekas_get_client_rating(self):
        """The rating the ticket's client gave, if any, as superuser: the
        client's portal page shows it, and portal users have no right on
        ratings; callers have checked access to the ticket."""
        self.ensure_one()
        # sudo: see above; only this ticket's ratings by its client's company
        return self.sudo().rating_ids.filtered(
            lambda r: r.consumed
            and r.partner_id.commercial_partner_id == self.sudo().commercial_partner_id
        )[:1]

    def _stekas_check_can_rate(self, rate, comment):
        """Refuse a rating of a ticket that is not solved, a second rating,
        a rate off the scale or a comment too long, with a clear message."""
        self.ensure_one()
        _ = self.env._
        if rate not in feedback_rules.RATING_VALUES:
            raise UserError(_("Choose one of the offered ratings."))
        if not self._stekas_is_solved():
            raise UserError(_("A request can be rated once it is solved."))
        if len(comment or "") > feedback_rules.MAX_FEEDBACK_CHARS:
            raise UserError(
                _(
                    "The comment is too long: at most %(max)s characters.",
                    max=feedback_rules.MAX_FEEDBACK_CHARS,
                )
            )
        if self._stekas_get_client_rating():
            raise UserError(_("This request has already been rated."))

    def _stekas_rate(self, rate, comment=None, complaint=False):
        """The client's rating from the portal page (R-FBK-1). The caller
        checked the client may read the ticket."""
        self.ensure_one()
        self._stekas_check_can_rate(rate, comment)
        partner = self.env.user.partner_id
        # sudo: a portal client has no right on ratings; the ticket is theirs
        ticket = self.sudo()
        token = ticket._rating_get_access_token(partner)
        rating = (
            self.env["rating.rating"]
            .sudo()
            .search([("access_token", "=", token)], limit=1)
        )
        rating.stekas_is_complaint = bool(complaint)
        return ticket.rating_apply(rate, rating=rating, feedback=comment or False)

    def rating_apply(
        self,
        rate,
        token=None,
        rating=None,
        feedback=None,
        subtype_xmlid=None,
        notify_delay_send=False,
    ):
        for ticket in self:
            # Odoo's rating page sends rates 1, 3 and 5
            ticket._stekas_check_can_rate(int(rate), feedback)
        rating = super().rating_apply(
            rate,
            token=token,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        complaints = rating.filtered(lambda r: r.stekas_feedback_kind == "complaint")
        if complaints:
            self._stekas_alert_feedback_managers(complaints)
        return rating

    # ------------------------------------------------------------------
    # Complaints reach a manager
    # ------------------------------------------------------------------

    def _stekas_get_feedback_managers(self):
        """The managers who answer a complaint: the STEKAS managers of the
        ticket's team, else all of them, else the helpdesk managers."""
        self.ensure_one()
        for xmlid in (
            "stekas_helpdesk.stekas_helpdesk_group_manager",
            "helpdesk_mgmt.group_helpdesk_manager",
        ):
            managers = self.env["res.users"]._stekas_get_staff_of(xmlid)
            in_team = managers & self.team_id.user_ids
            if in_team or managers:
                return in_team or managers
        return self.env["res.users"]

    def _stekas_alert_feedback_managers(self, ratings):
        """A to-do for each manager for a complaint (R-FBK-1)."""
        self.ensure_one()
        # The client (portal or public, by the mail's link) reports a
        # complaint; the system assigns the manager's to-do, not the client.
        ticket = self.with_user(SUPERUSER_ID) if self.env.user.share else self.sudo()
        for rating in ratings:
            note = self.env._(
                "Complaint from %(who)s (rating %(rating)s of 5): %(comment)s",
                who=rating.partner_id.display_name,
                rating=int(rating.rating),
                comment=rating.feedback or "-",
            )
            for user in ticket._stekas_get_feedback_managers():
                ticket.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=user.id,
                    summary=self.env._("Answer a client's complaint"),
                    note=note,
                )
