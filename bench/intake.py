"""Intake: raw e-mails through the mail gateway into a team's alias.

Run inside `odoo shell` (bench/run_intake.sh runs it on a database with
stekas_helpdesk and one with helpdesk_mgmt alone). BENCH_N plain e-mails
(default 1000), then BENCH_ATT_N e-mails (default 20) each carrying a text/CSV
attachment of BENCH_ATT_KB kilobytes (default 1024), all through
`mail.thread.message_process` to support@bench.example. Prints one JSON line;
everything is rolled back at the end.
"""

# ruff: noqa: F821  (env is provided by odoo shell)
import json
import os
import time
from email.message import EmailMessage

N = int(os.environ.get("BENCH_N", "1000"))
ATT_N = int(os.environ.get("BENCH_ATT_N", "20"))
ATT_KB = int(os.environ.get("BENCH_ATT_KB", "1024"))
# BENCH_COMPLETE=1: the senders' contacts carry every intake item (R-INT-2:
# job position and phone too), so no automatic reply (R-INT-4) is due.
COMPLETE = os.environ.get("BENCH_COMPLETE") == "1"
# Odoo's gateway drops e-mails from a sender past mail.gateway.loop.threshold
# (20) new tickets in 2 hours: at most 10 e-mails per contact here.
CONTACTS = 1 + (N + ATT_N) // 10
stekas = "stekas_intake_reply_pending" in env["helpdesk.ticket"]._fields

domain = env["mail.alias.domain"].create({"name": "bench.example"})
env.company.alias_domain_id = domain
team = env["helpdesk.ticket.team"].create(
    {"name": "Bench support", "alias_name": "support", "alias_domain_id": domain.id}
)
client = env["res.partner"].create({"name": "Bench client UAB", "is_company": True})
contacts = env["res.partner"].create(
    [
        {
            "name": f"Kontaktas {i}",
            "email": f"contact{i}@client.example",
            "parent_id": client.id,
            **(
                {"function": "Buhaltere", "phone": f"+370 600 {i:05d}"}
                if COMPLETE
                else {}
            ),
        }
        for i in range(CONTACTS)
    ]
)
env.flush_all()

# One CSV line is about 64 bytes: invoice numbers and amounts, no personal data,
# so the guard reads the whole file.
CSV_LINE = "SF-{:08d};2026-11-{:02d};Apskaitos eilute;{:>10}.00;EUR\n"


def csv_attachment(kb):
    lines, size, i = [], 0, 0
    while size < kb * 1024:
        line = CSV_LINE.format(i, 1 + i % 28, i * 7 % 100000)
        lines.append(line)
        size += len(line)
        i += 1
    return "".join(lines).encode()[: kb * 1024]


def raw_mail(i, attachment=None):
    msg = EmailMessage()
    who = i % CONTACTS
    msg["From"] = f"Kontaktas {who} <contact{who}@client.example>"
    msg["To"] = "support@bench.example"
    msg["Subject"] = f"Neveikia ataskaita {i}"
    msg["Message-Id"] = f"<bench-{i}-{time.time_ns()}@client.example>"
    msg.set_content(
        "Laba diena,\n\nsugeneruota ataskaita rodo klaida, prasome padeti.\n"
        f"Klaidos kodas {i}.\n\nPagarbiai,\nKontaktas {who}\n"
    )
    if attachment:
        msg.add_attachment(
            attachment, maintype="text", subtype="csv", filename=f"israsas{i}.csv"
        )
    return msg.as_bytes()


Thread = env["mail.thread"]
Ticket = env["helpdesk.ticket"]
result = {
    "stekas": stekas,
    "n": N,
    "att_n": ATT_N,
    "att_kb": ATT_KB,
    "complete": COMPLETE,
}

mails = [raw_mail(i) for i in range(N)]
before = Ticket.search_count([])
q0, t0 = env.cr.sql_log_count, time.perf_counter()
for raw in mails:
    Thread.message_process(False, raw)
env.flush_all()
result["plain_s"] = round(time.perf_counter() - t0, 3)
result["plain_queries_per_mail"] = round((env.cr.sql_log_count - q0) / N, 1)
created = Ticket.search([("team_id", "=", team.id)])
assert len(created) == N and Ticket.search_count([]) == before + N, len(created)
if stekas:
    result["auto_replies"] = env["mail.message"].search_count(
        [
            ("model", "=", "helpdesk.ticket"),
            ("res_id", "in", created.ids),
            ("message_type", "=", "auto_comment"),
        ]
    )

data = csv_attachment(ATT_KB)
mails = [raw_mail(N + i, data) for i in range(ATT_N)]
t0 = time.perf_counter()
for raw in mails:
    Thread.message_process(False, raw)
env.flush_all()
result["att_s"] = round(time.perf_counter() - t0, 3)
files = env["ir.attachment"].search(
    [("res_model", "=", "helpdesk.ticket"), ("name", "=like", "israsas%")]
)
assert len(files) == ATT_N, len(files)
if stekas:
    result["att_pii_states"] = sorted(set(files.mapped("stekas_pii_state")))
print("BENCH " + json.dumps(result))
env.cr.rollback()
