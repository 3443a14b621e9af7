# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError

# What the dispatcher's decision sets; nobody else sets it on any path.
DECISION_FIELDS = (
    "state",
    "new_user_id",
    "decision_note",
    "decided_by_id",
    "decided_date",
    "current_user_id",
)


class StekasReassignment(models.Model):
    """A client's request for another consultant (R-ASG-1).

    STEKAS tries to satisfy it, without guarantee: the dispatcher approves
    (the ticket is reassigned) or refuses with a note, and the client is told
    the outcome by e-mail. Everything is logged on the ticket.
    """

    _name = "stekas.reassignment"
    _description = "Consultant reassignment request"
    _order = "id desc"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    commercial_partner_id = fields.Many2one(
        related="ticket_id.commercial_partner_id", store=True, index=True
    )
    current_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Consultant at request time",
        readonly=True,
    )
    requester_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Requested by",
        required=True,
        default=lambda self: self._default_requester_partner(),
    )
    reason = fields.Text(required=True)
    preferred_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Preferred consultant",
        domain=[("share", "=", False)],
    )
    state = fields.Selection(
        selection=[
            ("pending", "Pending"),
            ("approved", "Approved"),
            ("refused", "Refused"),
        ],
        default="pending",
        required=True,
        readonly=True,
    )
    new_user_id = fields.Many2one(
        comodel_name="res.users", string="New consultant", readonly=True
    )
    decision_note = fields.Text(readonly=True)
    decided_by_id = fields.Many2one(
        comodel_name="res.users", string="Decided by", readonly=True
    )
    decided_date = fields.Datetime(string="Decided on", readonly=True)

    def _default_requester_partner(self):
        if self.env.user.share:
            return self.env.user.partner_id
        ticket = self.env["helpdesk.ticket"].browse(
            self.env.context.get("default_ticket_id")
        )
        return ticket.exists().partner_id

    @api.constrains("reason")
    def _check_reason(self):
        for request in self:
            if not (request.reason or "").strip():
                raise UserError(
                    self.env._("Please state why you want another consultant.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_no_decision_in(vals_list)
        for vals in vals_list:
            if not vals.get("requester_partner_id") and vals.get("ticket_id"):
                vals["requester_partner_id"] = (
                    self.env["helpdesk.ticket"].browse(vals["ticket_id"]).partner_id.id
                )
        requests = super().create(vals_list)
        for request in requests:
            # sudo: the requester (maybe a portal user with read access only)
            # logs the request on the ticket and alerts the dispatchers.
            ticket = request.ticket_id.sudo()
            request.sudo().current_user_id = ticket.user_id
            body = self.env._(
                "Another consultant requested by %(who)s. Reason: %(reason)s. "
                "Preferred consultant: %(preferred)s.",
                who=request.requester_partner_id.display_name,
                reason=request.reason,
                preferred=request.preferred_user_id.name or self.env._("none"),
            )
            if self.env.user.share:
                # The dispatcher's to-do and the note are the system's, not
                # the portal client's: a client assigns nobody work.
                ticket = ticket.with_user(SUPERUSER_ID)
            ticket._stekas_alert_dispatchers(
                body, summary=self.env._("Decide on a reassignment request")
            )
        return requests

    @api.model
    def _check_no_decision_in(self, vals_list):
        """A request is filed undecided: only a dispatcher may create one with
        its decision set, whatever path the values come by (portal, JSON-RPC,
        import)."""
        decided = {"state": "pending"}
        for vals in vals_list:
            forged = [
                name
                for name in DECISION_FIELDS
                if vals.get(name) and vals[name] != decided.get(name)
            ]
            if forged and not self.env.su:
                self.env.user._stekas_check_dispatcher(
                    self.env._("Only a dispatcher decides on reassignment requests.")
                )

    def _check_can_decide(self):
        self.env.user._stekas_check_dispatcher(
            self.env._("Only a dispatcher decides on reassignment requests.")
        )
        decided = self.filtered(lambda r: r.state != "pending")
        if decided:
            raise UserError(
                self.env._(
                    "The request on ticket %(ticket)s has already been decided.",
                    ticket=decided[0].ticket_id.display_name,
                )
            )

    def _approve(self, user, note=False):
        self._check_can_decide()
        if not user:
            raise UserError(self.env._("Choose the new consultant."))
        for request in self:
            request.ticket_id.user_id = user
        self.write(
            {
                "state": "approved",
                "new_user_id": user.id,
                "decision_note": note,
                "decided_by_id": self.env.user.id,
                "decided_date": fields.Datetime.now(),
            }
        )
        self._notify_decision()

    def _refuse(self, note):
        self._check_can_decide()
        if not (note or "").strip():
            raise UserError(self.env._("Please give the client a reason for refusing."))
        self.write(
            {
                "state": "refused",
                "decision_note": note,
                "decided_by_id": self.env.user.id,
                "decided_date": fields.Datetime.now(),
            }
        )
        self._notify_decision()

    def _notify_decision(self):
        """E-mail the outcome to the client in their language, on the ticket:
        to the client who asked alone, not to the ticket's followers (the
        consultants), from the company."""
        # one ticket per request, in the same order (a ticket may repeat)
        tickets = self.env["helpdesk.ticket"].browse([r.ticket_id.id for r in self])
        tickets._stekas_post_client_mail(
            "stekas_helpdesk.mail_template_reassignment_decision", sources=self
        )

    def action_open_decision(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Decide on the request"),
            "res_model": "stekas.reassignment.decision",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_request_id": self.id,
                "default_user_id": self.preferred_user_id.id,
            },
        }
