"""Personal-data detector of the personal-data guard (R-PII-1, R-PII-4).

Finds, in plain text, the kinds of personal data the STEKAS guide speaks of:

- ``personal_code``: Lithuanian personal codes (asmens kodas, checked with
  python-stdnum's ``lt.asmens``). A valid code next to a context word such as
  "asmens kodas" or "a.k." is *certain*; a valid code with no context (an
  11-digit number that merely passes the checksum) and an invalid code that is
  labelled as a personal code are *suspect*.
- ``phone``: phone numbers (``phonenumbers``, Lithuania by default). Mobile
  numbers and numbers next to "tel."/"mob." are certain, other valid numbers
  suspect.
- ``email``: e-mail addresses, except role addresses (info@, pagalba@...).
- ``iban``: IBANs that pass the checksum (``stdnum.iban``); certain when a
  person context is near ("darbuotojo", "asmeninė sąskaita", a name), suspect
  otherwise.
- ``person``: a person's name in Lithuanian forms. Certain with a job position
  next to it ("Jonas Petraitis, direktorius"), suspect alone.

Nothing here imports Odoo. Reports (:meth:`Report.to_dict`) hold kinds, levels,
counts and spans, never the values themselves; :class:`Hit` keeps its value in
memory only, for the anonymizer (R-PII-2).
"""

import dataclasses
import re
import time
import unicodedata
from dataclasses import dataclass, field

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum.lt import asmens

from . import file_text
from .person_names import FIRST_NAMES, NAME_PAIR_RE, POSITION_RE, find_persons, is_name
from .phone_numbers import PHONE_CONTEXT_RE, find_phones, phone_chunks
from .scan_budget import DEFAULT_BUDGET, Budget, Clock, OverBudget, clock_of
from .text_context import Spans, TextTables, line_after, line_before

# Names the addon, the anonymizer and the tests use from here.
__all__ = [
    "DEFAULT_BUDGET",
    "FIRST_NAMES",
    "Budget",
    "Clock",
    "Hit",
    "OverBudget",
    "Report",
    "Spans",
    "TextTables",
    "detect",
    "make_ignore",
    "normalize_value",
    "scan_extraction",
    "scan_file",
    "scan_text",
    "table_text",
]
_POSITION_RE = POSITION_RE
_phone_chunks = phone_chunks

PERSONAL_CODE = "personal_code"
PHONE = "phone"
EMAIL = "email"
IBAN = "iban"
PERSON = "person"
KINDS = (PERSONAL_CODE, PHONE, EMAIL, IBAN, PERSON)

CERTAIN = "certain"
SUSPECT = "suspect"

# Status of a scanned text or file, from the worst to the best.
STATUS_CERTAIN = "certain"
STATUS_CANNOT_VERIFY = "cannot_verify"
STATUS_SUSPECT = "suspect"
STATUS_CLEAN = "clean"

# Reason (of ``Report.unreadable``) of a scan stopped by its budget.
OVER_BUDGET = file_text.OVER_BUDGET


# Words that label a personal code: "asmens kodas", "asm. k.", "a.k.", "AK",
# "personal code", "gimimo data ir a.k.".
_CODE_CONTEXT_RE = re.compile(
    r"(asmens\s*kod\w*|asm\.?\s*k(?:od\w*|\.)|\ba\.\s?k\.|\bak\b\s*[:.]?"
    r"|personal\s+(?:id\s+)?code|national\s+id|\bpin\b)",
    re.IGNORECASE,
)
# Opens with a digit (the regex engine then skips to digits quickly); the
# look-behind checks the character before that digit. After a "+" the digits
# are an international phone number ("+37060012346"), never a personal code.
_CODE_RE = re.compile(r"(\d(?<![\d.,/+-]\d)\d{10})(?![\d]|[.,]\d)")

_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}\b"
)
# Role addresses identify a function, not a person.
ROLE_MAILBOXES = frozenset(
    """info pagalba support helpdesk office biuras admin administracija
    noreply no-reply donotreply postmaster webmaster hostmaster abuse sales
    pardavimai prekyba buhalterija apskaita finansai saskaitos invoice
    invoices billing kontaktai contact hello labas personalas hr
    sekretoriatas priimamasis reception marketing rinkodara it servisas
    service uzsakymai orders pastas mail""".split()
)

