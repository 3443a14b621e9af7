"""Pure parts of the mail intake: the IMAP wrapper that marks a mail seen only
after its commit, the charset guess, and a document that is not one."""

from conftest import load_pure_lib

imap_fetch = load_pure_lib("stekas_helpdesk", "imap_fetch")
mail_charset = load_pure_lib("stekas_helpdesk", "mail_charset")
file_text = load_pure_lib("stekas_helpdesk", "file_text")


class FakeImap:
    """Records the commands a real imaplib connection would send."""

    def __init__(self):
        self.commands = []

    def fetch(self, message_set, parts):
        self.commands.append(("fetch", message_set, parts))
        return "OK", [(b"1 (BODY[] {2}", b"hi"), b")"]

    def store(self, message_set, command, flags):
        self.commands.append(("store", message_set, command, flags))
        return "OK", [b""]

    def logout(self):
        self.commands.append(("logout",))


def _wrapped(failed=False):
    imap, pending = FakeImap(), []
    conn = imap_fetch.SeenAfterCommit(imap, pending.append, lambda: failed)
    return imap, pending, conn


def test_a_mail_is_read_without_marking_it_seen():
    imap, _pending, conn = _wrapped()
    typ, data = conn.fetch(b"1", "(RFC822)")
    assert data[0][1] == b"hi"
    assert imap.commands == [("fetch", b"1", "(BODY.PEEK[])")]


def test_seen_waits_for_the_commit():
    imap, pending, conn = _wrapped()
    conn.store(b"1", "-FLAGS", "\\Seen")
    conn.store(b"1", "+FLAGS", "\\Seen")
    assert imap.commands == []
    [mark] = pending
    mark()  # the commit happened
    assert imap.commands == [("store", b"1", "+FLAGS", "\\Seen")]


def test_a_failed_mail_stays_unseen():
    imap, pending, conn = _wrapped(failed=True)
    conn.store(b"1", "+FLAGS", "\\Seen")
    assert pending == [] and imap.commands == []


def test_other_commands_pass_through():
    imap, _pending, conn = _wrapped()
    conn.store(b"1", "+FLAGS", "\\Deleted")
    conn.logout()
    assert imap.commands == [("store", b"1", "+FLAGS", "\\Deleted"), ("logout",)]


def test_unknown_charset_is_guessed():
    assert not mail_charset.is_known("x-stekas-garbage")
    assert mail_charset.is_known("windows-1257")
    assert mail_charset.guess("Laba diena ąčę".encode()) == "utf-8"
    assert mail_charset.guess("Įmonė šiandien".encode("iso-8859-13")) == "windows-1257"


def test_a_document_that_is_plain_text_is_unreadable():
    """A mail part whose base64 would not decode is stored undecoded: text
    under a document's name is not the document sent."""
    result = file_text.extract(b"JVBERi0xLjQK%%%%not*base64@@@", "israsas.pdf")
    assert not result.parts
    assert result.unreadable[0][1] == file_text.BROKEN
    assert file_text.extract(b"Laba diena", "laiskas.txt").parts
