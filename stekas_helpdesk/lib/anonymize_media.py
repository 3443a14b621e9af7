"""Anonymized copies of images (PNG, JPEG), PDF and DOCX files (R-PII-2).

Images and PDF pages are read as word boxes (OCR: ``tesseract ... tsv``; a
PDF's own text layer: ``pdftotext -bbox-layout``), the detector runs on the
text those words make, and the boxes of the words of each finding are blacked
out. A PDF copy is rebuilt from its redacted page images, each OCR'd again
into a searchable page (``tesseract ... pdf``): the found values are gone from
its text layer too, not only covered, and the rest stays searchable. Metadata,
forms, annotations and embedded files of the original are not carried over.

A DOCX keeps its zip members; only the XML parts in which a found value is
replaced change (the stand-ins of :mod:`anonymize`).

Nothing here imports Odoo.
"""

import io
import re
import tempfile
import zipfile
from dataclasses import dataclass

from . import file_text
from . import personal_data as pd

# Blacked-out boxes reach this share of the word's height beyond it, at
# least MIN_MARGIN pixels: OCR boxes are tight and glyphs may overhang.
MARGIN_RATIO = 0.15
MIN_MARGIN = 2
# The boxes of a PDF's text layer are the font's, ascenders and descenders
# included: a pixel more, so that the black does not touch the next word
# (OCR of the copy would misread it).
TEXT_LAYER_MARGIN = 1
IMAGE_FORMATS = ("PNG", "JPEG")
_PUNCTUATION = ",.;:()[]\"'!?"


class MediaError(ValueError):
    """Raised with a reason of :mod:`file_text` (broken, too_big...)."""


@dataclass
class Word:
    text: str
    box: tuple  # (left, top, right, bottom) in the unit of its source
    line: tuple  # words with the same key are on one line
    start: int = 0
    end: int = 0


def words_text(words):
    """The text the detector reads: a line's words joined by spaces, lines by
    new lines. Sets each word's span in that text."""
    chunks, pos, last_line = [], 0, None
    for word in words:
        if last_line is not None:
            sep = " " if word.line == last_line else "\n"
            chunks.append(sep)
            pos += 1
        word.start, word.end = pos, pos + len(word.text)
        chunks.append(word.text)
        pos = word.end
        last_line = word.line
    return "".join(chunks)


def parse_tsv(tsv, page=0):
    """Words of ``tesseract ... tsv`` output, in pixels."""
    words = []
    lines = tsv.decode("utf-8", errors="replace").splitlines()
    for row in lines[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        left, top, width, height = (int(c) for c in cols[6:10])
        key = (page, int(cols[2]), int(cols[3]), int(cols[4]))
        words.append(
            Word(cols[11].strip(), (left, top, left + width, top + height), key)
        )
    return words


def parse_bbox_layout(xhtml):
    """({page number: (width, height) in points}, words in points) of
    ``pdftotext -bbox-layout`` output."""
    root = file_text._xml_root(xhtml)
    pages, words = {}, []
    for page_number, page in enumerate(root.iter("{*}page"), start=1):
        pages[page_number] = (float(page.get("width")), float(page.get("height")))
        for line_number, line in enumerate(page.iter("{*}line")):
            for node in line.iter("{*}word"):
                text = (node.text or "").strip()
                if not text:
                    continue
                box = tuple(
                    float(node.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")
                )
                words.append(Word(text, box, (page_number, line_number)))
    return pages, words


def words_to_redact(words, report, replacements):
    """The words of each hit (a hit may span several: a phone number with
    spaces, a name and surname), and the words equal to a replaced value
    elsewhere (a surname alone)."""
    single = {value for value in replacements if " " not in value.strip()}
    chosen = []
    hits = sorted(report.hits, key=lambda h: h.start)
    for word in words:
        bare = word.text.strip(_PUNCTUATION)
        if bare in single or any(
            h.start < word.end and word.start < h.end for h in hits
        ):
            chosen.append(word)
    return chosen


def black_out(image, boxes, margin_ratio=MARGIN_RATIO, min_margin=MIN_MARGIN):
    """Fill each (left, top, right, bottom) box, with a margin, in black."""
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    width, height = image.size
    fill = 0 if image.mode in ("L", "1") else (0,) * len(image.getbands())
    for left, top, right, bottom in boxes:
        margin = max(min_margin, int((bottom - top) * margin_ratio + 0.5))
        draw.rectangle(
            (
                max(0, left - margin),
                max(0, top - margin),
                min(width - 1, right + margin),
                min(height - 1, bottom + margin),
            ),
            fill=fill,
        )
    return image


def _open_image(data, limits):
    """The decoded image; its size is checked from the header first, so that
    a small file declaring a huge image is refused before it is decoded."""
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(data))
    except Exception as exc:
        raise MediaError(file_text.BROKEN) from exc
    if image.size[0] * image.size[1] > limits.image_max_pixels:
        raise MediaError(file_text.TOO_BIG)
    try:
        image.load()
    except Exception as exc:
        raise MediaError(file_text.BROKEN) from exc
    return image


def _drawable(image):
    if image.mode in ("RGB", "RGBA", "L"):
        return image
    return image.convert("RGBA" if "A" in image.getbands() else "RGB")


def _detect(words, region, ignore, clock, stand_ins, replacements_for):
    text = words_text(words)
    report = pd.detect(text, region=region, ignore=ignore, budget=clock)
    if report.over_budget:
        raise MediaError(pd.OVER_BUDGET)
    replacements = replacements_for(report, stand_ins)
    return report, words_to_redact(words, report, replacements)


def _run(step, *args, **kwargs):
    """Turn the readers' reasons into :class:`MediaError`."""
    try:
        return step(*args, **kwargs)
    except file_text._Unreadable as exc:
        raise MediaError(exc.reason) from exc


def anonymize_image(data, limits, clock, region, ignore, stand_ins, replacements_for):
    """(image bytes of the same format and size, report). The metadata of
    the original (EXIF, PNG text) is not carried over."""
    image = _open_image(data, limits)
    image_format = image.format
    if image_format not in IMAGE_FORMATS:
        raise MediaError(file_text.UNSUPPORTED)
    words = parse_tsv(_run(file_text.ocr_image, data, limits, "tsv"))
    report, chosen = _detect(words, region, ignore, clock, stand_ins, replacements_for)
    image = _drawable(image)
    black_out(image, [w.box for w in chosen])
    out = io.BytesIO()
    if image_format == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=90)
    else:
        image.save(out, "PNG")
    return out.getvalue(), report