_IBAN_RE = re.compile(r"\b([A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30})\b")
_IBAN_PERSON_CONTEXT_RE = re.compile(
    r"(darbuotoj\w*|asmenin\w*|gavėj\w*|vardas|pavard\w*|savinink\w*"
    r"|personal\s+account|employee|salary|atlyginim\w*)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Hit:
    """One detected value. ``value`` stays in memory: reports never show it."""

    kind: str
    level: str
    start: int
    end: int
    part: str = ""
    value: str = field(default="", repr=False, compare=False)

    def to_dict(self):
        return {
            "kind": self.kind,
            "level": self.level,
            "part": self.part,
            "start": self.start,
            "end": self.end,
        }


@dataclass
class Report:
    """What was found in a text or file: hits and parts that could not be read.

    ``sender_hits`` are the values found in the sender's own contact block of
    a mail (see ``detect(sender_zone=...)``): contact data, not material, and
    left out of the status, the counts and the values."""

    hits: list = field(default_factory=list)
    unreadable: list = field(default_factory=list)  # [(part, reason)]
    sender_hits: list = field(default_factory=list)

    @property
    def over_budget(self):
        return any(reason == OVER_BUDGET for _part, reason in self.unreadable)

    @property
    def status(self):
        # A scan cut short has not seen all the material: what it found is
        # only part of it, so it is for the dispatcher to decide on.
        if self.over_budget:
            return STATUS_CANNOT_VERIFY
        if any(h.level == CERTAIN for h in self.hits):
            return STATUS_CERTAIN
        if self.unreadable:
            return STATUS_CANNOT_VERIFY
        if self.hits:
            return STATUS_SUSPECT
        return STATUS_CLEAN

    def counts(self):
        """{kind: {"certain": n, "suspect": n}} for the kinds found."""
        result = {}
        for hit in self.hits:
            result.setdefault(hit.kind, {CERTAIN: 0, SUSPECT: 0})[hit.level] += 1
        return result

    def kinds(self, level=None):
        return sorted({h.kind for h in self.hits if level in (None, h.level)})

    def values(self, level=None):
        """The detected values (in memory only: for anonymizing, never stored)."""
        return [h.value for h in self.hits if level in (None, h.level)]

    def extend(self, other):
        self.hits.extend(other.hits)
        self.unreadable.extend(other.unreadable)
        self.sender_hits.extend(other.sender_hits)
        return self

    def to_dict(self):
        """A summary safe to store: kinds, counts, spans, reasons; no values."""
        return {
            "status": self.status,
            "counts": self.counts(),
            "spans": [h.to_dict() for h in self.hits],
            "cannot_verify": [
                {"part": part, "reason": reason} for part, reason in self.unreadable
            ],
        }


# ---------------------------------------------------------------------------
# Normalisation of values, to ignore known ones and to match stand-ins.


def normalize_value(kind, value):
    """A canonical form of a detected value (to compare and ignore values)."""
    value = unicodedata.normalize("NFC", value or "").strip()
    if kind in (PERSONAL_CODE, IBAN):
        return re.sub(r"\s+", "", value).upper()
    if kind == EMAIL:
        return value.lower()
    if kind == PHONE:
        try:
            number = phonenumbers.parse(value, "LT")
            return phonenumbers.format_number(
                number, phonenumbers.PhoneNumberFormat.E164
            )
        except phonenumbers.NumberParseException:
            return re.sub(r"\D", "", value)
    if kind == PERSON:
        return " ".join(w.rstrip(".").casefold()[:4] for w in value.split())
    return value


def make_ignore(emails=(), phones=(), names=()):
    """The set of known values to leave alone (e.g. the sender's own contact
    data, which R-INT-2 requires the request to carry)."""
    ignore = set()
    for email in emails:
        if email:
            ignore.add((EMAIL, normalize_value(EMAIL, email)))
    for phone in phones:
        if phone:
            ignore.add((PHONE, normalize_value(PHONE, phone)))
    for name in names:
        words = (name or "").split()
        if len(words) >= 2:
            ignore.add((PERSON, normalize_value(PERSON, " ".join(words[:2]))))
            reverse = " ".join([words[-1], words[0]])
            ignore.add((PERSON, normalize_value(PERSON, reverse)))
    return frozenset(ignore)


# ---------------------------------------------------------------------------
# Detectors, one per kind. Each yields Hits for one text.


def _find_personal_codes(text, clock=None, tables=None):
    tables = tables or TextTables(text)
    for match in _CODE_RE.finditer(text):
        if clock:
            clock.check()
        code = match.group(1)
        context = _CODE_CONTEXT_RE.search(
            line_before(text, match.start())
        ) or tables.labelled(match.start(), _CODE_CONTEXT_RE)
        if asmens.is_valid(code):
            level = CERTAIN if context else SUSPECT
        elif context and code[0] in "123456":
            level = SUSPECT  # labelled as a personal code but mistyped
        else:
            continue
        yield Hit(PERSONAL_CODE, level, match.start(1), match.end(1), value=code)


def _find_ibans(text, clock=None):
    for match in _IBAN_RE.finditer(text):
        if clock:
            clock.check()
        candidate = match.group(1).rstrip()
        if not stdnum_iban.is_valid(candidate):
            # The greedy pattern may have taken a following word: retry shorter.
            compact = candidate.replace(" ", "")
            found = False
            for length in range(len(compact) - 1, 14, -1):
                if stdnum_iban.is_valid(compact[:length]):
                    found = True
                    break
            if not found:
                continue
            # Map the compact length back onto the spaced text.
            seen = 0
            for pos, char in enumerate(candidate):
                if char != " ":
                    seen += 1
                if seen == length:
                    candidate = candidate[: pos + 1]
                    break
        start = match.start(1)
        end = start + len(candidate)
        line = line_before(text, start, 80) + line_after(text, end, 80)
        person = _IBAN_PERSON_CONTEXT_RE.search(line) or NAME_PAIR_RE.search(line)
        level = CERTAIN if person and _looks_like_person_near(line) else SUSPECT
        yield Hit(IBAN, level, start, end, value=candidate)


def _looks_like_person_near(line):
    if _IBAN_PERSON_CONTEXT_RE.search(line):
        return True
    return any(is_name(m) for m in NAME_PAIR_RE.finditer(line))


_EMAIL_LOCAL_MAX = 64  # the longest local part _EMAIL_RE takes
_EMAIL_DOMAIN_WINDOW = 512  # twice the longest real domain name (253)
_EMAIL_LABEL_MAX = 64  # a domain label and its dot


def _email_matches(text, clock=None):
    """``_EMAIL_RE.finditer(text)``, searched only from each "@" back to the
    longest local part, instead of trying the pattern at every word.

    Each search stops a domain's length after its "@": an unbounded search
    from every "@" of a text with many "@" and few addresses would read the
    rest of the text each time. A match that ends within a label's length of
    the window's end may have been cut short by it (the pattern backtracks to
    an earlier label), so it is searched again without the bound."""
    last = 0
    at = text.find("@")
    while at >= 0:
        if at >= last:
            if clock:
                clock.check()
            start = max(last, at - _EMAIL_LOCAL_MAX)
            window_end = at + _EMAIL_DOMAIN_WINDOW
            match = _EMAIL_RE.search(text, start, window_end)
            if match is not None and match.end() >= window_end - _EMAIL_LABEL_MAX:
                match = _EMAIL_RE.search(text, start)
            if match is not None and match.start() <= at:
                yield match
                last = match.end()
        at = text.find("@", at + 1)


def _find_emails(text, clock=None):
    for match in _email_matches(text, clock):
        local = match.group(0).split("@", 1)[0].lower()
        if local in ROLE_MAILBOXES or local.split(".")[0] in ROLE_MAILBOXES:
            continue
        yield Hit(EMAIL, CERTAIN, match.start(), match.end(), value=match.group(0))


def _find_phones(text, region, taken, clock=None, tables=None):
    """Phone numbers outside the `taken` hits or :class:`Spans`."""
    if not isinstance(taken, Spans):
        taken = Spans(taken)
    for start, end, certain, raw in find_phones(text, region, taken, clock, tables):
        yield Hit(PHONE, CERTAIN if certain else SUSPECT, start, end, value=raw)


def _find_persons(text, clock=None):
    for start, end, certain, value in find_persons(text, clock):
        yield Hit(PERSON, CERTAIN if certain else SUSPECT, start, end, value=value)


def detect(
    text,
    part="",
    region="LT",
    ignore=frozenset(),
    kinds=KINDS,
    *,
    budget=None,
    sender_zone=None,
):
    """Find personal data in `text`; return a :class:`Report`.

    `ignore` holds ``(kind, normalized value)`` pairs left alone (see
    :func:`make_ignore`). `part` names where the text comes from (a file inside
    an archive, a sheet) and is copied onto every hit.

    `budget` (a :class:`Budget`, or its clock when a caller shares one over
    several texts) bounds the size of the text and the time of the scan: over
    it, the report says "cannot verify" (:data:`OVER_BUDGET`) instead of
    running on. `sender_zone` (:func:`contact_zone.split` of a mail body) moves
    the hits inside the sender's own contact block, and the hits equal to the
    contact data found there, out of the material: to ``Report.sender_hits``.
    """
    text = unicodedata.normalize("NFC", text or "")
    clock = clock_of(budget)
    if len(text) > clock.max_chars:
        return Report(unreadable=[(part or "text", OVER_BUDGET)])
    try:
        hits = _detect_hits(text, region, kinds, clock)
    except OverBudget:
        return Report(unreadable=[(part or "text", OVER_BUDGET)])
    kept, sender_hits = [], []
    for h in hits:
        # Normalising parses phone numbers again: only when there is a list.
        if ignore and (h.kind, normalize_value(h.kind, h.value)) in ignore:
            continue
        hit = Hit(h.kind, h.level, h.start, h.end, part, h.value)
        if sender_zone is not None and sender_zone.holds(hit):
            sender_hits.append(hit)
        else:
            kept.append(hit)
    kept.sort(key=lambda h: (h.start, h.end))
    sender_hits.sort(key=lambda h: (h.start, h.end))
    return Report(hits=kept, sender_hits=sender_hits)


def _detect_hits(text, region, kinds, clock):
    """The hits of every kind, no two overlapping: the kinds searched first
    (the most specific) keep their spans."""
    hits = []
    tables = TextTables(text)
    finders = (
        (PERSONAL_CODE, lambda: _find_personal_codes(text, clock, tables)),
        (IBAN, lambda: _find_ibans(text, clock)),
        (EMAIL, lambda: _find_emails(text, clock)),
        (PHONE, lambda: _find_phones(text, region, taken, clock, tables)),
        (PERSON, lambda: _find_persons(text, clock)),
    )
    for kind, find in finders:
        if kind not in kinds:
            continue
        taken = Spans(hits)
        hits.extend(h for h in find() if not taken.overlaps(h.start, h.end))
    return hits


# ---------------------------------------------------------------------------
# Tables and files.


_HEADER_CONTEXT_RES = (_CODE_CONTEXT_RE, PHONE_CONTEXT_RE)


def table_text(rows):
    """A table as text for :func:`detect`: one line per row, cells separated by
    tabs. A cell under a header that is a context word ("Asmens kodas", "Tel.")
    is written as "header: value", so the header gives the value its context."""
    rows = [row for row in map(list, rows) if "".join(filter(None, row)).strip()]
    if not rows:
        return ""
    headers = rows[0]
    context_columns = {
        index
        for index, header in enumerate(headers)
        if header and any(regex.search(header) for regex in _HEADER_CONTEXT_RES)
    }
    lines = ["\t".join(headers)]
    for row in rows[1:]:
        if not context_columns:  # the common case, joined at C speed
            lines.append("\t".join([cell or "" for cell in row]).replace("\n", " "))
            continue
        cells = []
        for index, cell in enumerate(row):
            cell = (cell or "").replace("\n", " ")
            if index in context_columns and cell.strip():
                cell = f"{headers[index]}: {cell}"
            cells.append(cell)
        lines.append("\t".join(cells))
    return "\n".join(lines)


def scan_extraction(extraction, region="LT", ignore=frozenset(), *, budget=None):
    """Scan the parts of a read file, all within one budget."""
    clock = clock_of(budget)
    report = Report(unreadable=list(extraction.unreadable))
    chars = 0
    for part in extraction.parts:
        text = table_text(part.rows) if part.is_table else part.text
        chars += len(text)
        if chars > clock.max_chars:
            report.unreadable.append((part.name, OVER_BUDGET))
            break
        part_report = detect(text, part.name, region, ignore, budget=clock)
        report.extend(part_report)
        if part_report.over_budget:
            break
    return report


def scan_file(
    data, filename="", region="LT", ignore=frozenset(), limits=None, *, budget=None
):
    """Scan the bytes of a file; never raises: a failure is "cannot verify".
    `budget` (:class:`Budget`, default :data:`DEFAULT_BUDGET`) covers reading
    the file (child processes included) and scanning its text."""
    name = filename or "file"
    try:
        clock = clock_of(budget)
        limits = dataclasses.replace(
            limits or file_text.Limits(), deadline=clock.deadline
        )
        extraction = file_text.extract(data, filename, limits)
        if time.monotonic() > clock.deadline:
            report = Report(unreadable=list(extraction.unreadable))
            if not report.over_budget:
                report.unreadable.append((name, OVER_BUDGET))
            return report
        return scan_extraction(extraction, region, ignore, budget=clock)
    except Exception:  # the guard never breaks intake: cannot verify
        return Report(unreadable=[(name, file_text.ERROR)])


def scan_text(
    text, part="", region="LT", ignore=frozenset(), *, budget=None, sender_zone=None
):
    """Scan a text (a mail body); never raises: a failure is "cannot verify".
    See :func:`detect` for `budget` and `sender_zone`."""
    try:
        return detect(
            text, part, region, ignore, budget=budget, sender_zone=sender_zone
        )
    except Exception:  # the guard never breaks intake: cannot verify
        return Report(unreadable=[(part or "text", file_text.ERROR)])
