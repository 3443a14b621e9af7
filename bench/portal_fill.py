"""Portal, data: a client company with BENCH_TICKETS tickets (default
5000) and a portal user, plus, with stekas_helpdesk, BENCH_LINES journal
entries (default 5000) on them. Run inside `odoo shell` by bench/run_portal.sh;
COMMITS, since the pages are then read through a running server.
"""

# ruff: noqa: F821  (env is provided by odoo shell)
import datetime
import os

TICKETS = int(os.environ.get("BENCH_TICKETS", "5000"))
LINES = int(os.environ.get("BENCH_LINES", "5000"))
LOGIN, PASSWORD = "bench_portal", "bench_portal_pw"
stekas = "stekas_intake_complete" in env["helpdesk.ticket"]._fields
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))


def fill(env):
    company = env["res.partner"].create(
        {"name": "Bench client UAB", "is_company": True}
    )
    contact = env["res.partner"].create(
        {
            "name": "Ona Bandomoji",
            "function": "Buhalterė",
            "phone": "+37060000000",
            "email": "ona@bench.example",
            "parent_id": company.id,
        }
    )
    env["res.users"].create(
        {
            "login": LOGIN,
            "password": PASSWORD,
            "partner_id": contact.id,
            "groups_id": [(6, 0, [env.ref("base.group_portal").id])],
        }
    )
    team_vals = {"name": "Bench support"}
    project = None
    if stekas:
        project = env["project.project"].create(
            {"name": "Bench", "allow_timesheets": True}
        )
        team_vals.update(allow_timesheet=True, default_project_id=project.id)
    team = env["helpdesk.ticket.team"].create(team_vals)
    tickets = env["helpdesk.ticket"]
    for start in range(0, TICKETS, 500):
        vals = []
        for i in range(start, min(TICKETS, start + 500)):
            ticket_vals = {
                "name": f"Neveikia ataskaita {i}",
                "description": f"<p>Sugeneruota ataskaita rodo klaidą {i}</p>",
                "partner_id": contact.id,
                "team_id": team.id,
            }
            if project:
                ticket_vals["project_id"] = project.id
            vals.append(ticket_vals)
        tickets |= tickets.create(vals)
        env.flush_all()
    if stekas:
        employee = env["hr.employee"].create({"name": "Bench consultant"})
        today = datetime.date.today()
        Line = env["account.analytic.line"]
        for start in range(0, LINES, 500):
            Line.create(
                [
                    {
                        "name": f"Patikrinti nustatymai {i}",
                        "ticket_id": tickets[i % len(tickets)].id,
                        "project_id": project.id,
                        "employee_id": employee.id,
                        "unit_amount": (13 + i % 50) / 60.0,
                        "date": today - datetime.timedelta(days=i % max(1, today.day)),
                    }
                    for i in range(start, min(LINES, start + 500))
                ]
            )
            env.flush_all()
    portal = env["res.users"].search([("login", "=", LOGIN)])
    seen = env["helpdesk.ticket"].with_user(portal).search_count([])
    assert seen == TICKETS, (seen, TICKETS)
    env.cr.commit()
    print(f"BENCH filled {TICKETS} tickets, the portal user sees {seen}")


if env["res.users"].search_count([("login", "=", LOGIN)]):
    print("BENCH already filled")  # BENCH_REUSE: filled by a former run
else:
    fill(env)
