"""Text out of the files clients send, for the personal-data guard (R-PII-1).

:func:`extract` turns the bytes of a file into *parts*: plain texts and tables
(rows of cells, numbers read as text). What cannot be read safely is listed as
*unreadable* with a reason, so that the guard can treat it as "cannot verify":
encrypted, broken, too big, a zip bomb, an image when no OCR is installed.

Formats: plain text (UTF-8, CP1257), CSV, XLSX (openpyxl, read-only), DOCX (all
text parts: body, headers, footers, comments, footnotes, endnotes), PDF (in a
child process with time and memory limits: ``pdftotext`` from poppler-utils,
or PyPDF2 in a child Python; a scanned PDF, without a text layer, is rendered
by ``pdftoppm`` and read by OCR up to :data:`OCR_MAX_PAGES` pages), ZIP
(recursively, with limits on entries, size, compression ratio and depth),
images (``tesseract`` with Lithuanian data).

Nothing here imports Odoo.
"""

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field

from . import html_text

# Reasons a part cannot be verified.
ENCRYPTED = "encrypted"
BROKEN = "broken"
TOO_BIG = "too_big"
ZIP_BOMB = "zip_bomb"
TOO_DEEP = "too_deep"
NO_OCR = "no_ocr"
NO_TEXT = "no_text"
UNSUPPORTED = "unsupported"
TIMEOUT = "timeout"
ERROR = "error"
# The scan's size or time budget ran out before the file was read through.
OVER_BUDGET = "over_budget"


@dataclass
class Limits:
    max_file_size: int = 25 * 1024 * 1024
    max_text_chars: int = 5 * 1000 * 1000
    zip_max_entries: int = 1000
    zip_max_total: int = 100 * 1024 * 1024
    zip_max_ratio: int = 100
    zip_ratio_min_size: int = 256 * 1024  # small entries may compress very well
    zip_max_depth: int = 3
    xlsx_max_cells: int = 2 * 1000 * 1000
    child_timeout: int = 30  # seconds, PDF and OCR child processes
    child_memory: int = 768 * 1024 * 1024  # bytes of address space
    # Niceness added to the child processes (OCR above all): a scan takes the
    # CPU the portal's requests leave, not theirs.
    child_nice: int = 10
    # OpenMP threads of a child (tesseract): by default OpenMP takes every
    # core for one page; one OCR per core is what the job channel sizes.
    child_threads: int = 1
    image_max_pixels: int = 40 * 1000 * 1000
    # time.monotonic() by which reading must end (the scan's time budget)
    deadline: float | None = None


def _check_deadline(limits):
    if limits.deadline is not None and time.monotonic() > limits.deadline:
        raise _Unreadable(OVER_BUDGET)


@dataclass
class Part:
    """A readable piece of a file: a text or a table (header row first)."""

    name: str
    text: str = ""
    rows: list = None

    @property
    def is_table(self):
        return self.rows is not None


@dataclass
class Extraction:
    parts: list = field(default_factory=list)
    unreadable: list = field(default_factory=list)  # [(part name, reason)]

    def add_unreadable(self, name, reason):
        self.unreadable.append((name, reason))


class _Unreadable(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",
    b"MM\x00*",
    b"BM",
)
# names of files that are never plain text
BINARY_SUFFIXES = (
    ".pdf",
    ".docx",
    ".xlsx",
    ".doc",
    ".xls",
    ".zip",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".tif",
    ".tiff",
    ".webp",
)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Office files, encrypted OOXML
TEXT_EXTENSIONS = (".txt", ".csv", ".tsv", ".log", ".xml", ".json", ".html", ".htm")


def sniff(data, filename=""):
    """The kind of file: pdf, zip, docx, xlsx, image, ole, csv, text, binary."""
    name = (filename or "").lower()
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return "zip"  # reported as broken by the zip reader
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "zip"
    if data.startswith(OLE_MAGIC):
        return "ole"
    if any(data.startswith(magic) for magic in IMAGE_MAGIC) or (
        data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    ):
        return "image"
    if name.endswith((".csv", ".tsv")):
        return "csv"
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


