# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    stekas_contract_id = fields.Many2one(
        "stekas.support.contract",
        string="Support contract",
        compute="_compute_stekas_contract",
        help="The client's active support contract (R-BIL-1).",
    )
    stekas_free_hours_remaining = fields.Float(
        string="Client's free hours left",
        compute="_compute_stekas_contract",
        help="Free hours left to the client in the current period of its "
        "support contract.",
    )

    def _compute_stekas_contract(self):
        # sudo: every helpdesk user sees the client's remaining free hours on the
        # ticket, without needing access to the contracts themselves.
        Contract = self.env["stekas.support.contract"].sudo()
        partners = self.commercial_partner_id
        contracts = (
            Contract.search(
                [("partner_id", "in", partners.ids), ("state", "=", "active")]
            )
            if partners
            else Contract
        )
        by_partner = {contract.partner_id.id: contract for contract in contracts}
        for ticket in self:
            contract = by_partner.get(ticket.commercial_partner_id.id)
            ticket.stekas_contract_id = contract
            ticket.stekas_free_hours_remaining = (
                contract.current_remaining_hours if contract else 0.0
            )
