"""The charset of a mail part that declares one Python does not know.

A mail program that writes a charset no codec answers to (a typo, a private
name) makes the text unreadable to Python's e-mail package, and Odoo's mail
gateway drops the whole mail. The part is read as UTF-8 where its bytes are
valid UTF-8, else in the Baltic code page most Lithuanian mail programs use
without UTF-8 (windows-1257; it decodes ISO-8859-13's letters the same)."""

import codecs

FALLBACK_CHARSET = "windows-1257"


def is_known(charset):
    try:
        codecs.lookup(charset)
    except (LookupError, TypeError, ValueError):
        return False
    return True


def guess(data):
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return FALLBACK_CHARSET
    return "utf-8"
