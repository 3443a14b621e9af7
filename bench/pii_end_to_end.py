"""Personal-data guard end to end: 10 MB of phone-dense data through a running
Odoo server, answered within Odoo's limits (limit_time_real 120 s,
limit_time_cpu 60 s by default).

Two paths, each timed on the wall clock from the request to its answer:
- the portal's anonymizer (`/my/personal-data/anonymize`), as a portal user's
  browser posts the file: the answer is the anonymized copy or a refusal page;
- an e-mail with the file attached, through `mail.thread.message_process`
  (XML-RPC as the administrator, as the mail fetcher does it): the answer is the
  new ticket, and what the guard did is read from its audit records.

The server is started apart, with workers so that its limits hold, e.g.:

    python3 -m odoo -d DB --addons-path=... --http-port=8232 --workers=2 \\
        --limit-time-real=120 --limit-time-cpu=60 --max-cron-threads=0
    python3 bench/pii_end_to_end.py --url http://localhost:8232 --db DB \\
        [--mb 10] [--admin admin --password admin]

A portal user `bench_pii_portal` is created (once) on a client company.
"""

import argparse
import random
import re
import time
import xmlrpc.client
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import requests
from detector_linearity import phone_dense

PORTAL_LOGIN = "bench_pii_portal"


def rpc(url, db, uid, password):
    models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

    def call(model, method, *args, **kwargs):
        return models.execute_kw(db, uid, password, model, method, list(args), kwargs)

    return call


def ensure_portal_user(call):
    found = call("res.users", "search", [("login", "=", PORTAL_LOGIN)])
    if found:
        return
    company = call("res.partner", "create", {"name": "Bench UAB", "is_company": True})
    partner = call(
        "res.partner",
        "create",
        {
            "name": "Ona Bench",
            "email": "ona@bench.example",
            "parent_id": company,
        },
    )
    portal = call("ir.model.data", "check_object_reference", "base", "group_portal")
    call(
        "res.users",
        "create",
        {
            "login": PORTAL_LOGIN,
            "password": PORTAL_LOGIN,
            "partner_id": partner,
            "groups_id": [(6, 0, [portal[1]])],
        },
    )


def csrf_of(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def portal_anonymize(url, db, data, name):
    session = requests.Session()
    login = session.get(f"{url}/web/login", params={"db": db})
    session.post(
        f"{url}/web/login",
        data={
            "login": PORTAL_LOGIN,
            "password": PORTAL_LOGIN,
            "csrf_token": csrf_of(login.text),
            "db": db,
        },
    )
    page = session.get(f"{url}/my/personal-data/anonymize")
    start = time.monotonic()
    response = session.post(
        f"{url}/my/personal-data/anonymize",
        data={"csrf_token": csrf_of(page.text)},
        files={"file": (name, data, "text/csv")},
    )
    seconds = time.monotonic() - start
    if "attachment" in response.headers.get("Content-Disposition", ""):
        answer = f"anonymized copy, {len(response.content):,} bytes"
    else:
        alert = re.search(r"alert-danger[^>]*>\s*([^<]+)", response.text)
        answer = f"refused: {alert.group(1).strip() if alert else '(no message)'}"
    return response.status_code, seconds, answer


def mail_with(data, name, n):
    message = MIMEMultipart()
    message["From"] = "Ona Bench <ona@bench.example>"
    message["To"] = "pagalba@stekas.example"
    message["Subject"] = "Kontaktų sąrašas"
    message["Message-Id"] = f"<bench-e2e-{n}-{time.time_ns()}@bench.example>"
    message.attach(MIMEText("Laba diena, prisegu sąrašą.", "plain", "utf-8"))
    part = MIMEText(data.decode(), "csv", "utf-8")
    part.add_header("Content-Disposition", "attachment", filename=name)
    message.attach(part)
    return message.as_string()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://localhost:8232")
    parser.add_argument("--db", required=True)
    parser.add_argument("--admin", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--mb", type=float, default=10)
    args = parser.parse_args()
    common = xmlrpc.client.ServerProxy(f"{args.url}/xmlrpc/2/common")
    uid = common.authenticate(args.db, args.admin, args.password, {})
    call = rpc(args.url, args.db, uid, args.password)
    ensure_portal_user(call)
    size = int(args.mb * 1024 * 1024)
    data, name = phone_dense(random.Random(20261201), size)
    data = data[: data.rfind(b"\n", 0, size)]  # whole rows, at most `size` bytes
    rows = data.count(b"\n")
    print(f"input: phone-dense CSV, {len(data):,} bytes, {rows:,} rows")

    status, seconds, answer = portal_anonymize(args.url, args.db, data, name)
    print(f"portal anonymize: HTTP {status} in {seconds:.1f} s: {answer}")

    raw = mail_with(data, name, 1)
    start = time.monotonic()
    ticket = call("mail.thread", "message_process", "helpdesk.ticket", raw)
    seconds = time.monotonic() - start
    audits = call(
        "stekas.pii.audit",
        "search_read",
        [("ticket_id", "=", ticket)],
        fields=["content_type", "action", "status", "reasons"],
    )
    summary = "; ".join(
        f"{a['content_type']} {a['action']} ({a['status']}, {a['reasons'] or '-'})"
        for a in audits
    )
    print(
        f"mail through message_process: ticket {ticket} in {seconds:.1f} s "
        f"({len(raw):,} bytes of mail): {summary or 'no audit'}"
    )


if __name__ == "__main__":
    main()
