"""Every letter's QR code is read by a common decoder (zbar) from the page rendered at 150 dpi,
as from a scan, and points to the letter's verification URL, printed on one line under it."""

import shutil
import subprocess

import pytest

from documents.letters import letter_preview, letter_types, render_letter, verify_url

from .conftest import pdf_text

pytestmark = pytest.mark.skipif(
    not (shutil.which("zbarimg") and shutil.which("pdftoppm")),
    reason="zbar-tools and poppler-utils (.ci/run)",
)


def scan(pdf: bytes, tmp_path, dpi: int = 150) -> list[str]:
    src = tmp_path / "letter.pdf"
    src.write_bytes(pdf)
    # A grey page, as a scanner gives it, written uncompressed (PGM): poppler's PNG encoder took
    # 0.35 s of each 0.5 s scan, for the same pixels
    subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", src, tmp_path / "page"],
                   check=True, timeout=60)  # fmt: skip
    out = subprocess.run(
        ["zbarimg", "-q", "--raw", tmp_path / "page.pgm"], capture_output=True, text=True, timeout=60
    )
    return [line for line in out.stdout.splitlines() if line]


@pytest.mark.parametrize("code", [lt.code for lt in letter_types()])
def test_every_letter_qr_decodes_at_150_dpi(code, tmp_path, settings):
    settings.PUBLIC_BASE_URL = "https://padamu.disdik.jogjakota.go.id"  # a long, real-looking host
    letter, secret = letter_preview(code)
    pdf = render_letter(letter, secret=secret)
    url = verify_url(letter.token)
    assert scan(pdf, tmp_path) == [url]
    assert f"alamat berikut: {url}" in pdf_text(pdf)  # the URL whole, on one line (a break adds a space)
