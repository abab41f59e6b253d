"""A request kind is one unit: the registry, a kind added by one module-like object in a test (no
engine change), a level whose institution comes from the request, every flag a kind declares, and a
guard that the engine never branches on a kind or a letter code again."""

import pathlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _l

from accounts import policy
from accounts.policy import Tier
from documents import letters as document_letters
from documents.letters import LetterType
from documents.models import Letter
from nuptk import kinds, levels
from nuptk import services as svc
from nuptk.forms import StartForm
from nuptk.kinds import Kind, LetterStep, Step, signed_for_dinas
from nuptk.models import Submission
from nuptk.requirements import req, same_for_all
from ptk.services import ptk_set_nuptk
from tests.factories import login_as

from .conftest import APPROVE_POST, approve, attach_all, make_ptk, reject, scope_of

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_registry_builds_the_choices_in_order():
    codes = [c for c, _label in kinds.choices()]
    assert codes[:7] == ["penerbitan", "penonaktifan", "reaktivasi", "klaim", "verval_arsip", "data_master", "foto"]
    assert {"induk_a02", "induk_a03", "mutasi", "kepala_sekolah", "pengawas"} <= set(codes)
    assert codes == sorted(codes, key=lambda c: kinds.get(c).order)
    assert Submission._meta.get_field("kind").choices == kinds.choices()
    assert [c for c, _l in StartForm().fields["kind"].choices] == codes


# --- a kind written in a test: one module-like object, nothing else -----------------------------


class FakeKindModule:
    """What a developer writes as nuptk/kinds/uji_coba.py (see docs/contracts.md)."""

    applied: list = []

    @staticmethod
    def effect(sub, *, actor, role):
        FakeKindModule.applied.append(sub.pk)
        return {}

    KIND = Kind(
        code="uji_coba",
        label=_l("Ajuan uji coba"),
        order=999,
        route=(levels.DINAS,),
        requirements=same_for_all((req("ktp", "ktp"),)),
        effect=effect,
        letters=(
            LetterStep("TX01", Step.SUBMIT),
            LetterStep("TX02", Step.APPROVE, signer=signed_for_dinas),
        ),
    )
    LETTERS = (
        LetterType("TX01", "Surat uji: diajukan", policy.SCHOOL_KINDS, "nuptk/pdf/s12.html"),
        LetterType("TX02", "Surat uji: disetujui", policy.DINAS_KINDS, "nuptk/pdf/s13.html"),
    )


@pytest.fixture
def fake_kind(monkeypatch):
    monkeypatch.setitem(kinds._registry, "uji_coba", FakeKindModule.KIND)
    for lt in FakeKindModule.LETTERS:
        monkeypatch.setitem(document_letters._registry, lt.code, lt)
    FakeKindModule.applied.clear()
    return FakeKindModule.KIND


def test_a_kind_added_by_one_module_walks_submit_to_approve_with_its_letters(
    client, world, fake_kind, django_capture_on_commit_callbacks
):
    op = scope_of(world.roles["sd_op"])
    ptk = make_ptk(world.inst["sd"])
    # the school finds the new kind on the start page and creates it there
    login_as(client, world.roles["sd_op"])
    assert "Ajuan uji coba" in client.get(reverse("nuptk:start")).text
    client.post(reverse("nuptk:start"), {"ptk": ptk.pk, "kind": "uji_coba"})
    sub = Submission.objects.get(ptk=ptk, kind="uji_coba")
    attach_all(op, sub)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("nuptk:submit", args=[sub.pk]))
    sub.refresh_from_db()
    assert sub.state == "at_dinas" and sub.waiting_at == world.inst["dinas_kota"]
    # the Dinas sees it in its queue and decides it on the detail page
    login_as(client, world.roles["dinas_kota_op"])
    assert sub.code in client.get(reverse("nuptk:queue")).text
    page = client.get(reverse("nuptk:detail", args=[sub.pk])).text
    assert 'data-testid="approve"' not in page and 'data-testid="claim"' in page  # forms after the claim
    client.post(reverse("nuptk:claim", args=[sub.pk]))
    page = client.get(reverse("nuptk:detail", args=[sub.pk])).text
    assert 'data-testid="approve"' in page and "Setujui dan teruskan" not in page  # one level: final approval
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("nuptk:approve", args=[sub.pk]), APPROVE_POST)
    sub.refresh_from_db()
    assert sub.state == "approved" and FakeKindModule.applied == [sub.pk]
    letters = {lt.code: lt for lt in Letter.objects.filter(subject_type="request", subject_id=str(sub.pk))}
    assert set(letters) == {"TX01", "TX02"}
    assert letters["TX01"].institution == world.inst["sd"]
    assert letters["TX02"].institution == world.inst["dinas_kota"]
    assert letters["TX02"].data["request"]["kind_label"] == "Ajuan uji coba"


