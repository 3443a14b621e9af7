"""Fixtures of the mail server tests (their code and the reasons are in
mail_harness.py)."""

from mail_harness import (  # noqa: F401 - pytest finds fixtures by name here
    _requirements,
    dovecot,
    mailbox,
    odoo,
    smtp_sink,
)
