"""What our addons send a client leaves through SMTP as an automatic reply
to the client's mail (RFC 3834); automatic mail coming in starts no ticket and
gets no answer; a mail whose transaction rolls back gets no reply."""

import time

from mail_harness import (
    CLIENT_EMAIL,
    HELPDESK,
    fetch,
    new_msgid,
    psql,
    text_mail,
    tickets_of,
)


def _replies_to(smtp_sink, msgid):
    return [
        m
        for m in smtp_sink.parsed()
        if msgid in str(m.get("In-Reply-To", ""))
        or msgid in str(m.get("References", ""))
    ]


def _wait_for_replies(smtp_sink, msgid, timeout=90):
    """The reply is a job sent after the fetch's commit: wait for the sink to
    get it. A reply job killed by the PostgreSQL restart of test_mail_crash
    (CI only) holds its place in `root.stekas_mail` until queue_job's runner
    finds it dead, at its next round: up to a minute later."""
    deadline = time.time() + timeout
    while not _replies_to(smtp_sink, msgid) and time.time() < deadline:
        time.sleep(0.3)
    return _replies_to(smtp_sink, msgid)


def test_client_mails_are_automatic_replies_to_the_clients_mail(
    odoo, mailbox, smtp_sink
):
    msgid = new_msgid("outgoing")
    mailbox.append(
        text_mail(msgid, "Neveikia banko importas", "Banko išrašas neįsikelia.")
    )
    fetch(odoo)
    assert tickets_of([msgid])
    replies = _wait_for_replies(smtp_sink, msgid)
    assert replies, [m["Subject"] for m in smtp_sink.parsed()]
    for reply in replies:
        assert CLIENT_EMAIL in str(reply["To"])
        assert reply["Auto-Submitted"] == "auto-replied"
        assert reply["In-Reply-To"].strip() == msgid
        assert msgid in reply["References"].split()


def test_automatic_mail_and_bounces_get_no_ticket_and_no_reply(
    odoo, mailbox, smtp_sink
):
    auto_id, dsn_id = new_msgid("ooo"), new_msgid("dsn")
    out_of_office = text_mail(
        auto_id,
        "Automatinis atsakymas: Jūsų užklausa",
        "Esu atostogose iki pirmadienio.",
        sender="Petras <petras@kitas.example>",
        headers={"Auto-Submitted": "auto-replied"},
    )
    boundary = "=-=dsn=-="
    dsn = (
        "From: Mail Delivery System <MAILER-DAEMON@mx.kitas.example>\r\n"
        f"To: {HELPDESK}\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        f"Message-ID: {dsn_id}\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/report; report-type=delivery-status; "
        f'boundary="{boundary}"\r\n'
        f"\r\n--{boundary}\r\nContent-Type: text/plain\r\n\r\n"
        "Your message could not be delivered to nera@kitas.example.\r\n"
        f"--{boundary}\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.kitas.example\r\n\r\n"
        "Final-Recipient: rfc822; nera@kitas.example\r\nAction: failed\r\n"
        "Status: 5.1.1\r\n"
        f"\r\n--{boundary}--\r\n"
    ).encode()
    before = len(smtp_sink.messages)
    mailbox.append(out_of_office, dsn)
    fetch(odoo)
    assert tickets_of([auto_id, dsn_id]) == {}
    assert psql(
        "SELECT count(*) FROM helpdesk_ticket WHERE name IN "
        "('Automatinis atsakymas: Jūsų užklausa', "
        "'Undelivered Mail Returned to Sender')"
    ) == [["0"]]
    time.sleep(3)  # what Odoo sends after its commit has had time to leave
    new = smtp_sink.parsed()[before:]
    assert not [
        m
        for m in new
        if "petras@kitas.example" in str(m["To"]) or "MAILER-DAEMON" in str(m["To"])
    ]
    flags = mailbox.flags_by_message_id()
    assert "\\Seen" in flags[auto_id] and "\\Seen" in flags[dsn_id]


def test_no_reply_for_a_mail_whose_transaction_rolled_back(odoo, mailbox, smtp_sink):
    """The client's message on the new ticket fails to store (a database
    trigger, as a full disk or a lost connection would): the ticket and its
    automatic mails roll back, and none may leave."""
    msgid = new_msgid("rollback")
    subject = f"Ši užklausa nepavyks {msgid.split('.')[1][:8]}"
    psql(
        "CREATE OR REPLACE FUNCTION stekas_test_refuse() RETURNS trigger AS $$ "
        "BEGIN IF NEW.message_id = '" + msgid + "' THEN "
        "RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$ "
        "LANGUAGE plpgsql; "
        "CREATE TRIGGER stekas_test_refuse BEFORE INSERT ON mail_message "
        "FOR EACH ROW EXECUTE FUNCTION stekas_test_refuse();"
    )
    try:
        mailbox.append(text_mail(msgid, subject, "Laba diena, turiu klausimą."))
        fetch(odoo)
        # the ticket was created before the message failed: rolled back with it
        assert psql(
            f"SELECT count(*) FROM helpdesk_ticket WHERE name = '{subject}'"
        ) == [["0"]]
        time.sleep(3)
        assert not _replies_to(smtp_sink, msgid)
        assert not [m for m in smtp_sink.parsed() if subject in str(m["Subject"])]
        # not lost: left unseen on the server for the next fetch
        assert "\\Seen" not in mailbox.flags_by_message_id()[msgid]
    finally:
        psql(
            "DROP TRIGGER IF EXISTS stekas_test_refuse ON mail_message; "
            "DROP FUNCTION IF EXISTS stekas_test_refuse();"
        )
    # once the cause is gone, the mail is fetched again and answered
    fetch(odoo)
    assert tickets_of([msgid])
    assert "\\Seen" in mailbox.flags_by_message_id()[msgid]
    assert _wait_for_replies(smtp_sink, msgid)