def test_a_level_whose_institution_comes_from_the_request(client, world, monkeypatch):
    """The next kinds (mutasi) route through a second Dinas named in the request, not the school's."""
    destination = levels.Level(
        "dinas_tujuan", _l("Dinas tujuan"), Tier.DINAS, lambda sub: sub.payload.get("to_dinas_id")
    )
    kind = Kind(
        code="pindah_uji",
        label=_l("Pindah uji"),
        route=(levels.DINAS, destination),
        requirements=same_for_all((req("ktp", "ktp"),)),
        effect=lambda sub, *, actor, role: {},
    )
    monkeypatch.setitem(kinds._registry, kind.code, kind)
    op = scope_of(world.roles["sd_op"])
    sub = svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"]), kind=kind.code)
    Submission.objects.filter(pk=sub.pk).update(payload={"to_dinas_id": world.inst["dinas_sleman"].pk})
    attach_all(op, sub)
    svc.submission_submit(scope=op, pk=sub.pk)
    sub = approve(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk)
    assert sub.state == "at_dinas" and sub.waiting_at == world.inst["dinas_sleman"]
    # the destination Dinas sees it in its queue and may open it (the school's keys are not its own)
    login_as(client, world.roles["dinas_sleman_op"])
    assert sub.code in client.get(reverse("nuptk:queue")).text
    client.post(reverse("nuptk:claim", args=[sub.pk]))
    assert 'data-testid="approve"' in client.get(reverse("nuptk:detail", args=[sub.pk])).text
    login_as(client, world.roles["dinas_kota_op"])
    assert sub.code not in client.get(reverse("nuptk:queue")).text
    assert 'data-testid="approve"' not in client.get(reverse("nuptk:detail", args=[sub.pk])).text
    login_as(client, world.roles["dinas_bdg_op"])
    assert client.get(reverse("nuptk:detail", args=[sub.pk])).status_code == 404
    sub = approve(scope=scope_of(world.roles["dinas_sleman_op"]), pk=sub.pk)
    assert sub.state == "approved"
    assert list(sub.log.values_list("level", flat=True).filter(action__in=["forward", "approve"])) == ["dinas", "dinas_tujuan"]


# --- every flag holds ---------------------------------------------------------------------------


def _draft(world, kind, ptk, payload=None):
    op = scope_of(world.roles["sd_op"])
    sub = svc.submission_create(scope=op, ptk=ptk, kind=kind, payload=payload)
    attach_all(op, sub)
    return op, sub


def test_flag_needs_no_nuptk_refuses_a_claim_by_a_ptk_holding_one(world):
    ptk = make_ptk(world.inst["sd"], nuptk="1234567890123456", nuptk_status="permanen_aktif")
    op = scope_of(world.roles["sd_op"])
    with pytest.raises(
        ValidationError, match="sudah memiliki NUPTK 1234567890123456, jadi ajuan Klaim NUPTK"
    ):
        svc.submission_create(scope=op, ptk=ptk, kind="klaim", payload={"claimed_nuptk": "5555666677778888"})
    # a draft made before the PTK got its number is refused at the submit
    other = make_ptk(world.inst["sd"], name="Belum")
    op, sub = _draft(world, "klaim", other, {"claimed_nuptk": "5555666677778888"})
    ptk_set_nuptk(
        ptk=other, nuptk="1234567890123450", status="permanen_aktif", actor=op.user, role="operator"
    )
    checks = {c.code: c for c in svc.submission_checks(Submission.objects.get(pk=sub.pk))}
    assert not checks["no_nuptk"].ok and "1234567890123450" in checks["no_nuptk"].reason
    with pytest.raises(ValidationError, match="sudah memiliki NUPTK"):
        svc.submission_submit(scope=op, pk=sub.pk)
    assert Submission.objects.get(pk=sub.pk).state == "draft"


