"""Mutasi (SM01-SM05) through the real services: inside one kab/kota, across kab/kota, every
refusal, the effect on the PTK record (home school with history, scope, rombel, other schools) and
what each Dinas sees in its pages."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents.models import Letter
from nuptk import services as svc
from nuptk.models import Submission
from ptk.models import PtkChange, PtkRombel, PtkSchool
from ptk.services import ptk_school_add
from tests.factories import login_as, school
from tests.nuptk.conftest import approve, reject  # noqa: F401 (claim, tick the checklist, decide)

from .conftest import fake_file, make_ptk, scope_of

pytestmark = pytest.mark.django_db

SK = {"sk_number": "800/1432/Kpts/2026", "sk_date": date(2026, 1, 5), "sk_issuer": "Kepala Dinas Pendidikan"}


def _home_ptk(world, sch=None, **fields):
    sch = sch or world.inst["sd"]
    ptk = make_ptk(sch, **fields)
    PtkSchool.objects.create(
        ptk=ptk, school=sch, dinas_id=sch.dinas_id, qa_office_id=sch.qa_office_id, is_home=True
    )
    return ptk


def _draft(world, ptk, to, *, role="sd_op", papers=("sk_penempatan",)):
    op = scope_of(world.roles[role])
    sub = svc.submission_create(scope=op, ptk=ptk, kind="mutasi")
    svc.submission_payload_set(scope=op, pk=sub.pk, data={"to_npsn": to.npsn, "reason": "", **SK})
    for code in papers:
        doc = {"sk_penempatan": "sk_penempatan", "sk_bupati": "sk_bupati_walikota"}[code]
        svc.submission_document_attach(
            scope=op, pk=sub.pk, requirement=code, doc_kind=doc, upload=fake_file(doc)
        )
    return op, Submission.objects.get(pk=sub.pk)


def _codes(sub):
    return sorted(
        Letter.objects.filter(subject_type="request", subject_id=sub.pk).values_list("code", flat=True)
    )


def test_inside_one_kab_kota_the_dinas_completes_it_sm01_sm03(world, django_capture_on_commit_callbacks):
    ptk = _home_ptk(world)
    PtkRombel.objects.create(
        ptk=ptk,
        school=world.inst["sd"],
        school_year="2026/2027",
        semester=1,
        rombel="4A",
        started_on=date(2026, 7, 1),
    )
    op, sub = _draft(world, ptk, world.inst["smp"])
    with django_capture_on_commit_callbacks(execute=True):
        sub = svc.submission_submit(scope=op, pk=sub.pk)
    assert sub.state == "at_dinas" and sub.waiting_at == world.inst["dinas_kota"]
    assert [lv.code for lv in sub.route] == ["dinas"]
    with django_capture_on_commit_callbacks(execute=True):
        sub = approve(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk)
    assert sub.state == "approved"
    assert _codes(sub) == ["SM01", "SM03"]
    ptk.refresh_from_db()
    assert ptk.school == world.inst["smp"] and ptk.dinas == world.inst["dinas_kota"]
    old = PtkSchool.objects.get(ptk=ptk, school=world.inst["sd"])
    assert old.is_home and old.until == date.today()  # the old school keeps the past
    assert PtkSchool.objects.get(ptk=ptk, until__isnull=True, is_home=True).school == world.inst["smp"]
    rombel = PtkRombel.objects.get(ptk=ptk)
    assert rombel.ended_on == date.today() and not ptk.has_rombel
    change = PtkChange.objects.get(ptk=ptk, field="school")
    assert world.inst["sd"].name in change.old and world.inst["smp"].name in change.new
    sm03 = Letter.objects.get(subject_id=sub.pk, code="SM03")
    assert sm03.institution == world.inst["dinas_kota"]
    assert (
        sm03.data["mutation"]["to_school"] == world.inst["smp"].name
        and sm03.data["mutation"]["to_dinas"] == ""
    )


def test_across_kab_kota_sm02_sm04_sm03_sm05(client, world, django_capture_on_commit_callbacks):
    ptk = _home_ptk(world, name="Rina Pindah")
    op, sub = _draft(world, ptk, world.inst["sd_sleman"])
    kota, sleman = scope_of(world.roles["dinas_kota_op"]), scope_of(world.roles["dinas_sleman_op"])
    with django_capture_on_commit_callbacks(execute=True):
        svc.submission_submit(scope=op, pk=sub.pk)
    # the destination Dinas cannot even open it before the old Dinas forwarded it
    with pytest.raises(Submission.DoesNotExist):
        approve(scope=sleman, pk=sub.pk)
    with django_capture_on_commit_callbacks(execute=True):
        sub = approve(scope=kota, pk=sub.pk)
    assert sub.state == "at_dinas" and sub.waiting_at == world.inst["dinas_sleman"]
    assert _codes(sub) == ["SM01", "SM02"]
    sm02 = Letter.objects.get(subject_id=sub.pk, code="SM02")
    assert (
        sm02.institution == world.inst["dinas_kota"]
        and sm02.data["mutation"]["to_dinas"] == "Dinas Pendidikan Sleman"
    )
    # the old Dinas cannot decide any more; the destination Dinas receives it (SM04)
    with pytest.raises(ValidationError, match="tidak \\(lagi\\) menunggu"):
        approve(scope=kota, pk=sub.pk)
    with django_capture_on_commit_callbacks(execute=True):
        svc.submission_claim(scope=sleman, pk=sub.pk)
    assert _codes(sub) == ["SM01", "SM02", "SM04"]
    # before the move the PTK is the old Dinas's
    login_as(client, world.roles["dinas_sleman_op"])
    assert client.get(reverse("ptk:detail", args=[ptk.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        sub = approve(scope=sleman, pk=sub.pk)
    assert sub.state == "approved"
    # SM05 waits for the separate "Arsipkan" (tests/nuptk/test_mutasi_archive.py)
    assert _codes(sub) == ["SM01", "SM02", "SM03", "SM04"]
    with django_capture_on_commit_callbacks(execute=True):
        svc.submission_archive(scope=sleman, pk=sub.pk)
    assert _codes(sub) == ["SM01", "SM02", "SM03", "SM04", "SM05"]
    for code in ("SM03", "SM04", "SM05"):
        assert Letter.objects.get(subject_id=sub.pk, code=code).institution == world.inst["dinas_sleman"]
    sm05 = Letter.objects.get(subject_id=sub.pk, code="SM05")
    assert any(i.startswith("SM02 ") for i in sm05.data["archive_items"])
    # scope follows at once: the new Dinas sees the PTK, the old one no longer does
    ptk.refresh_from_db()
    assert ptk.school == world.inst["sd_sleman"] and ptk.dinas == world.inst["dinas_sleman"]
    page = client.get(reverse("ptk:detail", args=[ptk.pk]))
    assert page.status_code == 200 and "Rina Pindah" in page.text
    # the destination Dinas still opens the case it completed (outside the old school's keys)
    page = client.get(reverse("nuptk:detail", args=[sub.pk]))
    assert page.status_code == 200 and "SM05" in page.text
    assert "Rina Pindah" in client.get(reverse("ptk:list")).text
    login_as(client, world.roles["dinas_kota_op"])
    assert client.get(reverse("ptk:detail", args=[ptk.pk])).status_code == 404
    assert "Rina Pindah" not in client.get(reverse("ptk:list")).text
    # the old school no longer lists the PTK, the new one does
    login_as(client, world.roles["sd_op"])
    assert client.get(reverse("ptk:detail", args=[ptk.pk])).status_code == 404
    login_as(client, world.roles["sd_sleman_op"])
    assert "Rina Pindah" in client.get(reverse("ptk:list")).text


def test_a_move_changes_the_home_school_only(world):
    ptk = _home_ptk(world)
    actor = world.roles["sd_op"].user
    ptk_school_add(ptk=ptk, school=world.inst["sma"], actor=actor, role="operator")
    op, sub = _draft(world, ptk, world.inst["smp"])
    svc.submission_submit(scope=op, pk=sub.pk)
    approve(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk)
    current = dict(PtkSchool.objects.filter(ptk=ptk, until__isnull=True).values_list("school_id", "is_home"))
    assert current == {world.inst["smp"].pk: True, world.inst["sma"].pk: False}


def test_the_new_school_where_the_ptk_teaches_may_prepare_it_naming_itself(world):
    ptk = _home_ptk(world)
    ptk_school_add(ptk=ptk, school=world.inst["smp"], actor=world.roles["sd_op"].user, role="operator")
    op, sub = _draft(world, ptk, world.inst["smp"], role="smp_op")
    assert sub.origin == world.inst["smp"] and sub.school == world.inst["sd"]
    with pytest.raises(ValidationError, match="hanya dapat memilih dirinya sendiri"):
        svc.submission_payload_set(scope=op, pk=sub.pk, data={"to_npsn": world.inst["sma"].npsn, **SK})
    svc.submission_submit(scope=op, pk=sub.pk)
    approve(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk)
    ptk.refresh_from_db()
    assert ptk.school == world.inst["smp"]
    # the former "other school" link ended; one current home link
    assert PtkSchool.objects.filter(ptk=ptk, school=world.inst["smp"], until__isnull=True).count() == 1


def test_a_school_unrelated_to_the_ptk_may_not_prepare_it(world):
    ptk = _home_ptk(world)
    with pytest.raises(ValidationError, match="tidak dapat membuat ajuan"):
        svc.submission_create(scope=scope_of(world.roles["sd_sleman_op"]), ptk=ptk, kind="mutasi")
    with pytest.raises(ValidationError, match="tidak dapat membuat ajuan"):
        svc.submission_create(scope=scope_of(world.roles["lpmp_op"]), ptk=ptk, kind="mutasi")


def test_refusals_bad_destination_and_missing_sk(world):
    ptk = _home_ptk(world)
    op = scope_of(world.roles["sd_op"])
    sub = svc.submission_create(scope=op, ptk=ptk, kind="mutasi")
    with pytest.raises(ValidationError, match="tidak ditemukan"):
        svc.submission_payload_set(scope=op, pk=sub.pk, data={"to_npsn": "99999999", **SK})
    with pytest.raises(ValidationError, match="sama dengan sekolah induk"):
        svc.submission_payload_set(scope=op, pk=sub.pk, data={"to_npsn": world.inst["sd"].npsn, **SK})
    with pytest.raises(ValidationError, match="Isi NPSN sekolah tujuan"):
        svc.submission_submit(scope=op, pk=sub.pk)
    svc.submission_payload_set(scope=op, pk=sub.pk, data={"to_npsn": world.inst["smp"].npsn, **SK})
    with pytest.raises(ValidationError, match="SK penempatan.*Belum dilampirkan"):
        svc.submission_submit(scope=op, pk=sub.pk)
    assert Submission.objects.get(pk=sub.pk).state == "draft"


def test_private_to_public_needs_the_sk_of_the_bupati_or_wali_kota(world):
    swasta = school(
        status="swasta", yayasan="Yayasan Uji", district=world.inst["sd"].district, name="SD Swasta Uji"
    )
    ptk = _home_ptk(world, swasta)
    from accounts.models import Role
    from tests.factories import assign, user

    ra = assign(user("swasta.op"), Role.OPERATOR, swasta)
    world.roles["swasta_op"] = ra
    op, sub = _draft(world, ptk, world.inst["sd"], role="swasta_op")
    with pytest.raises(ValidationError, match="Bupati/Wali Kota"):
        svc.submission_submit(scope=op, pk=sub.pk)
    svc.submission_document_attach(
        scope=op,
        pk=sub.pk,
        requirement="sk_bupati",
        doc_kind="sk_bupati_walikota",
        upload=fake_file("sk_bupati_walikota"),
    )
    assert svc.submission_submit(scope=op, pk=sub.pk).state == "at_dinas"


def test_refused_while_another_request_of_the_ptk_is_open(world):
    ptk = _home_ptk(world)
    op = scope_of(world.roles["sd_op"])
    other = svc.submission_create(scope=op, ptk=ptk, kind="foto")
    _op, sub = _draft(world, ptk, world.inst["smp"])
    with pytest.raises(ValidationError, match=other.code):
        svc.submission_submit(scope=op, pk=sub.pk)
    svc.submission_cancel(scope=op, pk=other.pk)
    svc.submission_submit(scope=op, pk=sub.pk)
    # a request opened after the submit blocks the approval too
    late = svc.submission_create(scope=op, ptk=ptk, kind="foto")
    with pytest.raises(ValidationError, match="masih memiliki ajuan lain"):
        approve(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk)
    ptk.refresh_from_db()
    assert ptk.school == world.inst["sd"] and Submission.objects.get(pk=sub.pk).state == "at_dinas"
    svc.submission_cancel(scope=op, pk=late.pk)
    assert approve(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk).state == "approved"


def test_wrong_dinas_and_wrong_roles_cannot_decide(world):
    ptk = _home_ptk(world)
    op, sub = _draft(world, ptk, world.inst["sd_sleman"])
    svc.submission_submit(scope=op, pk=sub.pk)
    for role in ("dinas_sleman_op", "dinas_bdg_op", "lpmp_op", "smp_op"):
        with pytest.raises((ValidationError, Submission.DoesNotExist)):
            approve(scope=scope_of(world.roles[role]), pk=sub.pk)
    # whoever prepared it never decides it
    with pytest.raises((ValidationError, Submission.DoesNotExist)):
        approve(scope=op, pk=sub.pk)
    assert Submission.objects.get(pk=sub.pk).state == "at_dinas"


def test_the_destination_dinas_may_send_it_back_with_a_note(world):
    ptk = _home_ptk(world)
    op, sub = _draft(world, ptk, world.inst["sd_sleman"])
    svc.submission_submit(scope=op, pk=sub.pk)
    approve(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk)
    sub = reject(
        scope=scope_of(world.roles["dinas_sleman_op"]),
        pk=sub.pk,
        reason="sk_invalid",
        note="SK tidak menyebut sekolah",
    )
    assert sub.state == "rejected"
    ptk.refresh_from_db()
    assert ptk.school == world.inst["sd"]


def test_pages_the_school_fills_the_mutasi_card_and_the_dinas_reads_it(client, world):
    ptk = _home_ptk(world, name="Dewi Halaman")
    sub = svc.submission_create(scope=scope_of(world.roles["sd_op"]), ptk=ptk, kind="mutasi")
    login_as(client, world.roles["sd_op"])
    url = reverse("nuptk:payload", args=[sub.pk])
    page = client.post(
        url, {"to_npsn": "99999999", "sk_number": "1", "sk_date": "2026-01-05", "sk_issuer": "X"}, follow=True
    )
    assert "tidak ditemukan" in page.text
    page = client.post(
        url,
        {
            "to_npsn": world.inst["sd_sleman"].npsn,
            "sk_number": "800/9/2026",
            "sk_date": "2026-01-05",
            "sk_issuer": "Bupati Sleman",
        },
        follow=True,
    )
    assert "Data ajuan disimpan" in page.text and "800/9/2026" in page.text
    assert "antar Dinas" in page.text
    # another school cannot post to it
    login_as(client, world.roles["sd_sleman_op"])
    assert client.post(url, {"to_npsn": world.inst["sd_sleman"].npsn}).status_code == 404
    svc.submission_document_attach(
        scope=scope_of(world.roles["sd_op"]),
        pk=sub.pk,
        requirement="sk_penempatan",
        doc_kind="sk_penempatan",
        upload=fake_file("sk_penempatan"),
    )
    svc.submission_submit(scope=scope_of(world.roles["sd_op"]), pk=sub.pk)
    login_as(client, world.roles["dinas_kota_op"])
    client.post(reverse("nuptk:claim", args=[sub.pk]))  # "Saya periksa": the decision forms appear
    page = client.get(reverse("nuptk:detail", args=[sub.pk]))
    # the old Dinas forwards it to the destination Dinas (not the last level)
    assert "800/9/2026" in page.text and "Setujui dan teruskan" in page.text
