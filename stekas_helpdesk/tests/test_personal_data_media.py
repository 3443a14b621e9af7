# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
import re
import shutil
import subprocess
import zipfile
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from unittest import SkipTest

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from ..lib import file_text, personal_data
from .common import StekasHelpdeskCommon

CODE = "38506124638"  # invented, with a valid check digit
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINES = (
    "Sąskaitos klaida sistemoje",
    "Jonas Petraitis, direktorius",
    f"Asmens kodas {CODE}",
    "Tel. +370 612 34567",
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _image(lines=LINES, size=(800, 300), image_format="PNG"):
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(FONT, 28)
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((20, 20 + number * 65), line, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, image_format)
    return out.getvalue()


def _scanned_pdf(lines=LINES):
    """A page with no text layer, as a scanner makes it."""
    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(_image(lines))).save(out, "PDF", resolution=150)
    return out.getvalue()


def _text_pdf(lines=LINES):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(420, 160))
    pdf.setFont("DejaVu", 14)
    for number, line in enumerate(lines):
        pdf.drawString(20, 130 - number * 28, line)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _docx():
    """The code split over three runs of a paragraph, a phone in the header."""

    def part(root, body):
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:{root} xmlns:w="{W_NS}">{body}</w:{root}>'
        ).encode()

    def runs(*texts):
        return "".join(f"<w:r><w:t>{text}</w:t></w:r>" for text in texts)

    body = (
        f"<w:p>{runs('Sąskaitos klaida sistemoje.')}</w:p>"
        f"<w:p>{runs('Asmens kodas 385', '0612', '4638.')}</w:p>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        archive.writestr(
            "word/document.xml", part("document", f"<w:body>{body}</w:body>")
        )
        archive.writestr(
            "word/header1.xml", part("hdr", f"<w:p>{runs('Tel. +370 612 34567')}</w:p>")
        )
    return out.getvalue()