def _pdf_words(path, limits):
    """(pages, words in points) of the PDF's text layer."""
    pdftotext = file_text.shutil.which("pdftotext")
    if not pdftotext:
        raise MediaError(file_text.UNSUPPORTED)
    code, out, err = _run(
        file_text.run_limited,
        [pdftotext, "-q", "-enc", "UTF-8", "-bbox-layout", path, "-"],
        b"",
        limits,
    )
    if code != 0:
        encrypted = b"password" in err.lower()
        raise MediaError(file_text.ENCRYPTED if encrypted else file_text.BROKEN)
    return parse_bbox_layout(out)


def _scale(box, factor_x, factor_y):
    left, top, right, bottom = box
    return (left * factor_x, top * factor_y, right * factor_x, bottom * factor_y)


def anonymize_pdf(data, limits, clock, region, ignore, stand_ins, replacements_for):
    """(PDF bytes, report): every page rendered, the found words blacked out,
    and OCR'd again into a searchable page."""
    from PIL import Image

    if file_text._pdf_is_encrypted(data):
        raise MediaError(file_text.ENCRYPTED)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(data)
        tmp.flush()
        page_count = _run(file_text.pdf_page_count, tmp.name, limits)
        if page_count > file_text.OCR_MAX_PAGES:
            raise MediaError(file_text.TOO_BIG)
        page_sizes, words = _pdf_words(tmp.name, limits)
        images = {
            page: Image.open(
                io.BytesIO(_run(file_text.render_pdf_page, tmp.name, page, limits))
            )
            for page in range(1, page_count + 1)
        }
    text_layer = bool(words)
    if text_layer:
        # Points of the text layer to pixels of the rendered page.
        for word in words:
            page = word.line[0]
            width, height = page_sizes[page]
            image = images[page]
            word.box = _scale(word.box, image.size[0] / width, image.size[1] / height)
    else:
        # A scanned PDF: its words are those OCR reads on each page.
        for page, image in images.items():
            png = io.BytesIO()
            image.save(png, "PNG")
            tsv = _run(file_text.ocr_image, png.getvalue(), limits, "tsv")
            words.extend(parse_tsv(tsv, page))
    report, chosen = _detect(words, region, ignore, clock, stand_ins, replacements_for)
    margins = (0, TEXT_LAYER_MARGIN) if text_layer else (MARGIN_RATIO, MIN_MARGIN)
    return _rebuild_pdf(images, chosen, limits, margins), report


