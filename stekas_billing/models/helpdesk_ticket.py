# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.stekas_helpdesk.lib import durations

from ..lib import invoicing

# Only dispatchers register these (R-BIL-4).
PREPAY_FIELDS = {"stekas_prepay_hours", "stekas_prepay_proof_date"}
# Only dispatchers choose the contract of a ticket (R-BIL-1 rev. 2).
CONTRACT_FIELDS = {"stekas_contract_id", "stekas_contract_choice_id"}


class HelpdeskTicket(models.Model):
    """The client's contract and free hours on the ticket (R-BIL-1), and the
    prepayment before work (R-BIL-4): for a client without a contract in that
    mode, once the dispatcher registers the estimated hours, the ticket cannot
    be assigned nor have time logged until the prepayment invoice is paid in
    Odoo or the client's proof of payment is recorded."""

    _inherit = "helpdesk.ticket"

    stekas_contract_id = fields.Many2one(
        "stekas.support.contract",
        string="Support contract",
        compute="_compute_stekas_contract",
        inverse="_inverse_stekas_contract_id",
        help="The client's active support contract the ticket is under "
        "(R-BIL-1): its only one, or the one the dispatcher chose when the "
        "client has several (one per program).",
    )
    stekas_contract_choice_id = fields.Many2one(
        "stekas.support.contract",
        string="Contract chosen by the dispatcher",
        copy=False,
        tracking=True,
        index="btree_not_null",
        help="When the client has several active contracts, the one whose "
        "free hours and rates the ticket's time uses.",
    )
    stekas_can_choose_contract = fields.Boolean(
        string="Can choose the contract",
        compute="_compute_stekas_can_choose_contract",
        help="The current user is a dispatcher, who chooses the contract.",
    )
    stekas_contract_missing = fields.Boolean(
        string="Contract to choose",
        compute="_compute_stekas_contract",
        help="The client has several active contracts and none is chosen.",
    )
    stekas_free_hours_remaining = fields.Float(
        string="Client's free hours left",
        compute="_compute_stekas_contract",
        help="Free hours left to the client in the current period of its "
        "support contract.",
    )

    stekas_prepay_hours = fields.Float(
        string="Estimated hours to prepay",
        tracking=True,
        help="Registers the need of a prepayment (R-BIL-4): the ticket waits for "
        "the payment before a consultant is assigned.",
    )
    stekas_prepay_invoice_id = fields.Many2one(
        "account.move", string="Prepayment invoice", readonly=True, copy=False
    )
    stekas_prepay_proof_date = fields.Date(
        string="Proof of payment received",
        tracking=True,
        copy=False,
        help="Date the client's copy of the payment order was received.",
    )
    stekas_prepay_state = fields.Selection(
        selection=[
            ("none", "Not required"),
            ("to_invoice", "To invoice"),
            ("waiting", "Waiting for payment"),
            ("paid", "Paid"),
        ],
        string="Prepayment",
        compute="_compute_stekas_prepay_state",
    )
    stekas_prepay_settlement_id = fields.Many2one(
        "account.move", string="Settlement", readonly=True, copy=False
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
        by_partner = contracts.grouped("partner_id")
        for ticket in self:
            active = by_partner.get(ticket.commercial_partner_id, Contract)
            contract = ticket.sudo().stekas_contract_choice_id & active
            if not contract and len(active) == 1:
                contract = active
            ticket.stekas_contract_id = contract
            ticket.stekas_contract_missing = len(active) > 1 and not contract
            ticket.stekas_free_hours_remaining = (
                contract.current_remaining_hours if contract else 0.0
            )

    def _compute_stekas_can_choose_contract(self):
        self.stekas_can_choose_contract = self.env.user._stekas_is_dispatcher()

    def _inverse_stekas_contract_id(self):
        for contract, tickets in self.grouped("stekas_contract_id").items():
            tickets.stekas_contract_choice_id = contract

    @api.constrains("stekas_contract_choice_id", "partner_id")
    def _check_stekas_contract_choice(self):
        for ticket in self.sudo().filtered("stekas_contract_choice_id"):
            contract = ticket.stekas_contract_choice_id
            if contract.partner_id != ticket.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s can only be under a contract of its "
                        "client, not %(contract)s.",
                        ticket=ticket.number,
                        contract=contract.name,
                    )
                )

    @api.depends(
        "stekas_prepay_hours",
        "stekas_prepay_proof_date",
        "stekas_prepay_invoice_id.payment_state",
        "commercial_partner_id.stekas_billing_mode",
    )
    def _compute_stekas_prepay_state(self):
        # sudo: the dispatcher and consultants see whether the client paid.
        for ticket in self:
            partner = ticket.commercial_partner_id
            invoice = ticket.sudo().stekas_prepay_invoice_id
            if not (
                ticket.stekas_prepay_hours
                and partner.stekas_billing_mode == "prepay"
                and not ticket.stekas_contract_id
            ):
                ticket.stekas_prepay_state = "none"
            elif ticket.stekas_prepay_proof_date or invoice.payment_state in (
                "paid",
                "in_payment",
            ):
                ticket.stekas_prepay_state = "paid"
            elif invoice:
                ticket.stekas_prepay_state = "waiting"
            else:
                ticket.stekas_prepay_state = "to_invoice"

    def write(self, vals):
        if CONTRACT_FIELDS & set(vals) and not self.env.su:
            self.env.user._stekas_check_dispatcher(
                self.env._(
                    "Only dispatchers choose the support contract a ticket is "
                    "under (R-BIL-1)."
                )
            )
        if PREPAY_FIELDS & set(vals) and not self.env.su:
            self.env.user._stekas_check_dispatcher(
                self.env._(
                    "Only dispatchers register a prepayment or the client's "
                    "proof of payment (R-BIL-4)."
                )
            )
        # the choice itself is written here (the contract's inverse too)
        choosing = "stekas_contract_choice_id" in vals
        old_choice = (
            {t.id: t.stekas_contract_choice_id for t in self} if choosing else {}
        )
        res = super().write(vals)
        if choosing:
            changed = self.filtered(
                lambda t: t.stekas_contract_choice_id != old_choice[t.id]
            )
            # sudo: every consultant's entries move to the chosen contract
            lines = changed.sudo().timesheet_ids
            lines._stekas_reallocate(extra_periods=lines.stekas_period_id)
        return res

    def _stekas_get_work_blockers(self, action):
        blockers = super()._stekas_get_work_blockers(action)
        if action not in ("assign", "time"):
            return blockers
        if action == "time":
            for ticket in self.filtered("stekas_contract_missing"):
                blockers.setdefault(ticket, []).append(
                    self.env._(
                        "The client of ticket %(ticket)s has several active "
                        "support contracts (one per program): a dispatcher "
                        "chooses the ticket's contract before time is logged.",
                        ticket=ticket.number,
                    )
                )
        for ticket in self.filtered(
            lambda t: t.stekas_prepay_state in ("to_invoice", "waiting")
        ):
            blockers.setdefault(ticket, []).append(
                self.env._(
                    "Ticket %(ticket)s waits for the client's prepayment (R-BIL-4): "
                    "no consultant can be assigned and no time logged until the "
                    "prepayment invoice is paid or the proof of payment is "
                    "recorded.",
                    ticket=ticket.number,
                )
            )
        return blockers

    def action_stekas_prepayment_invoice(self):
        """Issue (post) the prepayment invoice of the estimated hours at the
        client's rate."""
        self.ensure_one()
        self.check_access("write")
        partner = self.commercial_partner_id
        if self.stekas_prepay_state != "to_invoice":
            raise UserError(
                self.env._(
                    "A prepayment invoice is issued once, for a client without a "
                    "contract in prepayment mode, after the estimated hours are set."
                )
            )
        if not partner.stekas_hourly_rate:
            raise UserError(
                self.env._(
                    "Set the hourly rate of %(client)s first.", client=partner.name
                )
            )
        # sudo: dispatchers issue the prepayment invoice of R-BIL-4 without
        # other rights in accounting.
        Move = self.env["account.move"].sudo()
        invoice = Move.create(self._stekas_prepare_prepay_invoice_vals())
        invoice.action_post()
        self.stekas_prepay_invoice_id = invoice
        return True

    def _stekas_prepare_prepay_invoice_vals(self):
        partner = self.commercial_partner_id
        Move = self.env["account.move"]
        company = self.company_id or self.env.company
        minutes = durations.hours_to_minutes(self.stekas_prepay_hours)
        return {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "company_id": company.id,
            "journal_id": self.env["account.journal"]
            ._stekas_get_prepayment_journal(company)
            .id,
            "stekas_prepayment": True,
            "currency_id": (
                partner.stekas_hourly_rate_currency_id or company.currency_id
            ).id,
            "invoice_origin": self.number,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": Move._stekas_get_product().id,
                        "name": self.env._(
                            "Prepayment for support, ticket %(ticket)s",
                            ticket=self.number,
                        ),
                        "quantity": invoicing.minutes_to_quantity(minutes),
                        "price_unit": partner.stekas_hourly_rate,
                    }
                )
            ],
        }

    def action_stekas_settle_prepayment(self):
        """Settle the actual billed time against the prepaid amount: the
        difference is invoiced, or credited (R-BIL-4)."""
        self.ensure_one()
        self.check_access("write")
        prepaid = self.sudo().stekas_prepay_invoice_id  # sudo: as when issued
        if not prepaid or prepaid.state != "posted" or self.stekas_prepay_settlement_id:
            raise UserError(
                self.env._("There is no issued prepayment invoice left to settle.")
            )
        # sudo: the settlement bills every consultant's entries of the ticket
        Line = self.env["account.analytic.line"].sudo()
        entries = Line.search(
            self._stekas_get_settlement_entries_domain()
        )._stekas_lock_for_billing()
        Move = self.env["account.move"].sudo()  # sudo: as when issued
        move = Move.create(self._stekas_prepare_settlement_vals(prepaid, entries))
        entries.write(
            {
                "timesheet_invoice_id": move.id,
                "stekas_invoice_line_id": move.invoice_line_ids[:1].id,
            }
        )
        self.stekas_prepay_settlement_id = move
        return move

    def _stekas_get_settlement_entries_domain(self):
        """The ticket's entries that the settlement bills."""
        self.ensure_one()
        return [
            ("ticket_id", "=", self.id),
            ("timesheet_invoice_id", "=", False),
            ("stekas_billed_minutes", ">", 0),
            ("stekas_billing_policy", "!=", "free"),
        ]

    def _stekas_prepare_settlement_vals(self, prepaid, entries):
        """The invoice of the difference between the time of `entries` at the
        client's rate and the `prepaid` invoice, or the credit note when the
        client paid more."""
        self.ensure_one()
        partner = self.commercial_partner_id
        rate = partner.stekas_hourly_rate
        minutes = sum(entries.mapped("stekas_billed_minutes"))
        actual = invoicing.line_amount(minutes, rate)
        difference = round(actual - prepaid.amount_untaxed, 2)
        product = self.env["account.move"]._stekas_get_product()
        lines = [
            {
                "product_id": product.id,
                "name": self.env._(
                    "Actual support time, ticket %(ticket)s", ticket=self.number
                ),
                "quantity": invoicing.minutes_to_quantity(minutes),
                "price_unit": rate,
            },
            {
                "product_id": product.id,
                "name": self.env._("Prepaid on %(invoice)s", invoice=prepaid.name),
                "quantity": 1.0,
                "price_unit": -prepaid.amount_untaxed,
            },
        ]
        if difference < 0:
            lines = [{**line, "price_unit": -line["price_unit"]} for line in lines]
        return {
            "move_type": "out_invoice" if difference >= 0 else "out_refund",
            "partner_id": partner.id,
            "company_id": prepaid.company_id.id,
            "currency_id": prepaid.currency_id.id,
            "journal_id": prepaid.journal_id.id,
            "stekas_prepayment": difference >= 0,
            "invoice_origin": self.number,
            "invoice_line_ids": [Command.create(line) for line in lines],
        }
