"""Nothing lost, nothing twice: the Odoo worker killed or PostgreSQL restarted
while Odoo fetches; every mail reaches exactly one ticket once Odoo fetches
again (Message-Id unique)."""

import os
import subprocess
import threading
import time

import pytest
from mail_harness import fetch, new_msgid, psql, text_mail, tickets_of

COUNT = 30


def _thirty(mailbox, tag):
    msgids = [new_msgid(tag) for _ in range(COUNT)]
    mailbox.append(
        *(
            text_mail(msgid, f"Užklausa Nr. {i} ({tag})", f"Laba diena, klausimas {i}.")
            for i, msgid in enumerate(msgids)
        )
    )
    return msgids


def _fetch_in_background(odoo):
    def run():
        try:
            fetch(odoo)
        except Exception:  # noqa: BLE001 - the server is killed under it
            pass

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _wait_for_some(msgids, at_least=3, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        count = len(tickets_of(msgids))
        if count >= at_least:
            return count
        time.sleep(0.05)
    raise AssertionError("Odoo fetched nothing")


def _assert_all_once(mailbox, msgids):
    found = tickets_of(msgids)
    missing = set(msgids) - set(found)
    assert not missing, f"{len(missing)} mails lost: {sorted(missing)}"
    assert len(set(found.values())) == COUNT
    quoted = ",".join(f"'{m}'" for m in msgids)
    twice = psql(
        "SELECT message_id FROM mail_message "
        f"WHERE message_id IN ({quoted}) GROUP BY message_id HAVING count(*) > 1"
    )
    assert not twice, f"mails processed twice: {twice}"
    flags = mailbox.flags_by_message_id()
    assert all("\\Seen" in flags[m] for m in msgids)


def test_worker_killed_mid_fetch(odoo, mailbox):
    msgids = _thirty(mailbox, "kill")
    thread = _fetch_in_background(odoo)
    done = _wait_for_some(msgids)
    odoo.kill()
    thread.join()
    assert done < COUNT, "the fetch ended before the kill"
    odoo.start()
    odoo.connect()
    fetch(odoo)
    _assert_all_once(mailbox, msgids)


@pytest.mark.skipif(
    not os.environ.get("STEKAS_MAIL_PG_RESTART"),
    reason="restarts PostgreSQL: only where nothing else uses it "
    "(STEKAS_MAIL_PG_RESTART=1)",
)
def test_postgresql_restarted_mid_fetch(odoo, mailbox):
    msgids = _thirty(mailbox, "pgrestart")
    thread = _fetch_in_background(odoo)
    _wait_for_some(msgids)
    version, name = os.environ.get("STEKAS_MAIL_PG_CLUSTER", "15 main").split()
    subprocess.run(["pg_ctlcluster", version, name, "restart"], check=True)
    thread.join()
    # Odoo's fetch ends at the broken connection; the next fetch, on a new
    # connection, brings the rest
    for _ in range(60):
        try:
            fetch(odoo)
            break
        except Exception:  # noqa: BLE001 - the pool reconnects
            time.sleep(1)
    _assert_all_once(mailbox, msgids)