def decode_text(data):
    """Text of a plain-text file: UTF-8 (with or without BOM), UTF-16, CP1257."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1257", errors="replace")


def extract(data, filename="", limits=None, _depth=0, _budget=None):
    """Split a file into readable parts and unreadable ones; never raises."""
    limits = limits or Limits()
    result = Extraction()
    name = filename or "file"
    try:
        if len(data) > limits.max_file_size:
            raise _Unreadable(TOO_BIG)
        _check_deadline(limits)
        kind = sniff(data, filename)
        if kind == "text" and name.lower().endswith(BINARY_SUFFIXES):
            # the name promises a document, the bytes are plain text: not the
            # file that was sent (a mail part whose base64 would not decode is
            # kept undecoded), so what it holds cannot be verified
            raise _Unreadable(BROKEN)
        reader = _READERS.get(kind)
        if reader is None:
            raise _Unreadable(UNSUPPORTED)
        reader(data, name, limits, result, _depth, _budget or {"total": 0})
    except _Unreadable as exc:
        result.add_unreadable(name, exc.reason)
    except Exception:  # a broken file must not break the guard: cannot verify
        result.add_unreadable(name, BROKEN)
    for part in result.parts:
        if part.text and len(part.text) > limits.max_text_chars:
            part.text = part.text[: limits.max_text_chars]
            result.add_unreadable(part.name, TOO_BIG)
    return result


# ---------------------------------------------------------------------------
# Readers: each adds parts (or unreadable entries) to `result`.


def _read_text(data, name, limits, result, depth, budget):
    text = decode_text(data)
    if name.lower().endswith((".html", ".htm")):
        text = html_to_text(text)
    result.parts.append(Part(name, text=text))


def html_to_text(html):
    # As a browser shows it: markup must not split a value in two.
    return html_text.rendered_text(html)


def read_csv_rows(data):
    text = decode_text(data)
    sample = text[:4096]
    first = sample.split("\n", 1)[0]
    delimiter = max((";", ",", "\t", "|"), key=first.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter)), delimiter


def _read_csv(data, name, limits, result, depth, budget):
    try:
        rows, _delimiter = read_csv_rows(data)
    except csv.Error as exc:
        raise _Unreadable(BROKEN) from exc
    result.parts.append(Part(name, rows=rows))


def cell_text(value):
    """A spreadsheet cell as text: whole numbers without '.0' (a personal code
    stored as a number reads as its 11 digits)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _check_zip_container(archive, limits, budget):
    """Raise when a zip container's declared sizes look like a bomb."""
    infos = archive.infolist()
    if len(infos) > limits.zip_max_entries:
        raise _Unreadable(ZIP_BOMB)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _Unreadable(ENCRYPTED)
        total += info.file_size
        if (
            info.file_size > limits.zip_ratio_min_size
            and info.file_size > limits.zip_max_ratio * max(info.compress_size, 1)
        ):
            raise _Unreadable(ZIP_BOMB)
    if total + budget["total"] > limits.zip_max_total:
        raise _Unreadable(ZIP_BOMB)
    return infos


def _read_member(archive, info, limits, budget):
    """The bytes of a zip member, read in chunks so that lying headers cannot
    make us inflate more than the declared size."""
    chunks = []
    size = 0
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(64 * 1024)
            if not chunk:
                break
            size += len(chunk)
            budget["total"] += len(chunk)
            if size > info.file_size or budget["total"] > limits.zip_max_total:
                raise _Unreadable(ZIP_BOMB)
            chunks.append(chunk)
    return b"".join(chunks)


