"""Mails fetched from a real IMAP server become tickets: each once, decoded
right, marked seen; a reply goes to its ticket."""

from mail_harness import fetch, new_msgid, psql, text_mail, tickets_of

LITHUANIAN = [
    ("utf-8", "Neveikia sąskaitų išrašymas", "Laba diena, nespausdina žiniaraščio."),
    ("windows-1257", "Klaida įvedant PVM sąskaitą", "Įmonės buhalterė gavo klaidą."),
    ("iso-8859-13", "Užstrigo mėnesio uždarymas", "Ūkinės operacijos neužsidaro."),
    ("windows-1257", "Čekių spausdintuvas", "Šiandien neveikia čekių spausdintuvas."),
    ("iso-8859-13", "Žurnalo ataskaita", "Ataskaitoje trūksta įrašų už gruodį."),
]


def _ticket_rows(ids):
    rows = psql(
        "SELECT id, name, description FROM helpdesk_ticket "
        f"WHERE id IN ({','.join(str(i) for i in ids)})"
    )
    return {int(row[0]): (row[1], row[2]) for row in rows}


def test_each_mail_once_decoded_and_seen_and_a_reply_stays(odoo, mailbox):
    msgids = [new_msgid("plain") for _ in LITHUANIAN]
    mailbox.append(
        *(
            text_mail(msgid, subject, body, charset)
            for msgid, (charset, subject, body) in zip(msgids, LITHUANIAN, strict=True)
        )
    )
    fetch(odoo)

    found = tickets_of(msgids)
    assert set(found) == set(msgids), "a mail reached no ticket"
    assert len(set(found.values())) == len(msgids), "two mails on one ticket"
    rows = _ticket_rows(found.values())
    for msgid, (_charset, subject, body) in zip(msgids, LITHUANIAN, strict=True):
        name, description = rows[found[msgid]]
        assert name == subject
        assert body in description
    flags = mailbox.flags_by_message_id()
    assert all("\\Seen" in flags[msgid] for msgid in msgids), flags

    # the client answers the first ticket's thread
    reply_id = new_msgid("reply")
    mailbox.append(
        text_mail(
            reply_id,
            f"Re: {LITHUANIAN[0][1]}",
            "Papildau: klaida kartojasi kiekvieną rytą.",
            headers={"In-Reply-To": msgids[0], "References": msgids[0]},
        )
    )
    fetch(odoo)
    assert tickets_of([reply_id]) == {reply_id: found[msgids[0]]}
    assert psql(
        f"SELECT count(*) FROM helpdesk_ticket WHERE name = 'Re: {LITHUANIAN[0][1]}'"
    ) == [["0"]]
