"""Logging time (issue 8): journal entries created one by one and in batches.

Run inside `odoo shell` on a database (bench/run_log_time.sh makes two: one
with the STEKAS addons, one with helpdesk_mgmt_timesheet alone) with
BENCH_N entries (default 10000). Prints one JSON line of timings and queries.
Everything is rolled back at the end.
"""

# ruff: noqa: F821  (env is provided by odoo shell)
import json
import os
import time

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
ticket = env["helpdesk.ticket"].create(
    {
        "name": "Bench request",
        "description": "<p>Bench problem description</p>",
        "partner_id": contact.id,
        "team_id": team.id,
        "project_id": project.id,
    }
)
Line = env["account.analytic.line"]


def vals(i):
    return {
        "name": f"Consulted {i}",
        "ticket_id": ticket.id,
        "project_id": project.id,
        "employee_id": employee.id,
        "unit_amount": (13 + i % 50) / 60.0,
        "date": "2026-11-%02d" % (1 + i % 28),
    }


def queries():
    return env.cr.sql_log_count


env.flush_all()
result = {"stekas": stekas, "n": N}
q0, t0 = queries(), time.perf_counter()
for i in range(N):
    Line.create(vals(i))
    env.flush_all()
result["one_by_one_s"] = round(time.perf_counter() - t0, 2)
result["one_by_one_queries_per_entry"] = round((queries() - q0) / N, 3)

q0, t0 = queries(), time.perf_counter()
for start in range(0, N, BATCH):
    Line.create([vals(i) for i in range(start, min(N, start + BATCH))])
    env.flush_all()
result["batch500_s"] = round(time.perf_counter() - t0, 2)
result["batch500_queries_per_entry"] = round((queries() - q0) / N, 3)

# queries for one more entry, now that the period holds 2N entries
q0 = queries()
Line.create(vals(0))
env.flush_all()
result["queries_one_entry_at_2n"] = queries() - q0
print("BENCH " + json.dumps(result))
env.cr.rollback()
