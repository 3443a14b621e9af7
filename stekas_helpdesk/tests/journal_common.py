# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io

import openpyxl

from .common import StekasHelpdeskCommon


class StekasJournalCommon(StekasHelpdeskCommon):
    """Tickets of both clients and a consultant employee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.partner_id.tz = "Europe/Vilnius"
        cls.ticket_a = cls._create_ticket(cls.contact_a)
        cls.ticket_b = cls._create_ticket(cls.contact_b, name="Invoices print blank")
        cls.employee = cls.env["hr.employee"].create(
            {"name": "Petras Konsultantas", "user_id": cls.consultant.id}
        )

    @classmethod
    def _entry_vals(cls, ticket, minutes, name="Consulted by phone", **vals):
        return {
            "name": name,
            "ticket_id": ticket.id,
            "employee_id": cls.employee.id,
            "unit_amount": minutes / 60,
            "stekas_consultation_channel": "phone",
            **vals,
        }

    @classmethod
    def _log(cls, ticket, minutes, **vals):
        return cls.env["account.analytic.line"].create(
            cls._entry_vals(ticket, minutes, **vals)
        )

    @staticmethod
    def _xlsx_rows(data):
        """Rows of the first sheet after the header line, total line excluded."""
        sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
        rows = list(sheet.iter_rows(values_only=True))
        header_index = next(
            i
            for i, row in enumerate(rows)
            if row and row[0] in ("Kreipimosi Nr.", "Request No.")
        )
        return rows[header_index], rows[header_index + 1 : -1], rows[-1]
