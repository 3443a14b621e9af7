"""The mail side of the load bench (bench/load/run_load.sh): M invented support
mails, the same bytes, are appended over DURATION seconds to two IMAP mailboxes
of one Dovecot, one per system; each system's fetchmail server is made to fetch
by RPC (`fetchmail.server.fetch_mail`, one call at a time per system, as the
cron does); a watcher reads each database every second and notes when each
mail's ticket became visible (committed) and, where the system has the
personal-data guard, when its attachments' verdict did. Prints one JSON line
`BENCH {...}` with the figures of both systems.

    python3 mailflow.py --m 1000 --duration 600 --imap-port 10243 \
        --system A,http://127.0.0.1:8342,h18c_la,boxa \
        --system B,http://127.0.0.1:8345,h18c_lb,boxb

Standard library and psycopg2 (which Odoo needs anyway) only.
"""

import argparse
import email.utils
import imaplib
import io
import json
import pickle
import random
import statistics
import threading
import time
import xmlrpc.client
from email.message import EmailMessage

import psycopg2

MSGID = "<bench-load-{run}-{i}@load.example>"
PASSWORD = "bench"  # the mailboxes' password (run_load.sh writes Dovecot's passwd)


# ---------------------------------------------------------------------------
# The mails
# ---------------------------------------------------------------------------


