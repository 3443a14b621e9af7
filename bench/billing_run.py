"""Billing run: the month filled by bench/billing_fill.py (BENCH_MONTH,
default 2026-10-01) billed by the STEKAS billing run wizard (every client with
something to bill, no statements e-mailed) versus invoiced by Odoo's own
`sale.advance.payment.inv` wizard (invoice delivered quantities, the month's
timesheets only) on all the baseline's sales orders at once.

Run inside `odoo shell` by bench/run_billing.sh. Only the invoicing step is
timed, flush included, with its queries; each side is rolled back after it,
so the pair can be repeated (BENCH_REPEAT, default 1; the fastest of each side
is kept; BENCH_SIDES=ours or base runs one side only). BENCH_PROFILE=ours|base
writes cProfile statistics of that side's first run to BENCH_PROFILE_OUT
(default /tmp/billing_<side>.prof).
"""

# ruff: noqa: F821  (env is provided by odoo shell)
import cProfile
import datetime
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.environ.get("BENCH_SCRIPT", "bench/x")))
from cpu import backend_pid, cpu_seconds  # noqa: E402

MONTH = datetime.date.fromisoformat(os.environ.get("BENCH_MONTH", "2026-10-01"))
END = (MONTH + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
TAG = f"bench-{MONTH:%Y-%m}"
REPEAT = int(os.environ.get("BENCH_REPEAT", "1"))
PROFILE = os.environ.get("BENCH_PROFILE", "")
SIDES = os.environ.get("BENCH_SIDES", "base,ours").split(",")
Line = env["account.analytic.line"]


def measure(side, func):
    env.flush_all()
    env.invalidate_all()
    profiler = cProfile.Profile() if side == PROFILE else None
    pid = backend_pid(env.cr)
    q0, t0, c0 = env.cr.sql_log_count, time.perf_counter(), cpu_seconds(pid)
    if profiler:
        profiler.enable()
    invoices = func()
    env.flush_all()
    if profiler:
        profiler.disable()
        out = os.environ.get("BENCH_PROFILE_OUT", f"/tmp/billing_{side}.prof")
        profiler.dump_stats(out)
    seconds, queries = time.perf_counter() - t0, env.cr.sql_log_count - q0
    cpu = cpu_seconds(pid) - c0
    result = {
        "s": seconds,
        "cpu_s": cpu,
        "queries": queries,
        "invoices": len(invoices),
        "invoice_lines": len(invoices.invoice_line_ids),
        "entries_invoiced": Line.search_count(
            [("timesheet_invoice_id", "in", invoices.ids)]
        ),
        "amount": round(sum(invoices.mapped("amount_untaxed")), 2),
    }
    env.cr.rollback()
    env.invalidate_all()
    return result


def baseline():
    orders = env["sale.order"].search([("client_order_ref", "=like", f"{TAG}-base-%")])
    wizard = (
        env["sale.advance.payment.inv"]
        .with_context(active_model="sale.order", active_ids=orders.ids)
        .create(
            {
                "advance_payment_method": "delivered",
                "date_start_invoice_timesheet": MONTH,
                "date_end_invoice_timesheet": END,
            }
        )
    )
    action = wizard.create_invoices()
    if action.get("res_id"):
        return env["account.move"].browse(action["res_id"])
    return env["account.move"].search(action["domain"])


def ours():
    # at once, as the job of one batch would: the bench measures the billing,
    # not the queueing of it
    wizard = (
        env["stekas.billing.run"]
        .with_context(queue_job__no_delay=True)
        .create({"date_from": MONTH, "date_to": END, "send_statements": False})
    )
    action = wizard.action_run()
    return env["account.move"].search(action.get("domain") or [("id", "=", 0)])


clients = env["res.partner"].search_count([("ref", "=like", f"{TAG}-ours-%")])
entries = Line.search_count(
    [("ticket_id.partner_id.commercial_partner_id.ref", "=like", f"{TAG}-ours-%")]
)
runs = {side: [] for side in SIDES}
for _ in range(REPEAT):
    for side in SIDES:
        runs[side].append(measure(side, {"base": baseline, "ours": ours}[side]))
    PROFILE = ""  # the first run only
best = {side: min(results, key=lambda r: r["s"]) for side, results in runs.items()}
result = {"month": TAG, "clients": clients, "entries": entries, **best}
if len(best) == 2:
    result["ratio"] = round(best["ours"]["s"] / best["base"]["s"], 3)
    cpu_best = {side: min(r["cpu_s"] for r in rs) for side, rs in runs.items()}
    result["cpu_s"] = {side: round(value, 2) for side, value in cpu_best.items()}
    result["cpu_ratio"] = round(cpu_best["ours"] / cpu_best["base"], 3)
result["all_s"] = {side: [round(r["s"], 2) for r in rs] for side, rs in runs.items()}
print("BENCH " + json.dumps(result))