def _read_xlsx(data, name, limits, result, depth, budget):
    import openpyxl

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = _check_zip_container(archive, limits, budget)
        for info in infos:
            if re.match(r"xl/comments\d*\.xml$|xl/threadedComments/", info.filename):
                xml = _read_member(archive, info, limits, budget)
                result.parts.append(Part(f"{name}/{info.filename}", text=xml_text(xml)))
    workbook = openpyxl.load_workbook(
        io.BytesIO(data), read_only=True, data_only=True, keep_links=False
    )
    try:
        cells = 0
        for sheet in workbook.worksheets:
            rows = []
            for row in sheet.iter_rows(values_only=True):
                cells += len(row)
                if cells > limits.xlsx_max_cells:
                    raise _Unreadable(TOO_BIG)
                if not len(rows) % 1000:
                    _check_deadline(limits)
                rows.append([cell_text(v) for v in row])
            result.parts.append(Part(f"{name}/{sheet.title}", rows=rows))
    finally:
        workbook.close()


_DOCX_PART_RE = re.compile(
    r"word/(document|header\d*|footer\d*|comments\w*|footnotes|endnotes)\.xml$"
)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _xml_root(xml):
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )
    return etree.fromstring(xml, parser=parser)


def xml_text(xml):
    """All text nodes of an XML document, separated by spaces."""
    root = _xml_root(xml)
    return " ".join(t.strip() for t in root.itertext() if t.strip())


def _paragraph_text(paragraph):
    out = []
    for node in paragraph.iter():
        if node.tag == _W + "t" and node.text:
            out.append(node.text)
        elif node.tag == _W + "tab":
            out.append("\t")
        elif node.tag in (_W + "br", _W + "cr"):
            out.append("\n")
    return "".join(out)


def docx_xml_text(xml):
    """Text of a WordprocessingML part: one line per paragraph, table rows as
    tab-separated cells on one line."""
    root = _xml_root(xml)
    lines = []
    for node in root.iter(_W + "p", _W + "tr"):
        if node.tag == _W + "tr":
            cells = [
                " ".join(_paragraph_text(p) for p in cell.iter(_W + "p"))
                for cell in node.iterchildren(_W + "tc")
            ]
            lines.append("\t".join(cells))
        elif not any(a.tag == _W + "tr" for a in node.iterancestors()):
            lines.append(_paragraph_text(node))
    return "\n".join(lines)


def _read_docx(data, name, limits, result, depth, budget):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = _check_zip_container(archive, limits, budget)
        for info in infos:
            if _DOCX_PART_RE.match(info.filename):
                xml = _read_member(archive, info, limits, budget)
                result.parts.append(
                    Part(f"{name}/{info.filename}", text=docx_xml_text(xml))
                )


def _read_zip(data, name, limits, result, depth, budget):
    if depth >= limits.zip_max_depth:
        raise _Unreadable(TOO_DEEP)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise _Unreadable(BROKEN) from exc
    with archive:
        infos = _check_zip_container(archive, limits, budget)
        for info in infos:
            if info.is_dir():
                continue
            _check_deadline(limits)
            member = _read_member(archive, info, limits, budget)
            inner = extract(
                member,
                f"{name}/{info.filename}",
                limits,
                _depth=depth + 1,
                _budget=budget,
            )
            result.parts.extend(inner.parts)
            result.unreadable.extend(inner.unreadable)


# Sets the limits and the niceness in the child itself, then becomes the real
# program: no preexec_fn, which is unsafe in the threads of an Odoo server.
_LIMITED_EXEC = (
    "import os, resource, sys\n"
    "memory, seconds, nice = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])\n"
    "resource.setrlimit(resource.RLIMIT_AS, (memory, memory))\n"
    "resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))\n"
    "os.nice(nice)\n"
    "os.execv(sys.argv[4], sys.argv[4:])\n"
)