def _pdftotext(data):
    return subprocess.run(
        [shutil.which("pdftotext"), "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout.decode()


@tagged("post_install", "-at_install")
class TestPersonalDataMediaCopies(StekasHelpdeskCommon, HttpCase):
    """R-PII-1, R-PII-2 for images, PDF and DOCX: scanned PDFs read by OCR in
    the guard, anonymized copies by the consultant and on the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not file_text.ocr_available():
            raise SkipTest(
                "SKIPPED: tesseract with Lithuanian data ('lit') is NOT INSTALLED: "
                "install tesseract-ocr and tesseract-ocr-lit",
            )
        cls.Attachment = cls.env["ir.attachment"]
        # OCR takes seconds per page on a machine shared by many processes: a
        # budget that does not depend on the load (the setting is the
        # administrator's, not the channel's).
        cls.env["ir.config_parameter"].set_param(
            "stekas_helpdesk.pii_budget_seconds", "240"
        )

    def _agreement(self):
        self.client_a.write(
            {
                "stekas_pii_agreement_signed": True,
                "stekas_pii_agreement_valid_until": fields.Date.add(
                    fields.Date.today(), days=30
                ),
            }
        )

    def _mail(self, files):
        message = MIMEMultipart()
        message["From"] = f"{self.contact_a.name} <{self.contact_a.email}>"
        message["To"] = "pagalba@stekas.example"
        message["Subject"] = "Klaida ataskaitoje"
        message["Message-Id"] = f"<media-{len(files)}-{id(files)}@client.example>"
        message.attach(MIMEText("Laba diena, prisegu skenuotą failą.", "plain"))
        for name, data in files:
            attached = MIMEApplication(data)
            attached.add_header("Content-Disposition", "attachment", filename=name)
            message.attach(attached)
        ticket_id = self.env["mail.thread"].message_process(
            "helpdesk.ticket", message.as_string()
        )
        return self.env["helpdesk.ticket"].browse(ticket_id)

    def _audits(self, ticket):
        return (
            self.env["stekas.pii.audit"].sudo().search([("ticket_id", "=", ticket.id)])
        )

    # -- the guard ----------------------------------------------------------

    def test_scanned_pdf_mailed_in_gets_a_verdict(self):
        """A PDF without a text layer is read by OCR: a personal code in it is
        found (it was "cannot verify", quarantined, before)."""
        self._agreement()
        ticket = self._mail(
            [
                ("skenas.pdf", _scanned_pdf()),
                ("kitas.pdf", _scanned_pdf(["Sąskaitos klaida sistemoje"])),
            ]
        )
        audits = self._audits(ticket)
        self.assertEqual(
            {a.status for a in audits}, {personal_data.STATUS_CERTAIN}, audits.read()
        )
        self.assertIn("personal_code", audits.kinds)
        files = self.Attachment.sudo().search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        states = {f.name: f.stekas_pii_state for f in files}
        self.assertEqual(states, {"skenas.pdf": "personal", "kitas.pdf": "clean"})

    # -- the consultant's copy ---------------------------------------------

    def test_consultant_copies_a_ticket_pdf(self):
        self._agreement()
        ticket = self._create_ticket(self.contact_a, user_id=self.consultant.id)
        pdf = self.Attachment.create(
            {
                "name": "ataskaita.pdf",
                "datas": base64.b64encode(_text_pdf()),
                "res_model": "helpdesk.ticket",
                "res_id": ticket.id,
            }
        )
        self.assertEqual(pdf.stekas_pii_state, "personal")
        # A consultant of another ticket may not read the file, nor copy it.
        with self.assertRaises(AccessError):
            pdf.with_user(self.other_consultant).action_stekas_pii_anonymized_copy()
        pdf.with_user(self.consultant).action_stekas_pii_anonymized_copy()
        copy = self.Attachment.with_user(self.consultant).search(
            [
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "=", ticket.id),
                ("name", "=", "ataskaita_anonimizuota.pdf"),
            ]
        )
        self.assertEqual(len(copy), 1)
        self.assertEqual(copy.mimetype, "application/pdf")
        self.assertEqual(copy.stekas_pii_state, "clean")
        text = _pdftotext(copy.raw)
        for secret in (CODE, "Petraitis", "34567"):
            self.assertNotIn(secret, text)
        self.assertIn("klaida", text)

    def test_consultant_cannot_copy_other_formats_or_broken_files(self):
        self._agreement()
        ticket = self._create_ticket(self.contact_a, user_id=self.consultant.id)
        gif, broken = self.Attachment.create(
            [
                {
                    "name": "paveikslas.gif",
                    "raw": b"GIF89a" + b"\0" * 32,
                    "res_model": "helpdesk.ticket",
                    "res_id": ticket.id,
                },
                {
                    "name": "sugadintas.png",
                    "raw": b"\x89PNG\r\n\x1a\n" + b"\0" * 32,
                    "res_model": "helpdesk.ticket",
                    "res_id": ticket.id,
                },
            ]
        )
        for attachment, message in (
            (gif, "only text, CSV, XLSX, DOCX, PDF, PNG and JPEG"),
            (broken, "could not be read"),
        ):
            # Unreadable, but kept restricted under the agreement: the
            # assigned consultant may read it.
            self.assertEqual(attachment.stekas_pii_state, "personal")
            with self.assertRaisesRegex(UserError, message):
                attachment.with_user(
                    self.consultant
                ).action_stekas_pii_anonymized_copy()

    # -- the portal ----------------------------------------------------------

    def _portal_post(self, name, data):
        url = "/my/personal-data/anonymize"
        response = self.url_open(url)
        token = re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)
        return self.url_open(
            url, data={"csrf_token": token}, files={"file": (name, data)}, timeout=300
        )

    def test_portal_anonymizes_png_and_docx_without_storing_them(self):
        from PIL import Image

        self.authenticate(self.portal_a.login, self.portal_a.login)
        before = self.env["ir.attachment"].sudo().search_count([])
        response = self._portal_post("ekranas.png", _image())
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "ekranas_anonimizuota.png", response.headers["Content-Disposition"]
        )
        with Image.open(io.BytesIO(response.content)) as image:
            self.assertEqual((image.format, image.size), ("PNG", (800, 300)))
        report = personal_data.scan_file(
            response.content,
            "ekranas.png",
            budget=personal_data.Budget(seconds=240),
        )
        self.assertNotIn(personal_data.CERTAIN, {h.level for h in report.hits})
        self.assertFalse(report.unreadable)

        response = self._portal_post("laiskas.docx", _docx())
        self.assertIn(
            "laiskas_anonimizuota.docx", response.headers["Content-Disposition"]
        )
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            document = archive.read("word/document.xml").decode()
            header = archive.read("word/header1.xml").decode()
        self.assertIn("[asmens kodas 1]", document)
        self.assertNotIn("0612", document)
        self.assertIn("[telefonas 1]", header)
        self.assertEqual(self.env["ir.attachment"].sudo().search_count([]), before)

    def test_portal_refuses_other_formats_and_malformed_files(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        response = self._portal_post("paveikslas.gif", b"GIF89a" + b"\0" * 32)
        self.assertIn("alert-danger", response.text)
        self.assertIn("DOCX, PDF, PNG and JPEG", response.text)
        broken_docx = _docx().replace(b"PK\x01\x02", b"XX\x01\x02")
        response = self._portal_post("laiskas.docx", broken_docx)
        self.assertIn("alert-danger", response.text)
        response = self._portal_post("tuscias.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 8)
        self.assertIn("alert-danger", response.text)
