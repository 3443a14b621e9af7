"""Phone numbers in text, for the personal-data detector: phonenumbers'
matcher, run only on the lines that may hold a number. Mobile numbers and
numbers next to "tel."/"mob." are certain, other valid numbers suspect.

Nothing here imports Odoo.
"""

import re

import phonenumbers

from .text_context import TextTables, line_before

PHONE_CONTEXT_RE = re.compile(
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

# Pre-filter of the phone matcher: on digit-dense files, such as CSV exports
# of invoices, phonenumbers' matcher would spend its time parsing every run of
# digits. A run is a sequence of digit blocks joined by at most four of the
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


def phone_chunks(text, region):
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


def find_phones(text, region, taken, clock=None, tables=None):
    """(start, end, certain, raw text) of each phone number of `text` that
    overlaps none of the `taken` spans (:class:`Spans`: values of other
    kinds)."""
    tables = tables or TextTables(text)
    for offset, chunk in phone_chunks(text, region):
        if clock:
            clock.check()
        yield from _find_in_chunk(text, chunk, offset, region, taken, clock, tables)


def _find_in_chunk(text, chunk, offset, region, taken, clock, tables):
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
        before = line_before(text, start, 25)
        context = PHONE_CONTEXT_RE.search(before) or tables.labelled(
            start, PHONE_CONTEXT_RE
        )
        if not context and not raw.startswith("+"):
            if _NOT_PHONE_CONTEXT_RE.search(before):
                continue  # "užsakymo nr. 861234567": the order's number
        yield start, end, bool(mobile or context), raw
