# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError

from ...lib import intake


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
            vals.update(self._stekas_prepare_urgent_vals(vals))
        explicit_user = [bool(vals.get("user_id")) for vals in vals_list]
        tickets = super().create(vals_list)
        tickets._stekas_pii_guard_text_fields(set().union(*vals_list))
        # An assignment by default (the company's "auto assign" option) yields
        # to the work guard (an incomplete intake, a prepayment), to urgent
        # routing and to the designated employee of a mode-A client instead of
        # refusing.
        defaulted = self.browse(
            [t.id for t, given in zip(tickets, explicit_user, strict=True) if not given]
        ).filtered("user_id")
        if defaulted:
            blocked = defaulted._stekas_get_work_blockers("assign")
            defaulted = defaulted.filtered(
                lambda t: t.stekas_is_urgent
                or t in blocked
                or t._stekas_get_service_mode() == intake.MODE_A
            )
        if defaulted:
            defaulted.write({"user_id": False, "assigned_date": False})
        gated = tickets.filtered(
            lambda t: t.user_id or not (t.stage_id.unattended or t.stage_id.closed)
        )
        gated._stekas_check_workable("assign")
        for ticket in tickets.filtered("stekas_specialist_ids"):
            ticket.message_subscribe(ticket.stekas_specialist_ids.partner_id.ids)
        tickets.filtered("stekas_is_urgent")._stekas_route_urgent()
        # Urgent routing first (R-CON-2); the rest of a mode-A client's go to
        # its designated employee (R-ASG-3).
        tickets._stekas_route_designated()
        tickets._stekas_send_client_notices()
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
        vals = dict(vals, **self._stekas_prepare_urgent_vals(vals))
        gate = False
        if vals.get("user_id"):
            gate = "assign"
        elif vals.get("stage_id"):
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            if not (stage.unattended or stage.closed):
                gate = "stage"
        intake_fields = set(self._stekas_get_intake_item_fields().values())
        was_incomplete = self.browse()
        if set(vals) & (
            intake_fields | {"description", "stekas_is_serious", "partner_id"}
        ):
            was_incomplete = self.filtered(lambda t: not t.stekas_intake_complete)
        res = super().write(vals)
        self._stekas_pii_guard_text_fields(vals)
        if gate:
            self._stekas_check_workable(gate)
        if set(vals) & intake_fields - {"name"}:
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
        # A mode-A ticket the intake kept from its designated employee goes
        # there once the intake is complete, on whatever path completed it.
        was_incomplete.filtered("stekas_intake_complete")._stekas_route_designated()
        self._stekas_send_client_notices(vals)
        return res

    def _stekas_send_client_notices(self, vals=None):
        """The mails a change of the ticket owes its client (`vals`: what
        `write` changed): registered (intake room, R-INT-5), who will contact
        them (routing, R-CON-1), the request for feedback when solved
        (feedback room, R-FBK-1).
        Each one is sent once; the rooms keep their own marks, written with
        ``stekas_marking_notice`` so that marking one sends no other first."""
        if self.env.context.get("stekas_marking_notice"):
            return
        self._stekas_send_registered_mail()
        self._stekas_send_assigned_mail()
        if vals and vals.get("stage_id"):
            # on the move to a closed stage only: not on any later edit
            self._stekas_send_rating_request()

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

    # ------------------------------------------------------------------
    # Mails to the client (R-INT-5): to the client alone, from the company
    # ------------------------------------------------------------------

    def _stekas_post_client_mail(self, xmlid, sources=None):
        """Post the mail template `xmlid` on each ticket, rendered for its
        record in `sources` (one per ticket, in the same order; by default the
        tickets themselves), to the recipients the template names and nobody
        else: the subtype ``mt_client_mail`` is one no follower (consultants,
        the working group) subscribes to. The author is the company, not the
        user or OdooBot whose action happens to send it. The template is
        rendered as the mail composer would (language, sender, recipients) but
        posted directly, without a composer wizard per mail."""
        sources = self if sources is None else sources
        messages = self.env["mail.message"]
        if not self:
            return messages
        # the cached id, not env.ref(): no existence query for every mail
        template = self.env["mail.template"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id(xmlid, raise_if_not_found=True)
        )
        # sudo: a mail of the company, whatever user's action sends it (a
        # portal client completing the intake, the mail gateway); the template
        # reads the consultant's and the company's contacts.
        template = template.sudo()
        values_all = template._generate_template(
            sources.ids,
            ("subject", "email_from", "partner_to", "email_to", "email_cc"),
            find_or_create_partners=True,
        )
        langs = template._render_lang(sources.ids)
        # body_html's own render options post-process it (absolute links)
        bodies = template._render_field("body_html", sources.ids, compute_lang=True)
        for ticket, source in zip(self, sources, strict=True):
            # sudo: the company posts it, also on behalf of a portal client
            messages |= ticket.sudo().message_post(
                **ticket._stekas_prepare_client_mail_values(
                    template,
                    values_all[source.id],
                    bodies[source.id],
                    langs.get(source.id),
                )
            )
        return messages.sudo(False)

    def _stekas_prepare_client_mail_values(self, template, values, body, lang):
        """Hook: message_post arguments of a mail to the client."""
        self.ensure_one()
        company = self.company_id or self.env.company
        return {
            "body": body,
            "subject": values.get("subject") or "",
            "author_id": company.partner_id.id,
            "email_from": values.get("email_from") or company.email_formatted,
            "partner_ids": values.get("partner_ids", []),
            # an automatic message: not client content for the guard
            "message_type": "auto_comment",
            "subtype_xmlid": "stekas_helpdesk.mt_client_mail",
            "email_add_signature": False,
            "email_layout_xmlid": template.email_layout_xmlid or None,
            "mail_auto_delete": template.auto_delete,
            "force_email_lang": lang,
        }