def _rebuild_pdf(images, chosen, limits, margins):
    """One PDF of the redacted page images, each a searchable OCR page."""
    try:
        from pypdf import PdfReader, PdfWriter
    except ImportError:
        from PyPDF2 import PdfReader, PdfWriter

    writer = PdfWriter()
    for page, image in images.items():
        image = _drawable(image)
        black_out(image, [w.box for w in chosen if w.line[0] == page], *margins)
        png = io.BytesIO()
        image.save(png, "PNG", dpi=(file_text.PDF_DPI, file_text.PDF_DPI))
        page_pdf = _run(
            file_text.ocr_image, png.getvalue(), limits, "pdf", dpi=file_text.PDF_DPI
        )
        for pdf_page in PdfReader(io.BytesIO(page_pdf)).pages:
            writer.add_page(pdf_page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# ---------------------------------------------------------------------------
# DOCX

_W = file_text._W
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# The parts read as paragraphs, as the guard reads them.
_PARAGRAPH_PART_RE = file_text._DOCX_PART_RE
# Other parts that may hold a found value as text or attribute: document
# properties (author, title), relationships (a "mailto:" link), custom XML
# bound to content controls, the glossary.
_OTHER_PART_RE = re.compile(r"(docProps/.*|customXml/.*|word/.*)\.xml$|.*\.rels$")


def docx_property_text(data, limits):
    """Text of the document's properties (docProps/*.xml), which the guard's
    reader leaves out but a copy carries."""
    texts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if re.match(r"docProps/.*\.xml$", info.filename):
                texts.append(file_text.xml_text(archive.read(info)))
    return "\n".join(texts)


def _paragraph_segments(paragraph):
    """Groups of a paragraph's w:t nodes not separated by a tab or a break:
    a value is replaced within one group, so tabs and breaks stay where they
    were."""
    segments, current = [], []
    for node in paragraph.iter(_W + "t", _W + "tab", _W + "br", _W + "cr"):
        if node.tag == _W + "t":
            current.append(node)
        elif current:
            segments.append(current)
            current = []
    if current:
        segments.append(current)
    return segments


def _replace_paragraphs(root, replace):
    """Replace in each paragraph's text; a value split over runs is written
    whole into the first run of its segment, the others cleared. Only changed
    segments are touched."""
    changed = False
    for paragraph in root.iter(_W + "p"):
        for nodes in _paragraph_segments(paragraph):
            joined = "".join(n.text or "" for n in nodes)
            new = replace(joined)
            if new == joined:
                continue
            changed = True
            nodes[0].text = new
            nodes[0].set(_XML_SPACE, "preserve")
            for node in nodes[1:]:
                node.text = ""
    return changed


def _replace_everywhere(root, replace):
    """Replace in every text, tail and attribute value left."""
    changed = False
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attr in ("text", "tail"):
            value = getattr(element, attr)
            if value:
                new = replace(value)
                if new != value:
                    setattr(element, attr, new)
                    changed = True
        for key, value in element.attrib.items():
            new = replace(value)
            if new != value:
                element.set(key, new)
                changed = True
    return changed


def replace_docx(data, replace, limits):
    """DOCX bytes with `replace` applied to every part that holds text;
    members in which nothing changes are copied as they are."""
    budget = {"total": 0}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as archive,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        infos = _run(file_text._check_zip_container, archive, limits, budget)
        for info in infos:
            member = _run(file_text._read_member, archive, info, limits, budget)
            name = info.filename
            if _PARAGRAPH_PART_RE.match(name) or _OTHER_PART_RE.match(name):
                root = file_text._xml_root(member)
                changed = False
                if _PARAGRAPH_PART_RE.match(name):
                    changed = _replace_paragraphs(root, replace)
                changed = _replace_everywhere(root, replace) or changed
                if changed:
                    from lxml import etree

                    member = etree.tostring(
                        root, xml_declaration=True, encoding="UTF-8", standalone=True
                    )
            copy.writestr(info, member)
    return out.getvalue()


def docx_leftovers(data, replace):
    """Names of the XML parts of `data` in which `replace` still changes
    something: a value the copy should not hold any more."""
    left = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.filename.endswith((".xml", ".rels")):
                xml = archive.read(info).decode("utf-8", errors="replace")
                if replace(xml) != xml:
                    left.append(info.filename)
    return left
