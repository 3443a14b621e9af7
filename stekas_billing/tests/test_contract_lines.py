# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import StekasBillingCommon

JAN_START, JAN_END = date(2026, 1, 1), date(2026, 1, 31)


class ContractLinesCommon(StekasBillingCommon):
    """Client A's contract (2 free hours a month, 45 beyond) may list its own
    terms per work type (R-BIL-1 rev. 2, R-BIL-2 rev. 2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.wt_training.hourly_rate = 70.0
        cls.work_ticket = cls._create_ticket(cls.contact_a, user_id=cls.consultant.id)

    def _set_terms(self, *lines, contract=None, user=None):
        """The dispatcher adds lines on the contract's form (its one2many)."""
        contract = contract or self.contract
        contract.with_user(user or self.dispatcher).write(
            {"line_ids": [Command.create(vals) for vals in lines]}
        )
        return contract.line_ids

    def _work(self, minutes, day, work_type):
        """The consultant logs time on the ticket, as the journal does."""
        return (
            self.env["account.analytic.line"]
            .with_user(self.consultant)
            .create(
                self._vals(
                    minutes,
                    datetime(2026, 1, day, 9),
                    work_type,
                    ticket=self.work_ticket,
                )
            )
        )

    def _run(self):
        wizard = (
            self.env["stekas.billing.run"]
            .with_user(self.accountant)
            .create(
                {
                    "date_from": JAN_START,
                    "date_to": JAN_END,
                    "partner_ids": [Command.set(self.client_a.ids)],
                    "send_statements": False,
                }
            )
        )
        action = wizard.action_run()
        return self.env["account.move"].search(action.get("domain") or [("id", "=", 0)])


