"""A02/A03: the home school is wrong or missing; the Dinas enters the request, numbers the form and
(another officer) decides it; the new school can then print the A01 and do verval level 1."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from accounts.services import official_appoint
from documents.letters import letter_pdf
from documents.models import Letter
from nuptk import kinds
from nuptk import services as svc
from ptk.models import Ptk, PtkSchool
from tests.nuptk.conftest import approve, reject  # noqa: F401 (claim, tick the checklist, decide)

from .conftest import attach_all, make_ptk, scope_of

pytestmark = pytest.mark.django_db


def test_a02_moves_the_home_school_after_the_dinas_decides(
    world, dinas_op2, django_capture_on_commit_callbacks
):
    official_appoint(institution=world.inst["smp"], name="Kepala SMP Uji", start=date(2020, 1, 1), actor=None)
    ptk = make_ptk(world.inst["sd"], nuptk="1111222233334444")
    dinas = scope_of(world.roles["dinas_kota_op"])
    # A school cannot start it: the PTK takes A02 to the Dinas.
    with pytest.raises(ValidationError):
        svc.submission_create(scope=scope_of(world.roles["sd_op"]), ptk=ptk, kind="induk_a02")
    sub = svc.submission_create(scope=dinas, ptk=ptk, kind="induk_a02")
    with pytest.raises(ValidationError, match="tidak ditemukan"):
        svc.submission_payload_set(scope=dinas, pk=sub.pk, data={"npsn": "99999999"})
    svc.submission_payload_set(
        scope=dinas, pk=sub.pk, data={"npsn": world.inst["smp"].npsn, "sk_number": "421/12"}
    )
    attach_all(dinas, sub)
    with django_capture_on_commit_callbacks(execute=True):
        svc.submission_submit(scope=dinas, pk=sub.pk)
    a02 = Letter.objects.get(code="A02", subject_id=str(sub.pk))
    assert a02.institution == world.inst["dinas_kota"]  # numbered for the Dinas, which decides
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(letter_pdf(a02))).pages)
    assert world.inst["smp"].name in text and "Kepala SMP Uji" in text and ptk.name in text
    # Four eyes: whoever entered it does not decide; another Dinas officer does.
    with pytest.raises(ValidationError):
        approve(scope=dinas, pk=sub.pk)
    with django_capture_on_commit_callbacks(execute=True):
        approve(scope=scope_of(dinas_op2), pk=sub.pk)
    ptk.refresh_from_db()
    assert ptk.school == world.inst["smp"]
    assert PtkSchool.objects.get(ptk=ptk, is_home=True).school == world.inst["smp"]
    assert not PtkSchool.objects.filter(ptk=ptk, school=world.inst["sd"]).exists()


def test_a02_refuses_a_school_of_another_kabkota_and_the_same_school(world):
    ptk = make_ptk(world.inst["sd"], nuptk="1111222233335555")
    dinas = scope_of(world.roles["dinas_kota_op"])
    sub = svc.submission_create(scope=dinas, ptk=ptk, kind="induk_a02")
    attach_all(dinas, sub)
    svc.submission_payload_set(scope=dinas, pk=sub.pk, data={"npsn": world.inst["sd_sleman"].npsn})
    with pytest.raises(ValidationError, match="mutasi"):
        svc.submission_submit(scope=dinas, pk=sub.pk)
    svc.submission_payload_set(scope=dinas, pk=sub.pk, data={"npsn": world.inst["sd"].npsn})
    with pytest.raises(ValidationError, match="sudah menjadi sekolah induk"):
        svc.submission_submit(scope=dinas, pk=sub.pk)
    # Another Dinas may not start it for this PTK.
    with pytest.raises(ValidationError):
        svc.submission_create(scope=scope_of(world.roles["dinas_sleman_op"]), ptk=ptk, kind="induk_a02")


def test_a03_only_before_verval_level_1_and_prints_a03(world, dinas_op2, django_capture_on_commit_callbacks):
    from django.utils import timezone

    done = make_ptk(world.inst["sd"], level1_at=timezone.now())
    dinas = scope_of(world.roles["dinas_kota_op"])
    sub = svc.submission_create(scope=dinas, ptk=done, kind="induk_a03")
    attach_all(dinas, sub)
    svc.submission_payload_set(scope=dinas, pk=sub.pk, data={"npsn": world.inst["smp"].npsn})
    with pytest.raises(ValidationError, match="gunakan A02"):
        svc.submission_submit(scope=dinas, pk=sub.pk)
    fresh = make_ptk(world.inst["sd"], name="Guru Baru Tanpa Induk")
    sub = svc.submission_create(scope=dinas, ptk=fresh, kind="induk_a03")
    attach_all(dinas, sub)
    svc.submission_payload_set(scope=dinas, pk=sub.pk, data={"npsn": world.inst["smp"].npsn})
    with django_capture_on_commit_callbacks(execute=True):
        svc.submission_submit(scope=dinas, pk=sub.pk)
    assert Letter.objects.get(subject_id=str(sub.pk), code="A03").institution == world.inst["dinas_kota"]
    with django_capture_on_commit_callbacks(execute=True):
        approve(scope=scope_of(dinas_op2), pk=sub.pk)
    assert Ptk.objects.get(pk=fresh.pk).school == world.inst["smp"]


def test_kinds_are_registered_for_the_dinas_only():
    for code in ("induk_a02", "induk_a03"):
        k = kinds.get(code)
        assert k.starters == frozenset({"dinas"}) or "dinas" in {str(t) for t in k.starters}


def test_after_a02_the_new_school_prints_the_a01(
    client, world, dinas_op2, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from tests.factories import login_as

    ptk = make_ptk(world.inst["sd"], nuptk="1111222233336666")
    dinas = scope_of(world.roles["dinas_kota_op"])
    sub = svc.submission_create(scope=dinas, ptk=ptk, kind="induk_a02")
    svc.submission_payload_set(scope=dinas, pk=sub.pk, data={"npsn": world.inst["smp"].npsn})
    attach_all(dinas, sub)
    login_as(client, world.roles["smp_op"])
    assert client.post(reverse("ptk:form_pdf", args=[ptk.pk, "A01"])).status_code == 404  # not yet theirs
    with django_capture_on_commit_callbacks(execute=True):
        svc.submission_submit(scope=dinas, pk=sub.pk)
        approve(scope=scope_of(dinas_op2), pk=sub.pk)
    r = client.post(reverse("ptk:form_pdf", args=[ptk.pk, "A01"]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    login_as(client, world.roles["sd_op"])
    assert client.post(reverse("ptk:form_pdf", args=[ptk.pk, "A01"])).status_code == 404
