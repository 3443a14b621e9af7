# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # Odoo's CRUD entry points, the same for every room: the default channel
    # (intake), the work guard, the working group's followers (routing) and
    # urgent routing run here in one order.

    @api.model_create_multi
    def create(self, vals_list):
        default_teams = {}  # company -> its default team, looked up once
        for vals in vals_list:
            if not vals.get("channel_id"):
                vals["channel_id"] = self._stekas_get_default_intake_channel().id
            company = self.env["res.company"].browse(vals.get("company_id"))
            company = company or self.env.company
            if company not in default_teams:
                default_teams[company] = self._stekas_get_default_team(company)
            vals.update(self._stekas_prepare_team_vals(vals, default_teams[company]))
        explicit_user = [bool(vals.get("user_id")) for vals in vals_list]
        tickets = super().create(vals_list)
        tickets._stekas_pii_guard_text_fields(set().union(*vals_list))
        # An assignment by default (the company's "auto assign" option) yields
        # to the work guard (an incomplete intake, a prepayment) and to urgent
        # routing instead of refusing.
        defaulted = self.browse(
            [t.id for t, given in zip(tickets, explicit_user, strict=True) if not given]
        ).filtered("user_id")
        if defaulted:
            blocked = defaulted._stekas_get_work_blockers("assign")
            defaulted = defaulted.filtered(lambda t: t.stekas_is_urgent or t in blocked)
        if defaulted:
            defaulted.write({"user_id": False, "assigned_date": False})
        gated = tickets.filtered(
            lambda t: t.user_id or not (t.stage_id.unattended or t.stage_id.closed)
        )
        gated._stekas_check_workable("assign")
        for ticket in tickets.filtered("stekas_specialist_ids"):
            ticket.message_subscribe(ticket.stekas_specialist_ids.partner_id.ids)
        tickets.filtered("stekas_is_urgent")._stekas_route_urgent()
        return tickets

    def write(self, vals):
        if vals.get("team_id") and "project_id" not in vals:
            # The project follows the team, as the form's onchange does; a team
            # without a project leaves the ticket's project (and its time) alone.
            project = self._stekas_get_team_project(
                self.env["helpdesk.ticket.team"].browse(vals["team_id"])
            )
            if project:
                vals = dict(vals, project_id=project.id)
        gate = False
        if vals.get("user_id"):
            gate = "assign"
        elif vals.get("stage_id"):
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            if not (stage.unattended or stage.closed):
                gate = "stage"
        res = super().write(vals)
        self._stekas_pii_guard_text_fields(vals)
        if gate:
            self._stekas_check_workable(gate)
        if set(vals) & set(self._stekas_get_intake_item_fields().values()) - {"name"}:
            # sudo: a consultant completing the intake on the ticket fills the
            # empty fields of the ticket's own contact, never overwriting them.
            self.sudo()._stekas_update_contact_from_intake()
        if "stekas_intake_token" not in vals:
            self._stekas_expire_intake_token()
        if vals.get("stekas_specialist_ids"):
            for ticket in self:
                ticket.message_subscribe(ticket.stekas_specialist_ids.partner_id.ids)
        if vals.get("stekas_is_urgent"):
            self._stekas_route_urgent()
        return res

    # ------------------------------------------------------------------
    # Team and project: every channel's ticket can be routed and worked on
    # ------------------------------------------------------------------

    @api.model
    def _stekas_prepare_team_vals(self, vals, default_team):
        """Hook: the team and timesheet project of a new ticket whose `vals`
        leave them empty. The team is the assigned consultant's first team (as
        helpdesk_mgmt would compute it after creation), else `default_team`;
        the project is the team's, without which the consultant has neither a
        timesheet tab nor a timer on the ticket."""
        res = {}
        team = self.env["helpdesk.ticket.team"].browse(vals.get("team_id"))
        if not team:
            user = self.env["res.users"].browse(vals.get("user_id"))
            # sudo: any channel files a ticket in a team, whoever may read teams
            team = user.sudo().helpdesk_team_ids[:1] if user else default_team
            if team:
                res["team_id"] = team.id
        if team and not vals.get("project_id"):
            project = self._stekas_get_team_project(team)
            if project:
                res["project_id"] = project.id
        return res

    @api.model
    def _stekas_get_default_team(self, company):
        """The team of a ticket that arrives without one: the company's
        default team, else its first team."""
        # sudo: the team is the company's configuration, applied to tickets
        # filed by clients and by the mail gateway, who may not read teams.
        team = company.sudo().stekas_helpdesk_team_id
        if not team:
            team = (
                self.env["helpdesk.ticket.team"]
                .sudo()
                .search([("company_id", "in", [company.id, False])], limit=1)
            )
        return team.sudo(False)

    @api.model
    def _stekas_get_team_project(self, team):
        """The timesheet project of `team`'s tickets, if it logs time."""
        # sudo: the project of the team is configuration, not the creator's data
        team = team.sudo()
        if not team.allow_timesheet:
            return self.env["project.project"]
        company = team.company_id or self.env.company
        return team.with_company(company).default_project_id.sudo(False)

    # ------------------------------------------------------------------
    # The work guard: may this ticket be worked on?
    # ------------------------------------------------------------------

    def _stekas_check_workable(self, action="assign"):
        """The one guard every way of working on a ticket goes through:
        assignment ("assign"), a move to a working stage ("stage"), urgent
        routing ("route") and time logging ("time"). It refuses with every
        reason at once; `_stekas_get_work_blockers` says what the reasons are."""
        blockers = self._stekas_get_work_blockers(action)
        if blockers:
            raise UserError(
                "\n".join(r for reasons in blockers.values() for r in reasons)
            )

    def _stekas_get_work_blockers(self, action):
        """Hook: {ticket: [reason, ...]} for the tickets of `self` that cannot be
        worked on by `action`. The intake room adds an incomplete intake
        (R-INT-4); stekas_billing adds the prepayment (R-BIL-4)."""
        return {}
