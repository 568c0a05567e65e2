"""Small PDFs for the PDF reader's tests, written by the tests themselves (no corpus file).

`statement_pdf(pages)` draws text with reportlab: each page is a list of `Text` items placed
from the top of a US-letter page, drawn left-aligned or right-aligned (as amounts are printed).
`raw_pdf(objects)` writes a PDF by hand from object bodies (for malformed and hostile files).
"""
from __future__ import annotations

import io
from dataclasses import dataclass

PAGE_HEIGHT = 792


def centred(centre: float, y: float, text: str, size: float = 10) -> Text:
    """Text centred on `centre` (as column headings are printed)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return Text(centre - stringWidth(text, "Helvetica", size) / 2, y, text, size=size)


def width(text: str, size: float = 10) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, "Helvetica", size)


@dataclass
class Text:
    x: float
    y: float  # from the top of the page
    text: str
    right: bool = False  # x is the right edge (amounts)
    size: float = 10
    font: str = "Helvetica"


def statement_pdf(pages: list[list[Text]], encrypt_with: str | None = None) -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    encryption = StandardEncryption(encrypt_with, canPrint=1) if encrypt_with else None
    pdf = canvas.Canvas(buffer, pagesize=(612, PAGE_HEIGHT), encrypt=encryption, invariant=1)
    for items in pages:
        for item in items:
            pdf.setFont(item.font, item.size)
            draw = pdf.drawRightString if item.right else pdf.drawString
            draw(item.x, PAGE_HEIGHT - item.y, item.text)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def row(y: float, label: str, *values: str, columns=(400, 470, 540), indent: float = 72) -> list[Text]:
    """A statement row: the label at the left margin, each value right-aligned on a column."""
    items = [Text(indent, y, label)] if label else []
    items += [Text(x, y, value, right=True) for x, value in zip(columns, values) if value]
    return items


def shapes_pdf() -> bytes:
    """A page with a drawing and no text (what a scan without OCR looks like to a reader)."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(612, PAGE_HEIGHT), invariant=1)
    pdf.rect(72, 72, 400, 600, fill=1)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def raw_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF from object bodies (object i+1 is objects[i]) with a correct cross-reference."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, start)
    return out


def pages_pdf(count: int) -> bytes:
    """A PDF of `count` empty pages."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"] * count
    return raw_pdf(objects)
