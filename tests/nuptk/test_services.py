"""The engine through its services: every kind's route, rejection and resubmit, tolak SK, four eyes,
claims, no skipped level, effects applied once."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.utils import IntegrityError
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from accounts.models import Notification
from nuptk import kinds
from nuptk import services as svc
from nuptk.models import NuptkNumber, Submission, SubmissionLog
from ptk.models import NuptkStatus

from .conftest import approve, attach_all, make_ptk, reject, scope_of

pytestmark = pytest.mark.django_db

OFFICE_OF = {"dinas": "dinas_kota", "qa": "lpmp", "pdspk": "pdspk"}


def new_request(world, kind="penerbitan", school="sd", ptk=None, payload=None, **ptk_fields):
    sch = world.inst[school]
    ptk = ptk or make_ptk(sch, **ptk_fields)
    op = scope_of(world.roles[f"{school}_op"])
    sub = svc.submission_create(scope=op, ptk=ptk, kind=kind, payload=payload)
    attach_all(op, sub)
    return op, sub


def walk(world, sub, offices, *, reviewers=None):
    """Approve at every level; ``offices`` names the acting institution of each level."""
    reviewers = reviewers or {}
    for key in offices:
        role = reviewers.get(key) or world.roles[f"{key}_op"]
        sub = approve(scope=scope_of(role), pk=sub.pk)
    return sub


@pytest.mark.parametrize(
    "kind,school,offices,ptk_fields,payload",
    [
        ("penerbitan", "sd", ["dinas_kota", "lpmp", "pdspk"], {}, None),
        ("penerbitan", "sma", ["dinas_prov", "lpmp", "pdspk"], {}, None),
        ("penerbitan", "siln", ["atdikbud", "bpkln", "pdspk"], {}, None),
        ("penerbitan", "kb", ["dinas_kota", "bppaud", "pdspk"], {"employment_status": 4}, None),
        ("penonaktifan", "sd", ["dinas_kota", "lpmp", "pdspk"], {"nuptk": "1234567890123456", "nuptk_status": "permanen_aktif"}, None),
        ("penonaktifan", "siln", ["atdikbud", "bpkln", "pdspk"], {"nuptk": "1234567890123457", "nuptk_status": "permanen_aktif"}, None),
        ("reaktivasi", "kb", ["dinas_kota", "bppaud", "pdspk"], {"nuptk": "1234567890123458", "nuptk_status": "nonaktif"}, None),
        ("klaim", "sd", ["pdspk"], {}, {"claimed_nuptk": "5555666677778888"}),
        ("verval_arsip", "sd", ["pdspk"], {}, None),
        ("data_master", "sd", ["dinas_kota"], {}, {"changes": [{"field": "mother_name", "old": "Ibu Siti", "new": "Siti Aminah"}]}),
        ("foto", "siln", ["atdikbud"], {}, None),
    ],
)
def test_every_kind_walks_its_route(world, kind, school, offices, ptk_fields, payload, django_capture_on_commit_callbacks):
    op, sub = new_request(world, kind, school, payload=payload, **ptk_fields)
    sub = svc.submission_submit(scope=op, pk=sub.pk)
    levels = [lv.state for lv in kinds.get(kind).route]
    for i, key in enumerate(offices):
        assert sub.state == levels[i]
        assert sub.waiting_at == world.inst[key]
        sub = approve(scope=scope_of(world.roles[f"{key}_op"]), pk=sub.pk)
    assert sub.state == "approved"
    ptk = sub.ptk
    ptk.refresh_from_db()
    if kind == "penerbitan":
        assert len(ptk.nuptk) == 16 and ptk.nuptk == sub.result_nuptk
        assert ptk.nuptk_status == NuptkStatus.PERMANEN_AKTIF
        assert NuptkNumber.objects.filter(number=ptk.nuptk, ptk=ptk).exists()
        assert Notification.objects.filter(user=world.roles[f"{school}_op"].user, title__contains=ptk.nuptk).exists()
    elif kind == "penonaktifan":
        assert ptk.nuptk_status == NuptkStatus.NONAKTIF
    elif kind == "reaktivasi":
        assert ptk.nuptk_status == NuptkStatus.PERMANEN_AKTIF
    elif kind == "klaim":
        assert ptk.nuptk == "5555666677778888"
    elif kind == "data_master":
        assert ptk.mother_name == "Siti Aminah"
    actions = list(SubmissionLog.objects.filter(submission=sub).values_list("action", flat=True))
    assert actions[:2] == ["create", "submit"] and actions[-1] == "approve"
    assert actions.count("forward") == len(offices) - 1


def test_reject_returns_to_school_and_resubmit_starts_over(world):
    op, sub = new_request(world)
    svc.submission_submit(scope=op, pk=sub.pk)
    approve(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk)
    sub = reject(
        scope=scope_of(world.roles["lpmp_op"]), pk=sub.pk, reason="unreadable",
        note="Ijazah SMA buram; unggah scan berwarna yang terbaca.", item="ijazah_sma",
    )
    assert sub.state == "rejected" and sub.waiting_at == world.inst["sd"]
    assert sub.reject_item == "ijazah_sma"
    assert Notification.objects.filter(user=world.roles["sd_op"].user, body__contains="buram").exists()
    # the school fixes the faulty paper and submits again: back to the Dinas, not to LPMP
    svc.submission_document_attach(scope=op, pk=sub.pk, requirement="ijazah_sma", doc_kind="ijazah_sma",
                                   upload=__import__("tests.nuptk.conftest", fromlist=["fake_file"]).fake_file("ijazah_sma"))
    sub = svc.submission_submit(scope=op, pk=sub.pk)
    assert sub.state == "at_dinas" and sub.rounds == 2 and sub.reject_note == ""


def test_reject_needs_a_note_and_reason(world):
    op, sub = new_request(world)
    svc.submission_submit(scope=op, pk=sub.pk)
    dinas = scope_of(world.roles["dinas_kota_op"])
    with pytest.raises(ValidationError, match="Catatan penolakan wajib"):
        reject(scope=dinas, pk=sub.pk, reason="other", note="  ")
    with pytest.raises(ValidationError, match="alasan"):
        reject(scope=dinas, pk=sub.pk, reason="", note="x")
    assert Submission.objects.get(pk=sub.pk).state == "at_dinas"


def test_tolak_sk_goes_straight_back_to_pdspk(world):
    op, sub = new_request(world)
    svc.submission_submit(scope=op, pk=sub.pk)
    walk(world, sub, ["dinas_kota", "lpmp"])
    pdspk = scope_of(world.roles["pdspk_op"])
    # only PDSPK, and only SK papers may be replaced
    sub = reject(scope=pdspk, pk=sub.pk, reason="sk_invalid", note="SK 2019 sudah kedaluwarsa; unggah SK terbaru.", item="sk_pengangkatan", sk_only=True)
    assert sub.state == "sk_rejected"
    from .conftest import fake_file

    with pytest.raises(ValidationError, match="hanya SK"):
        svc.submission_document_attach(scope=op, pk=sub.pk, requirement="ktp", doc_kind="ktp", upload=fake_file("ktp"))
    with pytest.raises(ValidationError):
        svc.submission_submit(scope=op, pk=sub.pk)
    svc.submission_document_attach(scope=op, pk=sub.pk, requirement="sk_pengangkatan", doc_kind="sk_pengangkatan",
                                   upload=fake_file("sk_pengangkatan"), issued_on=timezone.localdate())
    sub = svc.submission_resubmit_sk(scope=op, pk=sub.pk)
    assert sub.state == "at_pdspk" and sub.waiting_at == world.inst["pdspk"]
    sub = approve(scope=pdspk, pk=sub.pk)
    assert sub.state == "approved" and sub.result_nuptk


def test_tolak_sk_is_only_for_pdspk(world):
    op, sub = new_request(world)
    svc.submission_submit(scope=op, pk=sub.pk)
    with pytest.raises(ValidationError, match="Tolak SK"):
        reject(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk, reason="sk_invalid", note="x", sk_only=True)


def test_four_eyes_submitter_cannot_decide(world):
    """A Dinas operator acting for a school (delegation) submits; in the Dinas role they may not decide."""
    from accounts.scope import ActiveRole, Scope

    dinas_role = world.roles["dinas_kota_op"]
    acting = Scope(dinas_role.user, ActiveRole(dinas_role, on_behalf_of=world.inst["sd"]))
    ptk = make_ptk(world.inst["sd"])
    sub = svc.submission_create(scope=acting, ptk=ptk, kind="penerbitan")
    attach_all(acting, sub)
    svc.submission_submit(scope=acting, pk=sub.pk)
    with pytest.raises(ValidationError, match="sendiri"):
        approve(scope=scope_of(dinas_role), pk=sub.pk)
    with pytest.raises(ValidationError, match="sendiri"):
        reject(scope=scope_of(dinas_role), pk=sub.pk, reason="other", note="x")
    assert Submission.objects.get(pk=sub.pk).state == "at_dinas"


def test_claim_conflict_and_release(world, dinas_op2):
    op, sub = new_request(world)
    svc.submission_submit(scope=op, pk=sub.pk)
    a, b = scope_of(world.roles["dinas_kota_op"]), scope_of(dinas_op2)
    svc.submission_claim(scope=a, pk=sub.pk)
    with pytest.raises(ValidationError, match="sedang diperiksa"):
        svc.submission_claim(scope=b, pk=sub.pk)
    with pytest.raises(ValidationError, match="sedang diperiksa"):
        approve(scope=b, pk=sub.pk)
    with pytest.raises(ValidationError, match="Hanya pemeriksa"):
        svc.submission_release(scope=b, pk=sub.pk)
    svc.submission_release(scope=a, pk=sub.pk)
    sub = approve(scope=b, pk=sub.pk)
    assert sub.state == "at_qa"


def test_stale_claim_expires(world, dinas_op2):
    op, sub = new_request(world)
    svc.submission_submit(scope=op, pk=sub.pk)
    svc.submission_claim(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk)
    Submission.objects.filter(pk=sub.pk).update(claimed_at=timezone.now() - svc.CLAIM_TTL - timedelta(minutes=1))
    assert approve(scope=scope_of(dinas_op2), pk=sub.pk).state == "at_qa"


def test_no_level_can_be_skipped(world):
    op, sub = new_request(world)
    svc.submission_submit(scope=op, pk=sub.pk)
    for key in ("lpmp", "pdspk"):
        with pytest.raises(ValidationError, match="tidak \\(lagi\\) menunggu"):
            approve(scope=scope_of(world.roles[f"{key}_op"]), pk=sub.pk)
    sub = Submission.objects.get(pk=sub.pk)
    with pytest.raises(TransitionNotAllowed):
        sub.approve(at=timezone.now())  # the model refuses a final approval at the first level
    assert sub.state == "at_dinas"


def test_state_cannot_be_set_behind_the_engine(world):
    op, sub = new_request(world)
    with pytest.raises(AttributeError):
        sub.state = "approved"


def test_submit_refused_until_checks_pass(world):
    sch = world.inst["sd"]
    op = scope_of(world.roles["sd_op"])
    ptk = make_ptk(sch, has_rombel=False)
    sub = svc.submission_create(scope=op, ptk=ptk, kind="penerbitan")
    with pytest.raises(ValidationError, match="rombongan belajar"):
        svc.submission_submit(scope=op, pk=sub.pk)
    assert Submission.objects.get(pk=sub.pk).state == "draft"


def test_one_open_request_per_kind(world):
    op, sub = new_request(world)
    with pytest.raises(ValidationError, match="belum selesai"):
        svc.submission_create(scope=op, ptk=sub.ptk, kind="penerbitan")


def test_other_school_cannot_create_or_touch(world):
    ptk = make_ptk(world.inst["sd"])
    other = scope_of(world.roles["smp_op"])
    with pytest.raises(ValidationError):
        svc.submission_create(scope=other, ptk=ptk, kind="penerbitan")
    op, sub = new_request(world, ptk=make_ptk(world.inst["sd"], name="Budi"))
    with pytest.raises(Submission.DoesNotExist):
        svc.submission_submit(scope=other, pk=sub.pk)


def test_other_dinas_cannot_act(world):
    op, sub = new_request(world)
    svc.submission_submit(scope=op, pk=sub.pk)
    with pytest.raises(Submission.DoesNotExist):
        approve(scope=scope_of(world.roles["dinas_sleman_op"]), pk=sub.pk)


def test_claim_rejected_when_number_held_by_other(world):
    make_ptk(world.inst["sd_sleman"], name="Pemilik", nuptk="5555666677779999", nuptk_status="permanen_aktif")
    op = scope_of(world.roles["sd_op"])
    sub = svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"]), kind="klaim", payload={"claimed_nuptk": "5555666677779999"})
    attach_all(op, sub)
    with pytest.raises(ValidationError, match="milik PTK lain"):
        svc.submission_submit(scope=op, pk=sub.pk)


def test_nuptk_never_reused(world):
    from nuptk.effects import nuptk_allocate

    ptk = make_ptk(world.inst["sd"])
    n = nuptk_allocate(ptk=ptk)
    with pytest.raises(ValidationError):
        nuptk_allocate(ptk=make_ptk(world.inst["sd"], name="B"), number=n)
    with pytest.raises(IntegrityError):
        NuptkNumber.objects.create(number=n, source="issued")


def test_letters_scheduled_on_commit(world, django_capture_on_commit_callbacks):
    op, sub = new_request(world)
    with django_capture_on_commit_callbacks() as cbs:
        svc.submission_submit(scope=op, pk=sub.pk)
    assert len(cbs) == 1  # S06
