"""The sender's own contact data in a mail body (R-INT-2, R-PII-4 rev. 2).

A mail body holds two kinds of text for the personal-data guard: the sender's
contact data (the signature block, the lines where the sender says how to
reach them or whom to contact) and the rest, where pasted material may be
(lists, tables, document fragments). Contact data is what R-INT-2 asks for: it
is never material to destroy, and a signature fills the intake items an
unknown sender's contact lacks (position, phone).

:func:`split` finds the contact zone of a body and parses its items; the
detector leaves its hits out of the material (``detect(sender_zone=...)``).

Nothing here imports Odoo.
"""

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

from . import personal_data as pd
from .person_names import FIRST_NAMES, LOW, POSITION_RE, UP

# Kinds that are contact data inside the zone. Personal codes and personal
# bank accounts are never contact data, wherever they stand.
CONTACT_KINDS = frozenset((pd.PERSON, pd.PHONE, pd.EMAIL))

# The most lines a signature block takes after its sign-off.
SIGNATURE_MAX_LINES = 12
# The most characters after a sign-off on its line ("Pagarbiai, Ona
# Kazlauskienė, vyr. buhalterė, UAB Medis, tel. ..., ona@...").
SIGN_OFF_MAX_TAIL = 120

# A sign-off: the line where the signature block begins ("Pagarbiai,",
# "Su pagarba", "--"), alone or followed by the name on the same line.
_SIGN_OFF_RE = re.compile(
    r"^[ \t]*(?:--[ \t]*$|—[ \t]*$|"
    r"(?:pagarbiai|su\s+pagarba|su\s+geriausiais\s+linkėjimais|linkėjimai"
    r"|geros\s+dienos|gražios\s+dienos|iki|ačiū|dėkoju|dėkojame|dėkui"
    r"|iš\s+anksto\s+dėkoju|iš\s+anksto\s+ačiū"
    r"|(?:best|kind|warm)?\s*regards|sincerely|thanks|thank\s+you|cheers)"
    r"\b[ \t]*[,.!:;–-]?)",
    re.IGNORECASE,
)
# Where the sender's own text ends: a forwarded mail or a quoted one in the
# style of Outlook (headers, then the mail) follows. Lines quoted with ">" are
# skipped instead: the sender's signature may come after them.
_QUOTE_START_RE = re.compile(
    r"^[ \t]*(?:-{2,}[ \t]*(?:original|forwarded|persiųstas|pradinis)"
    r"|(?:from|nuo|sent|siųsta|išsiųsta|to|kam|subject|tema)[ \t]*:"
    r"|on\s.+\swrote:|.+\srašė:)",
    re.IGNORECASE,
)
# A line where the sender tells how to reach them or whom to contact.
_CONTACT_LINE_RE = re.compile(
    r"(?:mano\s+(?:tel\w*|mob\w*|numer\w*|el\.?\s*pa\w*|pašt\w*|kontakt\w*)"
    r"|skambinkite|paskambinkite|susisiekite|susisiekti|kreipkitės|parašykite"
    r"|rašykite|kontaktin\w+\s+asm\w*|kontaktai|kontaktas\s*:"
    r"|galite\s+(?:skambinti|rašyti|susisiekti)|call\s+me|contact\s+(?:me|us)"
    r"|reach\s+me"
    r"|(?:biuro|įmonės|mūsų|bendrovės|office)\s+(?:tel\w*|telefon\w*|numer\w*|phone))",
    re.IGNORECASE,
)
# What a contact block line may be besides names and positions: phones,
# e-mails, web sites, companies and their codes, addresses, bank details.
_CONTACT_WORDS_RE = re.compile(
    r"(?:\btel\b|\btelefon|\bmob\b|\bmobil|\bfaks|\bfax\b|\bgsm\b|\bphone\b"
    r"|@|www\.|https?://|\.lt\b|\.com\b|\bUAB\b|\bAB\b|\bMB\b|\bVšĮ\b|\bIĮ\b"
    r"|\bŽŪB\b|įmonės\s+kod|\bkodas\b|\bPVM\b|\bLT-?\d{5}\b|\bg\.\s*\d|\bpr\.\s*\d"
    r"|\bgatv|\ba\.\s*s\.|\bA/s\b|\bIBAN\b|\bbank|\bSWIFT\b|\bvilni|\bkaun"
    r"|\bklaipėd|\bšiauli|\bpanevėž|lietuva\b|lithuania\b|\bskyrius|\bskyriaus"
    r"|\bdepartament|\bpadalin)",
    re.IGNORECASE,
)
# A pasted table row is never a signature line.
_TABLE_ROW_RE = re.compile(r"\t.*\t|;.*;.*;|\|.*\|.*\|")
# A company's name, with its legal form before or after it; tried in order.
_LEGAL_FORM = r"(?:UAB|AB|MB|VšĮ|IĮ|ŽŪB|TŪB|KŪB)"
_COMPANY_RES = (
    re.compile(rf"\b{_LEGAL_FORM}[ \t]+[^,;\n\t]{{2,60}}?(?=[ \t]*(?:[,;\n\t]|$))"),
    re.compile(rf"[„\"][^\"“\n]{{2,60}}[“\"][ \t]*,?[ \t]*{_LEGAL_FORM}\b"),
    re.compile(rf"\b[{UP}][\w-]+(?:[ \t]+[\w-]+){{0,3}}[ \t]*,?[ \t]*{_LEGAL_FORM}\b"),
)


