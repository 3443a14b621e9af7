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
from bisect import bisect_left
from dataclasses import dataclass, field

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum.lt import asmens

from . import file_text

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

CONTEXT_WINDOW = 40  # characters looked at before a value for a context word

# Reason (of ``Report.unreadable``) of a scan stopped by its budget.
OVER_BUDGET = file_text.OVER_BUDGET

_UP = "A-ZĄČĘĖĮŠŲŪŽ"
_LOW = "a-ząčęėįšųūž"

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

_PHONE_CONTEXT_RE = re.compile(
    r"(\btel\b\.?|\btelefon\w*|\bmob\b\.?|\bmobil\w*|\bphone\b|\bgsm\b)",
    re.IGNORECASE,
)

# Words that label a number as another kind of number ("užsakymo nr.",
# "query"): digits after them that happen to form a phone number without a
# "+" are that other number. Not "numeris": phones are numbers too.
_NOT_PHONE_CONTEXT_RE = re.compile(
    r"(\bnr\b\.?|\bno\b\.|\bquery\b|užklaus\w*|\bid\b|užsakym\w*|dokument\w*"
    r"|sąskaitos|sutarties|eilut\w*|\border\b|invoice|ticket)\W*$",
    re.IGNORECASE,
)

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

# Job positions (pareigos): stems, any singular case ending.
_POSITION_STEMS = (
    "direktor",
    "vadov",
    "buhalter",
    "vadybinink",
    "inžinier",
    "specialist",
    "administrator",
    "sekretor",
    "referent",
    "ekonomist",
    "teisinink",
    "juristas",
    "programuotoj",
    "analitik",
    "konsultant",
    "darbuotoj",
    "pavaduotoj",
    "valdytoj",
    "savinink",
    "pirminink",
    "kasinink",
    "sandėlinink",
    "vairuotoj",
    "meistr",
    "mokytoj",
    "gydytoj",
    "slaugytoj",
    "koordinator",
    "operator",
    "technik",
    "auditor",
    "revizor",
    "kontrolier",
    "atstov",
    "tarnautoj",
    "viršinink",
    "seniūn",
)
_POSITION_RE = re.compile(
    r"\b(?:vyr\.\s*|vyriausi\w*\s+|generalin\w*\s+|finansų\s+|personalo\s+"
    r"|projekto\s+|projektų\s+|pardavimų\s+|IT\s+)?"
    r"(?:" + "|".join(_POSITION_STEMS) + r")"
    r"(?:ius|iaus|iui|ių|ių|ė|ės|ei|ę|as|o|ui|ą|a|os|ai|is|io|iu|į|us|ys|ų|e)?\b",
    re.IGNORECASE,
)

# Common Lithuanian first names (nominative and genitive), for names without a
# tell-tale surname ending.
FIRST_NAMES = frozenset(
    """jonas petras antanas juozas kazys vytautas algirdas tomas mantas lukas
    matas dominykas rokas darius andrius mindaugas audrius marius saulius
    gintaras rimantas arūnas arvydas giedrius tadas paulius povilas karolis
    justinas deividas edvinas simonas laurynas nerijus vaidas vilius aurimas
    egidijus ramūnas valdas kęstutis linas dainius eimantas julius aleksandras
    ona marija rūta jurgita lina inga asta laura eglė ieva gintarė rasa daiva
    vilma jolanta irena aldona kristina agnė greta austėja gabija emilija
    justė kamilė urtė indrė simona neringa loreta dalia danutė birutė regina
    genovaitė janina violeta ramunė audronė živilė aušra vaida edita sandra
    ingrida renata jūratė milda rima skaistė viktorija monika diana
    jono petro antano juozo kazio vytauto tomo manto luko mato roko dariaus
    andriaus mindaugo mariaus sauliaus pauliaus povilo karolio onos marijos
    rūtos jurgitos linos ingos astos lauros eglės ievos rasos daivos
    kristinos agnės gretos""".split()
)


def _stem(word):
    """A name without its case ending ("Tomą", "Tomas", "Tomo" -> "tom")."""
    word = word.casefold()
    match = _NAME_ENDING_RE.search(word)
    return word[: match.start()] if match and match.start() >= 2 else word


