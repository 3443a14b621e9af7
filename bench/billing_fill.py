"""Billing run, data: BENCH_CLIENTS clients (default 500) with
BENCH_ENTRIES journal entries each (default 200), all in the month starting
BENCH_MONTH (default 2026-10-01), twice over in one database:

- ours: client companies with a ticket each; every other client has a
  support contract with 2 free hours a month (so the consulting beyond them is
  overage), the others no contract, billed monthly at their hourly rate; one
  entry in five is training (a paid work type);
- baseline: as many client companies, each with a confirmed sales order of a
  service invoiced on timesheets (sale_timesheet: one task per order line in
  a shared project), and as many timesheets on those tasks, with the same
  durations and dates.

Run inside `odoo shell` by bench/run_billing.sh; COMMITS (the data is reused
by bench/billing_run.py, which rolls its own work back). Tracking and mail are
off while filling: only the invoicing is measured.
"""

# ruff: noqa: F821  (env is provided by odoo shell)
import datetime
import json
import os
import time

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "500"))
ENTRIES = int(os.environ.get("BENCH_ENTRIES", "200"))
MONTH = datetime.date.fromisoformat(os.environ.get("BENCH_MONTH", "2026-10-01"))
TAG = f"bench-{MONTH:%Y-%m}"
BATCH_CLIENTS = max(1, 4000 // ENTRIES)  # about 4,000 entries per create

env = env(
    context=dict(
        env.context,
        tracking_disable=True,
        mail_create_nolog=True,
        mail_notrack=True,
        mail_create_nosubscribe=True,
        mail_auto_subscribe_no_notify=True,
    )
)
if env["res.partner"].search_count([("ref", "=like", f"{TAG}-%")]):
    raise SystemExit(f"BENCH already filled {TAG}")
t_start = time.perf_counter()


def minutes(i):
    """Duration of the i-th entry of a client: 13..62 minutes."""
    return 13 + (i * 7) % 50


def when(i):
    """Work time of the i-th entry: spread over the month's first 28 days,
    during office hours (UTC, the client's local date is the same)."""
    day = MONTH + datetime.timedelta(days=i % 28)
    return datetime.datetime(day.year, day.month, day.day, 7 + (i // 28) % 8, 0)


def shared():
    """Records shared by every client of both sides (made once)."""
    if not env["account.journal"].search_count(
        [("type", "=", "sale"), ("company_id", "=", env.company.id)]
    ):
        # a database without demo data has no chart of accounts yet
        env["account.chart.template"].try_loading(
            "generic_coa", env.company, install_demo=False
        )
    project = env["project.project"].search([("name", "=", "Bench billing")], limit=1)
    if project:
        user = env["res.users"].search([("login", "=", "bench_billing_consultant")])
        employee = env["hr.employee"].search([("user_id", "=", user.id)], limit=1)
        team = env["helpdesk.ticket.team"].search([("name", "=", "Bench billing")])
        product = env["product.product"].search(
            [("default_code", "=", "BENCH-TS")], limit=1
        )
        return project, user, employee, team, product
    project = env["project.project"].create(
        {"name": "Bench billing", "allow_timesheets": True, "allow_billable": True}
    )
    user = env["res.users"].create(
        {
            "name": "Bench consultant",
            "login": "bench_billing_consultant",
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
    employee = env["hr.employee"].create(
        {"name": "Bench consultant", "user_id": user.id}
    )
    team = env["helpdesk.ticket.team"].create(
        {
            "name": "Bench billing",
            "allow_timesheet": True,
            "default_project_id": project.id,
            "user_ids": [(6, 0, [user.id])],
        }
    )
    product = env["product.product"].create(
        {
            "name": "Bench support hour",
            "default_code": "BENCH-TS",
            "type": "service",
            "invoice_policy": "delivery",
            "service_type": "timesheet",
            "service_tracking": "task_global_project",
            "project_id": project.id,
            "uom_id": env.ref("uom.product_uom_hour").id,
            "uom_po_id": env.ref("uom.product_uom_hour").id,
            "list_price": 40.0,
            "taxes_id": [(5, 0, 0)],
        }
    )
    return project, user, employee, team, product


project, user, employee, team, product = shared()
Partner = env["res.partner"]
Line = env["account.analytic.line"]
consulting = env.ref("stekas_billing.stekas_work_type_consulting")
training = env.ref("stekas_billing.stekas_work_type_training")

# ours ------------------------------------------------------------------
t0 = time.perf_counter()
for first in range(0, CLIENTS, BATCH_CLIENTS):
    block = range(first, min(CLIENTS, first + BATCH_CLIENTS))
    companies = Partner.create(
        [
            {
                "name": f"Bench client {TAG} {k:04d} UAB",
                "ref": f"{TAG}-ours-{k:04d}",
                "is_company": True,
                "stekas_billing_mode": "invoice_month",
                "stekas_hourly_rate": 40.0,
            }
            for k in block
        ]
    )
    contacts = Partner.create(
        [
            {
                "name": f"Ona Bandomoji {k}",
                "function": "Buhalterė",
                "phone": "+37060000000",
                "email": f"ona{k}@bench.example",
                "parent_id": company.id,
            }
            for k, company in zip(block, companies, strict=True)
        ]
    )
    with_contract = companies.filtered(lambda c: int(c.ref[-4:]) % 2 == 0)
    if with_contract:
        env["stekas.support.contract"].create(
            [
                {
                    "name": f"AS-{company.ref}",
                    "partner_id": company.id,
                    "date_start": MONTH.replace(month=1),
                    "period_type": "month",
                    "free_hours": 2.0,
                    "hourly_rate": 45.0,
                    "consultant_id": user.id,
                    "state": "active",
                }
                for company in with_contract
            ]
        )
    tickets = env["helpdesk.ticket"].create(
        [
            {
                "name": f"Neveikia ataskaita {k}",
                "description": f"<p>Sugeneruota ataskaita rodo klaidą {k}</p>",
                "partner_id": contact.id,
                "team_id": team.id,
                "project_id": project.id,
            }
            for k, contact in zip(block, contacts, strict=True)
        ]
    )
    Line.create(
        [
            {
                "name": f"Patikrinti nustatymai {i}",
                "ticket_id": ticket.id,
                "project_id": project.id,
                "employee_id": employee.id,
                "unit_amount": minutes(i) / 60.0,
                "date_time": when(i),
                "date": when(i).date(),
                "stekas_work_type_id": (training if i % 5 == 4 else consulting).id,
            }
            for ticket in tickets
            for i in range(ENTRIES)
        ]
    )
    env.flush_all()
    env.cr.commit()
    env.invalidate_all()
fill_ours = time.perf_counter() - t0

# baseline: sale_timesheet --------------------------------------------------
t0 = time.perf_counter()
for first in range(0, CLIENTS, BATCH_CLIENTS):
    block = range(first, min(CLIENTS, first + BATCH_CLIENTS))
    companies = Partner.create(
        [
            {
                "name": f"Bench customer {TAG} {k:04d} UAB",
                "ref": f"{TAG}-base-{k:04d}",
                "is_company": True,
            }
            for k in block
        ]
    )
    orders = env["sale.order"].create(
        [
            {
                "partner_id": company.id,
                "client_order_ref": company.ref,
                "date_order": datetime.datetime.combine(MONTH, datetime.time(6)),
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": product.id,
                            "product_uom_qty": 1.0,
                            "price_unit": 40.0,
                        },
                    )
                ],
            }
            for company in companies
        ]
    )
    orders.action_confirm()
    tasks = orders.order_line.task_id
    assert len(tasks) == len(orders), "one task per order line"
    Line.create(
        [
            {
                "name": f"Patikrinti nustatymai {i}",
                "task_id": line.task_id.id,
                "project_id": line.task_id.project_id.id,
                "employee_id": employee.id,
                "unit_amount": minutes(i) / 60.0,
                "date_time": when(i),
                "date": when(i).date(),
            }
            for line in orders.order_line
            for i in range(ENTRIES)
        ]
    )
    env.flush_all()
    env.cr.commit()
    env.invalidate_all()
fill_base = time.perf_counter() - t0

billed = Line.search_count(
    [("so_line.order_id.client_order_ref", "=like", f"{TAG}-base-%")]
)
assert billed == CLIENTS * ENTRIES, (billed, CLIENTS * ENTRIES)
print(
    "BENCH "
    + json.dumps(
        {
            "fill": TAG,
            "clients": CLIENTS,
            "entries": ENTRIES,
            "fill_ours_s": round(fill_ours, 1),
            "fill_base_s": round(fill_base, 1),
            "total_s": round(time.perf_counter() - t_start, 1),
        }
    )
)
