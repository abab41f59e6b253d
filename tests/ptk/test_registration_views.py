"""Registration to Bintang 4 through the pages: who sees which button, the per-item check form, the
refusals, the list filters and the batch pages (60 PTK in one sitting)."""

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.services import official_appoint
from documents.models import BatchPrint, Letter
from ptk import services
from ptk.models import Ptk, Registration, RegState
from tests.factories import login_as

from .conftest import activate, enter, issue_s02

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(world):
    official_appoint(institution=world.inst["sd"], name="Drs. Kepala Uji", start=date(2020, 1, 1), actor=None)


def submitted(world, **over):
    p = enter(world.inst["sd"], world.roles["sd_op"], **over)
    _r, code = issue_s02(p, world.roles["sd_op"])
    activate(p, code)
    p.refresh_from_db()
    services.ptk_eds_save(ptk=p, answers={f"q{i}": "2" for i in range(1, 9)}, actor=p.user, role="PTK")
    services.ptk_s03_issue(ptk=p, actor=p.user)
    return Ptk.objects.get(pk=p.pk)


def form_data(**over):
    d = {f"r_{k}": "sesuai" for k in services.registration.ITEM_KEYS}
    d.update(over)
    return d


def test_school_checks_per_item_refuses_with_a_note_then_accepts(client, world, head):
    p = submitted(world)
    login_as(client, world.roles["sd_op"])
    r = client.get(reverse("ptk:detail", args=[p.pk]))
    body = r.content.decode()
    assert 'data-testid="reg-check"' in body and "Bintang 2" in body
    url = reverse("ptk:reg_check", args=[p.pk])
    # "tidak sesuai" without saying what to fix: stays on the form, nothing changes.
    r = client.post(url, form_data(r_sk="tidak_sesuai"))
    assert r.status_code == 200 and "Tulis apa yang harus diperbaiki" in r.content.decode()
    assert Registration.objects.get(ptk=p).state == RegState.SUBMITTED
    r = client.post(url, form_data(r_sk="tidak_sesuai", n_sk="SK penugasan 2025/2026 tidak dilampirkan"))
    assert r.status_code == 302
    # The PTK sees the note and what to do next.
    from accounts.models import Role, RoleAssignment

    login_as(client, RoleAssignment.objects.get(user=p.user, role=Role.PTK))
    body = client.get(reverse("ptk:detail", args=[p.pk])).content.decode()
    assert "SK penugasan 2025/2026 tidak dilampirkan" in body and 'data-testid="reg-next"' in body
    assert 'data-testid="reg-check"' not in body
    assert client.post(reverse("ptk:s03")).status_code == 200  # S03 again
    login_as(client, world.roles["sd_op"])
    assert client.post(url, form_data()).status_code == 302
    reg = Registration.objects.get(ptk=p)
    assert reg.state == RegState.CHECKED and reg.check_letter.code == "S05"
    r = client.get(reverse("documents:letter_pdf", args=[reg.check_letter.pk]))
    assert r["Content-Type"] == "application/pdf"
    assert client.post(reverse("ptk:reg_pact", args=[p.pk])).status_code == 302
    assert Registration.objects.get(ptk=p).state == RegState.PACT_SIGNED


def test_wrong_roles_get_404_and_nothing_changes(client, world, head):
    p = submitted(world)
    for name in ("sd_sleman_op", "dinas_kota_op", "lpmp_op"):
        login_as(client, world.roles[name])
        assert client.get(reverse("ptk:reg_check", args=[p.pk])).status_code == 404
        assert client.post(reverse("ptk:reg_check", args=[p.pk]), form_data()).status_code == 404
        assert client.post(reverse("ptk:reg_pact", args=[p.pk])).status_code == 404
    login_as(client, world.roles["sd_op"])
    client.post(reverse("ptk:reg_check", args=[p.pk]), form_data())
    client.post(reverse("ptk:reg_pact", args=[p.pk]))
    for name in ("sd_op", "dinas_sleman_op", "dinas_prov_op"):
        login_as(client, world.roles[name])
        assert client.post(reverse("ptk:reg_receive", args=[p.pk])).status_code == 404
    assert Registration.objects.get(ptk=p).state == RegState.PACT_SIGNED
    # A refusal without a note is refused; with one the pact goes back.
    login_as(client, world.roles["dinas_kota_op"])
    body = client.get(reverse("ptk:detail", args=[p.pk])).content.decode()
    assert 'data-testid="reg-receive"' in body
    r = client.post(reverse("ptk:reg_pact_refuse", args=[p.pk]), {"note": ""}, follow=True)
    assert "wajib" in r.content.decode() or "required" in r.content.decode()
    assert Registration.objects.get(ptk=p).state == RegState.PACT_SIGNED
    client.post(
        reverse("ptk:reg_pact_refuse", args=[p.pk]), {"note": "Tanda tangan kepala sekolah tidak ada"}
    )
    assert Registration.objects.get(ptk=p).state == RegState.PACT_REFUSED


