# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# The closed stages that end a ticket without solving it: asking the client how
# the work went makes no sense there.
UNSOLVED_STAGE_XMLIDS = (
    "helpdesk_mgmt.helpdesk_ticket_stage_cancelled",
    "helpdesk_mgmt.helpdesk_ticket_stage_rejected",
)


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    stekas_ask_rating = fields.Boolean(
        string="Ask for Feedback",
        default=True,
        help="A ticket moved to this closed stage asks its client to rate the "
        "work. Off for stages that end a ticket without solving it (cancelled, "
        "rejected).",
    )

    @api.model
    def _stekas_init_ask_rating(self):
        """Turn the feedback request off on helpdesk_mgmt's unsolved stages
        (at install and by the migration of an existing database)."""
        stages = self.browse()
        for xmlid in UNSOLVED_STAGE_XMLIDS:
            stages |= self.env.ref(xmlid, raise_if_not_found=False) or self.browse()
        stages.write({"stekas_ask_rating": False})
