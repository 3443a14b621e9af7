"""Anonymized copies of texts, CSV, XLSX, DOCX, PDF and PNG/JPEG files
(R-PII-1, R-PII-2).

Every personal value the detector finds is replaced by a stand-in, the same
stand-in for the same value everywhere in the file ("[asmuo 1]" for each
mention of one person, "[asmens kodas 2]" for the second code...), so that the
copy still reads as a whole: the consultant can follow who is who without
knowing who they are. Images and PDF pages cannot hold stand-ins: the found
values are blacked out there (:mod:`anonymize_media`). Every copy is scanned
again before it is given out, and refused unless it comes out clean.

Nothing here imports Odoo.
"""

import csv
import dataclasses
import io
import re
import time

from . import anonymize_media, file_text, html_text
from . import personal_data as pd

STAND_IN_LABELS = {
    pd.PERSONAL_CODE: "asmens kodas",
    pd.PHONE: "telefonas",
    pd.EMAIL: "el. paštas",
    pd.IBAN: "sąskaita",
    pd.PERSON: "asmuo",
}


class AnonymizeError(ValueError):
    """The file cannot be anonymized (unreadable, or of a format not handled).
    Its message is a reason: a reason of :mod:`file_text` (``over_budget``,
    ``broken``...) or :data:`NOT_CLEAN`."""


# The copy, scanned again, still holds personal data: it is not given out.
NOT_CLEAN = "not_clean"


class StandIns:
    """Consistent stand-ins: one per (kind, normalised value)."""

    def __init__(self):
        self._by_key = {}
        self._numbers = {}

    def get(self, kind, value):
        key = (kind, pd.normalize_value(kind, value))
        if key not in self._by_key:
            number = self._numbers.get(kind, 0) + 1
            self._numbers[kind] = number
            self._by_key[key] = f"[{STAND_IN_LABELS[kind]} {number}]"
        return self._by_key[key]

    def __len__(self):
        return len(self._by_key)


def replacements_for(report, stand_ins):
    """{text to replace: stand-in} for the hits of a report. A name found
    across two table cells ("Jonas<tab>Petraitis") is replaced word by word."""
    result = {}
    for hit in report.hits:
        stand_in = stand_ins.get(hit.kind, hit.value)
        result[hit.value] = stand_in
        if hit.kind == pd.PERSON:
            for word in re.split(r"[\s;,]+", hit.value):
                if len(word.rstrip(".")) > 2:
                    result.setdefault(word, stand_in)
    return result


def replace_values(text, replacements):
    """Replace every listed value in `text`, longest first, whole words only."""
    if not text or not replacements:
        return text
    values = sorted(replacements, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\w@.+-])(?:" + "|".join(re.escape(v) for v in values) + r")(?![\w@])"
    )
    return pattern.sub(lambda m: replacements[m.group(0)], text)


def replace_in_html(markup, replacements):
    """Replace the listed values in an HTML text. A value split by markup
    (``3900101<span>0000</span>``) is only whole in the text as shown: then
    that shown text, with the values replaced, becomes the HTML instead (its
    formatting is lost, never the replacement)."""
    if not markup or not replacements:
        return markup
    out = replace_values(markup, replacements)
    shown = html_text.rendered_text(out)
    if replace_values(shown, replacements) == shown:
        return out
    return html_text.text_to_html(replace_values(shown, replacements))


def _check_scanned(report):
    """A copy is anonymized only if the whole text was scanned: a scan cut
    short by its budget would leave the rest as it was."""
    if report.over_budget:
        raise AnonymizeError(pd.OVER_BUDGET)
    return report


def anonymize_text(text, region="LT", ignore=frozenset(), stand_ins=None):
    """(anonymized text, report of what was replaced)."""
    stand_ins = stand_ins or StandIns()
    report = _check_scanned(pd.detect(text, region=region, ignore=ignore))
    return replace_values(text, replacements_for(report, stand_ins)), report


def anonymize_csv(data, region="LT", ignore=frozenset(), stand_ins=None):
    """(anonymized CSV bytes in UTF-8, report). Headers give context as in the
    detector: a column titled "Asmens kodas" is read as personal codes."""
    stand_ins = stand_ins or StandIns()
    try:
        rows, delimiter = file_text.read_csv_rows(data)
    except csv.Error as exc:
        raise AnonymizeError("broken") from exc
    report = _check_scanned(
        pd.detect(pd.table_text(rows), region=region, ignore=ignore)
    )
    replacements = replacements_for(report, stand_ins)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    for row in rows:
        writer.writerow([replace_values(cell, replacements) for cell in row])
    return out.getvalue().encode("utf-8"), report


def anonymize_xlsx(data, region="LT", ignore=frozenset(), stand_ins=None, limits=None):
    """(anonymized XLSX bytes, report). Numbers that are personal data (a code
    stored as a number) become text stand-ins; other cells keep their type."""
    import openpyxl

    stand_ins = stand_ins or StandIns()
    extraction = file_text.extract(data, "book.xlsx", limits)
    if extraction.unreadable:
        raise AnonymizeError(extraction.unreadable[0][1])
    report = _check_scanned(pd.scan_extraction(extraction, region, ignore))
    replacements = replacements_for(report, stand_ins)
    workbook = openpyxl.load_workbook(io.BytesIO(data), keep_links=False)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if value is None or isinstance(value, bool):
                    continue
                if isinstance(value, int | float):
                    as_text = file_text.cell_text(value)
                    if as_text in replacements:
                        cell.value = replacements[as_text]
                elif isinstance(value, str):
                    cell.value = replace_values(value, replacements)
            # Comments may hold personal data too.
            for cell in row:
                if cell.comment is not None:
                    cell.comment = None
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), report


