# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ...lib.retention import MAX_RETENTION_DAYS

# What the dispatcher's decision sets; nobody else sets it on any path.
DECISION_FIELDS = (
    "state",
    "valid_until",
    "decided_by_id",
    "decided_date",
    "refusal_reason",
)
UNDECIDED = {"state": "submitted"}


class StekasPiiTransferRequest(models.Model):
    """R-PII-3: the client's request to transfer data holding personal data
    when anonymizing is impossible. Once the dispatcher approves it, personal
    data sent on its ticket is kept (restricted) instead of destroyed."""

    _name = "stekas.pii.transfer.request"
    _description = "Request to transfer personal data"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, index=True, ondelete="cascade", tracking=True
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Requested by",
        required=True,
        default=lambda self: self.env.user.partner_id,
    )
    commercial_partner_id = fields.Many2one(
        related="ticket_id.commercial_partner_id", store=True, string="Client"
    )
    purpose = fields.Text(
        required=True, help="Why the data must be sent without anonymizing it."
    )
    data_categories = fields.Text(
        string="Categories of personal data",
        required=True,
        help="E.g. names and positions of employees, personal codes, salaries.",
    )
    retention_days = fields.Integer(
        string="Keep for (days)",
        required=True,
        default=30,
        help="How long after the ticket closes the data may be kept.",
    )
    state = fields.Selection(
        [
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("refused", "Refused"),
        ],
        default="submitted",
        required=True,
        tracking=True,
        readonly=True,
    )
    valid_until = fields.Date(
        tracking=True,
        help="The request covers its ticket until this date (empty: while the "
        "ticket is open).",
    )
    decided_by_id = fields.Many2one("res.users", readonly=True)
    decided_date = fields.Datetime(string="Decided On", readonly=True)
    refusal_reason = fields.Text()

    @api.constrains("retention_days")
    def _check_retention_days(self):
        for request in self:
            if not 0 <= request.retention_days <= MAX_RETENTION_DAYS:
                raise ValidationError(
                    self.env._(
                        "Data can be kept from 0 to %(max)s days.",
                        max=MAX_RETENTION_DAYS,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_no_decision_in(vals_list)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                # sudo: the sequence is technical; portal users file requests too.
                vals["name"] = (
                    self.env["ir.sequence"]
                    .sudo()
                    .next_by_code("stekas.pii.transfer.request")
                    or "/"
                )
        return super().create(vals_list)

    @api.model
    def _check_no_decision_in(self, vals_list):
        """A request is filed undecided (R-PII-3): only the dispatcher may
        create one already approved, refused or with a validity, whatever path
        the values come by (portal, JSON-RPC, import)."""
        for vals in vals_list:
            forged = [
                name
                for name in DECISION_FIELDS
                if vals.get(name) and vals[name] != UNDECIDED.get(name)
            ]
            if forged and not self.env.su:
                self.env.user._stekas_check_dispatcher(
                    self.env._("Only the dispatcher can approve or refuse requests.")
                )

    def action_approve(self):
        self.env.user._stekas_check_dispatcher(
            self.env._("Only the dispatcher can approve or refuse requests.")
        )
        if any(request.state != "submitted" for request in self):
            raise UserError(self.env._("Only submitted requests can be approved."))
        self.write(
            {
                "state": "approved",
                "decided_by_id": self.env.user.id,
                "decided_date": fields.Datetime.now(),
            }
        )
        return True

    def action_refuse(self):
        self.env.user._stekas_check_dispatcher(
            self.env._("Only the dispatcher can approve or refuse requests.")
        )
        if any(request.state != "submitted" for request in self):
            raise UserError(self.env._("Only submitted requests can be refused."))
        self.write(
            {
                "state": "refused",
                "decided_by_id": self.env.user.id,
                "decided_date": fields.Datetime.now(),
            }
        )
        return True

    def _is_valid(self, today=None):
        """Approved and not expired."""
        today = today or fields.Date.context_today(self)
        self.ensure_one()
        return self.state == "approved" and (
            not self.valid_until or self.valid_until >= today
        )
