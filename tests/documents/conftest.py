import io
import re

import pytest
from pypdf import PdfReader

from accounts.models import InstitutionKind


def pdf_text(pdf: bytes) -> str:
    """All text of a PDF with whitespace collapsed (layout breaks lines anywhere)."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in reader.pages))


def squash(s: str) -> str:
    return re.sub(r"\s+", "", str(s))


def issuer_for(world, lt):
    """A world institution allowed to issue the letter type (a school when possible)."""
    for key, kind in (
        ("sd", InstitutionKind.SEKOLAH),
        ("dinas_kota", InstitutionKind.DINAS_KAB),
        ("lpmp", InstitutionKind.LPMP),
        ("pdspk", InstitutionKind.PDSPK),
    ):
        if kind in lt.issuer_kinds:
            return world.inst[key], world.roles[f"{key}_op"]
    raise AssertionError(f"no issuer for {lt.code}")


def issue_sample(world, code, **over):
    from documents.letters import letter_issue, letter_type

    lt = letter_type(code)
    sample = lt.sample()
    inst, role = issuer_for(world, lt)
    kwargs = {
        "code": code,
        "issuer": role.user,
        "issuer_role": role.role,
        "institution": inst,
        "subject_type": lt.subject_type,
        "subject_id": "1",
        "subject_name": sample["subject_name"],
        "data": sample["data"],
        "school": world.inst["sd"],
        "secret": sample.get("secret"),
    }
    kwargs.update(over)
    return letter_issue(**kwargs)


@pytest.fixture
def superuser(db):
    from accounts.models import User

    return User.objects.create_superuser("akar", "akar@example.org", "rahasia-uji-123")
