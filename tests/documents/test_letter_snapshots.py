"""A text snapshot of every letter code as rendered (pdftotext of the PDF, reading order: a changed
sentence changes its own lines only), reviewed once by
a person and then locked: a change of wording, layout or data shows as a diff here. After an
intended change, regenerate with

    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest -q -n 0 tests/documents/test_letter_snapshots.py

and review the diff of tests/documents/snapshots/ before committing it (docs/letters.md)."""

import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from documents.letters import letter_preview, letter_types, render_letter

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"
WHEN = datetime(2026, 11, 23, 10, 30, tzinfo=ZoneInfo("Asia/Jakarta"))
TOKEN = "contohtokenverifikasi1"

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (.ci/run)")

CASES = [(lt.code, False) for lt in letter_types()] + [(lt.code, True) for lt in letter_types() if lt.form]


def rendered_text(code: str, blank: bool, tmp_path) -> str:
    letter, secret = letter_preview(code, blank=blank)
    letter.token, letter.issued_at = TOKEN, WHEN
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(render_letter(letter, secret=secret, preview=True, blank=blank))
    out = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True, timeout=60)
    return "\n".join(line.rstrip() for line in out.stdout.splitlines()).strip() + "\n"


@pytest.mark.parametrize("code,blank", CASES, ids=[f"{c}{'-kosong' if b else ''}" for c, b in CASES])
def test_letter_text_matches_its_snapshot(code, blank, tmp_path, settings):
    settings.PUBLIC_BASE_URL = "https://padamu.example.id"
    text = rendered_text(code, blank, tmp_path)
    path = SNAPSHOTS / f"{code}{'-kosong' if blank else ''}.txt"
    if UPDATE or not path.exists():
        if not UPDATE and os.environ.get("CI"):
            pytest.fail(f"no snapshot {path.name}: run with UPDATE_SNAPSHOTS=1 and review it")
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{path.name} changed: review, then UPDATE_SNAPSHOTS=1"
