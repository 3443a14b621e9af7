# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# pylint: disable=consider-merging-classes-inherited
from odoo import models


# Kept apart from the contracts feature (issue 5) in its own file so that the
# two branches merge without conflicts.
class ResPartner(models.Model):
    _inherit = "res.partner"

    def _stekas_billing_frequencies(self):
        """{partner id: "month" or "quarter"}: how often the client's support
        time is billed. With a contract: monthly for monthly periods, else
        quarterly; without: as the client's billing mode (R-BIL-5)."""
        # sudo: the billing run reads the contract terms for accountants.
        contracts = (
            self.env["stekas.support.contract"]
            .sudo()
            .search([("partner_id", "in", self.ids), ("state", "=", "active")])
        )
        by_partner = {c.partner_id.id: c.period_type for c in contracts}
        result = {}
        for partner in self:
            period = by_partner.get(partner.id)
            if period:
                result[partner.id] = "month" if period == "month" else "quarter"
            elif partner.stekas_billing_mode == "invoice_quarter":
                result[partner.id] = "quarter"
            else:
                result[partner.id] = "month"
        return result
