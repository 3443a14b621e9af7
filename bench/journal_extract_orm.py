"""Journal extract from the database: the journal entries of a
database to XLSX, `_stekas_journal_xlsx` (rows read by the ORM, then the
constant-memory writer) versus Odoo's own export of the same records and
columns (`export_data`, then `ExcelExport.from_data`, as the list view's
"Export" does). Run inside `odoo shell` on a database with stekas_helpdesk and
journal entries (e.g. one filled by bench/portal_fill.py):

    python3 -m odoo shell -d DB < bench/journal_extract_orm.py

BENCH_ROWS (default 100000): entries added (rolled back at the end) until the
database holds that many, copied from its own entries. Prints one JSON line:
the best of three timings per side (the cache is emptied before each), and
the peak Python memory (tracemalloc) of each side at a tenth of the rows and
at all of them.
"""

# ruff: noqa: F821  (env is provided by odoo shell)
import json
import os
import time
import tracemalloc
import types

from odoo.addons.web.controllers import export

FIELDS = [
    "ticket_id/number",
    "stekas_request_date",
    "stekas_client_id",
    "stekas_contact_name",
    "stekas_contact_function",
    "stekas_contact_phone",
    "stekas_contact_email",
    "stekas_problem",
    "employee_id",
    "date",
    "stekas_consultation_channel",
    "name",
    "stekas_actual_minutes",
    "stekas_billed_minutes",
]
ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
Line = env["account.analytic.line"]
lines = Line.search([("ticket_id", "!=", False)], order="date, id")
if not lines:
    raise SystemExit("no journal entries: fill the database first (portal_fill.py)")
templates = lines[:500].read(
    ["name", "ticket_id", "project_id", "employee_id", "unit_amount", "date"],
    load=None,
)
missing = ROWS - len(lines)
quiet = env(context=dict(env.context, tracking_disable=True))
while missing > 0:
    batch = [
        {**{k: v for k, v in templates[i % len(templates)].items() if k != "id"}}
        for i in range(min(missing, 5000))
    ]
    quiet["account.analytic.line"].create(batch)
    env.flush_all()
    env.invalidate_all()
    missing -= len(batch)
ids = Line.search([("ticket_id", "!=", False)], order="date, id", limit=ROWS).ids
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
all_ids = ids
for name, function in (("odoo", odoo_export), ("stekas", stekas_export)):
    best = None
    for _ in range(3):
        env.invalidate_all()
        t0 = time.perf_counter()
        function()
        seconds = time.perf_counter() - t0
        best = seconds if best is None else min(best, seconds)
    result[f"{name}_s"] = round(best, 2)
    for count in (len(all_ids) // 10, len(all_ids)):
        ids = all_ids[:count]
        env.invalidate_all()
        tracemalloc.start()
        data = function()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        result[f"{name}_peak_mb_{count}"] = round(peak / 2**20, 1)
        result[f"{name}_xlsx_mb_{count}"] = round(len(data) / 2**20, 1)
        del data
    ids = all_ids
result["ratio"] = round(result["stekas_s"] / result["odoo_s"], 2)
print("BENCH " + json.dumps(result))
env.cr.rollback()
