# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import load_lithuanian
from .journal_common import StekasJournalCommon


@tagged("post_install", "-at_install")
class TestJournalExtract(StekasJournalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_lithuanian(cls.env)
        cls.client_a.write(
            {
                "stekas_extract_optin": True,
                "stekas_extract_frequency": "monthly",
                "stekas_extract_recipient_ids": [(6, 0, cls.contact_a.ids)],
            }
        )
        cls.entries_a = cls.env["account.analytic.line"].create(
            [
                cls._entry_vals(
                    cls.ticket_a, 13, name="Pirmas darbas", date="2026-02-03"
                ),
                cls._entry_vals(
                    cls.ticket_a, 61, name='=HYPERLINK("http://x")', date="2026-02-27"
                ),
                cls._entry_vals(cls.ticket_a, 5, name="Kovo darbas", date="2026-03-01"),
            ]
        )
        cls.entry_b = cls._log(cls.ticket_b, 30, date="2026-02-10")
        cls.Extract = cls.env["stekas.journal.extract"]

    def _mails_to(self, partner):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "stekas.journal.extract"),
                ("recipient_ids", "in", partner.ids),
            ]
        )

    @freeze_time("2026-03-05 08:00:00")
    def test_job_sends_opted_in_client_once(self):
        extracts = self.Extract._cron_send_extracts()
        self.assertEqual(extracts.partner_id, self.client_a)
        self.assertEqual(
            (str(extracts.date_from), str(extracts.date_to)),
            ("2026-02-01", "2026-02-28"),
        )
        mails = self._mails_to(self.contact_a)
        self.assertEqual(len(mails), 1)
        self.assertFalse(self._mails_to(self.contact_b))
        self.assertFalse(self.Extract.search([("partner_id", "=", self.client_b.id)]))
        # The summary in the body, the rows of the XLSX match the journal.
        self.assertIn("1:14", mails.body_html)  # actual 13 + 61 min
        self.assertIn("1:36", mails.body_html)  # billed 24 + 72 min
        self.assertEqual(len(mails.attachment_ids), 1)
        data = base64.b64decode(mails.attachment_ids.datas)
        header, rows, total = self._xlsx_rows(data)
        self.assertIn("Apmokestinama trukmė, h:mm", header)
        february = self.entries_a[:2]
        self.assertEqual(
            [(row[0], row[11], row[13], row[15]) for row in rows],
            [
                (self.ticket_a.number, line.name, hm_a, hm_b)
                for line, hm_a, hm_b in zip(
                    february, ("0:13", "1:01"), ("0:24", "1:12"), strict=True
                )
            ],
        )
        self.assertEqual([row[8] for row in rows], ["Petras Konsultantas"] * 2)
        self.assertEqual([row[10] for row in rows], ["Telefonu"] * 2)
        self.assertEqual(rows[0][4], "Buhalterė")
        self.assertAlmostEqual(rows[1][14], 1.2)
        self.assertEqual(total[15], "1:36")
        # Recorded on the client; a re-run sends nothing.
        self.assertEqual(self.client_a.stekas_extract_ids, extracts)
        self.assertEqual(extracts.mail_id, mails)
        self.assertFalse(self.Extract._cron_send_extracts())
        self.assertEqual(len(self._mails_to(self.contact_a)), 1)

    @freeze_time("2026-03-05 08:00:00")
    def test_formula_like_description_stays_text(self):
        data = self.entries_a._stekas_journal_xlsx()
        import io

        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
        formula = [c for c in cells if str(c.value).startswith("=")]
        self.assertEqual(len(formula), 1)
        self.assertEqual(formula[0].data_type, "s")
        self.assertEqual(formula[0].value, '=HYPERLINK("http://x")')

    @freeze_time("2026-04-02 08:00:00")
    def test_quarterly_client_gets_the_quarter(self):
        self.client_a.stekas_extract_frequency = "quarterly"
        extract = self.Extract._cron_send_extracts()
        self.assertEqual(
            (str(extract.date_from), str(extract.date_to)), ("2026-01-01", "2026-03-31")
        )
        self.assertEqual(extract.entry_count, 3)

    @freeze_time("2026-03-05 08:00:00")
    def test_manual_action_only_for_dispatcher(self):
        with self.assertRaises(AccessError):
            self.client_a.with_user(
                self.consultant
            ).action_stekas_send_journal_extract()
        self.assertFalse(self._mails_to(self.contact_a))

    @freeze_time("2026-03-05 08:00:00")
    def test_manual_action_obeys_opt_in(self):
        with self.assertRaises(UserError):
            self.client_b.with_user(
                self.dispatcher
            ).action_stekas_send_journal_extract()
        self.assertFalse(self._mails_to(self.contact_b))
        self.client_a.with_user(self.dispatcher).action_stekas_send_journal_extract()
        self.assertEqual(len(self._mails_to(self.contact_a)), 1)
        with self.assertRaises(UserError):
            self.client_a.action_stekas_send_journal_extract()
        self.assertEqual(len(self._mails_to(self.contact_a)), 1)

    @freeze_time("2026-03-05 08:00:00")
    def test_client_of_another_company_gets_that_company_extract(self):
        other_company = self.env["res.company"].create({"name": "Other STEKAS"})
        client_c = self.env["res.partner"].create(
            {"name": "Client C UAB", "is_company": True, "company_id": other_company.id}
        )
        contact_c = self.env["res.partner"].create(
            self._contact_vals(client_c, "Rūta", "Testienė", "c")
        )
        client_c.write(
            {
                "stekas_extract_optin": True,
                "stekas_extract_recipient_ids": [(6, 0, contact_c.ids)],
            }
        )
        self._log(self.ticket_a, 20, date="2026-02-11")  # main company entry
        extracts = self.Extract._cron_send_extracts()
        extract_c = extracts.filtered(lambda ext: ext.partner_id == client_c)
        self.assertEqual(extract_c.company_id, other_company)
        self.assertEqual(extract_c.entry_count, 0)
        extract_a = extracts - extract_c
        self.assertEqual(extract_a.company_id, self.env.company)
        self.assertEqual(extract_a.entry_count, 3)
        self.assertEqual(len(self._mails_to(contact_c)), 1)

    def test_opt_in_needs_recipients_on_the_company(self):
        with self.assertRaises(ValidationError):
            self.client_b.write({"stekas_extract_optin": True})
        with self.assertRaises(ValidationError):
            self.contact_b.write(
                {
                    "stekas_extract_optin": True,
                    "stekas_extract_recipient_ids": [(6, 0, self.contact_b.ids)],
                }
            )

    @freeze_time("2026-03-05 08:00:00")
    def test_extract_records_are_not_for_portal_nor_other_companies(self):
        extract = self.Extract._cron_send_extracts()
        # The client's own portal user reads its documents; no one else's.
        extract.with_user(self.portal_a).check_access("read")
        with self.assertRaises(AccessError):
            extract.with_user(self.portal_b).check_access("read")
        with self.assertRaises(AccessError):
            extract.with_user(self.consultant).check_access("read")
        extract.with_user(self.dispatcher).check_access("read")
        other_company = self.env["res.company"].create({"name": "Other STEKAS"})
        outsider = new_test_user(
            self.env,
            login="test_dispatcher_other_company",
            groups="base.group_user,stekas_helpdesk.stekas_helpdesk_group_dispatcher",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        with self.assertRaises(AccessError):
            extract.with_user(outsider).check_access("read")
