"""Registration to Bintang 4 through the real services: S02 -> S03 -> S04/S05 -> S07 -> S08, every
refusal and every role that may not act."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from pypdf import PdfReader

from accounts.scope import ActiveRole
from accounts.services import official_appoint
from documents.letters import letter_pdf
from ptk import services
from ptk.models import DetailStatus, NuptkStatus, Ptk, PtkType, Registration, RegState

from .conftest import activate, enter, issue_s02

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def A(world, name):
    return ActiveRole(world.roles[name])


@pytest.fixture
def heads(world):
    official_appoint(
        institution=world.inst["sd"], name="Drs. Kepala Uji", nip="", start=date(2020, 1, 1), actor=None
    )
    official_appoint(
        institution=world.inst["sd"],
        name="Pengawas Uji, M.Pd.",
        start=date(2020, 1, 1),
        actor=None,
        position="supervisor",
    )


def activated(world, **over):
    p = enter(world.inst["sd"], world.roles["sd_op"], **over)
    _r, code = issue_s02(p, world.roles["sd_op"])
    activate(p, code)
    p.refresh_from_db()
    return p


def fill_level2(p):
    services.ptk_eds_save(ptk=p, answers={f"q{i}": "3" for i in range(1, 9)}, actor=p.user, role="PTK")
    return services.ptk_s03_issue(ptk=p, actor=p.user)


def test_walk_to_bintang_4_new_ptk_gets_s05_then_s08(world, heads):
    p = activated(world)
    assert p.star == 1 and p.active_status_label == "Sementara Aktif"
    assert Registration.objects.get(ptk=p).state == RegState.LEVEL1
    s03 = fill_level2(p)
    p.refresh_from_db()
    assert p.star == 2
    reg = Registration.objects.get(ptk=p)
    assert reg.state == RegState.SUBMITTED and reg.s03_letter == s03.letter
    assert reg.detail_status == DetailStatus.SEMENTARA
    letter = services.registration_check(
        ptk=p, active=A(world, "sd_op"), actor=world.roles["sd_op"].user, results=services.ALL_OK
    )
    assert letter.code == "S05"  # no NUPTK: registrasi level 2
    text = text_of(letter_pdf(letter))
    assert p.name in text and s03.letter.data["verval_code"] in text and "PERMANEN" in text
    reg.refresh_from_db()
    assert reg.detail_status == DetailStatus.PERMANEN and reg.state == RegState.CHECKED
    pact = services.registration_pact_sign(ptk=p, active=A(world, "sd_op"), actor=world.roles["sd_op"].user)
    assert pact.code == "S07" and "Drs. Kepala Uji" in text_of(letter_pdf(pact))
    p.refresh_from_db()
    assert p.star == 3 and p.active_status_label == "Sementara Aktif"
    s08 = services.registration_pact_receive(
        ptk=p, active=A(world, "dinas_kota_op"), actor=world.roles["dinas_kota_op"].user
    )
    assert s08.code == "S08" and s08.institution == world.inst["dinas_kota"]
    text = text_of(letter_pdf(s08))
    assert "Permanen Aktif (Bintang 4)" in text and pact.number in text
    p.refresh_from_db()
    assert p.star == 4 and p.active_status_label == "Permanen Aktif"
    # The public verification shows the star status.
    r = Client().get(f"/v/{s08.token}/")
    assert "Permanen Aktif (Bintang 4)" in r.content.decode()
    assert [x.action for x in Registration.objects.get(ptk=p).log.all()] == [
        "level1",
        "s03",
        "check_ok",
        "pact_sign",
        "pact_receive",
    ]


def test_nuptk_holder_gets_s04_and_nuptk_becomes_permanen_aktif(world, heads):
    p = activated(world, nuptk="1234567890123456")
    assert p.nuptk_status == NuptkStatus.SEMENTARA_AKTIF
    fill_level2(p)
    op = world.roles["sd_op"]
    assert (
        services.registration_check(
            ptk=p, active=A(world, "sd_op"), actor=op.user, results=services.ALL_OK
        ).code
        == "S04"
    )
    services.registration_pact_sign(ptk=p, active=A(world, "sd_op"), actor=op.user)
    services.registration_pact_receive(
        ptk=p, active=A(world, "dinas_kota_op"), actor=world.roles["dinas_kota_op"].user
    )
    p.refresh_from_db()
    assert p.nuptk_status == NuptkStatus.PERMANEN_AKTIF and p.star == 4


def test_refused_check_is_redone_never_lost(world, heads):
    p = activated(world)
    fill_level2(p)
    op = world.roles["sd_op"]
    results = dict(services.ALL_OK)
    results["sk"] = {"result": "tidak_sesuai", "note": ""}
    with pytest.raises(ValidationError, match="Tulis apa yang harus diperbaiki"):
        services.registration_check(ptk=p, active=A(world, "sd_op"), actor=op.user, results=results)
    results["sk"] = {"result": "tidak_sesuai", "note": "SK penugasan 2024/2025 belum ada"}
    assert (
        services.registration_check(ptk=p, active=A(world, "sd_op"), actor=op.user, results=results) is None
    )
    reg = Registration.objects.get(ptk=p)
    assert reg.state == RegState.REFUSED and "SK penugasan 2024/2025 belum ada" in reg.note
    p.refresh_from_db()
    assert p.star == 1
    # Nothing to sign while refused; the PTK fixes and prints S03 again; the school checks again.
    with pytest.raises(ValidationError, match="tahapnya sekarang"):
        services.registration_pact_sign(ptk=p, active=A(world, "sd_op"), actor=op.user)
    with pytest.raises(ValidationError, match="tahapnya sekarang"):
        services.registration_check(ptk=p, active=A(world, "sd_op"), actor=op.user, results=services.ALL_OK)
    services.ptk_s03_issue(ptk=p, actor=p.user)
    assert services.registration_check(
        ptk=p, active=A(world, "sd_op"), actor=op.user, results=services.ALL_OK
    )
    log = list(reg.log.values_list("action", flat=True))
    assert log == ["level1", "s03", "check_refuse", "s03", "check_ok"]
    assert reg.log.get(action="check_refuse").items[3]["note"] == "SK penugasan 2024/2025 belum ada"


def test_required_item_cannot_be_missing_and_every_item_needs_a_result(world, heads):
    p = activated(world)
    fill_level2(p)
    results = dict(services.ALL_OK)
    results["data_rinci"] = {"result": "tidak_ada"}
    del results["eds"]
    with pytest.raises(ValidationError) as e:
        services.registration_check(
            ptk=p, active=A(world, "sd_op"), actor=world.roles["sd_op"].user, results=results
        )
    msgs = " ".join(e.value.messages)
    assert "Berkas wajib" in msgs and "Pilih hasil pemeriksaan" in msgs
    assert Registration.objects.get(ptk=p).state == RegState.SUBMITTED


def test_wrong_roles_may_not_act(world, heads):
    p = activated(world)
    fill_level2(p)
    for name in ("sd_sleman_op", "dinas_kota_op", "lpmp_op", "smp_op"):
        with pytest.raises(PermissionDenied):
            services.registration_check(
                ptk=p, active=A(world, name), actor=world.roles[name].user, results=services.ALL_OK
            )
    services.registration_check(
        ptk=p, active=A(world, "sd_admin"), actor=world.roles["sd_admin"].user, results=services.ALL_OK
    )
    with pytest.raises(PermissionDenied):
        services.registration_pact_sign(
            ptk=p, active=A(world, "dinas_kota_op"), actor=world.roles["dinas_kota_op"].user
        )
    services.registration_pact_sign(ptk=p, active=A(world, "sd_op"), actor=world.roles["sd_op"].user)
    for name in ("sd_op", "dinas_sleman_op", "lpmp_op", "dinas_prov_op"):
        with pytest.raises(PermissionDenied):
            services.registration_pact_receive(ptk=p, active=A(world, name), actor=world.roles[name].user)
    assert Ptk.objects.get(pk=p.pk).star == 3


def test_dinas_refuses_a_pact_with_a_note_and_the_school_signs_again(world, heads):
    p = activated(world)
    fill_level2(p)
    op, dn = world.roles["sd_op"], world.roles["dinas_kota_op"]
    services.registration_check(ptk=p, active=A(world, "sd_op"), actor=op.user, results=services.ALL_OK)
    with pytest.raises(ValidationError, match="tahapnya sekarang"):  # no pact yet
        services.registration_pact_receive(ptk=p, active=A(world, "dinas_kota_op"), actor=dn.user)
    services.registration_pact_sign(ptk=p, active=A(world, "sd_op"), actor=op.user)
    with pytest.raises(ValidationError, match="Tulis catatan"):
        services.registration_pact_refuse(ptk=p, active=A(world, "dinas_kota_op"), actor=dn.user, note=" ")
    services.registration_pact_refuse(
        ptk=p, active=A(world, "dinas_kota_op"), actor=dn.user, note="Meterai belum ditempel"
    )
    reg = Registration.objects.get(ptk=p)
    assert reg.state == RegState.PACT_REFUSED and reg.note == "Meterai belum ditempel"
    assert Ptk.objects.get(pk=p.pk).star == 2
    second = services.registration_pact_sign(ptk=p, active=A(world, "sd_op"), actor=op.user)
    assert services.registration_pact_receive(ptk=p, active=A(world, "dinas_kota_op"), actor=dn.user)
    reg.refresh_from_db()
    assert reg.pact_letter == second and reg.state == RegState.PERMANENT


def test_heads_own_pact_is_signed_by_the_supervisor(world, heads):
    p = activated(world, ptk_type=PtkType.KEPALA_SEKOLAH)
    fill_level2(p)
    op = world.roles["sd_op"]
    services.registration_check(ptk=p, active=A(world, "sd_op"), actor=op.user, results=services.ALL_OK)
    pact = services.registration_pact_sign(ptk=p, active=A(world, "sd_op"), actor=op.user)
    assert pact.data["countersigner"]["position"] == "supervisor"
    text = text_of(letter_pdf(pact))
    assert "Pengawas Uji, M.Pd." in text


def test_pact_refused_without_a_recorded_head_or_supervisor(world):
    op = world.roles["sd_op"]
    for over in ({}, {"ptk_type": PtkType.KEPALA_SEKOLAH}):
        p = activated(world, **over)
        fill_level2(p)
        services.registration_check(ptk=p, active=A(world, "sd_op"), actor=op.user, results=services.ALL_OK)
        with pytest.raises(ValidationError, match="belum tercatat"):
            services.registration_pact_sign(ptk=p, active=A(world, "sd_op"), actor=op.user)
        assert Registration.objects.get(ptk=p).state == RegState.CHECKED


def test_ptk_edits_stay_sementara_until_the_school_verifies(world, heads):
    p = activated(world)
    fill_level2(p)
    op = world.roles["sd_op"]
    with pytest.raises(ValidationError):
        services.registration_detail_verify(ptk=p, active=A(world, "sd_op"), actor=op.user)
    services.registration_check(ptk=p, active=A(world, "sd_op"), actor=op.user, results=services.ALL_OK)
    reg = Registration.objects.get(ptk=p)
    assert reg.detail_status == DetailStatus.PERMANEN
    # A school edit does not make the data SEMENTARA; the PTK's own edit does.
    services.ptk_update_contacts(
        ptk=p, changes={"phone": "081234567890"}, actor=op.user, role=A(world, "sd_op")
    )
    reg.refresh_from_db()
    assert reg.detail_status == DetailStatus.PERMANEN
    services.ptk_update_contacts(ptk=p, changes={"phone": "081299999999"}, actor=p.user, role="PTK")
    reg.refresh_from_db()
    assert reg.detail_status == DetailStatus.SEMENTARA
    with pytest.raises(PermissionDenied):
        services.registration_detail_verify(ptk=p, active=A(world, "dinas_kota_op"), actor=op.user)
    services.registration_detail_verify(ptk=p, active=A(world, "sd_op"), actor=op.user)
    reg.refresh_from_db()
    assert reg.detail_status == DetailStatus.PERMANEN
    with pytest.raises(ValidationError, match="Tidak ada data rinci SEMENTARA"):
        services.registration_detail_verify(ptk=p, active=A(world, "sd_op"), actor=op.user)


def test_s02_reset_does_not_set_the_registration_back(world, heads):
    p = activated(world)
    fill_level2(p)
    issue_s02(p, world.roles["sd_op"])
    assert Registration.objects.get(ptk=p).state == RegState.SUBMITTED
    assert Ptk.objects.get(pk=p.pk).star == 2
