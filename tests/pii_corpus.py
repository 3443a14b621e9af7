"""The personal-data detector corpus: text sources from tests/data/pii/ and the
binary files built from them (XLSX, DOCX, PDF, ZIP, PNG, CP1257 text), plus
files that cannot be verified (encrypted PDF, zip bomb, too deep, broken).

Used by tests/test_personal_data_corpus.py and scripts/pii_corpus_report.py.
Binary files are generated here rather than committed.
"""

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "pii"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@dataclass
class Doc:
    filename: str
    data: bytes
    expected: list = field(default_factory=list)  # [(kind, value, level)]
    expected_unreadable: str = ""  # a reason when the file cannot be verified
    needs_ocr: bool = False


def labels():
    return {
        name: [tuple(item) for item in items]
        for name, items in json.loads((DATA / "labels.json").read_text()).items()
    }


def source(name):
    return (DATA / name).read_bytes()


def csv_rows(name):
    text = source(name).decode("utf-8")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def make_xlsx(rows, number_columns=()):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Darbuotojai"
    for index, row in enumerate(rows):
        sheet.append(
            [
                int(cell)
                if index and col in number_columns and cell.isdigit()
                else cell
                for col, cell in enumerate(row)
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w_paragraphs(lines):
    def esc(text):
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    return "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{esc(line)}</w:t></w:r></w:p>'
        for line in lines
    )


def _w_part(tag, lines, open_inner="", close_inner=""):
    paragraphs = _w_paragraphs(lines)
    return f'<w:{tag} xmlns:w="{_W_NS}">{open_inner}{paragraphs}{close_inner}</w:{tag}>'


def make_docx(body, header=(), footer=(), comments=(), footnotes=()):
    """A minimal DOCX with the given lines in its body, header, footer,
    comments and footnotes parts."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ),
        "word/document.xml": _w_part("document", body, "<w:body>", "</w:body>"),
        "word/header1.xml": _w_part("hdr", header),
        "word/footer1.xml": _w_part("ftr", footer),
        "word/comments.xml": _w_part(
            "comments", comments, '<w:comment w:id="0">', "</w:comment>"
        ),
        "word/footnotes.xml": _w_part(
            "footnotes", footnotes, '<w:footnote w:id="1">', "</w:footnote>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return out.getvalue()


def make_pdf(lines, password=None):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    out = io.BytesIO()
    kwargs = {}
    if password:
        from reportlab.lib import pdfencrypt

        kwargs["encrypt"] = pdfencrypt.StandardEncryption(
            password, ownerPassword=password + "-owner", canPrint=0, canCopy=0
        )
    pdf = canvas.Canvas(out, pagesize=A4, **kwargs)
    pdf.setFont("DejaVu", 10)
    y = 800
    for line in lines:
        pdf.drawString(40, y, line)
        y -= 16
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def make_zip(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def make_zip_bomb(size=60 * 1024 * 1024):
    """One entry of zeros that inflates about a thousand times."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("nuliai.txt", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(size // len(block)):
                member.write(block)
    return out.getvalue()


def make_encrypted_member_zip():
    """A zip whose entry is flagged as encrypted (traditional PKWARE flag)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("slaptas.txt", b"\x00" * 40)
    data = bytearray(out.getvalue())
    # zipfile cannot encrypt: set the "encrypted" flag in both headers.
    data[6] |= 0x1
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 0x1
    return bytes(data)


def make_deep_zip(depth=6):
    data = source("codes.txt")
    for level in range(depth):
        data = make_zip({f"lygis{level}.zip" if level else "codes.txt": data})
    return data


def make_png(lines):
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(FONT, 36)
    image = Image.new("L", (1100, 80 + 60 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((30, 30 + 60 * index), line, font=font, fill=0)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def make_scanned_pdf(png):
    """An image-only PDF (a scanned page): the picture `png` on an A4 page,
    no text layer. Built without a date, so the bytes depend on `png` only."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=1)
    image = ImageReader(io.BytesIO(png))
    width, height = image.getSize()
    scale = (A4[0] - 60) / width
    pdf.drawImage(image, 30, A4[1] - 30 - height * scale, width * scale, height * scale)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def text_lines(name):
    return source(name).decode("utf-8").splitlines()


def build_corpus():
    """All documents of the corpus, with what they should yield."""
    lab = labels()
    docs = [Doc(name, source(name), lab[name]) for name in lab if name != "ocr.txt"]
    rows = csv_rows("employees.csv")
    names = text_lines("names.txt")
    docs += [
        Doc(
            "codes_cp1257.txt",
            source("codes.txt").decode("utf-8").encode("cp1257"),
            lab["codes.txt"],
        ),
        Doc(
            "employees.xlsx", make_xlsx(rows, number_columns=(3,)), lab["employees.csv"]
        ),
        Doc(
            "names.docx",
            make_docx(
                names[4:],
                header=names[:1],
                footer=names[1:2],
                comments=names[2:3],
                footnotes=names[3:4],
            ),
            lab["names.txt"],
        ),
        Doc("phones.pdf", make_pdf(text_lines("phones.txt")), lab["phones.txt"]),
        Doc(
            "bundle.zip",
            make_zip(
                {
                    "codes.txt": source("codes.txt"),
                    "vidinis.zip": make_zip({"emails.txt": source("emails.txt")}),
                }
            ),
            lab["codes.txt"] + lab["emails.txt"],
        ),
        Doc("ocr.png", make_png(text_lines("ocr.txt")), lab["ocr.txt"], needs_ocr=True),
        Doc(
            "encrypted.pdf",
            make_pdf(text_lines("codes.txt"), password="slaptas"),
            expected_unreadable="encrypted",
        ),
        Doc("bomb.zip", make_zip_bomb(), expected_unreadable="zip_bomb"),
        Doc("deep.zip", make_deep_zip(), expected_unreadable="too_deep"),
        Doc(
            "encrypted_member.zip",
            make_encrypted_member_zip(),
            expected_unreadable="encrypted",
        ),
        Doc(
            "broken.docx",
            make_docx(names)[:300],
            expected_unreadable="broken",
        ),
        Doc(
            "old.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
            expected_unreadable="unsupported",
        ),
    ]
    return docs


def score(docs, scan, normalize, kinds):
    """Recall and precision per kind over `docs`.

    `scan(doc)` returns a Report; a detection matches an expected item of the
    same kind and normalised value in the same document. Returns
    {kind: {"expected", "found", "matched", "level_ok", "recall", "precision"}}.
    """
    stats = {
        kind: {"expected": 0, "found": 0, "matched": 0, "level_ok": 0} for kind in kinds
    }
    for doc in docs:
        report = scan(doc)
        expected = [(k, normalize(k, v), lvl) for k, v, lvl in doc.expected]
        for kind, _value, _level in expected:
            stats[kind]["expected"] += 1
        remaining = list(expected)
        for hit in report.hits:
            stats[hit.kind]["found"] += 1
            key = (hit.kind, normalize(hit.kind, hit.value))
            for item in remaining:
                if item[:2] == key:
                    remaining.remove(item)
                    stats[hit.kind]["matched"] += 1
                    if item[2] == hit.level:
                        stats[hit.kind]["level_ok"] += 1
                    break
    for item in stats.values():
        item["recall"] = item["matched"] / item["expected"] if item["expected"] else 1.0
        item["precision"] = item["matched"] / item["found"] if item["found"] else 1.0
        item["level_accuracy"] = (
            item["level_ok"] / item["matched"] if item["matched"] else 1.0
        )
    return stats
