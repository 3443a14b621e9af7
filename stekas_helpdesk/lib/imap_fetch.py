"""An IMAP connection that marks a mail seen only once Odoo kept it.

Odoo's fetch loop (mail's fetchmail.server.fetch_mail) reads a mail with
``FETCH (RFC822)``, which marks it \\Seen at once, takes the flag off, processes
the mail, sets \\Seen again and only then commits. A worker killed or a database
lost between the flag and the commit leaves a mail seen that no ticket holds:
the next fetch, which asks for unseen mails, never sees it again. A mail whose
processing failed is marked seen as well.

This wrapper reads with ``BODY.PEEK[]`` (no flag) and hands the \\Seen flag to
`after_commit`, which the caller runs once the mail's transaction committed;
`failed()` says whether the mail just processed failed, and such a mail stays
unseen, fetched again next time (as Odoo's POP loop keeps a failed mail on the
server). A mail fetched again after a crash is not processed twice: the mail
gateway drops a Message-Id it already holds.
"""

SEEN = "\\Seen"


class SeenAfterCommit:
    def __init__(self, imap, after_commit, failed):
        self._imap = imap
        self._after_commit = after_commit
        self._failed = failed

    def fetch(self, message_set, message_parts):
        if message_parts.strip().upper() == "(RFC822)":
            # the same answer's shape (data[0][1] is the mail), without the flag
            message_parts = "(BODY.PEEK[])"
        return self._imap.fetch(message_set, message_parts)

    def store(self, message_set, command, flags):
        if flags != SEEN or command not in ("+FLAGS", "-FLAGS"):
            return self._imap.store(message_set, command, flags)
        if command == "+FLAGS" and not self._failed():
            self._after_commit(lambda: self._imap.store(message_set, command, flags))
        # -FLAGS: PEEK never set it
        return "OK", [None]

    def __getattr__(self, name):
        return getattr(self._imap, name)
