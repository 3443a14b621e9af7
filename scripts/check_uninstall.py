"""Uninstall stekas_billing, then stekas_helpdesk, and check the helpdesk still works.

Run inside `odoo shell` (scripts/test.sh does, on the demo database). Exits non-zero
with a message when anything is left behind or the helpdesk breaks.
"""

# ruff: noqa: F821  (env is provided by odoo shell)
import sys

Module = env["ir.module.module"]
for name in ("stekas_billing", "stekas_helpdesk"):
    module = Module.search([("name", "=", name)])
    module.button_immediate_uninstall()
    env.invalidate_all()
    if module.state != "uninstalled":
        sys.exit(f"{name} is {module.state} after uninstall")

problems = []
left = env["ir.model.data"].search_count(
    [("module", "in", ["stekas_helpdesk", "stekas_billing"])]
)
if left:
    problems.append(f"{left} ir.model.data rows of the STEKAS addons remain")
env.cr.execute(
    "SELECT column_name FROM information_schema.columns"
    " WHERE column_name LIKE 'stekas%' OR column_name IN"
    " ('stekas_billed_minutes', 'stekas_billed_hours', 'stekas_consultation_channel')"
)
leftover_columns = [r[0] for r in env.cr.fetchall()]
partner = env["res.partner"].create({"name": "Uninstall check client"})
team = env["helpdesk.ticket.team"].search([], limit=1)
ticket = env["helpdesk.ticket"].create(
    {
        "name": "Helpdesk still works",
        "description": "<p>after uninstalling the STEKAS addons</p>",
        "partner_id": partner.id,
        "team_id": team.id,
    }
)
ticket.message_post(body="still works")
stages = env["helpdesk.ticket.stage"].search([], order="sequence")
ticket.stage_id = stages[-1]
if not ticket.number or ticket.number == "/":
    problems.append("ticket got no number")
my_tickets = env.ref("helpdesk_mgmt.helpdesk_my_tickets_action")
if "stekas" in (my_tickets.domain or ""):
    problems.append(f"My Tickets keeps the STEKAS domain {my_tickets.domain}")
views = env["ir.ui.view"].search(
    [("model", "in", ["helpdesk.ticket", "account.analytic.line"])]
)
views._check_xml()  # every remaining view still validates against the models
print("leftover columns (kept by Odoo's uninstall, harmless):", leftover_columns)
env.cr.rollback()
if problems:
    sys.exit("; ".join(problems))
print("UNINSTALL CHECK OK: the helpdesk works without the STEKAS addons")
