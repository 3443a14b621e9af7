"""Journal extract: N journal rows to XLSX, STEKAS writer vs Odoo's.

The same N rows (the 16 columns of the journal extract) are written by
stekas_helpdesk/lib/journal_xlsx.py (xlsxwriter constant-memory mode, streamed
to a temporary file) and by Odoo's own XLSX export writer,
`odoo.addons.web.controllers.export.ExcelExport.from_data` (xlsxwriter
in-memory mode, as the list view's "Export" does). Only the writers are
compared: the rows are built beforehand, identically for both. Each
measurement runs in its own child process: time without tracing, then peak
memory of the write (tracemalloc, started after the rows exist) at N and N/10.

    python3 bench/journal_extract.py            # BENCH_ROWS=100000 by default
    BENCH_ROWS=20000 python3 bench/journal_extract.py
"""

import datetime
import json
import os
import subprocess
import sys
import time
import tracemalloc
import types

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def make_rows(n):
    base = datetime.datetime(2026, 1, 5, 9, 30)
    rows = []
    for i in range(n):
        minutes = 13 + i % 50
        rows.append(
            {
                "ticket_number": f"HT{i // 3:06d}",
                "request_date": base + datetime.timedelta(minutes=7 * i),
                "client": f"Klientas {i % 500} UAB",
                "contact_name": f"Ona Bandomoji {i % 97}",
                "contact_function": "Buhalterė",
                "contact_phone": f"+3706{i % 10000000:07d}",
                "contact_email": f"ona{i % 97}@klientas{i % 500}.lt",
                "problem": f"Neveikia PVM ataskaita, klaidos kodas {i % 1000}",
                "consultant": f"Konsultantas {i % 12}",
                "date": datetime.date(2026, 1 + i % 12, 1 + i % 28),
                "channel": ("Telefonu", "El. paštu", "Nuotoliniu būdu")[i % 3],
                "description": f"Patikrinti nustatymai, pataisyta eilutė {i}",
                "actual_minutes": minutes,
                "billed_minutes": 15 * ((minutes + 14) // 15),
            }
        )
    return rows


def stekas_writer():
    sys.path.insert(0, os.path.join(ROOT, "stekas_helpdesk"))
    from lib import journal_xlsx  # the addon's pure lib/ package, no odoo

    def write(rows):
        return journal_xlsx.write_journal(rows, "Bench: konsultacijų žurnalas")

    return write


def odoo_writer():
    from odoo.addons.web.controllers import export

    # ExportXlsxWriter reads the currency precision and translations from
    # request.env: a minimal stand-in, since no HTTP request is running.
    class Currency:
        def _read_group(self, domain, aggregates):
            return [(2,)]

    class Env(dict):
        def _(self, source, *args, **kwargs):
            return source

    export.request = types.SimpleNamespace(env=Env({"res.currency": Currency()}))
    sys.path.insert(0, os.path.join(ROOT, "stekas_helpdesk"))
    from lib import journal_xlsx  # the addon's pure lib/ package, no odoo

    keys = [column[0] for column in journal_xlsx.COLUMNS]
    fields = [
        {"name": key, "type": "float" if key.endswith("minutes") else "char"}
        for key in keys
    ]

    def write(rows):
        # Odoo's export_data gives one list per record, in column order.
        data = [[row[key] for key in keys] for row in rows]
        return export.ExcelExport().from_data(fields, journal_xlsx.HEADERS, data)

    return write


def child(which, n, trace):
    write = stekas_writer() if which == "stekas" else odoo_writer()
    rows = make_rows(n)
    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    data = write(rows)
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    mb = 2**20
    print(json.dumps({"s": seconds, "peak_mb": peak / mb, "xlsx_mb": len(data) / mb}))


def measure(which, n, trace=False):
    out = subprocess.run(
        [sys.executable, __file__, "--child", which, str(n), "1" if trace else "0"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    n = int(os.environ.get("BENCH_ROWS", "100000"))
    small = max(1, n // 10)
    result = {"rows": n}
    for which in ("odoo", "stekas"):
        result[which] = {
            "s": round(measure(which, n)["s"], 2),
            f"peak_mb_{small}": round(measure(which, small, True)["peak_mb"], 1),
        }
        big = measure(which, n, True)
        result[which][f"peak_mb_{n}"] = round(big["peak_mb"], 1)
        result[which]["xlsx_mb"] = round(big["xlsx_mb"], 1)
    print(json.dumps(result))
    s, o = result["stekas"], result["odoo"]
    print(f"time: {s['s'] / o['s']:.2f}x Odoo's export ({s['s']} s vs {o['s']} s)")
    for name, r in (("stekas", s), ("odoo", o)):
        print(
            f"{name} peak memory of the write: {r[f'peak_mb_{small}']} MB at "
            f"{small} rows, {r[f'peak_mb_{n}']} MB at {n} rows "
            f"(of which the xlsx file itself {r['xlsx_mb']} MB)"
        )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1")
    else:
        main()