@tagged("post_install", "-at_install")
class TestContractLines(ContractLinesCommon):
    """A contract's lines override the catalogue's policy and price for their
    work types; unlisted types follow the catalogue (R-BIL-2 rev. 2)."""

    def test_free_catalogue_type_paid_under_the_contract(self):
        self._set_terms(
            {
                "work_type_id": self.wt_bug_fix.id,
                "billing_policy": "paid",
                "hourly_rate": 60.0,
            }
        )
        entry = self._work(36, 5, self.wt_bug_fix)
        self.assertEqual(entry.stekas_billing_policy, "paid")
        invoice = self._run()
        self.assertEqual(entry.timesheet_invoice_id, invoice)
        line = invoice.invoice_line_ids
        self.assertEqual((line.quantity, line.price_unit), (0.6, 60.0))
        self.assertIn("Bug fix", line.name)
        # the accountant's report prices it the same way
        report = (
            self.env["stekas.billing.report"]
            .with_user(self.accountant)
            .search([("id", "=", entry.id)])
        )
        self.assertAlmostEqual(report.amount, 36.0, places=2)

    def test_paid_catalogue_type_free_under_the_contract(self):
        self._set_terms({"work_type_id": self.wt_training.id, "billing_policy": "free"})
        training = self._work(60, 5, self.wt_training)
        self.assertEqual(training.stekas_billing_policy, "free")
        self.assertFalse(self._run())
        self.assertFalse(training.timesheet_invoice_id)
        period = training.stekas_period_id
        self.assertEqual((period.paid_minutes, period.free_type_minutes), (0, 60))

    def test_unlisted_types_follow_the_catalogue(self):
        self._set_terms(
            {
                "work_type_id": self.wt_bug_fix.id,
                "billing_policy": "paid",
                "hourly_rate": 60.0,
            }
        )
        training = self._work(60, 5, self.wt_training)
        new_feature = self._work(
            60, 6, self.env.ref("stekas_billing.stekas_work_type_new_feature")
        )
        invoice = self._run()
        prices = {
            line.name.split(",")[0]: line.price_unit
            for line in invoice.invoice_line_ids
        }
        # training at its catalogue price, a new feature (no price) at the
        # contract's rate
        self.assertEqual(
            prices,
            {"Paid work: Training": 70.0, "Paid work: New feature or change": 45.0},
        )
        self.assertEqual(
            (training | new_feature).timesheet_invoice_id, invoice, "both billed"
        )

    def test_line_without_rate_takes_the_catalogue_price(self):
        self._set_terms({"work_type_id": self.wt_training.id, "billing_policy": "paid"})
        self._work(60, 5, self.wt_training)
        self.assertEqual(self._run().invoice_line_ids.price_unit, 70.0)

    def test_new_terms_reprice_open_entries_not_billed_ones(self):
        billed = self._work(60, 5, self.wt_training)
        invoice = self._run()
        self.assertEqual(billed.timesheet_invoice_id, invoice)
        open_entry = self._work(60, 20, self.wt_training)
        self._set_terms({"work_type_id": self.wt_training.id, "billing_policy": "free"})
        self.assertEqual(open_entry.stekas_billing_policy, "free")
        self.assertEqual(billed.stekas_billing_policy, "paid")
        self.assertEqual(billed.timesheet_invoice_id, invoice)

    def test_free_hours_only_for_quota_terms(self):
        with self.assertRaises(ValidationError):
            self._set_terms(
                {
                    "work_type_id": self.wt_training.id,
                    "billing_policy": "paid",
                    "free_hours": 1.0,
                }
            )

    def test_dispatcher_cannot_change_the_contract_with_its_lines(self):
        with self.assertRaises(AccessError):
            self.contract.with_user(self.dispatcher).write(
                {
                    "hourly_rate": 1.0,
                    "line_ids": [
                        Command.create(
                            {
                                "work_type_id": self.wt_training.id,
                                "billing_policy": "free",
                            }
                        )
                    ],
                }
            )
        self.assertFalse(self.contract.line_ids)

    def test_dispatcher_cannot_reach_another_contracts_line(self):
        other = self.env["stekas.support.contract"].create(
            {
                "name": "AS-TEST-B",
                "partner_id": self.client_b.id,
                "date_start": date(2025, 1, 1),
                "hourly_rate": 30.0,
                "state": "active",
            }
        )
        other_line = self._set_terms(
            {"work_type_id": self.wt_training.id, "billing_policy": "paid"},
            contract=other,
        )
        # a line created for contract A that names contract B stays A's;
        # an update or deletion of B's line through A's form does nothing
        self.contract.with_user(self.dispatcher).write(
            {
                "line_ids": [
                    Command.create(
                        {
                            "contract_id": other.id,
                            "work_type_id": self.wt_bug_fix.id,
                            "billing_policy": "paid",
                        }
                    ),
                    Command.update(other_line.id, {"billing_policy": "free"}),
                    Command.delete(other_line.id),
                ]
            }
        )
        self.assertEqual(self.contract.line_ids.work_type_id, self.wt_bug_fix)
        self.assertEqual(other.line_ids, other_line)
        self.assertEqual(other_line.billing_policy, "paid")