# Surname endings that almost only occur in surnames.
_SURNAME_SUFFIX_RE = re.compile(
    r"(aitis|aitė|aitytė|ytė|utė|ūtė|ienė|evičius|avičius|auskas|auskienė"
    r"|auskaitė|iūnas|ūnas|ėnas|onis|inskas|ickas|aitienė|elis|ulis|inis"
    r"|aičio|ienės|aitės|ytės|utės|ūtės|evičiaus|ausko|ūno|ėno|onio"
    r"|ius|kus|iaus|kaus)$"
)
# Endings of Lithuanian given names and surnames (nominative, genitive, dative).
_NAME_ENDING_RE = re.compile(
    r"(ius|iaus|iui|iu|as|is|ys|us|a|ė|o|io|ės|os|ui|ai|ei|ą|ę|į|ų|ų|ą|u)$"
)
FIRST_NAME_STEMS = frozenset(_stem(name) for name in FIRST_NAMES)

_NAME_WORD = rf"[{_UP}][{_LOW}]{{1,20}}"
_INITIAL = rf"[{_UP}]\."
_NAME_PAIR_RE = re.compile(
    rf"(?<![{_UP}{_LOW}\w])(?P<first>{_NAME_WORD}|{_INITIAL})"
    rf"(?P<sep>[ \t]+|[ \t]*[;,][ \t]*|\t)"
    rf"(?P<last>{_NAME_WORD})(?![{_LOW}\w])"
)
# Words that look like names but are not (capitalised sentence starts, months).
_NOT_NAMES = frozenset(
    """sąskaita faktūra bendrovė įmonė uab ab mb vš viešoji ataskaita
    sausis vasaris kovas balandis gegužė birželis liepa rugpjūtis rugsėjis
    spalis lapkritis gruodis pirmadienis antradienis trečiadienis
    ketvirtadienis penktadienis šeštadienis sekmadienis lietuva lietuvos
    vilnius vilniaus kaunas kauno klaipėda klaipėdos šiauliai panevėžys
    gerb gerbiama gerbiamas labas laba prašome prašau dėkui ačiū pagarbiai
    klaida programa programos versija duomenys duomenų""".split()
)
_POSITION_GAP_RE = re.compile(
    r"^[ \t]*(?:[,;:()\-–—|/][ \t]*)*(?:[\w.]+[ \t]*){0,2}[ \t]*[,;:()\-–—|/]?[ \t]*$"
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
# Budgets: how much text and time a scan may take.


class OverBudget(Exception):
    """A scan ran out of its budget."""


@dataclass(frozen=True)
class Budget:
    """The size and time a scan may take; over either, the report says
    "cannot verify" (:data:`OVER_BUDGET`), so that the caller quarantines the
    item instead of running into Odoo's limits (limit_time_cpu 60 s,
    limit_time_real 120 s by default).

    `max_chars`: the longest text scanned (a file: all its parts together).
    `seconds`: the time of one scan, reading the file included. `deadline`: a
    ``time.monotonic()`` value no scan goes past, to share one budget over the
    scans of one e-mail (:meth:`shared`)."""

    max_chars: int = 5 * 1000 * 1000
    seconds: float = 15.0
    deadline: float | None = None

    @classmethod
    def shared(cls, seconds, max_chars=max_chars):
        """A budget of `seconds` from now for all the scans that use it."""
        return cls(max_chars, seconds, time.monotonic() + seconds)

    def clock(self):
        return Clock(self)


DEFAULT_BUDGET = Budget()


class Clock:
    """A budget started: checked by the detectors as they go."""

    def __init__(self, budget):
        self.max_chars = budget.max_chars
        self.deadline = time.monotonic() + budget.seconds
        if budget.deadline is not None:
            self.deadline = min(self.deadline, budget.deadline)

    def check(self):
        if time.monotonic() > self.deadline:
            raise OverBudget()


def _clock_of(budget):
    if isinstance(budget, Clock):
        return budget
    return (budget or DEFAULT_BUDGET).clock()


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


def _before(text, start, width=CONTEXT_WINDOW):
    """The text before `start` on the same line (table cells: the same row)."""
    chunk = text[max(0, start - width) : start]
    return chunk.rsplit("\n", 1)[-1]


def _after(text, end, width=CONTEXT_WINDOW):
    return text[end : end + width].split("\n", 1)[0]


def _find_personal_codes(text, clock=None, tables=None):
    tables = tables or TextTables(text)
    for match in _CODE_RE.finditer(text):
        if clock:
            clock.check()
        code = match.group(1)
        context = _CODE_CONTEXT_RE.search(
            _before(text, match.start())
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
        line = _before(text, start, 80) + _after(text, end, 80)
        person = _IBAN_PERSON_CONTEXT_RE.search(line) or _NAME_PAIR_RE.search(line)
        level = CERTAIN if person and _looks_like_person_near(line) else SUSPECT
        yield Hit(IBAN, level, start, end, value=candidate)


def _looks_like_person_near(line):
    if _IBAN_PERSON_CONTEXT_RE.search(line):
        return True
    return any(_is_name(m) for m in _NAME_PAIR_RE.finditer(line))


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


# Pre-filter of the phone matcher (issue 8: on digit-dense files, such as CSV
# exports of invoices, phonenumbers' matcher spent its time parsing every run
# of digits). A run is a sequence of digit blocks joined by at most four of the
# punctuation characters phonenumbers allows inside a number (its
# _VALID_PUNCTUATION: no line break), so every number the matcher can find lies
# within one run, and never across lines.
_PHONE_PUNCTUATION = (
    "-x"
    + "".join(map(chr, range(0x2010, 0x2016)))  # hyphens and dashes
    + "\u2212\u30fc"
    + "".join(map(chr, range(0xFF0D, 0xFF10)))  # full-width - . /
    + " \u00a0\u00ad\u200b\u2060\u3000()\uff08\uff09\uff3b\uff3d.[]/~\u2053\u223c\uff5e"
)
_PHONE_RUN_RE = re.compile(rf"\d+(?:[{re.escape(_PHONE_PUNCTUATION)}]{{1,4}}\d+)*")
_PHONE_PUNCTUATION_DELETE = str.maketrans("", "", _PHONE_PUNCTUATION)
_DIGITS_RE = re.compile(r"\d+")
# "00" (the international call prefix) opening a digit block, then a country
# code, which never starts with 0.
_PHONE_IDD_RE = re.compile(rf"(?<!\d)00[{re.escape(_PHONE_PUNCTUATION)}]{{0,4}}[1-9]")
_PHONE_LEAD_WIDTH = 10  # up to two lead characters ("+", "(") and punctuation
_PHONE_MAX_BLOCK = 20  # longer digit blocks are cut by the matcher: not filtered
# Consecutive lines with possible numbers go to the matcher in chunks of about
# this size: phones never cross a line, and the matcher gives up after 65,535
# failed candidates by default (here unlimited: a chunk bounds its work).
_PHONE_CHUNK_CHARS = 8192
_PHONE_MATCHER_TRIES = 1 << 62
_NATIONAL_NUMBER_RES = {}


def _national_number_re(region):
    """The pattern every valid national number of `region` fully matches (from
    phonenumbers' metadata), or None when the pre-filter cannot be used."""
    if region not in _NATIONAL_NUMBER_RES:
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
        pattern = None
        if metadata and metadata.international_prefix == "00":
            pattern = re.compile(metadata.general_desc.national_number_pattern)
        _NATIONAL_NUMBER_RES[region] = pattern
    return _NATIONAL_NUMBER_RES[region]


def _phone_run_possible(run_text, before, national_re):
    """Whether a valid phone number of 8 digits or more may lie in `run_text`
    (`before`: the few characters before it): an international number ("+"
    before it, or "00" and a country code opening a digit block), or a national
    number of the region anywhere in its digits (with or without the trunk
    prefix or the country code)."""
    if "+" in before or "\uff0b" in before:
        return True
    digits = run_text.translate(_PHONE_PUNCTUATION_DELETE)
    if len(digits) < 8:
        return False
    if not digits.isascii():
        return True  # other scripts' digits: leave them to the matcher
    if len(digits) > _PHONE_MAX_BLOCK and any(
        len(block) > _PHONE_MAX_BLOCK for block in _DIGITS_RE.findall(run_text)
    ):
        return True
    if "00" in digits and _PHONE_IDD_RE.search(run_text):
        return True
    return bool(national_re.search(digits))


def _phone_chunks(text, region):
    """(offset, chunk) pairs of `text` that may hold a phone number: whole
    lines that hold a possible run, consecutive lines joined."""
    national_re = _national_number_re(region)
    if national_re is None:
        yield 0, text
        return
    spans = []
    plus = "+" in text or "\uff0b" in text
    for run in _PHONE_RUN_RE.finditer(text):
        start = run.start()
        if spans and start < spans[-1][1]:
            continue  # the line is already taken
        before = text[max(0, start - _PHONE_LEAD_WIDTH) : start] if plus else ""
        if not _phone_run_possible(run.group(0), before, national_re):
            continue
        line_start = text.rfind("\n", 0, run.start()) + 1
        line_end = text.find("\n", run.end())
        line_end = len(text) if line_end < 0 else line_end + 1
        if (
            spans
            and line_start <= spans[-1][1]
            and spans[-1][1] - spans[-1][0] < _PHONE_CHUNK_CHARS
        ):
            spans[-1][1] = line_end
        else:
            spans.append([line_start, line_end])
    for start, end in spans:
        yield start, text[start:end]


def _find_phones(text, region, taken, clock=None, tables=None):
    """Phone numbers outside the `taken` spans (hits of other kinds)."""
    if not isinstance(taken, Spans):
        taken = Spans(taken)
    taken.tables = tables or TextTables(text)
    for offset, chunk in _phone_chunks(text, region):
        if clock:
            clock.check()
        yield from _find_phones_in_chunk(text, chunk, offset, region, taken, clock)


def _find_phones_in_chunk(text, chunk, offset, region, taken, clock=None):
    matcher = phonenumbers.PhoneNumberMatcher(
        chunk,
        region,
        leniency=phonenumbers.Leniency.VALID,
        max_tries=_PHONE_MATCHER_TRIES,
    )
    for match in matcher:
        if clock:
            clock.check()
        start, end = offset + match.start, offset + match.end
        if taken.overlaps(start, end):
            continue
        raw = match.raw_string
        digits = re.sub(r"\D", "", raw)
        if len(digits) < 8:
            continue
        kind = phonenumbers.number_type(match.number)
        mobile = kind in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        )
        before = _before(text, start, 25)
        context = _PHONE_CONTEXT_RE.search(before) or taken.tables.labelled(
            start, _PHONE_CONTEXT_RE
        )
        if not context and not raw.startswith("+"):
            if _NOT_PHONE_CONTEXT_RE.search(before):
                continue  # "užsakymo nr. 861234567": the order's number
        level = CERTAIN if (mobile or context) else SUSPECT
        yield Hit(PHONE, level, start, end, value=raw)


def _is_name(match):
    first, last = match.group("first"), match.group("last")
    words = [w.casefold().rstrip(".") for w in (first, last)]
    if any(w in _NOT_NAMES for w in words):
        return False
    if any(_POSITION_RE.fullmatch(w) for w in (first, last)):
        return False
    if not _NAME_ENDING_RE.search(last.casefold()):
        return False
    last_is_surname = bool(_SURNAME_SUFFIX_RE.search(last.casefold()))
    if first.endswith("."):  # an initial: "J. Petraitis"
        return last_is_surname
    if not _NAME_ENDING_RE.search(first.casefold()):
        return False
    first_known = words[0] in FIRST_NAMES or _stem(words[0]) in FIRST_NAME_STEMS
    first_is_surname = bool(_SURNAME_SUFFIX_RE.search(words[0]))
    # "Jonas Petraitis", "Rūta Jankauskaitė", "Petraitis Jonas" (tables)
    return (
        (first_known and (last_is_surname or _NAME_ENDING_RE.search(words[1])))
        or (last_is_surname and _NAME_ENDING_RE.search(words[0]) and len(first) > 2)
        or (first_is_surname and _stem(words[1]) in FIRST_NAME_STEMS)
    )


def _name_shaped(match):
    first, last = match.group("first"), match.group("last")
    if first.endswith(".") or match.group("sep").strip():
        return False
    words = [w.casefold() for w in (first, last)]
    return (
        all(len(w) > 3 and _NAME_ENDING_RE.search(w) for w in words)
        and not any(w in _NOT_NAMES for w in words)
        and not any(_POSITION_RE.fullmatch(w) for w in (first, last))
    )


def _position_next_to(text, start, end):
    """A job position right before or right after the name on the same line."""
    after = _after(text, end, 60)
    position = _POSITION_RE.search(after)
    if position and _POSITION_GAP_RE.match(after[: position.start()]):
        return True
    before = _before(text, start, 60)
    for position in _POSITION_RE.finditer(before):
        if _POSITION_GAP_RE.match(before[position.end() :]):
            return True
    return False


def _find_persons(text, clock=None):
    pos = 0
    while True:
        if clock:
            clock.check()
        match = _NAME_PAIR_RE.search(text, pos)
        if not match:
            return
        if _is_name(match):
            level = CERTAIN if _position_next_to(text, *match.span()) else SUSPECT
            yield Hit(PERSON, level, match.start(), match.end(), value=match.group(0))
            pos = match.end()
        elif _name_shaped(match) and _position_next_to(text, *match.span()):
            # Names outside the lists ("Ignas Bernotas, buhalteris"): two
            # capitalised words with name endings, next to a position.
            yield Hit(PERSON, CERTAIN, match.start(), match.end(), value=match.group(0))
            pos = match.end()
        else:
            # Retry from the second word: "Gerb. Jonas Petraitis".
            pos = match.start("last")


class Spans:
    """Disjoint spans of a text, sorted: whether a new span overlaps one of
    them is a binary search, so that a text with many hits costs no more per
    hit than a text with few."""

    def __init__(self, items=()):
        pairs = sorted((item.start, item.end) for item in items)
        self.starts = [start for start, _end in pairs]
        self.ends = [end for _start, end in pairs]

    def overlaps(self, start, end):
        # Disjoint and sorted by start, the spans are sorted by end too: only
        # the last one starting before `end` can reach past `start`.
        index = bisect_left(self.starts, end) - 1
        return index >= 0 and self.ends[index] > start


def _overlaps(hits, start, end):
    return Spans(hits).overlaps(start, end)


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
    clock = _clock_of(budget)
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


class TextTables:
    """The tables pasted in a text (a mail body: rows of cells separated by
    tabs or semicolons, the header row first), so that a value under a header
    such as "Asmens kodas" gets the header as its context, as in
    :func:`table_text`. Built on the first question, in one pass."""

    SEPARATORS = ("\t", ";")
    MAX_ROW = 2000  # longer lines are not table rows

    def __init__(self, text):
        self.text = text
        self._blocks = None

    def _build(self):
        """[(start, end, separator, header cells)] of each table, in order."""
        blocks, text = [], self.text
        line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        current = None  # [start, end, separator, header]
        for index, start in enumerate(line_starts):
            end = (
                line_starts[index + 1] - 1
                if index + 1 < len(line_starts)
                else len(text)
            )
            line = text[start:end]
            separator = next(
                (sep for sep in self.SEPARATORS if line.count(sep) >= 1), None
            )
            if len(line) > self.MAX_ROW:
                separator = None
            if current and separator == current[2]:
                current[1] = end
                continue
            if current:
                blocks.append(tuple(current))
            current = (
                [start, end, separator, line.split(separator)] if separator else None
            )
        if current:
            blocks.append(tuple(current))
        self._blocks = [b for b in blocks if b[1] > b[0]]
        self._starts = [b[0] for b in self._blocks]

    def labelled(self, pos, context_re):
        """Whether the value at `pos` stands in a table row under a header
        that `context_re` finds (not in the header row itself)."""
        if "\t" not in self.text and ";" not in self.text:
            return False
        if self._blocks is None:
            self._build()
        index = bisect_left(self._starts, pos + 1) - 1
        if index < 0:
            return False
        start, end, separator, header = self._blocks[index]
        if not start <= pos < end:
            return False
        line_start = self.text.rfind("\n", start, pos) + 1
        if line_start <= start:
            return False  # the header row
        column = self.text.count(separator, line_start, pos)
        return column < len(header) and bool(context_re.search(header[column]))


_HEADER_CONTEXT_RES = (_CODE_CONTEXT_RE, _PHONE_CONTEXT_RE)


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
    clock = _clock_of(budget)
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
        clock = _clock_of(budget)
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
