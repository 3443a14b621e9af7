# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class StekasSupportContractLine(models.Model):
    """A contract's own terms for one work type (R-BIL-1 rev. 2, R-BIL-2
    rev. 2): its policy and rate instead of the catalogue's and, for
    additional work, free hours per period of its own."""

    _name = "stekas.support.contract.line"
    _description = "Support contract work type terms"
    _order = "contract_id, sequence, id"

    contract_id = fields.Many2one(
        "stekas.support.contract", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one(related="contract_id.partner_id", store=True)
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    currency_id = fields.Many2one(related="contract_id.currency_id")
    work_type_id = fields.Many2one(
        "stekas.work.type", string="Work type", required=True, ondelete="restrict"
    )
    billing_policy = fields.Selection(
        selection=[
            ("free", "Free"),
            ("quota", "Free within the contract's hours"),
            ("paid", "Paid"),
        ],
        string="Under this contract",
        required=True,
        default="paid",
        help="How this work type is billed under this contract, whatever the "
        "catalogue says (R-BIL-2 rev. 2).",
    )
    free_hours = fields.Float(
        string="Own free hours per period",
        help="Free hours of this work type in each period, apart from the "
        "consulting hours (additional work, R-BIL-1 rev. 2); empty: it "
        "consumes the contract's free hours.",
    )
    hourly_rate = fields.Monetary(
        string="Hourly rate",
        help="Price of an hour of paid work of this type, or of an hour beyond "
        "the free hours; empty: the catalogue price, else the contract's rate.",
    )

    _sql_constraints = [
        (
            "contract_work_type_uniq",
            "unique(contract_id, work_type_id)",
            "A contract has one line per work type.",
        ),
        (
            "free_hours_positive",
            "CHECK(free_hours >= 0)",
            "Free hours cannot be negative.",
        ),
        (
            "hourly_rate_positive",
            "CHECK(hourly_rate >= 0)",
            "The rate cannot be negative.",
        ),
    ]

    @api.constrains("billing_policy", "free_hours")
    def _check_free_hours_policy(self):
        for line in self:
            if line.free_hours and line.billing_policy != "quota":
                raise ValidationError(
                    self.env._(
                        "Only a work type free within the contract's hours may "
                        "have free hours of its own (%(type)s, contract "
                        "%(contract)s).",
                        type=line.work_type_id.display_name,
                        contract=line.contract_id.name,
                    )
                )

    @api.constrains("contract_id", "work_type_id")
    def _check_work_type_company(self):
        for line in self:
            company = line.work_type_id.company_id
            if company and company != line.contract_id.company_id:
                raise ValidationError(
                    self.env._(
                        "The work type %(type)s belongs to another company.",
                        type=line.work_type_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.contract_id._apply_line_terms()
        return lines

    def write(self, vals):
        contracts = self.contract_id
        res = super().write(vals)
        (contracts | self.contract_id)._apply_line_terms()
        return res

    def unlink(self):
        contracts = self.contract_id
        res = super().unlink()
        contracts.exists()._apply_line_terms()
        return res

    def _has_own_quota(self):
        """Whether the line's work type has free hours of its own."""
        self.ensure_one()
        return self.billing_policy == "quota" and self.free_hours > 0
