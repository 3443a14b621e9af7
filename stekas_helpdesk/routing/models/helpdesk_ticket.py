# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import Counter

from odoo import api, fields, models

from ...lib import intake

# helpdesk_mgmt's highest priority ("Very High"), which an urgent ticket takes.
URGENT_PRIORITY = "3"


# Consultant choice and routing (R-ASG-1..3, R-CON-1..3), a room of its own
# beside intake and the personal-data guard: each file can be read whole.
# pylint: disable=consider-merging-classes-inherited
class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # --- consultant choice (R-ASG-1, R-ASG-2), urgency (R-CON-2), group (R-CON-3)
    stekas_preferred_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Preferred consultant",
        domain=[("share", "=", False)],
        tracking=True,
        help="The consultant the client asked for. A wish, not a rule: the "
        "dispatcher may assign whoever can do the work soonest (R-ASG-2).",
    )
    stekas_is_urgent = fields.Boolean(
        string="Urgent",
        tracking=True,
        help="Especially urgent: assigned at once to an available consultant of "
        "the team on duty (R-CON-2).",
    )
    stekas_specialist_ids = fields.Many2many(
        comodel_name="res.users",
        relation="helpdesk_ticket_specialist_rel",
        column1="ticket_id",
        column2="user_id",
        string="Working group",
        domain=[("share", "=", False)],
        help="Other specialists working on this ticket (R-CON-3): they follow "
        "it, see it among their tickets and can log time on it.",
    )
    stekas_client_told_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Consultant Told to the Client",
        copy=False,
        readonly=True,
        groups="base.group_user",
        help="Technical: the consultant the client was last told about (R-CON-1).",
    )
    stekas_reassignment_ids = fields.One2many(
        comodel_name="stekas.reassignment",
        inverse_name="ticket_id",
        string="Reassignment requests",
    )
    stekas_reassignment_pending_count = fields.Integer(
        string="Reassignment Pending Count",
        compute="_compute_stekas_reassignment_pending_count",
    )

    @api.depends("stekas_reassignment_ids.state")
    def _compute_stekas_reassignment_pending_count(self):
        for ticket in self:
            ticket.stekas_reassignment_pending_count = len(
                ticket.stekas_reassignment_ids.filtered(lambda r: r.state == "pending")
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_stekas_open_reassignments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stekas_helpdesk.stekas_reassignment_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

    def action_stekas_request_reassignment(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request another consultant"),
            "res_model": "stekas.reassignment",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    # ------------------------------------------------------------------
    # Urgent routing (R-CON-2)
    # ------------------------------------------------------------------

    @api.model
    def _stekas_prepare_urgent_vals(self, vals):
        """Hook: the values an urgent ticket takes with `vals` (create or
        write): the highest priority, whatever priority came with it, so that
        urgent tickets stand out wherever priority is shown and sorted."""
        if not vals.get("stekas_is_urgent"):
            return {}
        return {"priority": URGENT_PRIORITY}

    def _stekas_get_urgent_candidates(self):
        """Consultants of the ticket's team who can take an urgent call now."""
        self.ensure_one()
        consultant_group = self.env.ref(
            "stekas_helpdesk.stekas_helpdesk_group_consultant"
        )
        return self.team_id.user_ids.filtered(
            lambda u: u.stekas_on_duty
            and not u.share
            and u.active
            and consultant_group in u.groups_id
        )

    def _stekas_route_urgent(self):
        tickets = self.filtered(
            lambda t: t.stekas_is_urgent and not t.user_id and not t.stage_id.closed
        )
        if not tickets:
            return
        load = tickets._stekas_get_urgent_load()
        template = self.env.ref("stekas_helpdesk.mail_template_urgent_assigned")
        # The work guard's reasons go to the dispatchers instead of an error:
        # nobody is waiting on the other end of an automatic routing.
        blockers = tickets._stekas_get_work_blockers("route")
        for ticket in tickets:
            if ticket in blockers:
                ticket._stekas_alert_dispatchers("\n".join(blockers[ticket]))
                continue
            available = ticket._stekas_get_urgent_candidates()
            if not available:
                ticket._stekas_alert_dispatchers(
                    self.env._(
                        "Urgent ticket %(ticket)s: no consultant of team %(team)s is "
                        "on duty. Please assign it by hand.",
                        ticket=ticket.display_name,
                        team=ticket.team_id.display_name or "-",
                    )
                )
                continue
            consultant = min(available, key=lambda u: (load[u.id], u.id))
            load[consultant.id] += 1
            ticket._stekas_assign_urgent(consultant, template)

    def _stekas_get_urgent_load(self):
        """Open urgent tickets per candidate of these tickets: the least
        loaded consultant takes the next urgent call."""
        candidates = self.env["res.users"].union(
            *(ticket._stekas_get_urgent_candidates() for ticket in self)
        )
        return Counter(
            {
                user.id: count
                for user, count in self._read_group(
                    [
                        ("stekas_is_urgent", "=", True),
                        ("stage_id.closed", "=", False),
                        ("user_id", "in", candidates.ids),
                    ],
                    ["user_id"],
                    ["__count"],
                )
            }
        )

    def _stekas_assign_urgent(self, consultant, template):
        """Give the urgent call to `consultant` with a to-do to call the client
        now, and tell the client by e-mail."""
        self.ensure_one()
        self.user_id = consultant
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=consultant.id,
            summary=self.env._("Urgent: contact the client now"),
            note=self.env._(
                "Call %(name)s at %(phone)s.",
                name=self.partner_name or self.partner_email or "-",
                phone=self.stekas_intake_phone or "-",
            ),
        )
        template.send_mail(self.id, email_layout_xmlid="mail.mail_notification_light")

    # ------------------------------------------------------------------
    # Mode A: the client's designated employee (R-ASG-3)
    # ------------------------------------------------------------------

    def _stekas_route_designated(self):
        """Assign each new ticket of a mode-A client at once to its designated
        employee, or the deputy when that one is absent; when both are absent,
        or the work guard blocks the assignment, the ticket waits for the
        dispatchers with the reason (R-ASG-3). Urgent tickets are routed by
        `_stekas_route_urgent` (R-CON-2)."""
        # sudo: routing is the desk's own step, whoever filed the ticket (a
        # portal client or the mail gateway may not assign nor schedule
        # activities); it assigns only the client's configured consultants.
        tickets = self.sudo().filtered(
            lambda t: t._stekas_get_service_mode() == intake.MODE_A
            and not t.user_id
            and not t.stekas_is_urgent
            and not t.stage_id.closed
        )
        if not tickets:
            return
        blockers = tickets._stekas_get_work_blockers("assign")
        summary = self.env._("Ticket needs a consultant")
        for ticket in tickets:
            if ticket in blockers:
                ticket._stekas_alert_dispatchers(
                    self.env._(
                        "Ticket %(ticket)s of %(client)s was not given to its "
                        "designated employee:\n%(reasons)s",
                        ticket=ticket.display_name,
                        client=ticket.commercial_partner_id.display_name,
                        reasons="\n".join(blockers[ticket]),
                    ),
                    summary=summary,
                )
                continue
            candidates = ticket._stekas_get_designated_candidates()
            if not candidates:
                client = ticket.commercial_partner_id
                ticket._stekas_alert_dispatchers(
                    self.env._(
                        "Ticket %(ticket)s: the designated employee of %(client)s "
                        "(%(designated)s) and the deputy (%(deputy)s) are absent "
                        "today. Please assign another consultant; the client is "
                        "told who (R-ASG-3).",
                        ticket=ticket.display_name,
                        client=client.display_name,
                        designated=client.stekas_designated_user_id.name or "-",
                        deputy=client.stekas_deputy_user_id.name or "-",
                    ),
                    summary=summary,
                )
                continue
            # a normal assignment: the write's guard and whatever reacts to a
            # new assignee (its mail to the client) run as for the dispatcher
            ticket.user_id = candidates[0]

    def _stekas_get_designated_candidates(self):
        """Hook: who takes this mode-A ticket now, in order: the designated
        employee, then the deputy, each unless absent today (leave or not
        working, `res.users._stekas_is_absent`)."""
        self.ensure_one()
        client = self.commercial_partner_id
        users = client.stekas_designated_user_id | client.stekas_deputy_user_id
        now = fields.Datetime.now()
        return users.filtered(
            lambda u: u.active and not u.share and not u._stekas_is_absent(now)
        )

    # ------------------------------------------------------------------
    # The client is told who will contact them (R-CON-1)
    # ------------------------------------------------------------------

    def _stekas_send_assigned_mail(self):
        """Tell the client who their consultant is, whatever path assigned
        them (the dispatcher, urgent routing, a reassignment), once per change
        of consultant: the same consultant written again sends nothing."""
        # sudo: the mark is technical, the mail the company's
        tickets = self.sudo().filtered(
            lambda t: t.user_id
            and t.user_id != t.stekas_client_told_user_id
            and (t.partner_id or t.partner_email)
        )
        if not tickets:
            return self.env["mail.message"]
        # marked first: the posting must not send it a second time
        for user, group in tickets.grouped("user_id").items():
            group.with_context(stekas_marking_notice=True).write(
                {"stekas_client_told_user_id": user.id}
            )
        return tickets.sudo(False)._stekas_post_client_mail(
            "stekas_helpdesk.mail_template_consultant_assigned"
        )

    def _stekas_get_dispatchers(self):
        """The dispatchers to alert: those of the ticket's team, else all;
        managers only when there is no plain dispatcher."""
        self.ensure_one()
        group = self.env.ref("stekas_helpdesk.stekas_helpdesk_group_dispatcher")
        manager = self.env.ref("stekas_helpdesk.stekas_helpdesk_group_manager")
        root = self.env.ref("base.user_root")
        for users in (self.team_id.user_ids, group.users):
            users = (
                users.filtered(
                    lambda u: group in u.groups_id and u.active and not u.share
                )
                - root
            )
            plain = users.filtered(lambda u: manager not in u.groups_id)
            if plain or users:
                return plain or users
        return self.env["res.users"]

    def _stekas_alert_dispatchers(self, message, summary=None):
        """A note on the ticket and a to-do for each dispatcher to act on."""
        self.ensure_one()
        for user in self._stekas_get_dispatchers():
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=summary or self.env._("Urgent ticket needs a consultant"),
                note=message,
            )
        self.message_post(body=message, subtype_xmlid="mail.mt_note")
