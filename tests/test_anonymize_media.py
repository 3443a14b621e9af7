"""R-PII-2: anonymized copies of images, PDF (text layer and scanned) and DOCX;
R-PII-1: scanned PDFs read by OCR in the guard."""

import io
import shutil
import subprocess
import time
import zipfile

import pytest
from conftest import load_pure_lib
from pii_corpus import FONT, make_pdf

CODE = "38506124638"  # invented, with a valid check digit
LINES = [
    "Sąskaitos klaida sistemoje",
    "Jonas Petraitis, direktorius",
    f"Asmens kodas {CODE}",
    "Tel. +370 612 34567",
]
SECRETS = ("Petraitis", CODE, "612 34567", "34567")
ORDINARY = ("Sąskaitos", "klaida", "sistemoje", "direktorius")


@pytest.fixture(scope="module")
def an():
    return load_pure_lib("stekas_helpdesk", "anonymize")


@pytest.fixture(scope="module")
def ft():
    return load_pure_lib("stekas_helpdesk", "file_text")


def _ocr_ready():
    return load_pure_lib("stekas_helpdesk", "file_text").ocr_available()


needs_ocr = pytest.mark.skipif(
    not _ocr_ready(),
    reason="SKIPPED: tesseract with Lithuanian data ('lit') is NOT INSTALLED: "
    "install tesseract-ocr and tesseract-ocr-lit (scripts/common.sh does)",
)
# OCR on a machine shared by many processes takes seconds per page.
BUDGET_SECONDS = 240


def _budget(an):
    return an.pd.Budget(seconds=BUDGET_SECONDS)


def make_image(lines=LINES, size=(800, 300), image_format="PNG"):
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(FONT, 28)
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((20, 20 + number * 65), line, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, image_format)
    return out.getvalue()


def make_scanned_pdf(lines=LINES):
    """An image-only PDF: a page with no text layer, as a scanner makes."""
    from PIL import Image

    image = Image.open(io.BytesIO(make_image(lines, size=(1240, 600))))
    out = io.BytesIO()
    image.save(out, "PDF", resolution=150)
    return out.getvalue()


def pdftotext(data):
    return subprocess.run(
        [shutil.which("pdftotext"), "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout.decode()


def _ocr_text(ft, data, name):
    extraction = ft.extract(data, name, ft.Limits(child_timeout=120))
    assert not extraction.unreadable, extraction.unreadable
    return "\n".join(p.text for p in extraction.parts)


def _assert_clean(an, data, name):
    report = an.pd.scan_file(data, name, budget=_budget(an))
    assert report.status == an.pd.STATUS_CLEAN or (
        report.status == an.pd.STATUS_SUSPECT
    ), report.to_dict()
    return report


@needs_ocr
def test_png_copy_blacks_out_the_found_words(an, ft):
    from PIL import Image

    data = make_image()
    started = time.monotonic()
    out, name, report = an.anonymize_file(data, "ekranas.png", budget=_budget(an))
    print(f"PNG 800x300 anonymized in {time.monotonic() - started:.1f} s")
    assert name == "ekranas_anonimizuota.png"
    assert sorted(report.kinds("certain")) == ["person", "personal_code", "phone"]
    with Image.open(io.BytesIO(out)) as image:
        assert (image.format, image.size) == ("PNG", (800, 300))
    text = _ocr_text(ft, out, name)
    for secret in SECRETS:
        assert secret not in text
    for word in ORDINARY:
        assert word in text
    _assert_clean(an, out, name)


@needs_ocr
def test_jpeg_copy_stays_a_jpeg_of_the_same_size(an, ft):
    from PIL import Image

    data = make_image(LINES[2:], size=(700, 160), image_format="JPEG")
    out, name, report = an.anonymize_file(data, "foto.jpg", budget=_budget(an))
    assert name == "foto_anonimizuota.jpg"
    assert report.kinds("certain") == ["personal_code", "phone"]
    with Image.open(io.BytesIO(out)) as image:
        assert (image.format, image.size) == ("JPEG", (700, 160))
    text = _ocr_text(ft, out, name)
    assert CODE not in text and "34567" not in text
    assert "Asmens" in text


@needs_ocr
def test_pdf_copy_loses_the_values_from_its_text_layer(an):
    data = make_pdf([*LINES, "Ataskaita pridedama, prašome patikrinti."])
    assert CODE in pdftotext(data)
    started = time.monotonic()
    out, name, report = an.anonymize_file(data, "ataskaita.pdf", budget=_budget(an))
    print(f"PDF page (A4, 150 dpi) anonymized in {time.monotonic() - started:.1f} s")
    assert name == "ataskaita_anonimizuota.pdf"
    assert report.status == an.pd.STATUS_CERTAIN
    text = pdftotext(out)
    for secret in SECRETS:
        assert secret not in text
    for word in (*ORDINARY, "Ataskaita", "patikrinti"):
        assert word in text
    _assert_clean(an, out, name)


@needs_ocr
def test_scanned_pdf_copy_is_redacted_and_searchable(an):
    data = make_scanned_pdf()
    assert not pdftotext(data).strip()
    out, name, report = an.anonymize_file(data, "skenas.pdf", budget=_budget(an))
    assert sorted(report.kinds("certain")) == ["person", "personal_code", "phone"]
    text = pdftotext(out)
    for secret in SECRETS:
        assert secret not in text
    assert "klaida" in text and "direktorius" in text
    _assert_clean(an, out, name)


@needs_ocr
def test_scanned_pdf_gets_a_verdict_in_the_guard(an, ft):
    """Before OCR a PDF without a text layer was only "cannot verify"."""
    started = time.monotonic()
    report = an.pd.scan_file(make_scanned_pdf(), "skenas.pdf", budget=_budget(an))
    print(f"scanned PDF page read by OCR in {time.monotonic() - started:.1f} s")
    assert report.status == an.pd.STATUS_CERTAIN, report.to_dict()
    assert "personal_code" in report.kinds("certain")


def test_scanned_pdf_over_the_page_cap_cannot_be_verified(an, ft):
    from PIL import Image

    pages = [Image.new("L", (50, 50), 255) for _ in range(ft.OCR_MAX_PAGES + 1)]
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:])
    extraction = ft.extract(out.getvalue(), "daug.pdf")
    assert extraction.unreadable == [("daug.pdf", ft.NO_TEXT)]
    with pytest.raises(an.AnonymizeError):
        an.anonymize_file(out.getvalue(), "daug.pdf", budget=_budget(an))