def anonymize_docx(data, region="LT", ignore=frozenset(), stand_ins=None, limits=None):
    """(anonymized DOCX bytes, report). Values are replaced by stand-ins in
    every part that holds text (body, headers, footers, footnotes, comments,
    document properties, link targets); a value split over several runs of a
    paragraph is found in the paragraph's text and written into its first
    run. The other zip members are copied unchanged."""
    stand_ins = stand_ins or StandIns()
    limits = limits or file_text.Limits()
    extraction = file_text.extract(data, "document.docx", limits)
    if extraction.unreadable:
        raise AnonymizeError(extraction.unreadable[0][1])
    extraction.parts.append(
        file_text.Part(
            "document.docx/docProps",
            text=anonymize_media.docx_property_text(data, limits),
        )
    )
    clock = pd.clock_of(None if limits.deadline is None else _until(limits.deadline))
    report = _check_scanned(
        pd.scan_extraction(extraction, region, ignore, budget=clock)
    )
    replacements = replacements_for(report, stand_ins)

    def replace(text):
        return replace_values(text, replacements)

    try:
        out = anonymize_media.replace_docx(data, replace, limits)
    except anonymize_media.MediaError as exc:
        raise AnonymizeError(str(exc)) from exc
    if anonymize_media.docx_leftovers(out, replace):
        raise AnonymizeError(NOT_CLEAN)
    return out, report


def _until(deadline):
    """A budget that ends at the monotonic `deadline`."""
    return pd.Budget(seconds=max(0.0, deadline - time.monotonic()), deadline=deadline)


def _anonymize_media(reader, data, region, ignore, limits):
    clock = pd.clock_of(_until(limits.deadline))
    try:
        return reader(data, limits, clock, region, ignore, StandIns(), replacements_for)
    except anonymize_media.MediaError as exc:
        raise AnonymizeError(str(exc)) from exc


def rescan(data, filename, region="LT", ignore=frozenset(), limits=None):
    """Scan an anonymized copy as the guard scans a file; raise unless it
    comes out clean of certain findings and read through."""
    limits = limits or file_text.Limits()
    clock = pd.clock_of(None if limits.deadline is None else _until(limits.deadline))
    extraction = file_text.extract(data, filename, limits)
    report = pd.scan_extraction(extraction, region, ignore, budget=clock)
    if report.over_budget:
        raise AnonymizeError(pd.OVER_BUDGET)
    if report.status in (pd.STATUS_CERTAIN, pd.STATUS_CANNOT_VERIFY):
        raise AnonymizeError(NOT_CLEAN)
    return report


def anonymize_file(data, filename, region="LT", ignore=frozenset(), budget=None):
    """(anonymized bytes, new file name, report) for a text, CSV, XLSX, DOCX,
    PDF, PNG or JPEG file, scanned again (:func:`rescan`) before it is
    returned. `budget` (:class:`personal_data.Budget`) bounds the whole:
    reading, OCR, the copy and its scan. Raises AnonymizeError for other
    formats, unreadable files and copies that do not come out clean."""
    kind = sniff_anonymizable(data, filename)
    clock = pd.clock_of(budget)
    limits = dataclasses.replace(file_text.Limits(), deadline=clock.deadline)
    base, _dot, ext = (filename or "file.txt").rpartition(".")
    base = base or filename
    if kind == "xlsx":
        out, report = anonymize_xlsx(data, region, ignore, limits=limits)
        new_name = f"{base}_anonimizuota.xlsx"
    elif kind == "csv":
        out, report = anonymize_csv(data, region, ignore)
        new_name = f"{base}_anonimizuota.{ext or 'csv'}"
    elif kind == "text":
        text, report = anonymize_text(file_text.decode_text(data), region, ignore)
        out, new_name = text.encode("utf-8"), f"{base}_anonimizuota.{ext or 'txt'}"
    elif kind == "docx":
        out, report = anonymize_docx(data, region, ignore, limits=limits)
        new_name = f"{base}_anonimizuota.docx"
    elif kind == "pdf":
        reader = anonymize_media.anonymize_pdf
        out, report = _anonymize_media(reader, data, region, ignore, limits)
        new_name = f"{base}_anonimizuota.pdf"
    elif kind in ("png", "jpeg"):
        reader = anonymize_media.anonymize_image
        out, report = _anonymize_media(reader, data, region, ignore, limits)
        default_ext = "png" if kind == "png" else "jpg"
        new_name = f"{base}_anonimizuota.{ext or default_ext}"
    else:
        raise AnonymizeError(file_text.UNSUPPORTED)
    rescan(out, new_name, region, ignore, limits)
    return out, new_name, report


def sniff_anonymizable(data, filename):
    """The kind of copy made of a file: xlsx, csv, text, docx, pdf, png, jpeg,
    or None when it cannot be anonymized."""
    kind = file_text.sniff(data, filename)
    if kind in ("xlsx", "csv", "text", "docx", "pdf"):
        return kind
    if kind == "image":
        if data.startswith(b"\x89PNG\r\n\x1a\n"):
            return "png"
        if data.startswith(b"\xff\xd8\xff"):
            return "jpeg"
    return None


def can_anonymize(data, filename):
    return sniff_anonymizable(data, filename) is not None
