# Run in `odoo shell` on a database made by the addons' earlier version (see
# scripts/check_upgrade.sh): fills it with what an upgrade must keep, then
# writes a snapshot of every stored value of those records to $UPGRADE_SNAPSHOT.
# Field values are keyed by the id of their ir.model.fields record and models by
# the id of their ir.model record, so the check after the upgrade finds them
# under whatever name they carry by then (a rename keeps those records).
# It uses only what the earlier version had, so it reads names as they were.
# ruff: noqa: F821  (env is given by odoo shell)
import json
import os
from datetime import date, datetime
from email.message import EmailMessage

from odoo import Command

CODE = "38506124638"  # invented personal code with a valid check digit
SKIP_FIELDS = {"write_date", "write_uid", "__last_update"}

env = env(context=dict(env.context, tracking_disable=True))  # noqa: F821
company = env.company
company.email = company.email or "pagalba@stekas.example"
Partner = env["res.partner"]
client_a, client_b = Partner.create(
    [
        {"name": "Upgrade Client A UAB", "is_company": True},
        {
            "name": "Upgrade Client B UAB",
            "is_company": True,
            "stekas_billing_mode": "invoice_month",
            "stekas_hourly_rate": 40.0,
        },
    ]
)
contact_a, contact_b = Partner.create(
    [
        {
            "firstname": first,
            "lastname": last,
            "function": "Buhalterė",
            "phone": f"+370 600 1000{n}",
            "email": f"{first.lower()}@upgrade-{n}.example",
            "parent_id": company_partner.id,
        }
        for n, (first, last, company_partner) in enumerate(
            [("Ona", "Upgradaitė", client_a), ("Jonas", "Upgradaitis", client_b)]
        )
    ]
)
client_a.write(
    {
        "stekas_extract_optin": True,
        "stekas_extract_recipient_ids": [Command.set(contact_a.ids)],
        "stekas_statement_opt_in": True,
        "pii_agreement_signed": True,
        "pii_agreement_date": date(2025, 1, 1),
        "pii_agreement_valid_until": date(2030, 12, 31),
    }
)
consultant, dispatcher = env["res.users"].create(
    [
        {
            "name": f"Upgrade {role.title()}",
            "login": f"upgrade_{role}",
            "groups_id": [
                Command.set(
                    [
                        env.ref("base.group_user").id,
                        env.ref(f"stekas_helpdesk.stekas_helpdesk_group_{role}").id,
                    ]
                )
            ],
        }
        for role in ("consultant", "dispatcher")
    ]
)
employee = env["hr.employee"].create(
    {"name": "Upgrade Consultant", "user_id": consultant.id}
)
project = env["project.project"].create(
    {"name": "Upgrade support", "allow_timesheets": True}
)
team = env["helpdesk.ticket.team"].create(
    {"name": "Upgrade team", "user_ids": [Command.set([consultant.id, dispatcher.id])]}
)
Ticket = env["helpdesk.ticket"]
ticket_a, ticket_b = Ticket.create(
    [
        {
            "name": "Cannot open the monthly report",
            "description": "<p>The report shows an error.</p>",
            "partner_id": contact.id,
            "team_id": team.id,
            "project_id": project.id,
            "is_urgent": False,
            "received_date": datetime(2026, 1, 2, 8, 30),
        }
        for contact in (contact_a, contact_b)
    ]
)
ticket_a.write(
    {"user_id": consultant.id, "specialist_ids": [Command.set(dispatcher.ids)]}
)
contract = env["stekas.support.contract"].create(
    {
        "name": "AS-UPGRADE-1",
        "partner_id": client_a.id,
        "date_start": date(2025, 1, 1),
        "period_type": "month",
        "free_hours": 2.0,
        "hourly_rate": 45.0,
        "consultant_id": consultant.id,
        "state": "active",
    }
)
ref = env.ref
consulting = ref("stekas_billing.stekas_work_type_consulting")
bug_fix = ref("stekas_billing.stekas_work_type_bug_fix")
training = ref("stekas_billing.stekas_work_type_training")
Line = env["account.analytic.line"]


def entry(ticket, minutes, when, work_type, name="Consulted by phone"):
    return {
        "name": name,
        "ticket_id": ticket.id,
        "project_id": project.id,
        "employee_id": employee.id,
        "unit_amount": minutes / 60,
        "date_time": when,
        "stekas_work_type_id": work_type.id,
    }


