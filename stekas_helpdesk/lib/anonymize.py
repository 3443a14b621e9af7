"""Anonymized copies of texts, CSV and XLSX files (R-PII-1, R-PII-2).

Every personal value the detector finds is replaced by a stand-in, the same
stand-in for the same value everywhere in the file ("[asmuo 1]" for each
mention of one person, "[asmens kodas 2]" for the second code...), so that the
copy still reads as a whole: the consultant can follow who is who without
knowing who they are.

Nothing here imports Odoo.
"""

import csv
import io
import re

from . import file_text, html_text
from . import personal_data as pd

STAND_IN_LABELS = {
    pd.PERSONAL_CODE: "asmens kodas",
    pd.PHONE: "telefonas",
    pd.EMAIL: "el. paštas",
    pd.IBAN: "sąskaita",
    pd.PERSON: "asmuo",
}


class AnonymizeError(ValueError):
    """The file cannot be anonymized (unreadable, or of a format not handled)."""


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


def anonymize_file(data, filename, region="LT", ignore=frozenset()):
    """(anonymized bytes, new file name, report) for a text, CSV or XLSX file.
    Raises AnonymizeError for other formats and unreadable files."""
    kind = file_text.sniff(data, filename)
    base, _dot, ext = (filename or "file.txt").rpartition(".")
    base = base or filename
    if kind == "xlsx":
        out, report = anonymize_xlsx(data, region, ignore)
        return out, f"{base}_anonimizuota.xlsx", report
    if kind == "csv":
        out, report = anonymize_csv(data, region, ignore)
        return out, f"{base}_anonimizuota.{ext or 'csv'}", report
    if kind == "text":
        text, report = anonymize_text(file_text.decode_text(data), region, ignore)
        return text.encode("utf-8"), f"{base}_anonimizuota.{ext or 'txt'}", report
    raise AnonymizeError("unsupported")


def can_anonymize(data, filename):
    return file_text.sniff(data, filename) in ("xlsx", "csv", "text")