def test_flag_needs_no_nuptk_reads_the_registry_too(world):
    """A number issued here stays the PTK's even when its record lost it: no claim, no second
    issue (today's bug: the claim was approved and the PTK held two numbers)."""
    from nuptk.models import NuptkNumber

    ptk = make_ptk(world.inst["sd"])
    op, sub = _draft(world, "klaim", ptk, {"claimed_nuptk": "5555666677778888"})
    svc.submission_submit(scope=op, pk=sub.pk)
    NuptkNumber.objects.create(number="1111222233334444", ptk=ptk, source="issued")
    with pytest.raises(ValidationError, match="sudah memiliki NUPTK 1111222233334444"):
        approve(scope=scope_of(world.roles["pdspk_op"]), pk=sub.pk)
    ptk.refresh_from_db()
    assert ptk.nuptk is None and Submission.objects.get(pk=sub.pk).state == "at_pdspk"
    with pytest.raises(ValidationError, match="sudah memiliki NUPTK 1111222233334444"):
        svc.submission_create(scope=op, ptk=ptk, kind="penerbitan")
    # the case that passes: a PTK with no number anywhere claims one
    free = make_ptk(world.inst["sd"], name="Bebas")
    op, ok = _draft(world, "klaim", free, {"claimed_nuptk": "5555666677779999"})
    svc.submission_submit(scope=op, pk=ok.pk)
    assert approve(scope=scope_of(world.roles["pdspk_op"]), pk=ok.pk).state == "approved"
    free.refresh_from_db()
    assert free.nuptk == "5555666677779999"


def test_flag_needs_no_nuptk_holds_at_the_approval(world):
    """A klaim and a penerbitan open for the same PTK: once the claim gives an NUPTK, PDSPK cannot
    issue a second one."""
    ptk = make_ptk(world.inst["sd"])
    op, penerbitan = _draft(world, "penerbitan", ptk)
    _op, klaim = _draft(world, "klaim", ptk, {"claimed_nuptk": "5555666677778888"})
    svc.submission_submit(scope=op, pk=penerbitan.pk)
    svc.submission_submit(scope=op, pk=klaim.pk)
    for key in ("dinas_kota", "lpmp"):
        approve(scope=scope_of(world.roles[f"{key}_op"]), pk=penerbitan.pk)
    pdspk = scope_of(world.roles["pdspk_op"])
    approve(scope=pdspk, pk=klaim.pk)
    with pytest.raises(ValidationError, match="sudah memiliki NUPTK 5555666677778888"):
        approve(scope=pdspk, pk=penerbitan.pk)
    ptk.refresh_from_db()
    assert ptk.nuptk == "5555666677778888" and Submission.objects.get(pk=penerbitan.pk).state == "at_pdspk"


def test_flag_needs_nuptk_refuses_at_create_and_at_the_approval(world):
    op = scope_of(world.roles["sd_op"])
    with pytest.raises(ValidationError, match="belum memiliki NUPTK, jadi ajuan Penonaktifan NUPTK"):
        svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"]), kind="penonaktifan")
    ptk = make_ptk(world.inst["sd"], name="Punya", nuptk="1234567890123459", nuptk_status="permanen_aktif")
    op, sub = _draft(world, "penonaktifan", ptk)
    svc.submission_submit(scope=op, pk=sub.pk)
    for key in ("dinas_kota", "lpmp"):
        approve(scope=scope_of(world.roles[f"{key}_op"]), pk=sub.pk)
    ptk_set_nuptk(ptk=ptk, nuptk=None, status="none", actor=world.roles["pdspk_op"].user, role="operator")
    with pytest.raises(ValidationError, match="belum memiliki NUPTK"):
        approve(scope=scope_of(world.roles["pdspk_op"]), pk=sub.pk)
    assert Submission.objects.get(pk=sub.pk).state == "at_pdspk"


def test_flag_needs_dapodik(world):
    ptk = make_ptk(world.inst["sd"], in_dapodik=False)
    op, arsip = _draft(world, "verval_arsip", ptk)
    with pytest.raises(ValidationError, match="belum terdata di Dapodik"):
        svc.submission_submit(scope=op, pk=arsip.pk)
    _op, foto = _draft(world, "foto", ptk)  # a kind without the flag does not ask
    assert "dapodik" not in {c.code for c in svc.submission_checks(foto)}
    assert svc.submission_submit(scope=op, pk=foto.pk).state == "at_dinas"