@dataclass
class ContactZone:
    """The sender's contact zone of a body.

    `spans`: (start, end) offsets of the body that are contact data (the
    signature block, contact lines). `items`: the signature's parsed contact
    items, under the intake's item codes (``firstname``, ``lastname``,
    ``function``, ``phone``, ``email``, ``company``), only those found.
    `known`: ``(kind, value key)`` (:func:`value_key`) of the sender's own
    data found in the zone, plus the ones given to :func:`split`: equal values
    elsewhere in the body are contact data too."""

    spans: list = field(default_factory=list)
    items: dict = field(default_factory=dict)
    known: frozenset = frozenset()

    def __post_init__(self):
        # Merged and sorted, so that a hit is looked up by a binary search.
        merged = []
        for start, end in sorted(self.spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.spans = [tuple(span) for span in merged]
        self._starts = [start for start, _end in self.spans]

    def inside(self, start, end):
        index = bisect_right(self._starts, start) - 1
        return index >= 0 and end <= self.spans[index][1]

    def holds(self, hit):
        """Whether a detector hit is the sender's contact data."""
        if hit.kind not in CONTACT_KINDS:
            return False
        if self.inside(hit.start, hit.end):
            return True
        return bool(self.known) and value_key(hit.kind, hit.value) in self.known


_NON_DIGITS_RE = re.compile(r"\D")


def value_key(kind, value):
    """A cheap comparison key of a value: a phone number's last eight digits
    (a Lithuanian number without its prefix, "8", "+370" or "00370"), else
    :func:`personal_data.normalize_value`. Parsing every phone number of a
    long pasted list again would cost as much as finding it."""
    if kind == pd.PHONE:
        return kind, _NON_DIGITS_RE.sub("", value or "")[-8:]
    return kind, pd.normalize_value(kind, value)


def _lines(text):
    """(start, end, line) of each line of `text`, end without the newline."""
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


def _own_text_end(lines):
    """The index of the first line of a quoted or forwarded mail, if any."""
    for index, (_start, _end, line) in enumerate(lines):
        if _QUOTE_START_RE.match(line):
            return index
    return len(lines)


def _persons(text):
    return [h for h in pd.detect(text, kinds=(pd.PERSON,)).hits]


def _is_quoted(line):
    return line.lstrip().startswith(">")


def _names_sender(line, sender_words):
    """Whether a line carries the sender's full name or their address."""
    if not sender_words:
        return False
    words = set(re.findall(r"\w+", line.casefold()))
    return any(group <= words for group in sender_words)


def _is_contact_line(line, sender_words, after_blank=False):
    """Whether a line may belong to a signature block. After a blank line only
    plain contact details go on (a phone, an address, a company, the sender's
    name): a new paragraph of names or positions is more likely a pasted list."""
    stripped = line.strip()
    if not stripped:
        return True
    if _is_quoted(stripped) or _TABLE_ROW_RE.search(stripped):
        return False
    if pd._CODE_RE.search(stripped):
        return False
    if len(stripped) > 160 or stripped.endswith(":"):
        return False  # a paragraph, or the title of what follows
    if _names_sender(stripped, sender_words):
        return True
    if _CONTACT_WORDS_RE.search(stripped):
        return True
    if after_blank:
        return False
    if POSITION_RE.search(stripped):
        return True
    if _persons(stripped):
        return True
    # A short line of capitalised words: a name, a company, a department.
    tokens = stripped.replace(",", " ").split()
    return len(tokens) <= 5 and all(
        t[:1].isupper() or not t[:1].isalpha() for t in tokens
    )


def _signature_starts(lines, end, sender_words):
    """The indexes of the lines that may open a signature block: the last
    sign-off of the sender's own text, else the last line near its end that
    carries the sender's name or address; then the last paragraph when it
    opens with a name alone ("Ačiū." and, apart, "Ona Kazlauskienė", the
    company and a phone). None where there is none."""
    own = [i for i in range(end) if not _is_quoted(lines[i][2])]
    tail = own[-(SIGNATURE_MAX_LINES + 4) :]
    primary = None
    for index in reversed(tail):
        line = lines[index][2]
        sign_off = _SIGN_OFF_RE.match(line)
        if sign_off and _signs_off(line[sign_off.end() :], sender_words):
            primary = index
            break
    if primary is None:
        nonblank = [i for i in tail if lines[i][2].strip()]
        for index in nonblank[-6:]:
            if _names_sender(lines[index][2], sender_words):
                primary = index
                break
    paragraph = _last_paragraph(lines, tail)
    if paragraph and len(paragraph) <= 6:
        first_line = lines[paragraph[0]][2].strip()
        if (
            len(_persons(first_line)) == 1
            and len(first_line.split()) <= 3
            and all(_is_contact_line(lines[i][2], sender_words) for i in paragraph)
        ):
            return primary, paragraph[0]
    return primary, None


def _signs_off(tail, sender_words):
    """Whether what follows a sign-off word on its line leaves it a sign-off:
    nothing, or contact data ("Pagarbiai, Ona Kazlauskienė, tel. ..."). "Ačiū
    už atsakymą, bet ..." opens a paragraph instead."""
    tail = tail.strip()
    if not tail:
        return True
    return len(tail) <= SIGN_OFF_MAX_TAIL and _is_contact_line(tail, sender_words)


def _last_paragraph(lines, indexes):
    paragraph = []
    for index in reversed(indexes):
        if not lines[index][2].strip():
            if paragraph:
                break
            continue
        paragraph.insert(0, index)
    return paragraph


def _signature_spans(lines, end, sender_words):
    """[(start, end)] of the signature blocks (one, or two when a name
    paragraph follows the block of a sign-off)."""
    spans, last = [], -1
    for start_index in _signature_starts(lines, end, sender_words):
        if start_index is None or start_index <= last:
            continue
        block = _block(lines, start_index, end, sender_words)
        if block:
            spans.append(block[:2])
            last = block[2]
    return spans


def _block(lines, start_index, end, sender_words):
    """(start, end, last line index) of the block opening at a line."""
    last = start_index
    person = None
    after_blank = False
    for index in range(start_index, min(end, start_index + SIGNATURE_MAX_LINES + 1)):
        line = lines[index][2]
        if index > start_index and not _is_contact_line(
            line, sender_words, after_blank
        ):
            break
        if not line.strip():
            after_blank = True
            continue
        if index == start_index and _TABLE_ROW_RE.search(line):
            return None
        names = {pd.normalize_value(pd.PERSON, h.value) for h in _persons(line)}
        if names:
            # A block holds one person: a second one is a list, not a signature.
            if person is not None and names - {person}:
                break
            person = person or min(names)
        last = index
    start = lines[start_index][0]
    sign_off = _SIGN_OFF_RE.match(lines[start_index][2])
    if sign_off:
        start += sign_off.start()
    return start, lines[last][1], last


def _contact_line_spans(lines, end):
    return [
        (start, stop)
        for start, stop, line in lines[:end]
        if _CONTACT_LINE_RE.search(line) and not _TABLE_ROW_RE.search(line)
    ]


def _position_of(text):
    """The job position of a signature, as written ("vyr. buhalterė")."""
    match = POSITION_RE.search(text)
    if not match:
        return ""
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    line = text[line_start : len(text) if line_end < 0 else line_end]
    offset = match.start() - line_start
    # The comma-separated segment of the line that holds the position.
    for segment_match in re.finditer(r"[^,;|\t]+", line):
        if segment_match.start() <= offset < segment_match.end():
            segment = segment_match.group(0).strip(" .–-")
            if len(segment) <= 60 and not _persons(segment):
                return segment
    return match.group(0).strip()


def _items_of(zone_text):
    items = {}
    persons = _persons(zone_text)
    if persons:
        words = persons[0].value.replace(",", " ").split()
        if len(words) >= 2:
            items["firstname"], items["lastname"] = words[0], " ".join(words[1:])
    else:  # "Ačiū,\nMindaugas": a first name alone
        for word in re.findall(rf"\b[{UP}][{LOW}]+\b", zone_text):
            if word.casefold() in FIRST_NAMES:
                items["firstname"] = word
                break
    position = _position_of(zone_text)
    if position:
        items["function"] = position
    report = pd.detect(zone_text, kinds=(pd.PHONE, pd.EMAIL))
    phones = [h.value for h in report.hits if h.kind == pd.PHONE]
    if phones:
        items["phone"] = phones[0]
    emails = [m.group(0) for m in pd._email_matches(zone_text)]
    if emails:
        personal = [e for e in emails if not _is_role_address(e)]
        items["email"] = (personal or emails)[0]
    for company_re in _COMPANY_RES:
        company = company_re.search(zone_text)
        if company:
            items["company"] = company.group(0).strip(" ,")
            break
    return items


def _is_role_address(email):
    local = email.split("@", 1)[0].lower()
    return local in pd.ROLE_MAILBOXES or local.split(".")[0] in pd.ROLE_MAILBOXES


def split(text, sender_name="", sender_email="", known=frozenset()):
    """The sender's :class:`ContactZone` of a mail body (plain text).

    `sender_name` and `sender_email` (from the mail's From, or the sender's
    contact) help find a signature without a sign-off and are contact data
    wherever they stand in the body; `known` (:func:`personal_data.make_ignore`)
    adds other values known to be the sender's. The offsets are those of the
    text in NFC, as :func:`personal_data.detect` reads it."""
    text = unicodedata.normalize("NFC", text or "")
    lines = list(_lines(text))
    end = _own_text_end(lines)
    # Word sets that name the sender when all of them stand on a line: the
    # full name (a first name alone is too common), the words of the address.
    sender_words = []
    name_words = frozenset(
        word
        for word in re.findall(r"\w+", (sender_name or "").casefold())
        if len(word) > 2
    )
    if len(name_words) >= 2:
        sender_words.append(name_words)
    if sender_email and not _is_role_address(sender_email):
        sender_words.append(frozenset(re.findall(r"\w+", sender_email.casefold())))
    signatures = _signature_spans(lines, end, sender_words)
    zone_text = "\n".join(text[start:stop] for start, stop in signatures)
    items = _items_of(zone_text) if signatures else {}
    spans = sorted(_contact_line_spans(lines, end) + signatures)
    given = set(known) | pd.make_ignore(
        emails=[sender_email, items.get("email", "")],
        phones=[items.get("phone", "")],
        names=[
            sender_name,
            f"{items.get('firstname', '')} {items.get('lastname', '')}".strip(),
        ],
    )
    values = {value_key(kind, value) for kind, value in given}
    if signatures:
        # Every phone and address of the block is the sender's (a second
        # phone number in the signature is still theirs).
        for hit in pd.detect(zone_text, kinds=tuple(CONTACT_KINDS)).hits:
            values.add(value_key(hit.kind, hit.value))
    return ContactZone(spans=spans, items=items, known=frozenset(values))
