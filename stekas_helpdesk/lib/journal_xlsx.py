"""XLSX extract of the consultation journal (R-HIS-1, R-HIS-2, R-BIL-6).

Pure module (xlsxwriter only, no odoo). The workbook is written in
xlsxwriter's constant-memory mode, so a large period is streamed row by row
to a temporary file instead of being held in memory. Every text cell is
written with `write_string`: a work description such as "=SUM(A1)" or
"+370..." stays text and is never turned into a formula or a number.
Headers are in Lithuanian (the extract goes to Lithuanian clients);
durations are given both as decimal hours and as h:mm.
"""

import datetime
import os
import tempfile

import xlsxwriter

# (key, header, kind, width): kind is "text", "date", "datetime", "hours" or "hm".
COLUMNS = [
    ("ticket_number", "Kreipimosi Nr.", "text", 12),
    ("request_date", "Kreipimosi data", "datetime", 17),
    ("client", "Klientas", "text", 24),
    ("contact_name", "Kontaktinis asmuo", "text", 22),
    ("contact_function", "Pareigos", "text", 16),
    ("contact_phone", "Telefonas", "text", 16),
    ("contact_email", "El. paštas", "text", 24),
    ("problem", "Problemos aprašymas", "text", 40),
    ("consultant", "Konsultantas", "text", 22),
    ("date", "Darbo data", "date", 12),
    ("channel", "Konsultavimo būdas", "text", 16),
    ("description", "Atlikto darbo aprašymas", "text", 40),
    ("actual_minutes", "Faktinė trukmė, val.", "hours", 12),
    ("actual_minutes", "Faktinė trukmė, h:mm", "hm", 12),
    ("billed_minutes", "Apmokestinama trukmė, val.", "hours", 14),
    ("billed_minutes", "Apmokestinama trukmė, h:mm", "hm", 14),
]
HEADERS = [column[1] for column in COLUMNS]
TOTAL_LABEL = "Iš viso"
SHEET_NAME = "Konsultacijų žurnalas"


def hours_minutes(minutes):
    """'h:mm' of a whole number of minutes (125 -> '2:05')."""
    sign = "-" if minutes < 0 else ""
    minutes = abs(int(minutes))
    return f"{sign}{minutes // 60}:{minutes % 60:02d}"


def _text(value):
    if value is None or value is False:
        return ""
    return str(value)


def write_journal(rows, title=""):
    """Return the bytes of an .xlsx file holding `rows`.

    `rows` is an iterable of dicts keyed by the COLUMNS keys; minutes are
    whole numbers. A title line (if any), the header line, one line per
    entry and a total line are written, in this order (constant-memory mode
    needs rows in order).
    """
    handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="stekas_journal_")
    os.close(handle)
    try:
        workbook = xlsxwriter.Workbook(
            path,
            {"constant_memory": True, "strings_to_formulas": False},
        )
        _write_sheet(workbook, rows, title)
        workbook.close()
        with open(path, "rb") as stream:
            return stream.read()
    finally:
        os.unlink(path)


def _write_sheet(workbook, rows, title):
    sheet = workbook.add_worksheet(SHEET_NAME)
    bold = workbook.add_format({"bold": True})
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    text = workbook.add_format({"text_wrap": False})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    datetime_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    hours_format = workbook.add_format({"num_format": "0.00"})
    hours_total = workbook.add_format({"num_format": "0.00", "bold": True})
    for col, (_key, _header, _kind, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
    row_index = 0
    if title:
        sheet.write_string(row_index, 0, title, bold)
        row_index += 2
    for col, label in enumerate(HEADERS):
        sheet.write_string(row_index, col, label, header)
    row_index += 1
    totals = {"actual_minutes": 0, "billed_minutes": 0}
    for row in rows:
        for col, (key, _header, kind, _width) in enumerate(COLUMNS):
            value = row.get(key)
            if kind == "text":
                sheet.write_string(row_index, col, _text(value), text)
            elif kind == "date" and isinstance(value, datetime.date):
                sheet.write_datetime(
                    row_index,
                    col,
                    datetime.datetime.combine(value, datetime.time()),
                    date_format,
                )
            elif kind == "datetime" and isinstance(value, datetime.datetime):
                sheet.write_datetime(row_index, col, value, datetime_format)
            elif kind == "hours":
                sheet.write_number(row_index, col, int(value or 0) / 60, hours_format)
            elif kind == "hm":
                sheet.write_string(row_index, col, hours_minutes(value or 0), text)
            else:
                sheet.write_string(row_index, col, _text(value), text)
        totals["actual_minutes"] += int(row.get("actual_minutes") or 0)
        totals["billed_minutes"] += int(row.get("billed_minutes") or 0)
        row_index += 1
    for col, (key, _header, kind, _width) in enumerate(COLUMNS):
        if col == 0:
            sheet.write_string(row_index, col, TOTAL_LABEL, bold)
        elif kind == "hours":
            sheet.write_number(row_index, col, totals[key] / 60, hours_total)
        elif kind == "hm":
            sheet.write_string(row_index, col, hours_minutes(totals[key]), bold)
    return row_index