def test_flag_sk_rejectable(world):
    pdspk = scope_of(world.roles["pdspk_op"])
    op, klaim = _draft(world, "klaim", make_ptk(world.inst["sd"]), {"claimed_nuptk": "5555666677770000"})
    svc.submission_submit(scope=op, pk=klaim.pk)
    with pytest.raises(ValidationError, match="Tolak SK"):
        reject(scope=pdspk, pk=klaim.pk, reason="sk_invalid", note="x", sk_only=True)
    op, arsip = _draft(world, "verval_arsip", make_ptk(world.inst["sd"], name="Arsip"))
    svc.submission_submit(scope=op, pk=arsip.pk)
    assert (
        reject(scope=pdspk, pk=arsip.pk, reason="sk_invalid", note="x", sk_only=True).state
        == "sk_rejected"
    )


def test_payload_holds_only_the_kinds_own_keys(client, world):
    op = scope_of(world.roles["sd_op"])
    klaim = svc.submission_create(
        scope=op, ptk=make_ptk(world.inst["sd"]), kind="klaim", payload={"claimed_nuptk": "1", "changes": ["x"]}
    )
    assert klaim.payload == {"claimed_nuptk": "1"}
    foto = svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"], name="F"), kind="foto", payload={"x": 1})
    assert foto.payload == {}
    with pytest.raises(ValidationError, match="tidak memiliki data tambahan"):
        svc.submission_payload_set(scope=op, pk=foto.pk, data={"x": 1})
    login_as(client, world.roles["sd_op"])
    assert client.post(reverse("nuptk:payload", args=[foto.pk]), {"claimed_nuptk": "1234123412341234"}).status_code == 404


# --- the engine never branches on a kind or a letter code ---------------------------------------

ENGINE = [
    "nuptk/models.py",
    "nuptk/conditions.py",
    "nuptk/levels.py",
    "nuptk/services.py",
    "nuptk/selectors.py",
    "nuptk/permissions.py",
    "nuptk/printing.py",
    "nuptk/effects.py",
    "nuptk/requirements.py",
    "nuptk/forms.py",
    "nuptk/views.py",
    "nuptk/apps.py",
    "nuptk/kinds/__init__.py",
    *[str(p.relative_to(ROOT)) for p in (ROOT / "nuptk/templates/nuptk").glob("*.html")],
]
KIND_CODES = [c for c, _l in kinds.choices()]
FORBIDDEN = [
    (re.compile(r"\bkind\s*(==|!=)"), "compares a kind"),
    (re.compile(r"\bkind\s+(not\s+)?in\s*[(\[{]"), "tests a kind against a list"),
    (re.compile(r"\bKind\.[A-Z_]+\b"), "names a kind constant"),
    (re.compile(r"[\"'](A|S|SM)\d\d[\"']"), "names a letter code"),
    (re.compile(r"[\"'](" + "|".join(KIND_CODES) + r")[\"']"), "names a kind"),
    (re.compile(r"\bexcept ImportError\b"), "falls back on a missing import"),
    (re.compile(r"apps\.get_model\("), "reaches a model by name"),
]


def test_the_engine_never_branches_on_a_kind_or_a_letter_code():
    problems = []
    for rel in ENGINE:
        for n, line in enumerate((ROOT / rel).read_text().splitlines(), 1):
            for pattern, what in FORBIDDEN:
                if what == "names a kind" and rel == "nuptk/requirements.py":
                    continue  # the paper kinds live there, and a photo paper is called "foto" too
                if pattern.search(line):
                    problems.append(f"{rel}:{n} {what}: {line.strip()}")
    assert not problems, "\n".join(problems)


def test_nuptk_reads_ptk_only_through_its_selectors_and_services():
    bad = []
    for p in (ROOT / "nuptk").rglob("*.py"):
        if "migrations" in p.parts or "management" in p.parts:
            continue
        for n, line in enumerate(p.read_text().splitlines(), 1):
            if re.search(r"\bPtk(Document|Teaching|School)?\.objects\b", line):
                bad.append(f"{p.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not bad, "\n".join(bad)


def test_no_import_fallbacks_anywhere():
    bad = [
        str(p.relative_to(ROOT))
        for app in ("accounts", "documents", "ptk", "nuptk", "padamu")
        for p in (ROOT / app).rglob("*.py")
        if "except ImportError" in p.read_text()
    ]
    assert not bad, bad
