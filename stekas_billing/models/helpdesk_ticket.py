# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.stekas_helpdesk.lib import durations

from ..lib import invoicing

# Only dispatchers register these (R-BIL-4).
PREPAY_FIELDS = {
    "stekas_prepay_hours",
    "stekas_prepay_work_type_ids",
    "stekas_prepay_proof_date",
    "stekas_prepay_waiver_reason",
}
# The states in which the prepayment gate holds the ticket (R-BIL-4).
PREPAY_GATED_STATES = ("needs", "to_invoice", "waiting")
# Only dispatchers choose the contract of a ticket (R-BIL-1 rev. 2).
CONTRACT_FIELDS = {"stekas_contract_id", "stekas_contract_choice_id"}


class HelpdeskTicket(models.Model):
    """The client's contract and free hours on the ticket (R-BIL-1), and the
    prepayment before work (R-BIL-4): a ticket of a client without a contract
    in that mode cannot be assigned, routed, moved on nor have time logged
    from the start, until the dispatcher registers the needs (hours and work
    types), issues the prepayment invoice (e-mailed to the client) and the
    invoice is paid in Odoo or the client's proof of payment is recorded; or
    the dispatcher waives it, with a reason, for needs of free work only."""

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
    stekas_quota_used_percent = fields.Float(
        string="Client's quota used (%)",
        compute="_compute_stekas_contract",
        digits=(16, 0),
        help="Share of the free hours of the current period the client has used.",
    )

    stekas_prepay_hours = fields.Float(
        string="Estimated hours to prepay",
        tracking=True,
        help="Registers the need of a prepayment (R-BIL-4): the ticket waits for "
        "the payment before a consultant is assigned.",
    )
    stekas_prepay_work_type_ids = fields.Many2many(
        "stekas.work.type",
        "helpdesk_ticket_stekas_prepay_work_type_rel",
        "ticket_id",
        "work_type_id",
        string="Work needed",
        help="The kinds of work the client needs (R-BIL-4), registered by the "
        "dispatcher with the estimated hours before the prepayment invoice.",
    )
    stekas_prepay_waiver_reason = fields.Text(
        string="Prepayment waived because",
        tracking=True,
        copy=False,
        help="Why the dispatcher lets a ticket whose needs are only free work "
        "(bug fixes, law updates) be worked on without a prepayment.",
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
            ("needs", "Needs to register"),
            ("to_invoice", "To invoice"),
            ("waiting", "Waiting for payment"),
            ("paid", "Paid"),
            ("waived", "Waived (free work)"),
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
            ticket.stekas_quota_used_percent = (
                contract.current_used_percent if contract else 0.0
            )

    def _compute_stekas_can_choose_contract(self):
        self.stekas_can_choose_contract = self.env.user._stekas_is_dispatcher()

    def _inverse_stekas_contract_id(self):
        for contract, tickets in self.grouped("stekas_contract_id").items():
            tickets.stekas_contract_choice_id = contract

    @api.constrains("stekas_contract_choice_id", "partner_id")
    def _check_stekas_contract_choice(self):
        # sudo: the dispatcher choosing may not read the contracts themselves
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
        "stekas_prepay_work_type_ids.billing_policy",
        "stekas_prepay_waiver_reason",
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
                partner.stekas_billing_mode == "prepay"
                and not ticket.stekas_contract_id
            ):
                ticket.stekas_prepay_state = "none"
            elif (
                ticket._stekas_prepay_is_waivable()
                and (ticket.stekas_prepay_waiver_reason or "").strip()
            ):
                ticket.stekas_prepay_state = "waived"
            elif ticket.stekas_prepay_proof_date or invoice.payment_state in (
                "paid",
                "in_payment",
            ):
                ticket.stekas_prepay_state = "paid"
            elif invoice:
                ticket.stekas_prepay_state = "waiting"
            elif ticket.stekas_prepay_hours > 0 and ticket.stekas_prepay_work_type_ids:
                ticket.stekas_prepay_state = "to_invoice"
            else:
                ticket.stekas_prepay_state = "needs"

    def _stekas_prepay_is_waivable(self):
        """Whether the registered needs are only free work (R-BIL-2), which
        the dispatcher may let be done without a prepayment."""
        self.ensure_one()
        # sudo: whoever reads the ticket (its client on the portal too) sees
        # its prepayment state, without access to the work types
        work_types = self.sudo().stekas_prepay_work_type_ids
        return bool(work_types) and all(
            work_type.billing_policy == "free" for work_type in work_types
        )

    @api.model_create_multi
    def create(self, vals_list):
        self._stekas_check_prepay_rights(vals_list)
        tickets = super().create(vals_list)
        tickets._stekas_check_prepay_waiver(vals_list)
        return tickets

    def write(self, vals):
        if CONTRACT_FIELDS & set(vals) and not self.env.su:
            self.env.user._stekas_check_dispatcher(
                self.env._(
                    "Only dispatchers choose the support contract a ticket is "
                    "under (R-BIL-1)."
                )
            )
        self._stekas_check_prepay_rights([vals])
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
        self._stekas_check_prepay_waiver([vals])
        return res

    @api.model
    def _stekas_check_prepay_rights(self, vals_list):
        """Whatever the path (form, import, JSON-RPC, a ticket created with
        them), only dispatchers set the needs, the proof or the waiver."""
        if self.env.su or not any(PREPAY_FIELDS & set(vals) for vals in vals_list):
            return
        self.env.user._stekas_check_dispatcher(
            self.env._(
                "Only dispatchers register a prepayment or the client's "
                "proof of payment (R-BIL-4)."
            )
        )

    def _stekas_check_prepay_waiver(self, vals_list):
        """A waiver is kept only for needs of free work."""
        if any(
            str(vals.get("stekas_prepay_waiver_reason") or "").strip()
            for vals in vals_list
        ):
            refused = self.filtered(lambda t: not t._stekas_prepay_is_waivable())
            if refused:
                raise UserError(
                    self.env._(
                        "The prepayment of ticket %(ticket)s can be waived only "
                        "when the work needed is registered and all of it is "
                        "free work (such as bug fixes or law updates).",
                        ticket=refused[0].number,
                    )
                )

    def _stekas_get_work_blockers(self, action):
        blockers = super()._stekas_get_work_blockers(action)
        if action == "time" and self.env.user._is_superuser():
            # Time logged by the system itself (imports of past entries,
            # migrations) is no work on the ticket; anyone else's is.
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
            lambda t: t.stekas_prepay_state in PREPAY_GATED_STATES
        ):
            blockers.setdefault(ticket, []).append(
                ticket._stekas_get_prepay_blocker_message(action)
            )
        return blockers

    def _stekas_get_prepay_blocker_message(self, action):
        """What the prepayment gate misses on this ticket, and who acts next."""
        self.ensure_one()
        _ = self.env._
        ticket = self.number or self.display_name
        what = {
            "stage": _("Ticket %(ticket)s cannot move on", ticket=ticket),
            "time": _("Time cannot be logged on ticket %(ticket)s", ticket=ticket),
            "route": _("Urgent ticket %(ticket)s cannot be routed", ticket=ticket),
        }.get(action) or _("Ticket %(ticket)s cannot be assigned", ticket=ticket)
        client = self.commercial_partner_id.display_name
        if self.stekas_prepay_state == "waiting":
            why = _(
                "client %(client)s pays before work (R-BIL-4) and has not paid "
                "prepayment invoice %(invoice)s yet. Next: the client pays and "
                "sends the payment order copy; the dispatcher records the proof "
                "of payment.",
                client=client,
                # sudo: the invoice's number is shown to whoever is refused
                invoice=self.sudo().stekas_prepay_invoice_id.name,
            )
        elif self.stekas_prepay_state == "to_invoice":
            why = _(
                "client %(client)s pays before work (R-BIL-4) and the prepayment "
                "invoice is not issued yet. Next: the dispatcher issues it from "
                "the ticket.",
                client=client,
            )
        else:
            why = _(
                "client %(client)s pays before work (R-BIL-4) and the needs are "
                "not registered. Next: the dispatcher registers the estimated "
                "hours and the work needed, then issues the prepayment invoice "
                "(or waives it, with a reason, for free work only).",
                client=client,
            )
        return f"{what}: {why}"

    def action_stekas_prepayment_invoice(self):
        """Issue (post) the prepayment invoice of the estimated hours at the
        client's rate and e-mail it to the client with its PDF."""
        self.ensure_one()
        self.check_access("write")
        self.env.user._stekas_check_dispatcher(
            self.env._("Only dispatchers issue a prepayment invoice (R-BIL-4).")
        )
        partner = self.commercial_partner_id
        if self.stekas_prepay_state != "to_invoice":
            raise UserError(
                self.env._(
                    "A prepayment invoice is issued once, for a client without a "
                    "contract in prepayment mode, after the estimated hours and "
                    "the work needed are registered."
                )
            )
        priced = self._stekas_get_prepay_priced_needs()
        if not priced:
            raise UserError(
                self.env._(
                    "The needs hold only free work, which is not invoiced: waive "
                    "the prepayment with a reason instead."
                )
            )
        if any(not rate for _work_type, _minutes, rate in priced):
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
        self._stekas_send_prepay_invoice(invoice)
        return True

    def _stekas_receive_payment_proof(self, filename, content, author):
        """The client's copy of the payment order, uploaded on the portal by
        `author`: a message with the file on the ticket (where the
        personal-data guard scans it) and a to-do for the dispatchers, who
        confirm it by recording the proof date (R-BIL-4)."""
        self.ensure_one()
        message = self.env._(
            "The client sent a copy of the payment order of prepayment invoice "
            "%(invoice)s. Check it and record the proof of payment to let the "
            "work begin.",
            invoice=self.stekas_prepay_invoice_id.name,
        )
        self.message_post(
            body=message,
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachments=[(filename, content)],
        )
        for user in self._stekas_get_dispatchers():
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=self.env._("Confirm the client's proof of payment"),
                note=message,
            )

    def _stekas_send_prepay_invoice(self, invoice):
        """E-mail the prepayment `invoice` to the client, in the client's
        language, with the invoice's PDF (the template's report)."""
        self.ensure_one()
        template = self.env.ref("stekas_billing.mail_template_prepayment_invoice")
        # sudo: as when issued, dispatchers have no rights in accounting
        template.sudo().send_mail(
            invoice.id, email_layout_xmlid="mail.mail_notification_light"
        )
        invoice.sudo().is_move_sent = True
        self.message_post(
            body=self.env._(
                "Prepayment invoice %(invoice)s e-mailed to the client.",
                invoice=invoice.name,
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _stekas_get_prepay_priced_needs(self):
        """[(work type, minutes, rate)] of the registered needs that are
        invoiced: each work type that is not free, with its share of the
        estimated hours (the needs hold one total: split evenly) and its
        rate by the invoicing rules without a contract (the catalogue price
        of paid work, else the client's rate; R-BIL-4)."""
        self.ensure_one()
        partner = self.commercial_partner_id
        # sudo: dispatchers price the needs by the catalogue they may read;
        # the ticket's own read rights decide the rest
        work_types = self.sudo().stekas_prepay_work_type_ids.filtered(
            lambda wt: wt.billing_policy != "free"
        )
        shares = invoicing.split_minutes(
            durations.hours_to_minutes(self.stekas_prepay_hours), len(work_types)
        )
        return [
            (
                work_type,
                minutes,
                invoicing.rate(
                    invoicing.BillEntry(
                        key=None,
                        minutes=minutes,
                        overage=0,
                        policy=work_type.billing_policy,
                        work_type=work_type.id,
                        entry_rate=None,
                        type_rate=work_type.hourly_rate,
                        contract_rate=None,
                        client_rate=partner.stekas_hourly_rate,
                        ticket=self.id,
                    )
                ),
            )
            for work_type, minutes in zip(work_types, shares, strict=True)
        ]

    def _stekas_prepare_prepay_invoice_vals(self):
        partner = self.commercial_partner_id
        Move = self.env["account.move"]
        company = self.company_id or self.env.company
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
                            "Prepayment for support, ticket %(ticket)s: %(work)s",
                            ticket=self.number,
                            work=work_type.with_env(self.env).name,
                        ),
                        "quantity": invoicing.minutes_to_quantity(minutes),
                        "price_unit": rate,
                    }
                )
                for work_type, minutes, rate in self._stekas_get_prepay_priced_needs()
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
