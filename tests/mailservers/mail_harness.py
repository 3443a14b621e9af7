"""Mail through real servers: Dovecot (IMAP), an aiosmtpd sink (SMTP) and one
Odoo server process, not Odoo's test mode.

Odoo's fetchmail commits after each mail and marks it \\Seen only after
processing, and Odoo's test mode never opens an SMTP connection: neither can be
seen from a TransactionCase. So these tests drive a real Odoo server on a
database with both addons installed (``STEKAS_MAIL_DB``), put mails on the IMAP
server with APPEND, make Odoo fetch them through its ``fetchmail.server`` and
read what it sent from the SMTP sink.

Environment: ``STEKAS_MAIL_DB`` (required), ``STEKAS_IMAP_PORT`` (10143),
``STEKAS_SMTP_PORT`` (10025), ``STEKAS_MAIL_HTTP_PORT`` (8331),
``STEKAS_ADDONS_PATH`` (else computed as scripts/common.sh does),
``STEKAS_MAIL_PG_RESTART=1`` allows the test that restarts PostgreSQL (the
cluster ``STEKAS_MAIL_PG_CLUSTER``, "15 main"; libpq's ``PGPORT`` and ``PGHOST``
choose the server for Odoo and psql alike).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import xmlrpc.client
from email.header import Header
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, parseaddr
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DB = os.environ.get("STEKAS_MAIL_DB")
IMAP_PORT = int(os.environ.get("STEKAS_IMAP_PORT", "10143"))
SMTP_PORT = int(os.environ.get("STEKAS_SMTP_PORT", "10025"))
HTTP_PORT = int(os.environ.get("STEKAS_MAIL_HTTP_PORT", "8331"))
IMAP_USER, IMAP_PASSWORD = "helpdesk", "secret"
# the uid Dovecot works as: it refuses mail access as root
MAIL_UID = 65534


def _loud_skip(reason):
    banner = "#" * 70
    sys.stderr.write(f"\n{banner}\n#  MAIL SERVER TESTS SKIPPED: {reason}\n{banner}\n")
    pytest.skip(f"MAIL SERVER TESTS SKIPPED: {reason}")


def _wait_port(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing answers on port {port} after {timeout}s")


@pytest.fixture(scope="session", autouse=True)
def _requirements():
    try:
        import odoo  # noqa: F401
    except ImportError:
        _loud_skip("Odoo is not importable")
    if not DB:
        _loud_skip("no database given (STEKAS_MAIL_DB)")
    if not shutil.which("dovecot") and not os.path.exists("/usr/sbin/dovecot"):
        _loud_skip("dovecot is not installed (apt-get install dovecot-imapd)")


# ---------------------------------------------------------------------------
# Dovecot
# ---------------------------------------------------------------------------


class Dovecot:
    def __init__(self, root):
        self.root = Path(root)
        self.conf = self.root / "dovecot.conf"
        self.binary = shutil.which("dovecot") or "/usr/sbin/dovecot"

    def write_config(self):
        root = self.root
        # the login processes run as Dovecot's own users and must reach the sockets
        root.chmod(0o755)
        for sub in ("run", "state", "mail"):
            (root / sub).mkdir(exist_ok=True)
        os.chown(root / "mail", MAIL_UID, MAIL_UID)
        (root / "passwd").write_text(f"{IMAP_USER}:{{PLAIN}}{IMAP_PASSWORD}::::::\n")
        self.conf.write_text(
            f"""protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 0
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={MAIL_UID} gid={MAIL_UID} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {IMAP_PORT}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""
        )

    def start(self):
        self.write_config()
        subprocess.run([self.binary, "-c", str(self.conf)], check=True)
        _wait_port(IMAP_PORT)

    def stop(self):
        subprocess.run(
            [self.binary, "-c", str(self.conf), "stop"],
            check=False,
            capture_output=True,
        )

    def connect(self):
        import imaplib

        imap = imaplib.IMAP4("127.0.0.1", IMAP_PORT)
        imap.login(IMAP_USER, IMAP_PASSWORD)
        imap.select("INBOX")
        return imap

    def append(self, *raw_mails):
        imap = self.connect()
        try:
            for raw in raw_mails:
                typ, _data = imap.append("INBOX", None, None, raw)
                assert typ == "OK"
        finally:
            imap.logout()

    def flags_by_message_id(self):
        """{Message-Id: set of flags} of every mail in the inbox."""
        imap = self.connect()
        try:
            result = {}
            typ, data = imap.fetch(
                "1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])"
            )
            if typ != "OK" or not data or data == [None]:
                return result
            for item in data:
                if not isinstance(item, tuple):
                    continue
                head, header = item
                flags = head.decode().split("FLAGS (", 1)[1].split(")", 1)[0].split()
                msgid = (
                    header.decode().split(":", 1)[1].strip() if b":" in header else ""
                )
                result[msgid] = set(flags)
            return result
        finally:
            imap.logout()

    def expunge_all(self):
        imap = self.connect()
        try:
            imap.store("1:*", "+FLAGS", "\\Deleted")
            imap.expunge()
        except Exception:  # noqa: BLE001 - an empty box has no 1:*
            pass
        finally:
            imap.logout()


