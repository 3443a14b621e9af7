# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import StekasBillingCommon


@tagged("post_install", "-at_install")
class TestContractPrograms(StekasBillingCommon):
    """R-BIL-1 rev. 2: a client holds one active contract per program; the
    dispatcher says which one a ticket is under, and its time uses that
    contract's free hours and rate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Program = cls.env["stekas.program"].with_user(cls.accountant)
        cls.accounting, cls.payroll = Program.create(
            [{"name": "Accounting"}, {"name": "Payroll"}]
        )
        cls.contract.with_user(cls.accountant).program_id = cls.accounting

    def setUp(self):
        super().setUp()
        self.Contract = self.env["stekas.support.contract"].with_user(self.accountant)
        self.ticket.with_user(self.dispatcher).user_id = self.consultant
        self.Line = self.env["account.analytic.line"].with_user(self.consultant)

    def _payroll_contract(self, **vals):
        return self.Contract.create(
            {
                "name": "AS-TEST-PAYROLL",
                "partner_id": self.client_a.id,
                "program_id": self.payroll.id,
                "date_start": date(2025, 1, 1),
                "period_type": "month",
                "free_hours": 1.0,
                "hourly_rate": 60.0,
                "state": "active",
                **vals,
            }
        )

    def test_two_programs_allowed_same_program_refused(self):
        payroll = self._payroll_contract()
        self.assertEqual(payroll.state, "active")
        with self.assertRaises(ValidationError):
            self.Contract.create(
                {
                    "name": "AS-TEST-ACC-2",
                    "partner_id": self.client_a.id,
                    "program_id": self.accounting.id,
                    "date_start": date(2026, 1, 1),
                    "state": "active",
                }
            )
        # a draft for the same program is fine until it is activated
        draft = self.Contract.create(
            {
                "name": "AS-TEST-ACC-3",
                "partner_id": self.client_a.id,
                "program_id": self.accounting.id,
                "date_start": date(2026, 1, 1),
            }
        )
        with self.assertRaises(ValidationError):
            draft.action_activate()
        # moving the payroll contract onto the accounting program is refused
        with self.assertRaises(ValidationError):
            payroll.program_id = self.accounting

    def test_ticket_defaults_to_the_only_contract(self):
        self.assertEqual(self.ticket.stekas_contract_id, self.contract)
        line = self.Line.create(self._vals(30))
        self.assertEqual(line.stekas_contract_id, self.contract)

    def test_several_contracts_the_dispatcher_chooses(self):
        payroll = self._payroll_contract()
        ticket = self.ticket.with_user(self.dispatcher)
        self.assertFalse(ticket.stekas_contract_id)
        self.assertTrue(ticket.stekas_contract_missing)
        # no time is logged before the choice
        with self.assertRaises(UserError):
            self.Line.create(self._vals(30))
        ticket.stekas_contract_id = payroll
        self.assertEqual(ticket.stekas_contract_choice_id, payroll)
        # 90 min, 96 billed (R-CON-6): 60 free of payroll's hour, 36 beyond
        line = self.Line.create(self._vals(90))
        self.assertEqual(line.stekas_contract_id, payroll)
        self.assertEqual(line.stekas_period_id.contract_id, payroll)
        self.assertEqual(self._split(line), [(60, 36)])
        self.assertFalse(self._period(date(2026, 1, 1)))  # accounting untouched
        # the dispatcher moves the ticket to the accounting contract: its
        # entries follow, with accounting's 2 free hours
        ticket.stekas_contract_id = self.contract
        self.assertEqual(line.stekas_contract_id, self.contract)
        self.assertEqual(self._split(line), [(96, 0)])
        self.assertEqual(payroll.period_ids.used_minutes, 0)

    def test_each_contract_bills_at_its_own_rate(self):
        payroll = self._payroll_contract()
        self.ticket.with_user(self.dispatcher).stekas_contract_id = payroll
        ticket_acc = self._create_ticket(self.contact_a)
        ticket_acc.with_user(self.dispatcher).write(
            {"user_id": self.consultant.id, "stekas_contract_id": self.contract.id}
        )
        # payroll: 96 billed over 60 free -> 36 min at 60; accounting: 3 h
        # (180 billed) over 120 free -> 60 min at 45
        self.Line.create(self._vals(90))
        self.Line.create(self._vals(180, ticket=ticket_acc))
        wizard = (
            self.env["stekas.billing.run"]
            .with_user(self.accountant)
            .create(
                {
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 1, 31),
                    "partner_ids": [Command.set(self.client_a.ids)],
                }
            )
        )
        action = wizard.action_run()
        invoice = self.env["account.move"].search(action["domain"])
        lines = invoice.invoice_line_ids.sorted("price_unit")
        self.assertEqual(
            [(line.quantity, line.price_unit) for line in lines],
            [(1.0, 45.0), (0.6, 60.0)],
        )

    def test_only_dispatchers_choose_and_only_the_clients_contracts(self):
        payroll = self._payroll_contract()
        for user in (self.consultant, self.accountant):
            with self.assertRaises(AccessError):
                self.ticket.with_user(user).write({"stekas_contract_id": payroll.id})
            with self.assertRaises(AccessError):
                self.ticket.with_user(user).write(
                    {"stekas_contract_choice_id": payroll.id}
                )
        other = self.Contract.create(
            {
                "name": "AS-TEST-B",
                "partner_id": self.client_b.id,
                "date_start": date(2025, 1, 1),
                "state": "active",
            }
        )
        with self.assertRaises(ValidationError):
            self.ticket.with_user(self.dispatcher).stekas_contract_choice_id = other

    def test_consultant_cannot_edit_contracts_nor_programs(self):
        with self.assertRaises(AccessError):
            self.contract.with_user(self.consultant).program_id = self.payroll
        with self.assertRaises(AccessError):
            self.env["stekas.program"].with_user(self.consultant).create(
                {"name": "Warehouse"}
            )
        with self.assertRaises(AccessError):
            self.env["stekas.program"].with_user(self.portal_a).create(
                {"name": "Warehouse"}
            )

    def test_entry_before_the_choice_is_kept_on_the_latest_contract(self):
        """Time logged while the client had one contract stays there when a
        second one (another program) is activated later."""
        line = self.Line.create(self._vals(30, datetime(2026, 1, 5, 9)))
        self._payroll_contract()
        self.assertEqual(line.stekas_contract_id, self.contract)
