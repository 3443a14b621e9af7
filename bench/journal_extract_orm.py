"""Journal extract from the database (issue 8): the journal entries of a
database to XLSX, `_stekas_journal_xlsx` (rows read by the ORM, then the
constant-memory writer) versus Odoo's own export of the same records and
columns (`export_data`, then `ExcelExport.from_data`, as the list view's
"Export" does). Run inside `odoo shell` on a database with stekas_helpdesk and
journal entries (e.g. one filled by bench/portal_fill.py):

    python3 -m odoo shell -d DB < bench/journal_extract_orm.py

Prints one JSON line; the cache is emptied before each measurement.
"""

# ruff: noqa: F821  (env is provided by odoo shell)
import json
import time
import types

from odoo.addons.web.controllers import export

FIELDS = [
    "ticket_id/number",
    "journal_request_date",
    "journal_client_id",
    "journal_contact_name",
    "journal_contact_function",
    "journal_contact_phone",
    "journal_contact_email",
    "journal_problem",
    "employee_id",
    "date",
    "consultation_channel",
    "name",
    "actual_minutes",
    "billed_minutes",
]
Line = env["account.analytic.line"]
lines = Line.search([("ticket_id", "!=", False)], order="date, id")
ids = lines.ids
# ExportXlsxWriter reads request.env: the shell's env stands in for it.
export.request = types.SimpleNamespace(env=env)


def odoo_export():
    records = Line.browse(ids)
    data = records.export_data(FIELDS)["datas"]
    fields = [{"name": name, "type": "char"} for name in FIELDS]
    return export.ExcelExport().from_data(fields, FIELDS, data)


def stekas_export():
    return Line.browse(ids)._stekas_journal_xlsx("Bench")


result = {"rows": len(ids)}
for name, function in (("odoo", odoo_export), ("stekas", stekas_export)):
    best = None
    for _ in range(3):
        env.invalidate_all()
        t0 = time.perf_counter()
        function()
        seconds = time.perf_counter() - t0
        best = seconds if best is None else min(best, seconds)
    result[f"{name}_s"] = round(best, 2)
result["ratio"] = round(result["stekas_s"] / result["odoo_s"], 2)
print("BENCH " + json.dumps(result))
env.cr.rollback()
