# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class StekasContractPortal(CustomerPortal):
    """The client's support contracts and their free hours per period (R-BIL-1)."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "stekas_contract_count" in counters:
            Contract = request.env["stekas.support.contract"]
            values["stekas_contract_count"] = (
                Contract.search_count([]) if Contract.has_access("read") else 0
            )
        return values

    @http.route("/my/support-contracts", type="http", auth="user", website=True)
    def portal_my_stekas_contracts(self, **kw):
        Contract = request.env["stekas.support.contract"]
        if not Contract.has_access("read"):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # The record rules restrict the search to the user's company.
                "contracts": Contract.search([]),
                "page_name": "stekas_contract",
            }
        )
        return request.render("stekas_billing.portal_my_stekas_contracts", values)

    @http.route(
        "/my/support-contracts/<int:contract_id>",
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_stekas_contract(self, contract_id, **kw):
        try:
            self._document_check_access("stekas.support.contract", contract_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        # Read with the user's own rights: periods come through the record rules.
        contract = request.env["stekas.support.contract"].browse(contract_id)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "contract": contract,
                "current_period": contract.current_period_id,
                "periods": contract.period_ids.sorted("date_start", reverse=True),
                "page_name": "stekas_contract",
            }
        )
        return request.render("stekas_billing.portal_my_stekas_contract", values)
