"""What the client receives through SMTP when the ticket is solved: the
request for feedback alone (it says the request is solved), not also
helpdesk_mgmt's "ticket closed" mail; closed again later: that mail."""

import time

from mail_harness import (
    CLIENT_EMAIL,
    fetch,
    new_msgid,
    psql,
    text_mail,
    tickets_of,
)

ACCOUNTANT_EMAIL = "jurgita@klientas.example"
ACCOUNTANT = f"Jurgita Jurgaitė <{ACCOUNTANT_EMAIL}>"


def _xmlid(name):
    [[res_id]] = psql(
        "SELECT res_id FROM ir_model_data "
        f"WHERE module = 'helpdesk_mgmt' AND name = '{name}'"
    )
    return int(res_id)


def _move(odoo, ticket_id, stage):
    odoo.call("helpdesk.ticket", "write", [ticket_id], {"stage_id": _xmlid(stage)})


def _mails_about(smtp_sink, number):
    return [
        m
        for m in smtp_sink.parsed()
        if number in str(m["Subject"]) and ACCOUNTANT_EMAIL in str(m["To"])
    ]


def _new_mails(smtp_sink, number, before, timeout=15):
    """Odoo sends after its commit: wait, then give what came since."""
    deadline = time.time() + timeout
    while len(_mails_about(smtp_sink, number)) <= before and time.time() < deadline:
        time.sleep(0.3)
    time.sleep(2)  # a second mail would follow at once
    return _mails_about(smtp_sink, number)[before:]


def _complete_contact(odoo):
    """A contact of the client with every intake datum (R-INT-2): her
    ticket can be worked and solved."""
    if odoo.call("res.partner", "search", [("email", "=", ACCOUNTANT_EMAIL)]):
        return
    [client] = odoo.call("res.partner", "search", [("email", "=", CLIENT_EMAIL)])
    [company] = odoo.call("res.partner", "read", [client], ["parent_id"])
    odoo.call(
        "res.partner",
        "create",
        {
            "name": "Jurgita Jurgaitė",
            "email": ACCOUNTANT_EMAIL,
            "function": "Buhalterė",
            "phone": "+370 600 12345",
            "parent_id": company["parent_id"][0],
        },
    )


def test_solving_sends_the_client_one_mail(odoo, mailbox, smtp_sink):
    _complete_contact(odoo)
    msgid = new_msgid("solved")
    mailbox.append(
        text_mail(msgid, "Neveikia PVM ataskaita", "Laba diena.", sender=ACCOUNTANT)
    )
    fetch(odoo)
    ticket_id = tickets_of([msgid])[msgid]
    [[number]] = psql(f"SELECT number FROM helpdesk_ticket WHERE id = {ticket_id}")
    time.sleep(2)  # the intake's own mails leave first
    before = len(_mails_about(smtp_sink, number))

    _move(odoo, ticket_id, "helpdesk_ticket_stage_done")
    solved = _new_mails(smtp_sink, number, before)
    assert len(solved) == 1, [str(m["Subject"]) for m in solved]

    # reopened and closed again: no second request, the stage's own mail
    _move(odoo, ticket_id, "helpdesk_ticket_stage_in_progress")
    before = len(_mails_about(smtp_sink, number))
    _move(odoo, ticket_id, "helpdesk_ticket_stage_done")
    again = _new_mails(smtp_sink, number, before)
    assert len(again) == 1, [str(m["Subject"]) for m in again]
    assert str(again[0]["Subject"]) != str(solved[0]["Subject"])
