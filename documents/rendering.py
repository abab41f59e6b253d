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
UA_CSS_PATH = CSS_PATH.with_name("letter-ua.css")
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@lru_cache(maxsize=1)
def letter_css():
    from weasyprint import CSS

    return CSS(string=CSS_PATH.read_text(encoding="utf-8"), font_config=_font_config())


@lru_cache(maxsize=1)
def _letter_html():
    """WeasyPrint's HTML with the user-agent stylesheet cut to what letters use (letter-ua.css).
    ``_ua_stylesheets`` is WeasyPrint's own hook for it (also overridden by its tests);
    tests/documents/test_letters.py fails if a new WeasyPrint drops it."""
    from weasyprint import CSS, HTML

    ua = CSS(string=UA_CSS_PATH.read_text(encoding="utf-8"))

    class LetterHTML(HTML):
        def _ua_stylesheets(self, forms=False):
            return [ua]

    return LetterHTML


def html_to_pdf(html: str) -> bytes:
    doc = _letter_html()(string=html, base_url=str(CSS_PATH.parent))
    return doc.write_pdf(stylesheets=[letter_css()], font_config=_font_config())


def template_to_pdf(template: str, context: dict) -> bytes:
    return html_to_pdf(render_to_string(template, context))


QR_MODULE_PT = 1.92  # one module = 4 whole pixels at 150 dpi (and 8 at 300 dpi): scanners read it reliably


def qr_png(text: str) -> tuple[str, int]:
    """A QR code as a 1-bit PNG data URI, one pixel per module, and its width in modules (quiet
    zone included). The template prints it at ``modules * QR_MODULE_PT`` points, scaled crisply by
    the stylesheet's image-rendering: pixelated. The mask pattern is fixed: any mask reads the same,
    and choosing the "best" one costs ~10 ms."""
    import qrcode
    from PIL import Image

    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, mask_pattern=0)
    qr.add_data(text)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    size = len(matrix)
    img = Image.new("1", (size, size))
    img.putdata([0 if cell else 1 for row in matrix for cell in row])
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii"), size


def qr_png_data_uri(text: str) -> str:
    return qr_png(text)[0]


def pdf_to_png(pdf: bytes, *, dpi: int = 60) -> bytes | None:
    """First page as PNG through poppler's pdftoppm, when it is installed (previews only)."""
    import shutil
    import subprocess
    import tempfile

    exe = shutil.which("pdftoppm")
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="padamu-png-") as tmp:
        src, root = Path(tmp) / "in.pdf", Path(tmp) / "out"
        src.write_bytes(pdf)
        out = subprocess.run(  # noqa: S603 - fixed executable, our own temp files
            [exe, "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(src), str(root)],
            capture_output=True,
            timeout=30,
            check=False,
        )
        png = root.with_suffix(".png")
        return png.read_bytes() if out.returncode == 0 and png.exists() else None


def html_to_document(html: str):
    """A laid-out WeasyPrint document (pages can be combined with others before writing)."""
    return _letter_html()(string=html, base_url=str(CSS_PATH.parent)).render(
        stylesheets=[letter_css()], font_config=_font_config()
    )


def documents_to_pdf(docs: list) -> bytes:
    """Write several rendered documents as one PDF (fonts embedded once)."""
    if not docs:
        return b""
    pages = [page for doc in docs for page in doc.pages]
    return docs[0].copy(pages).write_pdf()
