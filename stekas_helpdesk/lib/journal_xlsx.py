"""XLSX extract of the consultation journal (R-HIS-1, R-HIS-2, R-BIL-6).

Pure module (no odoo). The workbook is streamed row by row to a temporary
file by lib/xlsx_stream.py (see there why not xlsxwriter), so a large period
is never held in memory. Every text cell is a string cell: a work description
such as "=SUM(A1)" or "+370..." stays text and is never turned into a formula
or a number. Headers, the total label and the sheet name are English here;
the caller passes them translated into the reader's language (the extract goes
to Lithuanian clients). Durations are given both as decimal hours and as h:mm.
"""

import datetime
import os
import tempfile

from . import xlsx_stream as xs
from .durations import format_hours_minutes

# The journal portal and the extracts call the formatter by this name.
hours_minutes = format_hours_minutes

# (key, header, kind, width): kind is "text", "date", "datetime", "hours" or "hm".
COLUMNS = [
    ("ticket_number", "Request No.", "text", 12),
    ("request_date", "Request date", "datetime", 17),
    ("client", "Client", "text", 24),
    ("contact_name", "Contact person", "text", 22),
    ("contact_function", "Position", "text", 16),
    ("contact_phone", "Phone", "text", 16),
    ("contact_email", "E-mail", "text", 24),
    ("problem", "Problem description", "text", 40),
    ("consultant", "Consultant", "text", 22),
    ("date", "Work date", "date", 12),
    ("channel", "Consultation channel", "text", 16),
    ("description", "Work done", "text", 40),
    ("actual_minutes", "Actual time, h", "hours", 12),
    ("actual_minutes", "Actual time, h:mm", "hm", 12),
    ("billed_minutes", "Billed time, h", "hours", 14),
    ("billed_minutes", "Billed time, h:mm", "hm", 14),
]
HEADERS = [column[1] for column in COLUMNS]
TOTAL_LABEL = "Total"
SHEET_NAME = "Consultation journal"


def _text(value):
    if value is None or value is False:
        return ""
    return str(value)


def write_journal(rows, title="", labels=None):
    """Return the bytes of an .xlsx file holding `rows`.

    `rows` is an iterable of dicts keyed by the COLUMNS keys (a generator is
    consumed once, in order); minutes are whole numbers. A title line (if
    any), the header line, one line per entry and a total line are written.
    `labels` (optional) translates the English texts: a dict with "headers" (one
    per column, in COLUMNS order), "total" and "sheet".
    """
    labels = {"headers": HEADERS, "total": TOTAL_LABEL, "sheet": SHEET_NAME} | (
        labels or {}
    )
    if len(labels["headers"]) != len(COLUMNS):
        raise ValueError("one header per column")
    handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="stekas_journal_")
    os.close(handle)
    try:
        widths = [column[3] for column in COLUMNS]
        with xs.SheetStream(path, labels["sheet"], widths, fit_width=True) as sheet:
            _write_sheet(sheet, rows, title, labels)
        with open(path, "rb") as stream:
            return stream.read()
    finally:
        os.unlink(path)


def _cell(kind, value):
    if kind == "text":
        return (_text(value), xs.TEXT)
    if kind == "hours":
        return (int(value or 0) / 60, xs.HOURS)
    if kind == "hm":
        return (format_hours_minutes(value or 0), xs.TEXT)
    if kind == "datetime" and isinstance(value, datetime.datetime):
        return (value, xs.DATETIME)
    if kind == "date" and isinstance(value, datetime.date):
        return (value, xs.DATE)
    return (_text(value), xs.TEXT)


def _write_sheet(sheet, rows, title, labels):
    if title:
        sheet.row([(title, xs.BOLD)])
        sheet.skip()
    # three lines of 11-point text: the longest headers wrap in their column
    sheet.row([(label, xs.HEADER) for label in labels["headers"]], height=45)
    columns = [(key, kind) for key, _header, kind, _width in COLUMNS]
    actual = billed = 0
    for row in rows:
        sheet.row([_cell(kind, row.get(key)) for key, kind in columns])
        actual += int(row.get("actual_minutes") or 0)
        billed += int(row.get("billed_minutes") or 0)
    totals = {"actual_minutes": actual, "billed_minutes": billed}
    cells = []
    for col, (key, kind) in enumerate(columns):
        if col == 0:
            cells.append((labels["total"], xs.BOLD))
        elif kind == "hours":
            cells.append((totals[key] / 60, xs.HOURS_BOLD))
        elif kind == "hm":
            cells.append((format_hours_minutes(totals[key]), xs.BOLD))
        else:
            cells.append((None, xs.TEXT))
    sheet.row(cells)
    return sheet.row_count