@needs_ocr
def test_scanned_pdf_ocr_keeps_to_the_deadline(an, ft):
    """The OCR of the pages stops at the scan's deadline (over budget, so
    "cannot verify"), whatever the number of pages."""
    limits = ft.Limits(deadline=time.monotonic() - 1)
    with pytest.raises(ft._Unreadable) as stopped:
        ft._ocr_pdf(make_scanned_pdf(), limits)
    assert stopped.value.reason == ft.OVER_BUDGET


def test_image_declaring_a_huge_size_is_refused_before_decoding(an):
    """A small PNG that unpacks to 64 million pixels (a decompression bomb)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (8000, 8000)).save(out, "PNG")
    assert len(out.getvalue()) < 200 * 1024
    with pytest.raises(an.AnonymizeError) as refused:
        an.anonymize_file(out.getvalue(), "bomba.png")
    assert str(refused.value) == "too_big"


# ---------------------------------------------------------------------------
# DOCX

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _wxml(root, body):
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:{root} xmlns:w="{W_NS}">{body}</w:{root}>'
    ).encode()


def _runs(*texts):
    return "".join(
        f'<w:r><w:rPr><w:b w:val="{i % 2}"/></w:rPr>'
        f'<w:t xml:space="preserve">{t}</w:t></w:r>'
        for i, t in enumerate(texts)
    )


def make_docx():
    """The code split over three runs, a phone in the header, the author's
    name in the properties; a picture and styles that must stay as they are."""
    body = (
        f"<w:p>{_runs('Sąskaitos klaida sistemoje.')}</w:p>"
        f"<w:p>{_runs('Darbuotojas Jonas Petraitis, direktorius.')}</w:p>"
        f"<w:p>{_runs('Asmens kodas 385', '0612', '4638 patikrintas.')}</w:p>"
        f"<w:p>{_runs('Pirmas', 'stulpelis')}<w:r><w:tab/></w:r>"
        f"{_runs('antras')}</w:p>"
    )
    members = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
        "word/document.xml": _wxml("document", f"<w:body>{body}</w:body>"),
        "word/header1.xml": _wxml(
            "hdr", f"<w:p>{_runs('Tel. +370 612 ', '34567')}</w:p>"
        ),
        "word/styles.xml": _wxml("styles", ""),
        "word/media/image1.png": make_image(["x"], size=(40, 20)),
        "docProps/core.xml": (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
            b'package/2006/metadata/core-properties" '
            b'xmlns:dc="http://purl.org/dc/elements/1.1/">'
            b"<dc:creator>Jonas Petraitis</dc:creator><dc:title>Klaida</dc:title>"
            b"</cp:coreProperties>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue(), members


def _members(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_docx_values_are_replaced_in_every_part(an, ft):
    data, before = make_docx()
    out, name, report = an.anonymize_file(data, "laiskas.docx")
    assert name == "laiskas_anonimizuota.docx"
    assert report.status == an.pd.STATUS_CERTAIN
    after = _members(out)
    assert list(after) == list(before)
    everything = b"".join(after.values()).decode("utf-8", "replace")
    for secret in ("Petraitis", CODE, "0612", "4638", "34567"):
        assert secret not in everything
    document = ft.docx_xml_text(after["word/document.xml"])
    assert "Asmens kodas [asmens kodas 1] patikrintas." in document
    assert "Darbuotojas [asmuo 1], direktorius." in document
    # The tab between two runs stays where it was.
    assert "Pirmas" + "stulpelis\tantras" in document
    assert "[telefonas 1]" in ft.docx_xml_text(after["word/header1.xml"])
    assert b"<dc:creator>[asmuo 1]</dc:creator>" in after["docProps/core.xml"]
    for untouched in (
        "[Content_Types].xml",
        "word/styles.xml",
        "word/media/image1.png",
    ):
        assert after[untouched] == before[untouched]
    assert an.pd.scan_file(out, name).status == an.pd.STATUS_CLEAN


def test_docx_with_broken_xml_is_refused_as_unreadable(an):
    data, members = make_docx()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, member in members.items():
            if name == "word/document.xml":
                member = member[: len(member) // 2]
            archive.writestr(name, member)
    with pytest.raises(an.AnonymizeError) as refused:
        an.anonymize_file(out.getvalue(), "laiskas.docx")
    assert str(refused.value) == "broken"


def test_can_anonymize_the_new_kinds_only(an):
    data, _members_ = make_docx()
    assert an.can_anonymize(data, "a.docx")
    assert an.can_anonymize(make_pdf(["x"]), "a.pdf")
    assert an.can_anonymize(make_image(["x"], size=(40, 20)), "a.png")
    assert an.can_anonymize(make_image(["x"], (40, 20), "JPEG"), "a.jpg")
    assert not an.can_anonymize(b"GIF89a" + b"\0" * 20, "a.gif")
    assert not an.can_anonymize(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 8, "a.doc"
    )