january = Line.create(
    [
        entry(ticket_a, 60, datetime(2026, 1, 5, 9, 0), consulting),  # free
        entry(ticket_a, 90, datetime(2026, 1, 6, 9, 0), consulting),  # split
        entry(ticket_a, 30, datetime(2026, 1, 7, 9, 0), consulting),  # overage
        entry(ticket_a, 20, datetime(2026, 1, 8, 9, 0), bug_fix),  # free work type
        entry(ticket_a, 30, datetime(2026, 1, 9, 9, 0), training),  # paid
        entry(ticket_b, 45, datetime(2026, 1, 12, 9, 0), consulting),  # no contract
    ]
)
run = env["stekas.billing.run"].create(
    {
        "date_from": date(2026, 1, 1),
        "date_to": date(2026, 1, 31),
        "partner_ids": [Command.set((client_a | client_b).ids)],
    }
)
action = run.action_run()
invoices = env["account.move"].search(action.get("domain") or [("id", "=", 0)])
assert len(invoices) == 2, invoices
invoice_a = invoices.filtered(lambda m: m.partner_id == client_a)
invoice_a.action_post()
february = Line.create([entry(ticket_a, 30, datetime(2026, 2, 3, 9, 0), consulting)])

extract = env["stekas.journal.extract"].create(
    {
        "partner_id": client_a.id,
        "company_id": company.id,
        "frequency": "monthly",
        "date_from": date(2026, 1, 1),
        "date_to": date(2026, 1, 31),
        "sent_on": datetime(2026, 2, 1, 6, 0),
        "recipient_ids": [Command.set(contact_a.ids)],
        "entry_count": 5,
        "actual_minutes": 230,
        "billed_minutes": 240,
    }
)
transfer = env["stekas.pii.transfer.request"].create(
    {
        "ticket_id": ticket_b.id,
        "partner_id": contact_b.id,
        "purpose": "Payroll error analysis",
        "data_categories": "Names, personal codes",
        "retention_days": 30,
    }
)
transfer.with_user(dispatcher).action_approve()
mail = EmailMessage()
mail["From"] = f"{contact_b.name} <{contact_b.email}>"
mail["To"] = company.email
mail["Subject"] = "Klaida algalapyje"
mail["Message-Id"] = "<upgrade-fill-1@upgrade-1.example>"
mail.set_content(f"Darbuotojo asmens kodas {CODE}, prašau patikrinti.")
# a clean file and one the guard cannot clear (a code with a wrong check digit)
mail.add_attachment(b"Ataskaita uz sausi.", "text", "plain", filename="ataskaita.txt")
mail.add_attachment(b"a.k. 38506124630", "text", "plain", filename="sarasas.txt")
mailed_ticket = Ticket.browse(
    env["mail.thread"].message_process("helpdesk.ticket", mail.as_string())
)
reassignment = env["helpdesk.ticket.reassignment"].create(
    {"ticket_id": ticket_a.id, "reason": "The consultant is on leave"}
)
tickets = ticket_a | ticket_b | mailed_ticket
audits = env["stekas.pii.audit"].search([("ticket_id", "in", tickets.ids)])
attachments = extract.attachment_id | env["ir.attachment"].search(
    [("res_model", "=", "helpdesk.ticket"), ("res_id", "in", tickets.ids)]
)
records = [
    client_a | client_b | contact_a | contact_b,
    tickets,
    january | february,
    contract,
    contract.period_ids,
    invoices,
    invoices.invoice_line_ids,
    extract,
    transfer,
    audits,
    reassignment,
    attachments,
]
# Every record the addons ship under an XML id keeps its id (and the users
# their groups): a rename that recreated one would lose the users' edits.
xmlids = {
    f"{d.module}.{d.name}": [d.model, d.res_id]
    for d in env["ir.model.data"].search(
        [("module", "in", ["stekas_helpdesk", "stekas_billing"])]
    )
}


def plain(value):
    if hasattr(value, "_name"):
        return sorted(value.ids)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, bytes):
        return None
    return value


snapshot = {"records": [], "xmlids": xmlids, "groups": {}}
for recs in records:
    model = env["ir.model"]._get(recs._name)
    fields = env["ir.model.fields"].search(
        [("model_id", "=", model.id), ("store", "=", True), ("ttype", "!=", "binary")]
    )
    fields = fields.filtered(lambda f: f.name not in SKIP_FIELDS)
    for rec in recs:
        snapshot["records"].append(
            {
                "model_id": model.id,
                "id": rec.id,
                "values": {str(f.id): plain(rec[f.name]) for f in fields},
            }
        )
for user in consultant | dispatcher:
    snapshot["groups"][user.login] = sorted(user.groups_id.ids)
snapshot["checks"] = {
    "billed_posted_entry": january.filtered(
        lambda e: e.timesheet_invoice_id == invoice_a
    )[:1].id,
    "unbilled_entry": february.id,
    "client_a": client_a.id,
    "client_b": client_b.id,
    "consultant": consultant.id,
    "period_january": contract.period_ids.filtered(
        lambda p: p.date_start == date(2026, 1, 1)
    ).id,
}
assert audits, "the personal-data guard made no audit record"
assert attachments.filtered("pii_state"), "no attachment was scanned by the guard"
assert transfer.state == "approved"
with open(os.environ["UPGRADE_SNAPSHOT"], "w") as out:
    json.dump(snapshot, out, indent=1, sort_keys=True)
env.cr.commit()
print(f"UPGRADE FILL OK: {len(snapshot['records'])} records")
