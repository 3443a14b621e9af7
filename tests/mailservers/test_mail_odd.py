"""Mails a gateway must not lose: a broken MIME part, an unknown charset, a
file over the guard's size limit, an encrypted file. Each reaches a ticket and
the file is kept, quarantined by the personal-data guard (R-PII-1, R-PII-4)."""

import io

from mail_harness import (
    HELPDESK,
    SENDER,
    fetch,
    new_msgid,
    psql,
    tickets_of,
)

# the guard's file size limit (stekas_helpdesk/lib/file_text.py Limits)
GUARD_MAX_FILE_SIZE = 25 * 1024 * 1024


def _raw(msgid, subject, content_type, body, extra=""):
    """A mail written byte by byte, as a broken mail program may send it."""
    head = (
        f"From: {SENDER}\r\nTo: {HELPDESK}\r\nSubject: {subject}\r\n"
        f"Message-ID: {msgid}\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: {content_type}\r\n{extra}\r\n"
    )
    return head.encode("utf-8") + body


def _multipart(msgid, subject, text, filename, mimetype, data):
    import base64

    boundary = "=-=stekas-boundary=-="
    encoded = base64.encodebytes(data)
    body = (
        (
            f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\n"
        ).encode()
        + text.encode()
        + (
            f'\r\n--{boundary}\r\nContent-Type: {mimetype}; name="{filename}"\r\n'
            f'Content-Disposition: attachment; filename="{filename}"\r\n'
            "Content-Transfer-Encoding: base64\r\n\r\n"
        ).encode()
        + encoded
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return _raw(msgid, subject, f'multipart/mixed; boundary="{boundary}"', body)


def _attachments(ticket_id):
    rows = psql(
        "SELECT a.name, a.file_size, a.stekas_pii_state FROM ir_attachment a "
        "JOIN message_attachment_rel r ON r.attachment_id = a.id "
        "JOIN mail_message m ON m.id = r.message_id "
        f"WHERE m.model = 'helpdesk.ticket' AND m.res_id = {ticket_id}"
    )
    return {name: (int(size), state) for name, size, state in rows}


def _encrypted_pdf():
    from PyPDF2 import PdfReader, PdfWriter
    from reportlab.pdfgen import canvas

    plain = io.BytesIO()
    pdf = canvas.Canvas(plain)
    pdf.drawString(72, 720, "Asmens kodas 38001010000, Jonas Jonaitis")
    pdf.save()
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(plain.getvalue())).pages:
        writer.add_page(page)
    writer.encrypt("slaptas")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_odd_mails_are_kept(odoo, mailbox):
    broken_id, charset_id, big_id, locked_id = (
        new_msgid(tag) for tag in ("broken", "charset", "big", "locked")
    )
    boundary = "=-=broken=-="
    broken = _raw(
        broken_id,
        "Sugadintas laiškas",
        f'multipart/mixed; boundary="{boundary}"',
        (
            f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            "Prisegu išrašą.\r\n"
            f'--{boundary}\r\nContent-Type: application/pdf; name="israsas.pdf"\r\n'
            'Content-Disposition: attachment; filename="israsas.pdf"\r\n'
            "Content-Transfer-Encoding: base64\r\n\r\n"
            "JVBERi0xLjQK%%%%not*base64@@@\r\n"
            # no closing boundary: the mail ends inside the part
        ).encode(),
    )
    garbage_charset = _raw(
        charset_id,
        "Nežinoma koduotė",
        'text/plain; charset="x-stekas-garbage"',
        "Laba diena, nepavyksta įvesti sąskaitos.".encode("windows-1257"),
        extra="Content-Transfer-Encoding: 8bit\r\n",
    )
    big = _multipart(
        big_id,
        "Didelis priedas",
        "Siunčiu visą duomenų bazės kopiją.",
        "kopija.txt",
        "text/plain",
        b"Jonas Jonaitis 38001010000\n" * (GUARD_MAX_FILE_SIZE // 27 + 1000),
    )
    locked = _multipart(
        locked_id,
        "Užšifruotas failas",
        "Slaptažodį atsiųsiu atskirai.",
        "sutartis.pdf",
        "application/pdf",
        _encrypted_pdf(),
    )
    mailbox.append(broken, garbage_charset, big, locked)
    fetch(odoo)

    found = tickets_of([broken_id, charset_id, big_id, locked_id])
    assert set(found) == {broken_id, charset_id, big_id, locked_id}, found
    flags = mailbox.flags_by_message_id()
    assert all("\\Seen" in flags[m] for m in found), flags

    [[description]] = psql(
        f"SELECT description FROM helpdesk_ticket WHERE id = {found[charset_id]}"
    )
    assert "nepavyksta" in description

    big_files = _attachments(found[big_id])
    assert big_files["kopija.txt"][0] > GUARD_MAX_FILE_SIZE, big_files
    assert big_files["kopija.txt"][1] == "quarantine", big_files
    locked_files = _attachments(found[locked_id])
    assert locked_files["sutartis.pdf"][1] == "quarantine", locked_files
    broken_files = _attachments(found[broken_id])
    assert "israsas.pdf" in broken_files, broken_files
    assert broken_files["israsas.pdf"][1] == "quarantine", broken_files
