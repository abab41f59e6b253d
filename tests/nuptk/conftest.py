"""Fixtures of the request tests: PTK rows, papers for every requirement, scopes of roles."""

import functools
import itertools
from datetime import date

import pytest

from accounts.scope import ActiveRole, Scope
from nuptk import services as svc
from nuptk.requirements import DOC_KINDS, required_assignment_years, requirements_for
from ptk.models import Ptk

_nik = itertools.count(3471010101900001)


def scope_of(assignment, on_behalf_of=None) -> Scope:
    return Scope(assignment.user, ActiveRole(assignment, on_behalf_of=on_behalf_of))


def make_ptk(school, **fields) -> Ptk:
    defaults = dict(
        name=fields.pop("name", "Siti Guru"),
        nik=str(next(_nik)),
        birth_place="Yogyakarta",
        birth_date=date(1990, 1, 1),
        sex="P",
        mother_name="Ibu Siti",
        employment_status=8,
        ptk_type=4,
        qualification="S1",
        in_dapodik=True,
        has_rombel=True,
        school=school,
        dinas=school.dinas,
        qa_office=school.qa_office,
    )
    defaults.update(fields)
    return Ptk.objects.create(**defaults)




def fake_file(kind: str):
    """An upload of the right type for the paper kind (a blank PDF or a small JPEG); the service
    checks and stores it."""
    if DOC_KINDS[kind].colour:  # a KTP: a colour scan (a grey one is flagged)
        return colour_pdf_upload(f"{kind}.pdf")
    if "pdf" in DOC_KINDS[kind].types:
        return pdf_upload(f"{kind}.pdf")
    return jpeg_upload(f"{kind}.jpg")


YAYASAN = "Yayasan Uji"


def attach_all(scope, sub, *, on=None, valid_from=date(2020, 1, 1), valid_to=None):
    """Attach a fitting paper for every requirement (three school years of SK penugasan), in one
    go as the documents step of the page does."""
    on = on or date.today()
    papers = []
    for req in requirements_for(sub.kind, sub.category):
        kind = req.accepts[0]
        if DOC_KINDS[kind].per_school_year:
            for y in required_assignment_years(on):
                papers.append({"requirement": req.code, "doc_kind": kind, "upload": fake_file(kind), "school_year": y,
                               "issuer": sub.school.yayasan or YAYASAN})  # fmt: skip
            continue
        extra = {"valid_from": valid_from, "valid_to": valid_to} if DOC_KINDS[kind].has_validity else {}
        papers.append({"requirement": req.code, "doc_kind": kind, "upload": fake_file(kind), **extra})
    if papers:
        svc.submission_documents_attach(scope=scope, pk=sub.pk, papers=papers)


@pytest.fixture
def pdspk_op2(world):
    from accounts.models import Role
    from tests.factories import assign, user

    return assign(user("pdspk.op2"), Role.OPERATOR, world.inst["pdspk"])


@pytest.fixture
def dinas_op2(world):
    from accounts.models import Role
    from tests.factories import assign, user

    return assign(user("dinas_kota.op2"), Role.OPERATOR, world.inst["dinas_kota"])


@functools.cache
def _blank_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


@functools.cache
def _jpeg(size) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (120, 160, 200)).save(buf, "JPEG", quality=80)
    return buf.getvalue()


@functools.cache
def _colour_pdf(colour) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (600, 380), colour).save(buf, "PDF", resolution=72)
    return buf.getvalue()


def colour_pdf_upload(name="ktp.pdf", colour=(60, 110, 190)):
    """A one-page scanned PDF of one colour (grey when the three values are equal)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, _colour_pdf(colour), content_type="application/pdf")


def pdf_upload(name="scan.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, _blank_pdf(), content_type="application/pdf")


@functools.cache
def _pdf_of_size(mb: float) -> bytes:
    import io

    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    w = PdfWriter()
    page = w.add_blank_page(width=595, height=842)
    # the size in the page's content stream, as a comment (a stream is written as it is: a text
    # string of that size took pypdf seconds to encode, character by character)
    content = DecodedStreamObject()
    content.set_data(b"% " + b"x" * int(mb * 1024 * 1024) + b"\n")
    page[NameObject("/Contents")] = w._add_object(content)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def pdf_of_size(mb: float, name="scan.pdf"):
    """A valid one-page PDF of about ``mb`` MB (a large scan)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, _pdf_of_size(mb), content_type="application/pdf")


def jpeg_upload(name="foto.jpg", size=(300, 400)):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, _jpeg(size), content_type="image/jpeg")


# Every item of the reviewer's checklist ticked (the items a request does not concern are ignored).
FULL_CHECKLIST = {i.code: True for i in __import__("nuptk.requirements", fromlist=["x"]).REVIEWER_CHECKS}


def _claimed(scope, pk):
    from nuptk.models import Submission

    if Submission.objects.filter(pk=pk, claimed_by=scope.user).exists():
        return
    svc.submission_claim(scope=scope, pk=pk)


def approve(*, scope, pk, checklist=None, **kw):
    """A reviewer's approval as on the page: take the request, tick the checklist, approve."""
    _claimed(scope, pk)
    return svc.submission_approve(
        scope=scope, pk=pk, checklist=FULL_CHECKLIST if checklist is None else checklist, **kw
    )


def reject(*, scope, pk, **kw):
    """A reviewer's rejection as on the page: take the request, then reject with a note."""
    _claimed(scope, pk)
    return svc.submission_reject(scope=scope, pk=pk, **kw)


# The approve form of the detail page with every checklist item ticked.
APPROVE_POST = {f"setuju-cek_{code}": "on" for code in FULL_CHECKLIST}
