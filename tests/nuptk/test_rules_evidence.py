"""Issue 14: the request rules of seed 003/004 hold on evidence, through the real services; each
rule with its refusal and with the case that must pass."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.scope import ActiveRole, Scope
from nuptk import services as svc
from nuptk.models import Submission

from ..factories import login_as
from .conftest import approve, attach_all, fake_file, make_ptk, pdf_of_size, reject, scope_of

pytestmark = pytest.mark.django_db


def by_code(checks):
    return {c.code: c for c in checks}


def _submitted(world, school="sd", **ptk_fields):
    op = scope_of(world.roles[f"{school}_op"])
    sub = svc.submission_create(scope=op, ptk=make_ptk(world.inst[school], **ptk_fields), kind="penerbitan")
    attach_all(op, sub)
    return op, svc.submission_submit(scope=op, pk=sub.pk)


# --- 2. four eyes -------------------------------------------------------------------------------


def test_four_eyes_who_only_attached_a_paper_through_a_delegation_may_not_decide(client, world, dinas_op2):
    """The school creates and submits; a Dinas operator acting for the school only replaced one
    paper. In the Dinas role that person sees no claim/approve/reject and every POST is refused."""
    dinas_role = world.roles["dinas_kota_op"]
    acting = Scope(dinas_role.user, ActiveRole(dinas_role, on_behalf_of=world.inst["sd"]))
    op = scope_of(world.roles["sd_op"])
    sub = svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"]), kind="penerbitan")
    attach_all(op, sub)
    svc.submission_document_attach(
        scope=acting, pk=sub.pk, requirement="ktp", doc_kind="ktp", upload=fake_file("ktp")
    )
    svc.submission_submit(scope=op, pk=sub.pk)
    dinas = scope_of(dinas_role)
    for call in (
        lambda: svc.submission_claim(scope=dinas, pk=sub.pk),
        lambda: approve(scope=dinas, pk=sub.pk),
        lambda: reject(scope=dinas, pk=sub.pk, reason="other", note="KTP buram; unggah ulang."),
    ):
        with pytest.raises(ValidationError, match="ikut menyiapkan ajuan ini"):
            call()
    login_as(client, dinas_role)
    page = client.get(reverse("nuptk:detail", args=[sub.pk])).text
    assert 'data-testid="four-eyes"' in page
    assert (
        'data-testid="approve"' not in page
        and 'data-testid="reject"' not in page
        and 'data-testid="claim"' not in page
    )
    client.post(reverse("nuptk:approve", args=[sub.pk]))
    assert Submission.objects.get(pk=sub.pk).state == "at_dinas"
    # the case that passes: another Dinas operator, who prepared nothing, decides
    other = scope_of(dinas_op2)
    svc.submission_claim(scope=other, pk=sub.pk)
    assert approve(scope=other, pk=sub.pk).state == "at_qa"


def test_four_eyes_holds_across_rounds(world, dinas_op2):
    """Whoever submitted round 1 may not decide round 2, submitted by a colleague."""
    dinas_role = world.roles["dinas_kota_op"]
    acting = Scope(dinas_role.user, ActiveRole(dinas_role, on_behalf_of=world.inst["sd"]))
    op = scope_of(world.roles["sd_op"])
    sub = svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"]), kind="penerbitan")
    attach_all(op, sub)
    svc.submission_submit(scope=acting, pk=sub.pk)
    reject(scope=scope_of(dinas_op2), pk=sub.pk, reason="unreadable", note="KTP buram; unggah ulang.")
    svc.submission_submit(scope=op, pk=sub.pk)
    with pytest.raises(ValidationError, match="ikut menyiapkan"):
        approve(scope=scope_of(dinas_role), pk=sub.pk)
    assert approve(scope=scope_of(dinas_op2), pk=sub.pk).state == "at_qa"


# --- 3. one size cap for uploads and papers -----------------------------------------------------


def _stored_files() -> int:
    from documents.models import StoredFile

    return StoredFile.objects.count()


def test_every_paper_has_the_cap_of_its_upload_rule():
    from documents.files import RULES, SCAN_MAX_BYTES
    from nuptk.requirements import DOC_KINDS

    for dk in DOC_KINDS.values():
        assert dk.max_bytes == dk.rule.max_bytes
    assert (
        RULES["scan_any"].max_bytes
        == RULES["scan_pdf"].max_bytes
        == RULES["scan_image"].max_bytes
        == SCAN_MAX_BYTES
    )
    assert DOC_KINDS["foto"].max_bytes == 200 * 1024


def test_a_3_mb_scan_is_accepted_everywhere_and_a_6_mb_scan_refused_before_storing(world):
    from ptk.services import ptk_document_add

    op = scope_of(world.roles["sd_op"])
    ptk = make_ptk(world.inst["sd"])
    sub = svc.submission_create(scope=op, ptk=ptk, kind="penerbitan")
    before = _stored_files()
    # the refusals: over the cap, at the request and at the PTK's berkas; a berkas with its dates the
    # wrong way round: nothing stored
    with pytest.raises(ValidationError, match="terlalu besar"):
        svc.submission_document_attach(
            scope=op, pk=sub.pk, requirement="ktp", doc_kind="ktp", upload=pdf_of_size(6)
        )
    with pytest.raises(ValidationError, match="terlalu besar"):
        ptk_document_add(ptk=ptk, kind="ktp", upload=pdf_of_size(6), actor=op.user, role=op.active)
    with pytest.raises(ValidationError):
        ptk_document_add(
            ptk=ptk,
            kind="sk_pengangkatan",
            upload=pdf_of_size(1),
            actor=op.user,
            role=op.active,
            valid_from=date(2020, 1, 2),
            valid_to=date(2020, 1, 1),
        )
    assert _stored_files() == before
    # the cases that pass: a 3 MB scan straight onto the request, and a 3 MB berkas picked for it
    svc.submission_document_attach(scope=op, pk=sub.pk, requirement="ktp", doc_kind="ktp", upload=pdf_of_size(3))
    berkas = ptk_document_add(ptk=ptk, kind="ijazah", upload=pdf_of_size(3), actor=op.user, role=op.active)
    doc = svc.submission_document_attach(
        scope=op, pk=sub.pk, requirement="ijazah_sd", doc_kind="ijazah_sd", ptk_document=berkas
    )
    assert doc.size > 3 * 1024 * 1024 and _stored_files() == before + 2
    checks = by_code(svc.submission_checks(Submission.objects.get(pk=sub.pk)))
    assert checks["doc:ktp"].ok and checks["doc:ijazah_sd"].ok


# --- 4. the request date ------------------------------------------------------------------------


def _at(monkeypatch, y, m, d):
    import datetime as dt

    from django.utils import timezone

    moment = timezone.make_aware(dt.datetime(y, m, d, 9, 0))
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_validity_is_judged_at_the_first_submission_and_kept_after_a_rejection(world, monkeypatch):
    op = scope_of(world.roles["sd_op"])
    sk = {"valid_from": date(2018, 7, 1), "valid_to": date(2019, 6, 30)}
    sub = svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"]), kind="penerbitan")
    attach_all(op, sub, **sk)
    _at(monkeypatch, 2019, 6, 20)
    svc.submission_submit(scope=op, pk=sub.pk)
    _at(monkeypatch, 2019, 6, 25)
    reject(
        scope=scope_of(world.roles["dinas_kota_op"]),
        pk=sub.pk,
        reason="unreadable",
        note="Ijazah SMA buram; unggah scan yang terbaca.",
        item="ijazah_sma",
    )
    svc.submission_document_attach(
        scope=op, pk=sub.pk, requirement="ijazah_sma", doc_kind="ijazah_sma", upload=fake_file("ijazah_sma")
    )
    _at(monkeypatch, 2019, 7, 10)  # the SK has ended by now: the request still counts from 20 June
    sub = svc.submission_submit(scope=op, pk=sub.pk)
    assert sub.state == "at_dinas" and sub.rounds == 2 and sub.request_date == date(2019, 6, 20)
    assert {c["code"]: c["ok"] for c in sub.checks}["sk_valid:sk_pengangkatan"]
    # the refusal: a request first submitted on 10 July with the same SK
    other = svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"], name="Baru"), kind="penerbitan")
    attach_all(op, other, **sk)
    with pytest.raises(ValidationError, match="tidak berlaku pada tanggal pengajuan 10-07-2019"):
        svc.submission_submit(scope=op, pk=other.pk)


# --- 5. SK validity -----------------------------------------------------------------------------


def _sk_draft(world, **sk):
    op = scope_of(world.roles["sd_op"])
    ptk = make_ptk(world.inst["sd"])
    sub = svc.submission_create(scope=op, ptk=ptk, kind="penerbitan")
    attach_all(op, sub)
    svc.submission_document_attach(
        scope=op,
        pk=sub.pk,
        requirement="sk_pengangkatan",
        doc_kind="sk_pengangkatan",
        upload=fake_file("sk_pengangkatan"),
        **sk,
    )
    return op, ptk, sub


def _sk_check(sub, on=date(2024, 1, 15)):
    return by_code(svc.submission_checks(Submission.objects.get(pk=sub.pk), on=on))[
        "sk_valid:sk_pengangkatan"
    ]


def test_an_sk_without_any_date_cannot_pass(world):
    op, _ptk, sub = _sk_draft(world, number="800/1/2020")
    c = _sk_check(sub)
    assert not c.ok and "belum memuat tanggal" in c.reason and "tahun anggaran" in c.reason
    with pytest.raises(ValidationError, match="belum memuat tanggal"):
        svc.submission_submit(scope=op, pk=sub.pk)


@pytest.mark.parametrize(
    "sk,on,ok",
    [
        ({"issued_on": date(2020, 3, 1)}, date(2024, 1, 15), True),  # no end date: valid on
        ({"budget_year": 2023}, date(2023, 11, 1), True),
        ({"budget_year": 2023}, date(2024, 1, 15), False),  # the budget year ended
        ({"school_year": 2023}, date(2024, 6, 1), True),
        ({"school_year": 2023}, date(2024, 7, 1), False),  # the school year ended
    ],
)
def test_an_sk_is_judged_by_its_own_wording(world, sk, on, ok):
    _op, _ptk, sub = _sk_draft(world, **sk)
    c = _sk_check(sub, on)
    assert c.ok is ok, c.reason
    if not ok:
        assert "tidak berlaku pada tanggal pengajuan" in c.reason


def test_an_open_ended_sk_holds_until_a_newer_sk_by_its_date_not_its_upload(world):
    from ptk.services import ptk_document_add

    from .conftest import pdf_upload

    # the newer SK (2022) was uploaded to the PTK's berkas first; the request carries the 2019 one
    op, ptk, sub = _sk_draft(world, number="800/9/2019", issued_on=date(2019, 8, 1))
    assert _sk_check(sub).ok
    ptk_document_add(
        ptk=ptk,
        kind="sk_pengangkatan",
        upload=pdf_upload(),
        actor=op.user,
        role=op.active,
        number="800/5/2022",
        date=date(2022, 2, 1),
    )
    c = _sk_check(sub)
    assert not c.ok and "digantikan SK 800/5/2022 tanggal 01-02-2022" in c.reason
    assert _sk_check(sub, on=date(2021, 12, 1)).ok  # before the newer SK it still held
    # an older SK uploaded later does not unseat the request's SK
    svc.submission_document_attach(
        scope=op,
        pk=sub.pk,
        requirement="sk_pengangkatan",
        doc_kind="sk_pengangkatan",
        upload=fake_file("sk_pengangkatan"),
        number="800/5/2022",
        issued_on=date(2022, 2, 1),
    )
    ptk_document_add(
        ptk=ptk,
        kind="sk_pengangkatan",
        upload=pdf_upload(),
        actor=op.user,
        role=op.active,
        number="800/1/2015",
        date=date(2015, 1, 5),
    )
    assert _sk_check(sub).ok


# --- 6. the SK pengangkatan names the school ----------------------------------------------------


def _pns_draft(world, names_school):
    op = scope_of(world.roles["sd_op"])
    sub = svc.submission_create(
        scope=op, ptk=make_ptk(world.inst["sd"], employment_status=1), kind="penerbitan"
    )
    assert sub.category == "pns"
    attach_all(op, sub)
    svc.submission_document_remove(
        scope=op, pk=sub.pk, doc_id=sub.documents.get(requirement="sk_penugasan_dinas", is_current=True).pk
    )
    svc.submission_document_attach(
        scope=op,
        pk=sub.pk,
        requirement="sk_cpns_pns",
        doc_kind="sk_cpns_pns",
        upload=fake_file("sk_cpns_pns"),
        issued_on=date(2020, 1, 2),
        names_school=names_school,
    )
    return op, sub


@pytest.mark.parametrize("names_school", [None, False])
def test_an_sk_cpns_pns_not_naming_the_school_needs_the_dinas_sk_penugasan(world, names_school):
    op, sub = _pns_draft(world, names_school)
    c = by_code(svc.submission_checks(Submission.objects.get(pk=sub.pk)))["doc:sk_penugasan_dinas"]
    assert not c.ok and "menyebut sekolah PTK; lampirkan SK penugasan dari Dinas Pendidikan" in c.reason
    with pytest.raises(ValidationError, match="lampirkan SK penugasan dari Dinas"):
        svc.submission_submit(scope=op, pk=sub.pk)
    # the case that passes: the Dinas SK penugasan attached
    svc.submission_document_attach(
        scope=op,
        pk=sub.pk,
        requirement="sk_penugasan_dinas",
        doc_kind="sk_penugasan_dinas",
        upload=fake_file("sk_penugasan_dinas"),
    )
    assert svc.submission_submit(scope=op, pk=sub.pk).state == "at_dinas"


def test_an_sk_cpns_pns_naming_the_school_is_enough_said_on_the_page(client, world):
    op, sub = _pns_draft(world, None)
    login_as(client, world.roles["sd_op"])
    client.post(
        reverse("nuptk:attach", args=[sub.pk]),
        {
            "requirement": "sk_cpns_pns",
            "r-sk_cpns_pns-doc_kind": "sk_cpns_pns",
            "r-sk_cpns_pns-upload": fake_file("sk_cpns_pns"),
            "r-sk_cpns_pns-issued_on": "2020-01-02",
            "r-sk_cpns_pns-names_school": "1",
        },
    )
    doc = sub.documents.get(requirement="sk_cpns_pns", is_current=True)
    assert doc.names_school is True
    page = client.get(reverse("nuptk:detail", args=[sub.pk])).text
    assert "menyebut sekolah (menurut sekolah)" in page
    assert "doc:sk_penugasan_dinas" not in {
        c.code for c in svc.submission_checks(Submission.objects.get(pk=sub.pk)) if not c.ok
    }
    assert svc.submission_submit(scope=op, pk=sub.pk).state == "at_dinas"


# --- 7. education staff and educators -----------------------------------------------------------


def _staff_draft(world, **ptk_fields):
    op = scope_of(world.roles["sd_op"])
    sub = svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"], **ptk_fields), kind="penerbitan")
    attach_all(op, sub)
    return op, Submission.objects.get(pk=sub.pk)


def test_pns_education_staff_are_never_asked_for_a_rombel_nor_d4_s1(world):
    op, sub = _staff_draft(world, employment_status=1, ptk_type=11, qualification="SMA", has_rombel=False)
    assert sub.category == "pns"  # the papers follow the employment: SK CPNS/PNS
    checks = by_code(svc.submission_checks(sub))
    assert checks["dapodik"].ok and "rombel" not in str(checks["dapodik"].label)
    assert checks["qualification"].ok and "tenaga kependidikan" in str(checks["qualification"].label)
    assert svc.submission_submit(scope=op, pk=sub.pk).state == "at_dinas"


def test_education_staff_follow_their_own_qualification_rule(world):
    op, sub = _staff_draft(world, employment_status=1, ptk_type=11, qualification="SMP", has_rombel=False)
    c = by_code(svc.submission_checks(sub))["qualification"]
    assert not c.ok and "tenaga kependidikan ini minimal SMA" in c.reason
    with pytest.raises(ValidationError, match="minimal SMA"):
        svc.submission_submit(scope=op, pk=sub.pk)


@pytest.mark.parametrize(
    "ptk_type,employment,educator",
    [
        (11, 8, False),  # the type says staff, whatever the employment says
        (4, 9, True),  # the type says educator: a rombel and D-IV/S1 are due
        (None, 9, False),  # no type: the employment (Tenaga Honor Sekolah) decides
        (None, 8, True),
    ],
)
def test_the_ptk_type_decides_first_the_employment_second(world, ptk_type, employment, educator):
    _op, sub = _staff_draft(
        world, employment_status=employment, ptk_type=ptk_type, qualification="SMA", has_rombel=False
    )
    checks = by_code(svc.submission_checks(sub))
    assert checks["dapodik"].ok is not educator
    assert checks["qualification"].ok is not educator
    if educator:
        assert "rombongan belajar" in checks["dapodik"].reason and "D-IV/S1" in checks["qualification"].reason


# --- 8. yayasan appointees: papers, same yayasan, service since the appointment ----------------


def _yayasan_draft(world, appointed=date(2020, 1, 2)):
    op = scope_of(world.roles["kb_op"])
    sub = svc.submission_create(
        scope=op, ptk=make_ptk(world.inst["kb"], employment_status=4), kind="penerbitan"
    )
    assert sub.category == "non_pns_swasta_yayasan"
    attach_all(op, sub, valid_from=appointed)
    return op, sub


def test_two_years_of_sk_penugasan_from_papers_in_the_same_yayasan(world):
    from nuptk.requirements import required_assignment_years
    from ptk.models import PtkTeaching

    op, sub = _yayasan_draft(world)
    checks = by_code(svc.submission_checks(Submission.objects.get(pk=sub.pk)))
    assert checks["sk_penugasan_2y"].ok and checks["service_2y"].ok
    middle = required_assignment_years(date.today())[1]
    # a typed history row is no evidence: the paper of the middle year is what counts
    doc = sub.documents.get(requirement="sk_penugasan", school_year=middle, is_current=True)
    svc.submission_document_remove(scope=op, pk=sub.pk, doc_id=doc.pk)
    PtkTeaching.objects.create(
        ptk=sub.ptk,
        school=world.inst["kb"],
        school_year=f"{middle}/{middle + 1}",
        sk_number="1/2",
        subject="Guru kelas",
        hours=24,
    )
    c = by_code(svc.submission_checks(Submission.objects.get(pk=sub.pk)))["sk_penugasan_2y"]
    assert not c.ok and f"{middle}/{middle + 1} belum ada" in c.reason
    # a paper from another yayasan does not continue the service
    svc.submission_document_attach(
        scope=op,
        pk=sub.pk,
        requirement="sk_penugasan",
        doc_kind="sk_penugasan",
        upload=fake_file("sk_penugasan"),
        school_year=middle,
        issuer="Yayasan Lain",
    )
    c = by_code(svc.submission_checks(Submission.objects.get(pk=sub.pk)))["sk_penugasan_2y"]
    assert not c.ok and "tidak dari yayasan Yayasan Uji" in c.reason
    with pytest.raises(ValidationError, match="yayasan yang sama"):
        svc.submission_submit(scope=op, pk=sub.pk)
    # the case that passes: the same yayasan, another level (the issuer written differently)
    svc.submission_document_attach(
        scope=op,
        pk=sub.pk,
        requirement="sk_penugasan",
        doc_kind="sk_penugasan",
        upload=fake_file("sk_penugasan"),
        school_year=middle,
        issuer="yayasan  uji",
    )
    assert svc.submission_submit(scope=op, pk=sub.pk).state == "at_dinas"


def test_service_is_counted_from_the_appointment_date(world):
    recent = date.today().replace(day=1)
    op, sub = _yayasan_draft(world, appointed=recent)
    c = by_code(svc.submission_checks(Submission.objects.get(pk=sub.pk)))["service_2y"]
    assert not c.ok and "belum bertugas 2 tahun" in c.reason
    with pytest.raises(ValidationError, match="belum bertugas 2 tahun"):
        svc.submission_submit(scope=op, pk=sub.pk)


# --- 9. the reviewer's checklist and the claim --------------------------------------------------


def test_a_reviewer_claims_then_ticks_every_item_before_approving(
    client, world, django_capture_on_commit_callbacks
):
    from nuptk.models import SubmissionLog

    from .conftest import APPROVE_POST, FULL_CHECKLIST

    op, sub = _submitted(world)
    dinas = scope_of(world.roles["dinas_kota_op"])
    with pytest.raises(ValidationError, match="Saya periksa"):
        svc.submission_approve(scope=dinas, pk=sub.pk, checklist=FULL_CHECKLIST)
    with pytest.raises(ValidationError, match="Saya periksa"):
        svc.submission_reject(scope=dinas, pk=sub.pk, reason="other", note="KTP buram; unggah ulang.")
    svc.submission_claim(scope=dinas, pk=sub.pk)
    partial = {**FULL_CHECKLIST, "ktp_warna": False}
    with pytest.raises(ValidationError, match='Centang butir daftar periksa "KTP discan berwarna'):
        svc.submission_approve(scope=dinas, pk=sub.pk, checklist=partial)
    # through the page: the form without ticks is refused, with every tick it forwards
    login_as(client, world.roles["dinas_kota_op"])
    r = client.post(reverse("nuptk:approve", args=[sub.pk]), follow=True)
    assert "Centang butir daftar periksa" in r.text and Submission.objects.get(pk=sub.pk).state == "at_dinas"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("nuptk:approve", args=[sub.pk]), APPROVE_POST)
    assert Submission.objects.get(pk=sub.pk).state == "at_qa"
    saved = SubmissionLog.objects.get(submission=sub, action="forward").checklist
    assert saved["ktp_warna"] is True and all(saved.values())
    assert "foto" not in saved  # only the items this request's papers concern
    page = client.get(reverse("nuptk:detail", args=[sub.pk])).text
    assert 'data-testid="timeline-checklist"' in page and "✓ KTP discan berwarna dari dokumen asli" in page
    # the Dinas cover letter prints the checklist
    from documents.models import Letter

    s10 = Letter.objects.get(subject_type="request", subject_id=str(sub.pk), code="S10")
    assert {c["label"] for c in s10.data["checklist"]} >= {"KTP discan berwarna dari dokumen asli"}


# --- 10. the KTP in colour ----------------------------------------------------------------------


def test_a_grey_ktp_scan_is_flagged_and_a_colour_one_passes(client, world):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from nuptk.colour import pdf_renderer

    from .conftest import colour_pdf_upload

    op = scope_of(world.roles["sd_op"])
    sub = svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"]), kind="penerbitan")
    attach_all(op, sub)
    buf = io.BytesIO()
    Image.new("RGB", (400, 260), (128, 128, 128)).convert("L").save(buf, "JPEG")
    grey_jpg = SimpleUploadedFile("ktp.jpg", buf.getvalue(), content_type="image/jpeg")
    doc = svc.submission_document_attach(
        scope=op, pk=sub.pk, requirement="ktp", doc_kind="ktp", upload=grey_jpg
    )
    assert doc.greyscale is True
    c = by_code(svc.submission_checks(Submission.objects.get(pk=sub.pk)))["colour:ktp"]
    assert not c.ok and "terdeteksi hitam-putih; unggah scan berwarna" in c.reason
    with pytest.raises(ValidationError, match="hitam-putih"):
        svc.submission_submit(scope=op, pk=sub.pk)
    login_as(client, world.roles["sd_op"])
    assert "terdeteksi hitam-putih" in client.get(reverse("nuptk:detail", args=[sub.pk])).text
    # a grey PDF: its first page rendered (poppler's pdftoppm on this machine)
    if pdf_renderer():
        grey_pdf = colour_pdf_upload(colour=(128, 128, 128))
        doc = svc.submission_document_attach(
            scope=op, pk=sub.pk, requirement="ktp", doc_kind="ktp", upload=grey_pdf
        )
        assert doc.greyscale is True
    # the case that passes: a colour scan
    doc = svc.submission_document_attach(
        scope=op, pk=sub.pk, requirement="ktp", doc_kind="ktp", upload=fake_file("ktp")
    )
    assert doc.greyscale is (False if pdf_renderer() else None)
    assert "colour:ktp" not in by_code(svc.submission_checks(Submission.objects.get(pk=sub.pk)))
    assert svc.submission_submit(scope=op, pk=sub.pk).state == "at_dinas"


# --- 11. Dapodik facts: from the import, or declared by the school -----------------------------


def test_the_reviewer_sees_where_the_dapodik_facts_come_from(client, world):
    from django.utils import timezone

    _op, declared = _submitted(world)
    _op, imported = _submitted(world, name="Dari Impor")
    type(imported.ptk).objects.filter(pk=imported.ptk_id).update(
        facts_source="dapodik",
        dapodik_synced_at=timezone.make_aware(__import__("datetime").datetime(2026, 11, 2, 8)),
    )
    imported = Submission.objects.get(pk=imported.pk)
    assert "dinyatakan sekolah" in by_code(svc.submission_checks(declared))["dapodik"].label
    for code in ("dapodik", "qualification"):
        assert "dari impor Dapodik 02-11-2026" in by_code(svc.submission_checks(imported))[code].label
    # what the school saw at the submit is what the reviewer reads
    assert "dinyatakan sekolah" in {c["code"]: c["label"] for c in declared.checks}["dapodik"]
    login_as(client, world.roles["dinas_kota_op"])
    page = client.get(reverse("nuptk:detail", args=[declared.pk])).text
    assert "dinyatakan sekolah (belum dari impor Dapodik)" in page
    page = client.get(reverse("nuptk:detail", args=[imported.pk])).text
    assert "dari impor Dapodik 2 Nov 2026" in page


def test_a_rejection_saves_the_checklist_as_ticked(client, world):
    from nuptk.models import SubmissionLog

    _op, sub = _submitted(world)
    login_as(client, world.roles["dinas_kota_op"])
    client.post(reverse("nuptk:claim", args=[sub.pk]))
    page = client.get(reverse("nuptk:detail", args=[sub.pk])).text
    assert 'data-testid="reject-item-ktp_warna"' in page
    client.post(
        reverse("nuptk:reject", args=[sub.pk]),
        {
            "reason": "unreadable",
            "item": "ktp",
            "note": "KTP hitam-putih; unggah scan berwarna.",
            "cek_terbaca": "on",
        },
    )
    assert Submission.objects.get(pk=sub.pk).state == "rejected"
    saved = SubmissionLog.objects.get(submission=sub, action="reject").checklist
    assert saved["terbaca"] is True and saved["ktp_warna"] is False
    page = client.get(reverse("nuptk:detail", args=[sub.pk])).text
    assert "✗ KTP discan berwarna dari dokumen asli" in page
