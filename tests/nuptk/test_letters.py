"""Receipts printed at the steps of a penerbitan (S06, S09, S10, S11) and a data correction (S12, S13)."""

import pytest

from documents.models import Letter
from nuptk import services as svc

from .conftest import approve, attach_all, make_ptk, scope_of

pytestmark = pytest.mark.django_db


def test_penerbitan_prints_s06_s09_s10_s11(world, django_capture_on_commit_callbacks):
    op = scope_of(world.roles["sd_op"])
    sub = svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"]), kind="penerbitan")
    attach_all(op, sub)
    with django_capture_on_commit_callbacks(execute=True):
        svc.submission_submit(scope=op, pk=sub.pk)
    with django_capture_on_commit_callbacks(execute=True):
        svc.submission_claim(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk)
    with django_capture_on_commit_callbacks(execute=True):
        approve(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk)
    with django_capture_on_commit_callbacks(execute=True):
        approve(scope=scope_of(world.roles["lpmp_op"]), pk=sub.pk)
    with django_capture_on_commit_callbacks(execute=True):
        sub = approve(scope=scope_of(world.roles["pdspk_op"]), pk=sub.pk)
    letters = {lt.code: lt for lt in Letter.objects.filter(subject_type="request", subject_id=str(sub.pk))}
    assert set(letters) == {"S06", "S09", "S10", "S11"}
    assert letters["S06"].institution == world.inst["sd"]
    assert letters["S09"].institution == letters["S10"].institution == world.inst["dinas_kota"]
    assert letters["S11"].institution == world.inst["lpmp"]  # signed for LPMP
    assert letters["S11"].data["request"]["nuptk"] == sub.result_nuptk
    assert letters["S10"].data["items"][0]["code"] == sub.code
    assert letters["S11"].school == world.inst["sd"]


def test_steps_record_their_letters_and_render_each_only_when_opened(
    client, world, django_capture_on_commit_callbacks, monkeypatch
):
    """A reviewer's decision numbers its letters without WeasyPrint work in the request; the school
    then opens each one and gets a PDF with that number (rendered from the snapshot)."""
    from django.urls import reverse

    from documents import letters as letters_mod
    from tests.documents.conftest import pdf_text, squash
    from tests.factories import login_as

    renders = []
    real = letters_mod.html_to_pdf
    monkeypatch.setattr(letters_mod, "html_to_pdf", lambda html: renders.append(1) or real(html))
    op = scope_of(world.roles["sd_op"])
    sub = svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"]), kind="penerbitan")
    attach_all(op, sub)
    with django_capture_on_commit_callbacks(execute=True):
        svc.submission_submit(scope=op, pk=sub.pk)
    for role in ("dinas_kota_op", "lpmp_op", "pdspk_op"):
        with django_capture_on_commit_callbacks(execute=True):
            approve(scope=scope_of(world.roles[role]), pk=sub.pk)
    letters = list(Letter.objects.filter(subject_type="request", subject_id=str(sub.pk)).order_by("pk"))
    assert [lt.code for lt in letters] == ["S06", "S09", "S10", "S11"] and renders == []
    login_as(client, world.roles["sd_op"])
    for letter in letters:
        r = client.get(reverse("documents:letter_pdf", args=[letter.pk]))
        assert r.status_code == 200 and r["Content-Type"] == "application/pdf", letter.code
        assert squash(letter.number) in squash(pdf_text(r.content)), letter.code
    assert len(renders) == len(letters)


def test_data_master_prints_s12_and_s13(world, django_capture_on_commit_callbacks):
    op = scope_of(world.roles["sd_op"])
    payload = {"changes": [{"field": "mother_name", "old": "Ibu Siti", "new": "Siti Aminah"}]}
    sub = svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"]), kind="data_master", payload=payload)
    attach_all(op, sub)
    with django_capture_on_commit_callbacks(execute=True):
        svc.submission_submit(scope=op, pk=sub.pk)
    with django_capture_on_commit_callbacks(execute=True):
        approve(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk)
    codes = sorted(Letter.objects.filter(subject_id=str(sub.pk)).values_list("code", flat=True))
    assert codes == ["S12", "S13"]