def limited_command(args, limits, seconds):
    """(argv, env) of a child running `args` under the limits: address space,
    CPU seconds, a lower priority (`child_nice`) and at most `child_threads`
    OpenMP threads (``OMP_THREAD_LIMIT``, which tesseract obeys)."""
    command = [
        sys.executable,
        "-I",
        "-c",
        _LIMITED_EXEC,
        str(limits.child_memory),
        str(seconds),
        str(limits.child_nice),
        *args,
    ]
    env = dict(os.environ, OMP_THREAD_LIMIT=str(limits.child_threads))
    return command, env


def run_limited(args, data, limits):
    """Run a child process with `data` on stdin, under time and memory limits.
    Returns (returncode, stdout bytes, stderr bytes). A child stopped by the
    scan's deadline rather than by its own limit is over budget."""
    seconds, reason = limits.child_timeout, TIMEOUT
    if limits.deadline is not None:
        left = limits.deadline - time.monotonic()
        if left < seconds:
            seconds, reason = max(1, int(left)), OVER_BUDGET
    command, env = limited_command(args, limits, seconds)
    try:
        proc = subprocess.run(
            command,
            env=env,
            input=data,
            capture_output=True,
            timeout=seconds,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise _Unreadable(reason) from exc
    except OSError as exc:
        raise _Unreadable(ERROR) from exc
    return proc.returncode, proc.stdout, proc.stderr


_PYPDF_CHILD = r"""
import io, sys
try:
    from pypdf import PdfReader
except ImportError:
    from PyPDF2 import PdfReader
reader = PdfReader(io.BytesIO(sys.stdin.buffer.read()))
if reader.is_encrypted:
    try:
        ok = reader.decrypt("")
    except Exception:
        ok = 0
    if not ok:
        sys.exit(3)
out = []
for page in reader.pages:
    out.append(page.extract_text() or "")
sys.stdout.buffer.write("\n".join(out).encode("utf-8"))
"""


def _pdf_is_encrypted(data):
    return b"/Encrypt" in data


def _read_pdf(data, name, limits, result, depth, budget):
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
            tmp.write(data)
            tmp.flush()
            code, out, err = run_limited(
                [pdftotext, "-q", "-enc", "UTF-8", "-nopgbrk", tmp.name, "-"],
                b"",
                limits,
            )
        if code != 0:
            encrypted = _pdf_is_encrypted(data) or b"password" in err.lower()
            raise _Unreadable(ENCRYPTED if encrypted or code == 3 else BROKEN)
    else:
        code, out, _err = run_limited(
            [sys.executable, "-I", "-c", _PYPDF_CHILD], data, limits
        )
        if code == 3:
            raise _Unreadable(ENCRYPTED)
        if code != 0:
            raise _Unreadable(ENCRYPTED if _pdf_is_encrypted(data) else BROKEN)
    text = out.decode("utf-8", errors="replace")
    if not text.strip():
        # A scanned PDF: no text layer, so its pages are read by OCR.
        text = _ocr_pdf(data, limits)
    result.parts.append(Part(name, text=text))


# Pages rendered for OCR and for anonymized copies: 150 dpi reads ordinary
# print well and keeps an A4 page near 1240 x 1754 pixels.
PDF_DPI = 150
# More pages than this are not read by OCR (each takes seconds): the file
# stays "cannot verify", as a PDF without a text layer was before OCR.
OCR_MAX_PAGES = 20


def pdf_page_count(path, limits):
    """Pages of the PDF at `path` (poppler's ``pdfinfo``)."""
    pdfinfo = shutil.which("pdfinfo")
    if not pdfinfo:
        raise _Unreadable(NO_TEXT)
    code, out, err = run_limited([pdfinfo, path], b"", limits)
    if code != 0:
        raise _Unreadable(ENCRYPTED if b"password" in err.lower() else BROKEN)
    match = re.search(rb"^Pages:\s+(\d+)", out, re.MULTILINE)
    if not match:
        raise _Unreadable(BROKEN)
    return int(match.group(1))


def render_pdf_page(path, page, limits, dpi=PDF_DPI):
    """PNG bytes of one page (1-based) of the PDF at `path` (``pdftoppm``)."""
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        raise _Unreadable(NO_TEXT)
    _check_deadline(limits)
    with tempfile.TemporaryDirectory() as tmp:
        base = f"{tmp}/page"
        args = [pdftoppm, "-q", "-r", str(dpi), "-png", "-singlefile"]
        args += ["-f", str(page), "-l", str(page), path, base]
        code, _out, _err = run_limited(args, b"", limits)
        if code != 0:
            raise _Unreadable(BROKEN)
        with open(f"{base}.png", "rb") as png:
            return png.read()


def ocr_image(data, limits, *outputs, dpi=None):
    """Run ``tesseract`` on image bytes; `outputs` are its configs ("tsv",
    "pdf"), none for plain text. Returns its stdout bytes."""
    if not ocr_available():
        raise _Unreadable(NO_OCR)
    _check_deadline(limits)
    args = [shutil.which("tesseract"), "stdin", "stdout", "-l", "lit+eng"]
    if dpi:
        args += ["--dpi", str(dpi)]
    code, out, _err = run_limited([*args, *outputs], data, limits)
    if code != 0:
        raise _Unreadable(BROKEN)
    return out


def _ocr_pdf(data, limits):
    """The text of a scanned PDF, page by page by OCR, within the limits and
    the scan's deadline."""
    if not ocr_available():
        raise _Unreadable(NO_TEXT)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(data)
        tmp.flush()
        pages = pdf_page_count(tmp.name, limits)
        if pages > OCR_MAX_PAGES:
            raise _Unreadable(NO_TEXT)
        texts = []
        for page in range(1, pages + 1):
            png = render_pdf_page(tmp.name, page, limits)
            texts.append(ocr_image(png, limits, dpi=PDF_DPI).decode("utf-8", "replace"))
    text = "\n".join(texts)
    if not text.strip():
        raise _Unreadable(NO_TEXT)  # nothing legible on the pages
    return text


_OCR_CACHE = {}


def ocr_available():
    """True when `tesseract` with Lithuanian data ('lit') is installed."""
    if "ok" not in _OCR_CACHE:
        tesseract = shutil.which("tesseract")
        ok = False
        if tesseract:
            try:
                out = subprocess.run(
                    [tesseract, "--list-langs"],
                    capture_output=True,
                    timeout=20,
                    check=False,
                ).stdout.decode(errors="replace")
                ok = "lit" in out.split()
            except (OSError, subprocess.SubprocessError):
                ok = False
        _OCR_CACHE["ok"] = ok
    return _OCR_CACHE["ok"]


def _image_too_big(data, limits):
    try:
        from PIL import Image
    except ImportError:
        return False
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except Exception as exc:
        raise _Unreadable(BROKEN) from exc
    return width * height > limits.image_max_pixels


def _read_image(data, name, limits, result, depth, budget):
    if not ocr_available():
        raise _Unreadable(NO_OCR)
    if _image_too_big(data, limits):
        raise _Unreadable(TOO_BIG)
    out = ocr_image(data, limits)
    result.parts.append(Part(name, text=out.decode("utf-8", errors="replace")))


def _read_ole(data, name, limits, result, depth, budget):
    # Old .doc/.xls files and password-protected Office files (which Office
    # wraps in an OLE container): not read here.
    raise _Unreadable(UNSUPPORTED)


def _read_binary(data, name, limits, result, depth, budget):
    raise _Unreadable(UNSUPPORTED)


_READERS = {
    "text": _read_text,
    "csv": _read_csv,
    "xlsx": _read_xlsx,
    "docx": _read_docx,
    "zip": _read_zip,
    "pdf": _read_pdf,
    "image": _read_image,
    "ole": _read_ole,
    "binary": _read_binary,
}
