"""PDF rendering with WeasyPrint, in-process. The font configuration and the parsed stylesheet are
built once per process and reused: parsing CSS and scanning fonts dominate the cost of a one-page
letter otherwise."""

import base64
import io
import threading
from functools import lru_cache
from pathlib import Path

from django.template.loader import render_to_string

CSS_PATH = Path(__file__).resolve().parent / "templates" / "documents" / "pdf" / "letter.css"
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@lru_cache(maxsize=1)
def letter_css():
    from weasyprint import CSS

    return CSS(string=CSS_PATH.read_text(encoding="utf-8"), font_config=_font_config())


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    doc = HTML(string=html, base_url=str(CSS_PATH.parent))
    return doc.write_pdf(stylesheets=[letter_css()], font_config=_font_config())


def template_to_pdf(template: str, context: dict) -> bytes:
    return html_to_pdf(render_to_string(template, context))


def qr_png_data_uri(text: str) -> str:
    """A QR code as a 1-bit PNG data URI, one pixel per module (scaled up crisply by the
    stylesheet's image-rendering: pixelated). Far cheaper to lay out than an SVG path."""
    import qrcode

    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=1, box_size=1)
    qr.add_data(text)
    qr.make(fit=True)
    img = qr.make_image(fill_color="black", back_color="white").get_image().convert("1")
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def pdf_to_png(pdf: bytes, *, dpi: int = 60) -> bytes | None:
    """First page as PNG through poppler's pdftoppm, when it is installed (previews only)."""
    import shutil
    import subprocess

    exe = shutil.which("pdftoppm")
    if exe is None:
        return None
    out = subprocess.run(  # noqa: S603 - fixed executable, bytes on stdin
        [exe, "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", "-", "-"],
        input=pdf,
        capture_output=True,
        timeout=30,
        check=False,
    )
    return out.stdout if out.returncode == 0 and out.stdout else None


def html_to_document(html: str):
    """A laid-out WeasyPrint document (pages can be combined with others before writing)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(CSS_PATH.parent)).render(
        stylesheets=[letter_css()], font_config=_font_config()
    )


def documents_to_pdf(docs: list) -> bytes:
    """Write several rendered documents as one PDF (fonts embedded once)."""
    if not docs:
        return b""
    pages = [page for doc in docs for page in doc.pages]
    return docs[0].copy(pages).write_pdf()
