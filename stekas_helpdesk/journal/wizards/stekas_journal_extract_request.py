# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class StekasJournalExtractRequest(models.TransientModel):
    """The dispatcher sends a client the journal extract of a period the
    client named by phone or e-mail (R-HIS-2)."""

    _name = "stekas.journal.extract.request"
    _description = "Send a journal extract of a period"

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client",
        required=True,
        domain=[("parent_id", "=", False), ("stekas_extract_optin", "=", True)],
    )
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner":
            values.setdefault("partner_id", self.env.context.get("active_id"))
        return values

    def action_send(self):
        self.ensure_one()
        extracts = self.env["stekas.journal.extract"]._send_requested(
            self.partner_id, self.date_from, self.date_to, "dispatcher"
        )
        return extracts._get_sent_notification()
