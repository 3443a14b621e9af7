"""A mail Odoo fails on at every fetch stays unseen on the server for the next
fetches, then is held in the database with its original and marked seen: never
lost, never fetched for ever."""

from mail_harness import fetch, new_msgid, psql, text_mail, tickets_of

MAX_FETCH_ATTEMPTS = 3  # stekas_helpdesk/intake/models/stekas_unprocessed_mail.py
BREAKING = "SUGADINTA"


def _held(msgid):
    return psql(
        "SELECT m.state, m.attempts, a.file_size FROM stekas_unprocessed_mail m "
        "LEFT JOIN ir_attachment a ON a.id = m.raw_attachment_id "
        f"WHERE m.message_id = '{msgid}'"
    )


def test_a_mail_failing_at_every_fetch_is_held_then_seen(odoo, mailbox):
    # A real failure, as a bug would give: the database refuses its ticket.
    psql(
        "ALTER TABLE helpdesk_ticket ADD CONSTRAINT stekas_test_refused "
        f"CHECK (name NOT LIKE '%{BREAKING}%')"
    )
    try:
        failing, passing = new_msgid("held"), new_msgid("beside")
        raw = text_mail(failing, f"{BREAKING} sąskaita", "Laba diena, klaida.")
        mailbox.append(raw, text_mail(passing, "Ataskaita", "Laba diena."))
        for attempt in range(1, MAX_FETCH_ATTEMPTS):
            fetch(odoo)
            assert "\\Seen" not in mailbox.flags_by_message_id()[failing]
            assert _held(failing) == [["retrying", str(attempt), ""]]
        assert set(tickets_of([passing, failing])) == {passing}, "the other passed"
        fetch(odoo)
        assert "\\Seen" in mailbox.flags_by_message_id()[failing]
        [(state, attempts, size)] = _held(failing)
        assert (state, attempts) == ("held", str(MAX_FETCH_ATTEMPTS))
        assert int(size) >= len(raw) - 10, "the original is kept"
        fetch(odoo)  # offered no more: no fourth attempt
        assert _held(failing)[0][1] == str(MAX_FETCH_ATTEMPTS)
        assert not tickets_of([failing])
    finally:
        psql("ALTER TABLE helpdesk_ticket DROP CONSTRAINT stekas_test_refused")
