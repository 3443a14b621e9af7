"""Logging time: journal entries created one by one and in batches.

Run inside `odoo shell` on a database (bench/run_log_time.sh makes two: one
with the STEKAS addons, one with helpdesk_mgmt_timesheet alone) with
BENCH_N entries (default 10000). Prints one JSON line of timings and queries.
Everything is rolled back at the end.
"""

# ruff: noqa: F821  (env is provided by odoo shell)
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.environ.get("BENCH_SCRIPT", "bench/x")))
from cpu import backend_pid, cpu_seconds  # noqa: E402

N = int(os.environ.get("BENCH_N", "10000"))
BATCH = 500
stekas = "stekas_rounding_step" in env["res.company"]._fields

project = env["project.project"].create({"name": "Bench", "allow_timesheets": True})
user = env["res.users"].create(
    {
        "name": "Bench consultant",
        "login": "bench_consultant",
        "groups_id": [
            (
                6,
                0,
                [
                    env.ref("hr_timesheet.group_hr_timesheet_user").id,
                    env.ref("helpdesk_mgmt.group_helpdesk_user").id,
                ],
            )
        ],
    }
)
employee = env["hr.employee"].create({"name": "Bench consultant", "user_id": user.id})
team = env["helpdesk.ticket.team"].create(
    {
        "name": "Bench team",
        "allow_timesheet": True,
        "default_project_id": project.id,
        "user_ids": [(6, 0, [user.id])],
    }
)
company = env["res.partner"].create({"name": "Bench client UAB", "is_company": True})
contact = env["res.partner"].create(
    {
        "name": "Ona Bandomoji",
        "function": "Buhalterė",
        "phone": "+37060000000",
        "email": "ona@bench.example",
        "parent_id": company.id,
    }
)
# The client's requests: twenty entries per ticket, as a support month has
# many tickets (helpdesk_mgmt_timesheet re-reads a ticket's entries on every
# entry, on both sides: one ticket for all would make that dominate).
tickets = env["helpdesk.ticket"].create(
    [
        {
            "name": f"Bench request {t}",
            "description": "<p>Bench problem description</p>",
            "partner_id": contact.id,
            "team_id": team.id,
            "project_id": project.id,
        }
        for t in range(max(1, N // 20))
    ]
)
if "stekas.support.contract" in env:
    # A contract with free hours, so that every entry goes through quota
    # allocation: the first entries are free, the later ones overage.
    env["stekas.support.contract"].create(
        {
            "name": "BENCH-1",
            "partner_id": company.id,
            "date_start": "2026-01-01",
            "period_type": "month",
            "free_hours": 40.0,
            "hourly_rate": 45.0,
            "state": "active",
        }
    )
Line = env["account.analytic.line"]


def vals(i, month=11):
    # Logged as consultants log: in order of work date over the month.
    return {
        "name": f"Consulted {i}",
        "ticket_id": tickets[i % len(tickets)].id,
        "project_id": project.id,
        "employee_id": employee.id,
        "unit_amount": (13 + i % 50) / 60.0,
        "date": "2026-%02d-%02d" % (month, 1 + i * 28 // N),
    }


def queries():
    return env.cr.sql_log_count


env.flush_all()
result = {"stekas": stekas, "n": N}
PROFILE = os.environ.get("BENCH_PROFILE")
if PROFILE:
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
PID = backend_pid(env.cr)
q0, t0, c0 = queries(), time.perf_counter(), cpu_seconds(PID)
for i in range(N):
    q1 = queries()
    Line.create(vals(i))
    env.flush_all()
    if i in (10, N - 1):  # queries of one entry, early and late in the period
        result[f"entry_{i}_queries"] = queries() - q1
result["one_by_one_s"] = round(time.perf_counter() - t0, 2)
result["one_by_one_cpu_s"] = round(cpu_seconds(PID) - c0, 2)
result["one_by_one_queries_per_entry"] = round((queries() - q0) / N, 3)

q0, t0, c0 = queries(), time.perf_counter(), cpu_seconds(PID)
for start in range(0, N, BATCH):
    Line.create([vals(i, 12) for i in range(start, min(N, start + BATCH))])
    env.flush_all()
result["batch500_s"] = round(time.perf_counter() - t0, 2)
result["batch500_cpu_s"] = round(cpu_seconds(PID) - c0, 2)
result["batch500_queries_per_entry"] = round((queries() - q0) / N, 3)

# One more entry at the end of a period that holds N entries, and one dated
# back to its first day (every later entry's split may change).
for key, i in (("last", N - 1), ("backdated", 0)):
    q0, t0 = queries(), time.perf_counter()
    Line.create(vals(i, 12))
    env.flush_all()
    result[f"{key}_entry_queries"] = queries() - q0
    result[f"{key}_entry_ms"] = round(1000 * (time.perf_counter() - t0), 1)
if PROFILE:
    profiler.disable()
    profiler.dump_stats(PROFILE)
print("BENCH " + json.dumps(result))
env.cr.rollback()
