"""A one-sheet XLSX file written row by row (pure Python, no odoo).

Why not xlsxwriter here: the consultation journal extract must turn 100,000
entries into a workbook in at most half the time of Odoo's own XLSX export,
which is itself xlsxwriter; xlsxwriter's per-cell API (a method call, a
cell tuple and its XML per cell) is most of that time, and it is the same
code on both sides. This writer builds each row's XML in one string and
streams it into the zip member, several times faster and in constant memory.
It does only what the extract needs: text (always a string cell: "=SUM(A1)"
stays text), numbers, dates and date-times, column widths and a fixed set of
styles. Other reports keep using xlsxwriter.

    with SheetStream(path, "Sheet", widths=[12, 30]) as sheet:
        sheet.row([("Nr.", HEADER), ("Name", HEADER)])
        sheet.row([("A-1", TEXT), (1.5, HOURS)])
"""

import datetime
import re
import zipfile
from xml.sax.saxutils import escape

# Style indexes (the order of CELL_XFS below).
TEXT, BOLD, HEADER, DATE, DATETIME, HOURS, HOURS_BOLD = range(7)
MAX_STRING = 32767  # Excel's limit for one cell
_EPOCH = datetime.datetime(1899, 12, 30)
# Characters XML 1.0 cannot hold are written as Excel does: _xHHHH_.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
# The media type of the .xlsx file the writer returns.
MIMETYPE = f"{_CT}.sheet"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = (
    _HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
    f'ContentType="{_CT}.sheet.main+xml"/><Override '
    f'PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/></Types>'
)
ROOT_RELS = (
    _HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    f'relationships"><Relationship Id="rId1" Type="{_REL}/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK_RELS = (
    _HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    f'relationships"><Relationship Id="rId1" Type="{_REL}/worksheet" '
    f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{_REL}/styles" '
    'Target="styles.xml"/></Relationships>'
)
_XF = '<xf numFmtId="{}" fontId="{}" fillId="0" borderId="0" xfId="0"{}/>'
CELL_XFS = [
    _XF.format(0, 0, ""),  # TEXT
    _XF.format(0, 1, ' applyFont="1"'),  # BOLD
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" '
    'applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>',  # HEADER
    _XF.format(164, 0, ' applyNumberFormat="1"'),  # DATE
    _XF.format(165, 0, ' applyNumberFormat="1"'),  # DATETIME
    _XF.format(2, 0, ' applyNumberFormat="1"'),  # HOURS: built-in "0.00"
    _XF.format(2, 1, ' applyNumberFormat="1" applyFont="1"'),  # HOURS_BOLD
]
STYLES = (
    f"{_HEAD}<styleSheet {_NS}>"
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy\\-mm\\-dd\\ hh:mm"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/>'
    '</font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '</fonts><fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
    f'borderId="0"/></cellStyleXfs><cellXfs count="{len(CELL_XFS)}">'
    + "".join(CELL_XFS)
    + '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" '
    'builtinId="0"/></cellStyles></styleSheet>'
)


def column_letters(index):
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def excel_serial(value):
    """Days since 1899-12-30 of a date or naive date-time (Excel's dates)."""
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time())
    delta = value - _EPOCH
    return delta.days + delta.seconds / 86400 + delta.microseconds / 86400e6


def text_xml(value):
    """The XML text of a string cell: escaped, control characters as _xHHHH_,
    cut to Excel's 32,767 characters."""
    text = str(value)[:MAX_STRING]
    text = escape(text)
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return text


class SheetStream:
    """Write one worksheet row by row into an .xlsx file at `path`."""

    def __init__(self, path, sheet_name, widths=(), compresslevel=6, fit_width=False):
        self.path = path
        self.sheet_name = sheet_name[:31]
        self.widths = list(widths)
        self.compresslevel = compresslevel
        # printed landscape, all columns on the page's width
        self.fit_width = fit_width
        self.row_count = 0
        self._zip = self._stream = None
        self._buffer = []

    def __enter__(self):
        self._zip = zipfile.ZipFile(
            self.path, "w", zipfile.ZIP_DEFLATED, compresslevel=self.compresslevel
        )
        self._stream = self._zip.open("xl/worksheets/sheet1.xml", "w")
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{width}" customWidth="1"/>'
            for i, width in enumerate(self.widths, 1)
        )
        fit = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        self._write(
            f"{_HEAD}<worksheet {_NS} {_NS_R}>"
            + (fit if self.fit_width else "")
            + (f"<cols>{cols}</cols>" if cols else "")
            + "<sheetData>"
        )
        self._letters = [column_letters(i) for i in range(max(len(self.widths), 26))]
        return self

    def __exit__(self, exc_type, exc, traceback):
        try:
            if exc_type is None:
                self._flush()
                self._write("</sheetData>" + self._page_setup() + "</worksheet>")
            self._stream.close()
            if exc_type is None:
                self._write_package()
        finally:
            self._zip.close()

    def _page_setup(self):
        if not self.fit_width:
            return ""
        return (
            '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" '
            'header="0.3" footer="0.3"/><pageSetup paperSize="9" '
            'orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        )

    def skip(self, count=1):
        """Leave `count` empty rows."""
        self.row_count += count

    def row(self, cells, height=None):
        """Append a row of (value, style) pairs; None or False is an empty cell.
        `height` in points, for a row of wrapped text (spreadsheet programs do
        not all fit the height to it when they open the file)."""
        self.row_count += 1
        row_number = self.row_count
        letters = self._letters
        if height:
            parts = [f'<row r="{row_number}" ht="{height}" customHeight="1">']
        else:
            parts = [f'<row r="{row_number}">']
        for col, (value, style) in enumerate(cells):
            if value is None or value is False:
                continue
            if col >= len(letters):
                letters.extend(column_letters(i) for i in range(len(letters), col + 1))
            ref = f"{letters[col]}{row_number}"
            if isinstance(value, str):
                parts.append(
                    f'<c r="{ref}" s="{style}" t="inlineStr"><is>'
                    f'<t xml:space="preserve">{text_xml(value)}</t></is></c>'
                )
            elif isinstance(value, datetime.date):  # date-times included
                serial = excel_serial(value)
                parts.append(f'<c r="{ref}" s="{style}"><v>{serial!r}</v></c>')
            elif isinstance(value, bool):
                parts.append(f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>')
            else:
                number = value if isinstance(value, int) else float(value)
                parts.append(f'<c r="{ref}" s="{style}"><v>{number!r}</v></c>')
        parts.append("</row>")
        self._buffer.append("".join(parts))
        if len(self._buffer) >= 500:
            self._flush()

    def _flush(self):
        if self._buffer:
            self._write("".join(self._buffer))
            self._buffer = []

    def _write(self, text):
        self._stream.write(text.encode("utf-8"))

    def _write_package(self):
        workbook = (
            f"{_HEAD}<workbook {_NS} {_NS_R}><sheets><sheet "
            f'name="{escape(self.sheet_name, {chr(34): "&quot;"})}" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'
        )
        for name, content in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            ("xl/styles.xml", STYLES),
        ):
            self._zip.writestr(name, content)
