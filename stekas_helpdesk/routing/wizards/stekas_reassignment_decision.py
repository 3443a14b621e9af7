# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class StekasReassignmentDecision(models.TransientModel):
    _name = "stekas.reassignment.decision"
    _description = "Decision on a reassignment request"

    request_id = fields.Many2one(comodel_name="stekas.reassignment", required=True)
    ticket_id = fields.Many2one(related="request_id.ticket_id")
    reason = fields.Text(related="request_id.reason")
    preferred_user_id = fields.Many2one(related="request_id.preferred_user_id")
    decision = fields.Selection(
        selection=[("approve", "Approve: reassign"), ("refuse", "Refuse")],
        required=True,
        default="approve",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="New consultant",
        domain=[("share", "=", False)],
    )
    note = fields.Text(help="Sent to the client with the decision.")

    def action_confirm(self):
        self.ensure_one()
        if self.decision == "approve":
            self.request_id._approve(self.user_id, self.note)
        else:
            self.request_id._refuse(self.note)
        return {"type": "ir.actions.act_window_close"}
