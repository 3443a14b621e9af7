"""Figures of a load bench run (bench/load/run_load.sh): p50/p95 per page and
system from locust's stats CSV, the mail figures from mailflow.py's BENCH line,
and the ratios A/B against the targets (p95 <= 1.2x B's; a mail's ticket
within 1.3x of B's, also with the 5 MB scanned attachment; nothing lost or
duplicated).
    python3 report.py locust_stats.csv mailflow.out SESSIONS
"""

import csv
import json
import sys


def main(stats_csv, mailflow_out, sessions):
    pages = {}
    with open(stats_csv, newline="") as f:
        for row in csv.DictReader(f):
            if row["Name"] == "Aggregated":
                continue
            system, _, page = row["Name"].partition(" ")
            pages.setdefault(page, {})[system] = {
                "n": int(row["Request Count"]),
                "fail": int(row["Failure Count"]),
                "p50": float(row["50%"]),
                "p95": float(row["95%"]),
            }
    print(f"Portal: {sessions} sessions per system")
    for page in ("/my/tickets", "/my/ticket/<id>", "/my/journal", "login"):
        row = pages.get(page, {})
        a, b = row.get("A"), row.get("B")
        line = f"  {page}:"
        for name, m in (("A", a), ("B", b)):
            if m:
                line += (
                    f" {name} p50 {m['p50']:.0f} ms p95 {m['p95']:.0f} ms"
                    f" ({m['n']} requests, {m['fail']} failed);"
                )
        if a and b and b["p95"]:
            line += (
                f" A/B p95 {a['p95'] / b['p95']:.2f}x, p50 {a['p50'] / b['p50']:.2f}x"
            )
            line += " (target p95 <= 1.2x)"
        print(line)
    bench = None
    with open(mailflow_out) as f:
        for line in f:
            if line.startswith("BENCH "):
                bench = json.loads(line[6:])
    if not bench:
        print("Mails: no BENCH line from mailflow.py")
        return
    print(
        f"Mails: {bench['m']} appended to each system over {bench['append_s']} s "
        f"({bench['with_attachment']} with an attachment, "
        f"{bench['scans']} scanned pages, "
        f"one scan of {bench['big_scan_bytes'] / 1e6:.1f} MB as a mail); "
        f"drained {bench['drain_s']} s after the last"
    )
    systems = bench["systems"]
    for name, s in systems.items():
        tt, big, scan = (
            s["to_ticket_s"],
            s["to_ticket_big_scan_s"],
            s["to_ticket_scan_s"],
        )
        print(
            f"  {name}: {s['tickets']} tickets, "
            f"{s.get('unfetched_at_end', '?')} not yet fetched at the end, "
            f"{s['lost']} lost, "
            f"{s['duplicated']} duplicated, {s.get('mails_per_min')} mails/min; "
            f"arrival->ticket p50 {tt['p50']} s, p95 {tt['p95']} s, max {tt['max']} s;"
            f" 5 MB scan {big['max']} s; scanned pages p50 {scan['p50']} s; "
            f"fetch calls {s['fetch_calls']}, fetch errors {s['fetch_errors']}"
        )
        if "to_verdict_s" in s:
            tv = s["to_verdict_s"]
            print(
                f"     scan verdicts {s['verdicts']}: arrival->verdict p50 "
                f"{tv['p50']} s, p95 {tv['p95']} s; scanned pages p50 "
                f"{s['to_verdict_scan_s']['p50']} s; the 5 MB scan "
                f"{s['to_verdict_big_scan_s']['max']} s"
            )
    a, b = systems.get("A"), systems.get("B")
    if a and b:

        def r(key, q):
            x, y = a[key][q], b[key][q]
            return f"{x / y:.2f}x" if x is not None and y else "n/a"

        mpm = (a.get("mails_per_min") or 0) / (b.get("mails_per_min") or 1)
        print(
            f"  A/B arrival->ticket: p50 {r('to_ticket_s', 'p50')}, p95 "
            f"{r('to_ticket_s', 'p95')}, 5 MB scan {r('to_ticket_big_scan_s', 'max')}"
            f" (target 1.3x); mails/min {mpm:.2f}x"
        )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