@tagged("post_install", "-at_install")
class TestAdditionalWorkQuota(ContractLinesCommon):
    """Free time for additional work (R-BIL-1 rev. 2): a line with free hours
    of its own is a quota of its own, beyond it billed at the line's rate."""

    def setUp(self):
        super().setUp()
        self.terms = self._set_terms(
            {
                "work_type_id": self.wt_training.id,
                "billing_policy": "quota",
                "free_hours": 1.0,
                "hourly_rate": 80.0,
            }
        )

    def test_own_quota_and_its_overage(self):
        consulting = self._work(144, 5, self.wt_consulting)
        training = self._work(84, 6, self.wt_training)
        # consulting still has its 2 hours: training consumed none of them
        self.assertEqual(self._split(consulting | training), [(120, 24), (60, 24)])
        period = consulting.stekas_period_id
        self.assertEqual((period.used_minutes, period.overage_minutes), (120, 48))
        self.assertEqual(period._get_line_usage(), {self.terms.id: 1.0})
        invoice = self._run()
        lines = {line.name.split(",")[0]: line for line in invoice.invoice_line_ids}
        consulting_line = lines["Consulting beyond the contract's free hours"]
        training_line = lines["Training beyond the contract's free hours"]
        self.assertEqual(
            (consulting_line.quantity, consulting_line.price_unit), (0.4, 45.0)
        )
        self.assertEqual(
            (training_line.quantity, training_line.price_unit), (0.4, 80.0)
        )
        self.assertAlmostEqual(invoice.amount_untaxed, 50.0, places=2)
        report = self.env["stekas.billing.report"].with_user(self.accountant)
        amounts = dict(
            report._read_group(
                [("id", "in", (consulting | training).ids)],
                ["work_type_id"],
                ["amount:sum"],
            )
        )
        self.assertAlmostEqual(amounts[self.wt_training], 32.0, places=2)
        self.assertAlmostEqual(amounts[self.wt_consulting], 18.0, places=2)

    def test_own_quota_is_prorated_as_the_consulting_hours(self):
        # the contract ends on 15 January: 15 of 31 days of the period
        self.contract.with_user(self.accountant).date_end = date(2026, 1, 15)
        training = self._work(60, 5, self.wt_training)
        self.assertEqual(self._split(training), [(60 * 15 // 31, 60 - 60 * 15 // 31)])

    def test_later_entries_continue_the_own_quota(self):
        first = self._work(48, 5, self.wt_training)
        second = self._work(24, 6, self.wt_training)
        self.assertEqual(self._split(first | second), [(48, 0), (12, 12)])
        # a change of the line's free hours re-allocates the period
        self.terms.with_user(self.dispatcher).free_hours = 2.0
        self.assertEqual(self._split(first | second), [(48, 0), (24, 0)])


@tagged("post_install", "-at_install")
class TestContractLineSecurity(ContractLinesCommon, HttpCase):
    """Dispatchers and accountants edit a contract's work-type terms;
    consultants read them; a client reads its own contract's only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.terms = cls.env["stekas.support.contract.line"].create(
            {
                "contract_id": cls.contract.id,
                "work_type_id": cls.wt_training.id,
                "billing_policy": "free",
            }
        )
        cls.contract_b = cls.env["stekas.support.contract"].create(
            {
                "name": "AS-TEST-B",
                "partner_id": cls.client_b.id,
                "date_start": date(2025, 1, 1),
                "hourly_rate": 30.0,
                "state": "active",
            }
        )
        cls.terms_b = cls.env["stekas.support.contract.line"].create(
            {
                "contract_id": cls.contract_b.id,
                "work_type_id": cls.wt_bug_fix.id,
                "billing_policy": "paid",
                "hourly_rate": 99.0,
            }
        )

    def test_consultant_reads_but_does_not_edit(self):
        Line = self.env["stekas.support.contract.line"].with_user(self.consultant)
        self.assertEqual(Line.browse(self.terms.id).billing_policy, "free")
        with self.assertRaises(AccessError):
            self.terms.with_user(self.consultant).write({"billing_policy": "paid"})
        with self.assertRaises(AccessError):
            Line.create(
                {
                    "contract_id": self.contract.id,
                    "work_type_id": self.wt_bug_fix.id,
                    "billing_policy": "paid",
                }
            )
        with self.assertRaises(AccessError):
            self.terms.with_user(self.consultant).unlink()
        # nor through the contract's form
        with self.assertRaises(AccessError):
            self._set_terms(
                {"work_type_id": self.wt_bug_fix.id, "billing_policy": "paid"},
                user=self.consultant,
            )

    def test_portal_user_reads_only_and_cannot_edit(self):
        Line = self.env["stekas.support.contract.line"].with_user(self.portal_a)
        self.assertEqual(Line.search([]), self.terms)
        with self.assertRaises(AccessError):
            self.terms.with_user(self.portal_a).write({"billing_policy": "paid"})
        with self.assertRaises(AccessError):
            Line.create(
                {
                    "contract_id": self.contract.id,
                    "work_type_id": self.wt_bug_fix.id,
                    "billing_policy": "free",
                }
            )
        with self.assertRaises(AccessError):
            self.terms.with_user(self.portal_a).unlink()
        with self.assertRaises(AccessError):
            self.terms_b.with_user(self.portal_a).check_access("read")
        # nor through the contract, its own or another's
        for contract in (self.contract, self.contract_b):
            with self.assertRaises(AccessError):
                self._set_terms(
                    {"work_type_id": self.wt_bug_fix.id, "billing_policy": "free"},
                    contract=contract,
                    user=self.portal_a,
                )
        self.assertEqual(self.contract.line_ids, self.terms)

    def test_accountant_and_dispatcher_edit(self):
        self.terms.with_user(self.accountant).hourly_rate = 10.0
        self.terms.with_user(self.dispatcher).billing_policy = "paid"
        self.assertEqual(
            (self.terms.billing_policy, self.terms.hourly_rate), ("paid", 10.0)
        )
        self.terms.with_user(self.dispatcher).unlink()
        self.assertFalse(self.contract.line_ids)

    def _call_kw(self, model, method, args, kwargs=None):
        """The ORM call a portal user's browser could send, as JSON-RPC."""
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_portal_json_rpc_reads_no_other_company_line(self):
        self.portal_a.password = "portal-a-test"
        self.authenticate("test_portal_a", "portal-a-test")
        rows = self._call_kw(
            "stekas.support.contract.line",
            "search_read",
            [[]],
            {"fields": ["work_type_id", "hourly_rate", "contract_id"]},
        )
        self.assertEqual([row["id"] for row in rows], self.terms.ids)
        rows = self._call_kw(
            "stekas.support.contract.line",
            "search_read",
            [[("contract_id", "=", self.contract_b.id)]],
            {"fields": ["hourly_rate"]},
        )
        self.assertEqual(rows, [])
        with self.assertRaises(JsonRpcException) as error:
            self._call_kw(
                "stekas.support.contract.line",
                "read",
                [self.terms_b.ids, ["hourly_rate"]],
            )
        self.assertIn("AccessError", str(error.exception))

    def test_portal_contract_page_shows_own_lines(self):
        self.portal_a.password = "portal-a-test"
        self.authenticate("test_portal_a", "portal-a-test")
        res = self.url_open(f"/my/support-contracts/{self.contract.id}")
        self.assertEqual(res.status_code, 200)
        self.assertIn("stekas_contract_work_types", res.text)
        self.assertIn("Training", res.text)
        self.assertNotIn("99.00", res.text)


@tagged("post_install", "-at_install")
class TestPrepayInvoicePerWorkType(StekasBillingCommon):
    """The prepayment invoice of a client without a contract prices each work
    type of the needs at its own rate (R-BIL-4 rev. 2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_b.stekas_hourly_rate = 40.0
        cls.wt_training.hourly_rate = 70.0

    def _issue(self, hours, work_types):
        ticket = self.ticket_b.with_user(self.dispatcher)
        ticket.write(
            {
                "stekas_prepay_hours": hours,
                "stekas_prepay_work_type_ids": work_types.ids,
            }
        )
        ticket.action_stekas_prepayment_invoice()
        return ticket.sudo().stekas_prepay_invoice_id

    def test_a_line_per_work_type_at_its_rate(self):
        invoice = self._issue(
            2.0, self.wt_consulting | self.wt_training | self.wt_bug_fix
        )
        lines = {
            line.name.split(": ", 1)[1]: (line.quantity, line.price_unit)
            for line in invoice.invoice_line_ids
        }
        # consulting at the client's rate, training at its catalogue price;
        # the bug fix is free work and not invoiced
        self.assertEqual(
            lines,
            {self.wt_consulting.name: (1.0, 40.0), self.wt_training.name: (1.0, 70.0)},
        )
        self.assertAlmostEqual(invoice.amount_untaxed, 110.0, places=2)

    def test_priced_work_needs_no_client_rate(self):
        self.client_b.stekas_hourly_rate = 0.0
        invoice = self._issue(1.5, self.wt_training)
        self.assertEqual(invoice.invoice_line_ids.price_unit, 70.0)
        self.assertEqual(invoice.invoice_line_ids.quantity, 1.5)

    def test_unpriced_work_without_client_rate_is_refused(self):
        self.client_b.stekas_hourly_rate = 0.0
        with self.assertRaisesRegex(UserError, "Set the hourly rate"):
            self._issue(1.0, self.wt_consulting | self.wt_training)
        self.assertFalse(self.ticket_b.sudo().stekas_prepay_invoice_id)