def scanned_png(rng, text_lines, size=(1240, 1754), noise=0):
    """A page as a scanner gives it: black text on a grey-white sheet; `noise`
    adds grain (and weight: the 5 MB scan)."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", size, 235)
    draw = ImageDraw.Draw(img)
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 28)
    except OSError:
        font = ImageFont.load_default()
    y = 120
    for line in text_lines:
        draw.text((100, y), line, fill=20, font=font)
        y += 48
    if noise:
        grain = Image.effect_noise(size, noise)
        img = Image.blend(img, grain, 0.25)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def make_mails(m, run, seed=20261202, scans=10, big_mb=5):
    """M mails: a fifth with an attachment (CSV of invoices, or a scanned page
    as PNG: `scans` of them, and one scan of about `big_mb` MB)."""
    rng = random.Random(seed)
    mails = []
    with_att = set(rng.sample(range(m), max(1, m // 5)))
    att_list = sorted(with_att)
    scan_ids = set(att_list[1 : 1 + scans])
    big_id = att_list[0]
    small_scan = scanned_png(
        rng,
        [
            "UAB Bandomoji prekyba",
            "Sąskaita faktūra Nr. SF-2026-114",
            "Prekės: licencija, 12 mėn.",
            "Suma: 1 210,00 EUR",
        ],
    )
    big_scan = None
    if big_mb:
        side = 2000
        while True:  # a larger grainy page until the PNG weighs big_mb
            big_scan = scanned_png(
                rng,
                ["Skenuotas dokumentas", "Pridedama sutartis"],
                (side, int(side * 1.414)),
                90,
            )
            if len(big_scan) >= big_mb * 1024 * 1024 or side > 6000:
                break
            side = int(side * 1.05)
    for i in range(m):
        msg = EmailMessage()
        sender = f"klientas{i % 97}@imone{i % 31}.example"
        msg["From"] = f"Klientas {i % 97} <{sender}>"
        msg["To"] = "pagalba@stekas.example"
        msg["Subject"] = f"Neveikia ataskaita Nr. {i}"
        msg["Message-Id"] = MSGID.format(run=run, i=i)
        msg["Date"] = email.utils.formatdate(localtime=False)
        msg.set_content(
            "Laba diena,\n\nformuojant mėnesio ataskaitą programa rodo klaidą "
            f"{rng.randint(100, 999)}. Prašau padėti.\n\nPagarbiai\nKlientas {i % 97}\n"
        )
        kind = None
        if i == big_id and big_scan:
            kind = "big_scan"
            msg.add_attachment(
                big_scan, "image", "png", filename="skenuota_sutartis.png"
            )
        elif i in scan_ids:
            kind = "scan"
            msg.add_attachment(small_scan, "image", "png", filename=f"saskaita_{i}.png")
        elif i in with_att:
            kind = "csv"
            rows = "\n".join(
                f"SF-{i}-{k};2026-11-{1 + k % 28:02d};{rng.randint(10, 999)},00"
                for k in range(40)
            )
            msg.add_attachment(
                ("Nr;Data;Suma\n" + rows).encode(),
                "text",
                "csv",
                filename=f"saskaitos_{i}.csv",
            )
        mails.append((MSGID.format(run=run, i=i), kind, msg.as_bytes()))
    return mails


# ---------------------------------------------------------------------------
# The systems
# ---------------------------------------------------------------------------


class System:
    def __init__(self, spec, imap_port, run):
        self.run = run
        self.name, self.url, self.db, self.box = spec.split(",")
        self.imap_port = imap_port
        self.arrival = {}  # message id -> time appended
        self.ticket_seen = {}  # message id -> time its ticket was first visible
        self.verdict_seen = {}  # message id -> time its attachments' verdict was
        self.fetch_calls = 0
        self.unfetched = []  # message ids still unread in the box at the end
        self.fetch_errors = []
        self.dup = {}
        self.lock = threading.Lock()
        self.conn = psycopg2.connect(dbname=self.db)
        self.conn.autocommit = True
        with self.conn.cursor() as cr:
            cr.execute("SELECT to_regclass('stekas_pii_audit') IS NOT NULL")
            self.has_guard = cr.fetchone()[0]
        self.rpc = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/object")
        common = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common")
        self.uid = common.authenticate(self.db, "admin", "admin", {})
        self.server_id = self.rpc.execute_kw(
            self.db,
            self.uid,
            "admin",
            "fetchmail.server",
            "search",
            [[("name", "=", "Bench IMAP")]],
        )[0]

    def imap(self):
        box = imaplib.IMAP4("127.0.0.1", self.imap_port)
        box.login(self.box, PASSWORD)
        return box

    def fetch_loop(self, stop):
        """One fetch at a time, as Odoo's cron: each call reads every unseen
        mail and commits after each."""
        while not stop.is_set():
            try:
                self.rpc.execute_kw(
                    self.db,
                    self.uid,
                    "admin",
                    "fetchmail.server",
                    "fetch_mail",
                    [[self.server_id]],
                )
                self.fetch_calls += 1
            except Exception as e:  # noqa: BLE001  (counted and reported)
                self.fetch_errors.append(repr(e)[:300])
            stop.wait(2)

    def watch_once(self):
        now = time.time()
        with self.conn.cursor() as cr:
            cr.execute(
                """SELECT m.message_id, count(DISTINCT t.id), min(t.id)
                     FROM mail_message m
                     JOIN helpdesk_ticket t
                       ON m.model = 'helpdesk.ticket' AND m.res_id = t.id
                    WHERE m.message_id LIKE %s
                 GROUP BY m.message_id""",
                [f"<bench-load-{self.run}-%"],
            )
            rows = cr.fetchall()
            ticket_of = {}
            for msgid, count, tid in rows:
                self.ticket_seen.setdefault(msgid, now)
                ticket_of[tid] = msgid
                if count > 1:
                    self.dup[msgid] = count
            if self.has_guard and ticket_of:
                cr.execute(
                    """SELECT t.id FROM helpdesk_ticket t
                        WHERE t.id = ANY(%s) AND (
                          EXISTS (SELECT 1 FROM stekas_pii_audit a
                                   WHERE a.ticket_id = t.id)
                          OR EXISTS (SELECT 1 FROM ir_attachment ia
                                      WHERE ia.res_model = 'helpdesk.ticket'
                                        AND ia.res_id = t.id
                                        AND ia.stekas_pii_state IS NOT NULL))""",
                    [list(ticket_of)],
                )
                for (tid,) in cr.fetchall():
                    self.verdict_seen.setdefault(ticket_of[tid], now)

    def watch_loop(self, stop):
        while not stop.is_set():
            self.watch_once()
            stop.wait(1)


def pct(values, q):
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))], 2)


def figures(system, mails):
    kinds = {msgid: kind for msgid, kind, _ in mails}
    appended = list(system.arrival)
    lat = {
        mid: system.ticket_seen[mid] - system.arrival[mid]
        for mid in appended
        if mid in system.ticket_seen
    }
    missing = [mid for mid in appended if mid not in system.ticket_seen]
    # a mail still unread in the box was not fetched before the end of the run:
    # late, not lost; a mail fetched (read) without a ticket is lost
    unfetched = set(system.unfetched)
    lost = [mid for mid in missing if mid not in unfetched]
    out = {
        "appended": len(appended),
        "tickets": len(lat),
        "unfetched_at_end": len(unfetched),
        "lost": len(lost),
        "lost_ids": lost[:10],
        "duplicated": len(system.dup),
        "fetch_calls": system.fetch_calls,
        "fetch_errors": len(system.fetch_errors),
        "fetch_error_samples": system.fetch_errors[:3],
        "to_ticket_s": {
            "p50": pct(list(lat.values()), 0.5),
            "p95": pct(list(lat.values()), 0.95),
            "max": pct(list(lat.values()), 1.0),
            "mean": round(statistics.mean(lat.values()), 2) if lat else None,
        },
    }
    for kind in ("csv", "scan", "big_scan"):
        vals = [v for mid, v in lat.items() if kinds[mid] == kind]
        out[f"to_ticket_{kind}_s"] = {
            "n": len(vals),
            "p50": pct(vals, 0.5),
            "max": pct(vals, 1.0),
        }
    if lat:
        first = min(system.arrival.values())
        last = max(system.ticket_seen[mid] for mid in lat)
        out["mails_per_min"] = round(len(lat) / max(1e-9, last - first) * 60, 1)
    if system.has_guard:
        att = [mid for mid in appended if kinds[mid]]
        ver = {
            mid: system.verdict_seen[mid] - system.arrival[mid]
            for mid in att
            if mid in system.verdict_seen
        }
        out["verdicts"] = f"{len(ver)}/{len(att)}"
        out["to_verdict_s"] = {
            "p50": pct(list(ver.values()), 0.5),
            "p95": pct(list(ver.values()), 0.95),
            "max": pct(list(ver.values()), 1.0),
        }
        for kind in ("scan", "big_scan"):
            vals = [v for mid, v in ver.items() if kinds[mid] == kind]
            out[f"to_verdict_{kind}_s"] = {
                "n": len(vals),
                "p50": pct(vals, 0.5),
                "max": pct(vals, 1.0),
            }
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--m", type=int, default=1000)
    p.add_argument("--duration", type=float, default=600)
    p.add_argument(
        "--grace", type=float, default=900, help="wait after the last append"
    )
    p.add_argument("--scans", type=int, default=10)
    p.add_argument("--big-mb", type=float, default=5)
    p.add_argument("--imap-port", type=int, default=10243)
    p.add_argument("--system", action="append", required=True)
    p.add_argument("--run", default=str(int(time.time())), help="tags the Message-Ids")
    p.add_argument("--save", help="only make the mails and keep them in this file")
    p.add_argument("--load", help="the mails kept by --save (made before the load)")
    args = p.parse_args()
    t0 = time.time()
    if args.load:
        with open(args.load, "rb") as f:
            mails = pickle.load(f)  # noqa: S301  (written by --save of this run)
        # the run's tag is the one the mails were made with
        args.run = mails[0][0].split("-")[2]
    else:
        mails = make_mails(args.m, args.run, scans=args.scans, big_mb=args.big_mb)
    if args.save:
        with open(args.save, "wb") as f:
            pickle.dump(mails, f)
        print(f"made {len(mails)} mails in {time.time() - t0:.1f}s", flush=True)
        return
    sizes = sorted(len(raw) for _, _, raw in mails)
    print(
        f"generated {len(mails)} mails in {time.time() - t0:.1f}s, "
        f"largest {sizes[-1]} bytes",
        flush=True,
    )
    systems = [System(spec, args.imap_port, args.run) for spec in args.system]
    boxes = [s.imap() for s in systems]
    stop = threading.Event()
    threads = []
    for s in systems:
        threads += [
            threading.Thread(target=s.fetch_loop, args=(stop,), daemon=True),
            threading.Thread(target=s.watch_loop, args=(stop,), daemon=True),
        ]
    for t in threads:
        t.start()
    start = time.time()
    for i, (msgid, _kind, raw) in enumerate(mails):
        due = start + i * args.duration / len(mails)
        time.sleep(max(0, due - time.time()))
        order = list(zip(systems, boxes, strict=False))
        if i % 2:
            order.reverse()  # neither system always gets the mail first
        for s, box in order:
            box.append("INBOX", None, None, raw)
            s.arrival[msgid] = time.time()
        if i % 100 == 0:
            print(
                f"appended {i + 1}/{len(mails)} at {time.time() - start:.0f}s; tickets "
                + ", ".join(f"{s.name} {len(s.ticket_seen)}" for s in systems),
                flush=True,
            )
    end_append = time.time()
    deadline = end_append + args.grace
    while time.time() < deadline:
        done = all(
            len(s.ticket_seen) >= len(mails)
            and (not s.has_guard or all(m in s.verdict_seen for m, k, _ in mails if k))
            for s in systems
        )
        if done:
            break
        time.sleep(2)
    time.sleep(3)  # one more look for duplicates made by a late fetch
    for s in systems:
        s.watch_once()
    stop.set()
    for s, box in zip(systems, boxes, strict=True):
        box.select("INBOX", readonly=True)
        _typ, data = box.search(None, "UNSEEN")
        s.unfetched = []
        for num in data[0].split():
            _typ, head = box.fetch(num, "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
            value = head[0][1].decode().split(":", 1)[-1].strip()
            s.unfetched.append(value)
    result = {
        "m": len(mails),
        "append_s": round(end_append - start, 1),
        "drain_s": round(time.time() - end_append, 1),
        "with_attachment": sum(1 for _, k, _ in mails if k),
        "scans": sum(1 for _, k, _ in mails if k == "scan"),
        "big_scan_bytes": max(
            (len(r) for _, k, r in mails if k == "big_scan"), default=0
        ),
        "systems": {s.name: figures(s, mails) for s in systems},
    }
    print("BENCH " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