def test_receive_then_star_on_lists_filters_and_verification(client, world, head):
    p = submitted(world)
    other = submitted(world)
    login_as(client, world.roles["sd_op"])
    client.post(reverse("ptk:reg_check", args=[p.pk]), form_data())
    client.post(reverse("ptk:reg_pact", args=[p.pk]))
    login_as(client, world.roles["dinas_kota_op"])
    r = client.post(reverse("ptk:reg_receive", args=[p.pk]), follow=True)
    assert "Permanen Aktif (Bintang 4)" in r.content.decode()
    s08 = Registration.objects.get(ptk=p).s08_letter
    assert s08.code == "S08"
    r = client.get(reverse("ptk:list"), {"star": 4})
    body = r.content.decode()
    assert p.name in body and other.name not in body
    body = client.get(reverse("ptk:list"), {"active_status": "sementara"}).content.decode()
    assert other.name in body and p.name not in body
    client.logout()
    body = client.get(reverse("documents:verify", args=[s08.token])).content.decode()
    assert "Permanen Aktif (Bintang 4)" in body and p.name in body


def test_school_batch_one_confirmation_one_pdf_over_several_parts(
    client, world, head, django_capture_on_commit_callbacks, monkeypatch
):
    # Parts of 4 letters instead of 50: 7 PTK give 14 letters in 4 parts, built and merged as a
    # school of 60 would be (a test of 60 rendered 180 letters for the same behaviour).
    monkeypatch.setattr("documents.services.BATCH_CHUNK", 4)
    n = 7
    ptks = [submitted(world) for _ in range(n)]
    login_as(client, world.roles["sd_op"])
    r = client.get(reverse("ptk:reg_batch_school"))
    body = r.content.decode()
    assert all(p.name in body for p in ptks) and "data-confirm" in body
    # One PTK of another school in the selection: nothing is done.
    stranger = enter(world.inst["sd_sleman"], world.roles["sd_sleman_op"])
    r = client.post(
        reverse("ptk:reg_batch_school"), {"ids": [p.pk for p in ptks] + [stranger.pk]}, follow=True
    )
    assert "tidak berada di bawah lembaga Anda" in r.content.decode()
    assert not Registration.objects.filter(state=RegState.PACT_SIGNED).exists()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("ptk:reg_batch_school"), {"ids": [p.pk for p in ptks]})
    job = BatchPrint.objects.get(kind="letters")
    assert r.status_code == 302 and r["Location"] == reverse("documents:batch_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "done" and job.total == 2 * n and job.parts_total == 4
    assert Registration.objects.filter(state=RegState.PACT_SIGNED).count() == n
    assert Ptk.objects.filter(pk__in=[p.pk for p in ptks], star=3).count() == n
    r = client.post(reverse("documents:batch_download", args=[job.pk]))
    pdf = PdfReader(
        io.BytesIO(b"".join(r.streaming_content) if hasattr(r, "streaming_content") else r.content)
    )
    assert len(pdf.pages) >= 2 * n
    # The Dinas receives all the pacts at once.
    login_as(client, world.roles["dinas_kota_op"])
    assert ptks[0].name in client.get(reverse("ptk:reg_batch_dinas")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("ptk:reg_batch_dinas"), {"ids": [p.pk for p in ptks]})
    assert r.status_code == 302
    assert Ptk.objects.filter(pk__in=[p.pk for p in ptks], star=4).count() == n
    assert Letter.objects.filter(code="S08").count() == n
    # A school may not use the Dinas page, nor another Dinas receive these.
    login_as(client, world.roles["sd_op"])
    assert client.get(reverse("ptk:reg_batch_dinas")).status_code in (403, 404)


def test_batch_refuses_a_ptk_not_ready(client, world, head):
    ready = submitted(world)
    p = enter(world.inst["sd"], world.roles["sd_op"])
    issue_s02(p, world.roles["sd_op"])  # level 1 only
    login_as(client, world.roles["sd_op"])
    r = client.post(reverse("ptk:reg_batch_school"), {"ids": [ready.pk, p.pk]}, follow=True)
    assert "Tidak ada yang diproses" in r.content.decode() and p.name in r.content.decode()
    assert Registration.objects.get(ptk=ready).state == RegState.SUBMITTED
    r = client.post(reverse("ptk:reg_batch_school"), {}, follow=True)
    assert "Pilih paling sedikit satu PTK" in r.content.decode()


def test_a01_from_existing_data_checked_and_entered_gives_bintang_1(client, world):
    """A PTK with an NUPTK already on record (e.g. from Dapodik): the school prints the A01 filled from
    the data, checks the signed form and enters it (verval level 1, S02): Bintang 1, Sementara Aktif."""
    p = enter(world.inst["sd"], world.roles["sd_op"], nuptk="2222333344445555")
    assert p.star == 0
    login_as(client, world.roles["sd_op"])
    r = client.post(reverse("ptk:form_pdf", args=[p.pk, "A01"]))
    text = "".join(pg.extract_text() for pg in PdfReader(io.BytesIO(r.content)).pages)
    assert "2222333344445555" in text and p.name in text
    assert client.post(reverse("ptk:s02", args=[p.pk])).status_code == 302  # to the S02 page (post/redirect/get)
    p.refresh_from_db()
    assert p.star == 1 and p.active_status_label == "Sementara Aktif" and p.nuptk_status == "sementara_aktif"
    assert Registration.objects.get(ptk=p).state == RegState.LEVEL1
    body = client.get(reverse("ptk:detail", args=[p.pk])).content.decode()
    assert "Bintang 1" in body and 'data-testid="reg-check"' not in body
