"""Supervisors: A06 (a new supervisor entered by the Dinas, at home in the Dinas) and A10 -> Dinas
-> S19 (appointed to the schools they supervise), through the real services; every refusal."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import OfficialPosition
from accounts.selectors import official_on
from accounts.services import official_appoint
from documents.models import Letter
from nuptk import services as svc
from nuptk.kinds.pengawas import supervisor_register
from nuptk.models import Submission
from tests.factories import login_as
from tests.nuptk.conftest import approve, reject  # noqa: F401 (claim, tick the checklist, decide)

from .conftest import fake_file, make_ptk, scope_of

pytestmark = pytest.mark.django_db

SK_DATE = date.today() - timedelta(days=20)
PERSON = dict(
    name="Drs. Bambang Riyanto, M.Pd.",
    nik="3471010207700003",
    birth_place="Yogyakarta",
    birth_date=date(1970, 7, 2),
    sex="L",
    mother_name="Sumarni",
    nip="197007021995031004",
    employment_status=1,
    ptk_type=7,
    qualification="S2",
)


def _register(world):
    return supervisor_register(
        scope=scope_of(world.roles["dinas_kota_op"]),
        supervisor={
            "sk_number": "821.2/1022/2026",
            "sk_date": SK_DATE.isoformat(),
            "sk_issuer": "Wali Kota Yogyakarta",
        },
        **PERSON,
    )


def _a10(world, ptk, npsns, *, sk_date=SK_DATE):
    dinas = scope_of(world.roles["dinas_kota_op"])
    sub = svc.submission_create(scope=dinas, ptk=ptk, kind="pengawas")
    svc.submission_payload_set(
        scope=dinas,
        pk=sub.pk,
        data={
            "npsns": npsns,
            "jenjang": "SD",
            "area": "Kecamatan Mantrijeron",
            "sk_number": "821.2/1022/2026",
            "sk_date": sk_date,
            "sk_issuer": "Wali Kota Yogyakarta",
        },
    )
    svc.submission_document_attach(
        scope=dinas,
        pk=sub.pk,
        requirement="sk_pengawas",
        doc_kind="sk_pengawas",
        upload=fake_file("sk_pengawas"),
        valid_from=sk_date,
    )
    return dinas, Submission.objects.get(pk=sub.pk)


def test_a06_the_dinas_enters_a_new_supervisor_at_home_in_the_dinas(client, world):
    ptk, letter = _register(world)
    assert ptk.school == world.inst["dinas_kota"] and ptk.dinas == world.inst["dinas_kota"]
    assert ptk.entry_form == "A06" and ptk.pegid and not ptk.nuptk
    assert letter.code == "A06" and letter.institution == world.inst["dinas_kota"]
    assert letter.data["supervisor"]["sk_number"] == "821.2/1022/2026"
    login_as(client, world.roles["dinas_kota_op"])
    assert client.get(reverse("ptk:detail", args=[ptk.pk])).status_code == 200
    for role in ("sd_op", "dinas_sleman_op"):
        login_as(client, world.roles[role])
        assert client.get(reverse("ptk:detail", args=[ptk.pk])).status_code == 404


def test_a06_only_a_dinas_enters_a_supervisor(world):
    for role in ("sd_op", "lpmp_op", "kec_op"):
        with pytest.raises(ValidationError, match="dientri oleh operator atau admin Dinas"):
            supervisor_register(scope=scope_of(world.roles[role]), **PERSON)


def test_a10_s19_appoints_the_supervisor_to_each_school(world, django_capture_on_commit_callbacks):
    sd, smp = world.inst["sd"], world.inst["smp"]
    old = official_appoint(
        institution=sd,
        name="Pengawas Lama",
        start=date(2020, 1, 1),
        actor=None,
        position=OfficialPosition.SUPERVISOR,
    )
    ptk, _letter = _register(world)
    dinas, sub = _a10(world, ptk, f"{sd.npsn}, {smp.npsn}")
    with django_capture_on_commit_callbacks(execute=True):
        svc.submission_submit(scope=dinas, pk=sub.pk)
    assert sub.origin == world.inst["dinas_kota"]
    with pytest.raises(ValidationError, match="Anda ikut menyiapkan ajuan ini"):
        approve(scope=dinas, pk=sub.pk)
    with django_capture_on_commit_callbacks(execute=True):
        sub = approve(scope=scope_of(world.roles["dinas_kota_admin"]), pk=sub.pk)
    assert sub.state == "approved"
    for school in (sd, smp):
        o = official_on(institution=school, on=SK_DATE, position=OfficialPosition.SUPERVISOR)
        assert o.name == PERSON["name"] and o.nip == PERSON["nip"] and o.start == SK_DATE
    # the head's pakta at SD is signed by the supervisor in office on its date
    assert official_on(institution=sd, on=SK_DATE - timedelta(days=1), position="supervisor") == old
    old.refresh_from_db()
    assert old.end == SK_DATE - timedelta(days=1)
    codes = sorted(
        Letter.objects.filter(subject_type="request", subject_id=sub.pk).values_list("code", flat=True)
    )
    assert codes == ["A10", "S19"]
    s19 = Letter.objects.get(subject_id=sub.pk, code="S19")
    assert s19.institution == world.inst["dinas_kota"]
    assert [s["npsn"] for s in s19.data["supervisor"]["schools"]] == [sd.npsn, smp.npsn]


def test_a10_for_a_teacher_of_a_school_under_the_dinas(world):
    ptk = make_ptk(world.inst["sd"], name="Guru Jadi Pengawas")
    dinas, sub = _a10(world, ptk, world.inst["smp"].npsn)
    svc.submission_submit(scope=dinas, pk=sub.pk)
    approve(scope=scope_of(world.roles["dinas_kota_admin"]), pk=sub.pk)
    o = official_on(institution=world.inst["smp"], on=date.today(), position="supervisor")
    assert o.name == "Guru Jadi Pengawas"


def test_refusals(world):
    sd = world.inst["sd"]
    ptk, _letter = _register(world)
    for role in ("sd_op", "dinas_sleman_op", "lpmp_op"):
        with pytest.raises(ValidationError, match="tidak dapat membuat ajuan"):
            svc.submission_create(scope=scope_of(world.roles[role]), ptk=ptk, kind="pengawas")
    dinas = scope_of(world.roles["dinas_kota_op"])
    sub = svc.submission_create(scope=dinas, ptk=ptk, kind="pengawas")
    data = {"jenjang": "SD", "sk_number": "1", "sk_date": SK_DATE, "sk_issuer": "Wali Kota Yogyakarta"}
    with pytest.raises(ValidationError, match="tidak berada di bawah Dinas"):
        svc.submission_payload_set(
            scope=dinas, pk=sub.pk, data={"npsns": world.inst["sd_sleman"].npsn, **data}
        )
    with pytest.raises(ValidationError, match="tidak ditemukan"):
        svc.submission_payload_set(scope=dinas, pk=sub.pk, data={"npsns": "99999999", **data})
    with pytest.raises(ValidationError, match="Isi NPSN sekolah binaan dan data SK"):
        svc.submission_submit(scope=dinas, pk=sub.pk)
    # a supervisor already in office at the school since after the SK date
    official_appoint(
        institution=sd,
        name="Pengawas Baru Sekali",
        start=SK_DATE + timedelta(days=1),
        actor=None,
        position="supervisor",
    )
    svc.submission_payload_set(scope=dinas, pk=sub.pk, data={"npsns": sd.npsn, **data})
    with pytest.raises(ValidationError) as e:
        svc.submission_submit(scope=dinas, pk=sub.pk)
    msg = " ".join(e.value.messages)
    assert "Pengawas Baru Sekali" in msg and "Belum dilampirkan" in msg