@pytest.fixture(scope="session")
def dovecot():
    root = tempfile.mkdtemp(prefix="stekas-dovecot-")
    server = Dovecot(root)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


# ---------------------------------------------------------------------------
# SMTP sink
# ---------------------------------------------------------------------------


class SmtpSink:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        with self.lock:
            self.messages.append(
                {
                    "from": envelope.mail_from,
                    "to": list(envelope.rcpt_tos),
                    "content": envelope.original_content or envelope.content,
                }
            )
        return "250 OK"

    def parsed(self):
        import email
        import email.policy

        with self.lock:
            return [
                email.message_from_bytes(m["content"], policy=email.policy.default)
                for m in self.messages
            ]


@pytest.fixture(scope="session")
def smtp_sink():
    from aiosmtpd.controller import Controller

    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    yield sink
    controller.stop()


# ---------------------------------------------------------------------------
# Odoo server process
# ---------------------------------------------------------------------------


def _addons_path():
    if os.environ.get("STEKAS_ADDONS_PATH"):
        return os.environ["STEKAS_ADDONS_PATH"]
    script = f'source "{ROOT}/scripts/common.sh" && addons_path'
    return subprocess.run(
        ["bash", "-c", script], check=True, capture_output=True, text=True
    ).stdout.strip()


class OdooServer:
    def __init__(self, log_path):
        self.log_path = log_path
        self.proc = None
        self.addons_path = _addons_path()
        self.url = f"http://127.0.0.1:{HTTP_PORT}"

    def start(self):
        log = open(self.log_path, "ab")  # noqa: SIM115 - kept open by the child
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "scripts" / "odoo_server.py"),
                "-d",
                DB,
                f"--db-filter=^{DB}$",
                f"--addons-path={self.addons_path}",
                f"--http-port={HTTP_PORT}",
                "--http-interface=127.0.0.1",
                "--smtp=127.0.0.1",
                f"--smtp-port={SMTP_PORT}",
                "--max-cron-threads=0",
                # queue_job's runner, as `make run` serves: the automatic
                # replies and the scans leave the fetch as jobs and are sent
                # by it, after the fetch's commit
                "--load=base,web,queue_job",
                "--log-level=info",
            ],
            env=dict(
                os.environ,
                # as make run's job node: two replies at once
                ODOO_QUEUE_JOB_CHANNELS="root:2,root.stekas_scan:1,root.stekas_mail:2",
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Odoo exited with {self.proc.returncode}")
            try:
                self.models().execute_kw(
                    DB, self.uid(), "admin", "res.users", "search", [[]], {"limit": 1}
                )
                return
            except (OSError, xmlrpc.client.Fault, xmlrpc.client.ProtocolError):
                time.sleep(0.5)
        raise RuntimeError("Odoo did not answer in 120 s")

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()

    def models(self):
        return xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/object", allow_none=True)

    def uid(self):
        common = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common")
        return common.authenticate(DB, "admin", "admin", {})

    def call(self, model, method, *args, **kwargs):
        return self.models().execute_kw(
            DB, self._uid, "admin", model, method, list(args), kwargs
        )

    def connect(self):
        self._uid = self.uid()
        assert self._uid, "admin/admin does not log in on the test database"


def psql(sql):
    """Rows of `sql` on the test database, as lists of strings: the checks
    read the database directly, not through the server under test."""
    out = subprocess.run(
        ["psql", "-d", DB, "-XAtq", "-F", "\t", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [line.split("\t") for line in out.splitlines() if line]


@pytest.fixture(scope="session")
def odoo(dovecot, smtp_sink, tmp_path_factory):
    log = tmp_path_factory.mktemp("odoo") / "odoo.log"
    server = OdooServer(log)
    server.start()
    server.connect()
    _configure(server)
    yield server
    server.stop()
    sys.stderr.write(f"\nOdoo server log: {log}\n")


def _configure(server):
    """The fetchmail server for the Dovecot box, into helpdesk tickets, and the
    sender address of the company's mails."""
    company_id = server.call("res.company", "search", [], limit=1)[0]
    server.call(
        "res.company", "write", [company_id], {"email": "pagalba@stekas.example"}
    )
    model_id = server.call("ir.model", "search", [("model", "=", "helpdesk.ticket")])[0]
    existing = server.call("fetchmail.server", "search", [("name", "=", "dovecot")])
    vals = {
        "name": "dovecot",
        "server_type": "imap",
        "server": "127.0.0.1",
        "port": IMAP_PORT,
        "is_ssl": False,
        "user": IMAP_USER,
        "password": IMAP_PASSWORD,
        "object_id": model_id,
    }
    if existing:
        server.call("fetchmail.server", "write", existing, vals)
        server.fetchmail_id = existing[0]
    else:
        server.fetchmail_id = server.call("fetchmail.server", "create", vals)
    server.call("fetchmail.server", "button_confirm_login", [server.fetchmail_id])
    set_up_client(server)


@pytest.fixture
def mailbox(dovecot):
    """An empty inbox for each test."""
    dovecot.expunge_all()
    return dovecot


def fetch(odoo):
    """Odoo fetches the inbox now, as its cron does (errors logged, not raised)."""
    odoo.call(
        "fetchmail.server", "fetch_mail", [odoo.fetchmail_id], raise_exception=False
    )


def tickets_of(message_ids):
    """{Message-Id: ticket id} of the mails that reached a ticket."""
    if not message_ids:
        return {}
    quoted = ",".join("'" + m.replace("'", "''") + "'" for m in message_ids)
    rows = psql(
        "SELECT message_id, res_id FROM mail_message "
        f"WHERE model = 'helpdesk.ticket' AND message_id IN ({quoted})"
    )
    return {msgid: int(res_id) for msgid, res_id in rows}


CLIENT_EMAIL = "ruta@klientas.example"
SENDER = f"Rūta Rūtaitė <{CLIENT_EMAIL}>"
HELPDESK = "pagalba@stekas.example"


def new_msgid(tag):
    return f"<{tag}.{uuid.uuid4().hex}@klientas.example>"


def text_mail(msgid, subject, body, charset="utf-8", sender=SENDER, headers=None):
    """A plain text mail as a client's mail program writes it, in `charset`
    (the subject encoded by RFC 2047 in the same charset)."""
    msg = MIMEText(body, "plain", charset)
    return _finish(msg, msgid, subject, charset, sender, headers)


def _finish(msg, msgid, subject, charset="utf-8", sender=SENDER, headers=None):
    msg["From"] = formataddr(parseaddr(sender), charset=charset or "utf-8")
    msg["To"] = HELPDESK
    msg["Subject"] = Header(subject, charset).encode() if charset else subject
    msg["Message-ID"] = msgid
    msg["Date"] = formatdate(localtime=False)
    for name, value in (headers or {}).items():
        msg[name] = value
    return msg.as_bytes()


def set_up_client(server):
    """A client company and its contact, the sender of the mails: a reply
    of a known contact stays on the ticket (strangers get a ticket of their own)."""
    found = server.call("res.partner", "search", [("email", "=", CLIENT_EMAIL)])
    if found:
        return found[0]
    company = server.call(
        "res.partner", "create", {"name": "UAB Klientas", "is_company": True}
    )
    return server.call(
        "res.partner",
        "create",
        {"name": "Rūta Rūtaitė", "email": CLIENT_EMAIL, "parent_id": company},
    )
