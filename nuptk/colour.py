"""Is a scan in colour? Seed 004: the KTP is scanned in colour from the original. The scan's image
(the first page of a PDF, rendered) is reduced to a thumbnail and its HSV saturation measured: a
grey-scale scan has almost no saturated pixels, a colour KTP (a blue card, a colour photo) has many.

PDF rendering: pypdfium2 when installed, else poppler's ``pdftoppm`` from the system; with neither,
a PDF is not measured (None) and the reviewer's checklist item stays the only check."""

import importlib.util
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

THUMB = (256, 256)
SATURATED = 40  # HSV saturation (0-255) of a pixel that is clearly coloured
COLOUR_SHARE = 0.05  # a colour scan has at least this share of clearly coloured pixels
PDF_TIMEOUT = 15  # seconds for rendering one page


def saturated_share(img: Image.Image) -> float:
    """The share of clearly coloured pixels of an image."""
    img = img.convert("RGB")
    img.thumbnail(THUMB)
    hist = img.convert("HSV").getchannel("S").histogram()
    total = sum(hist) or 1
    return sum(hist[SATURATED:]) / total


def is_greyscale_image(content: bytes) -> bool:
    with Image.open(io.BytesIO(content)) as img:
        return saturated_share(img) < COLOUR_SHARE


def pdf_renderer() -> str:
    """Which PDF renderer is available: "pypdfium2", "pdftoppm" or "" (none)."""
    if importlib.util.find_spec("pypdfium2") is not None:
        return "pypdfium2"
    return "pdftoppm" if shutil.which("pdftoppm") else ""


def render_first_page(content: bytes) -> Image.Image | None:
    """The first page of a PDF as a small image, or None when it cannot be rendered here."""
    renderer = pdf_renderer()
    if renderer == "pypdfium2":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(content)
        try:
            return pdf[0].render(scale=0.5).to_pil()
        finally:
            pdf.close()
    if renderer == "pdftoppm":
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "in.pdf"
            src.write_bytes(content)
            try:
                subprocess.run(  # noqa: S603 - a fixed program, our own temporary paths
                    [
                        shutil.which("pdftoppm"),
                        "-f",
                        "1",
                        "-l",
                        "1",
                        "-r",
                        "40",  # uncompressed PPM (the default): PNG would be encoded only to be decoded
                        "-singlefile",
                        str(src),
                        str(Path(tmp) / "out"),
                    ],
                    check=True,
                    timeout=PDF_TIMEOUT,
                    capture_output=True,
                )
            except (subprocess.SubprocessError, OSError):
                return None
            out = Path(tmp) / "out.ppm"
            if not out.exists():
                return None
            with Image.open(out) as img:
                img.load()
                return img.copy()
    return None


def measure_greyscale(content: bytes, file_type: str) -> bool | None:
    """True: a grey-scale scan; False: in colour; None: could not tell (a PDF with no renderer)."""
    try:
        if file_type in ("jpeg", "png"):
            return is_greyscale_image(content)
        if file_type == "pdf":
            img = render_first_page(content)
            return None if img is None else saturated_share(img) < COLOUR_SHARE
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    return None
