"""A supervisor entered by the Dinas (A06) belongs to that Dinas, which does for them what a home
school does for its PTK: it issues the account code (S02) and prints the S03 of their detail data
from their page. Another Dinas, a school and the supervisor themselves cannot use the Dinas's
buttons; the supervisor prints their own S03 from "Kuesioner EDS dan S03" like every PTK (seeds
000/001: the PTK prints S03 and hands it over)."""

import pytest
from django.urls import reverse

from accounts.models import Role, RoleAssignment
from documents.models import Letter
from ptk.models import Registration
from ptk.services import ptk_account_activate, ptk_eds_save
from tests.factories import login_as

from .conftest import make_ptk
from .test_pengawas import _register

pytestmark = pytest.mark.django_db

PASSWORD = "Pengawas-Kuat-2026!"
ANSWERS = {f"q{i}": "3" for i in range(1, 9)}


def _letters(ptk, code):
    return Letter.objects.filter(subject_type="ptk", subject_id=str(ptk.pk), code=code)


def test_the_dinas_issues_s02_and_prints_s03_for_its_supervisor(client, world):
    ptk, _a06 = _register(world)
    dinas = world.inst["dinas_kota"]
    login_as(client, world.roles["dinas_kota_op"])
    detail = reverse("ptk:detail", args=[ptk.pk])
    page = client.get(detail)
    assert 'data-testid="s02-button"' in page.text and 'data-testid="print-s03-office"' in page.text
    # S02 from the Dinas (the supervisor's home): the letter says the Dinas's admin entered them
    r = client.post(reverse("ptk:s02", args=[ptk.pk]))
    assert r.status_code == 302 and "/s02/" in r["Location"]
    s02 = _letters(ptk, "S02").get()
    assert s02.institution == dinas and s02.data["entered_by"] == f"admin {dinas.name}"
    assert client.get(r["Location"]).status_code == 200
    # S03 before the supervisor answered the EDS: refused with what to do
    r = client.post(reverse("ptk:s03_office", args=[ptk.pk]), follow=True)
    assert "belum mengisi kuesioner EDS" in r.text and not _letters(ptk, "S03").exists()
    # the supervisor activates the account with the S02 code and answers the EDS
    ptk.refresh_from_db()
    code = next(iter(client.session["padamu_s02_unprinted"].values()))["code"]
    ptk_account_activate(username=ptk.user.username, code=code, birth_date=ptk.birth_date, password=PASSWORD)
    own = RoleAssignment.objects.get(user=ptk.user, role=Role.PTK)
    ptk_eds_save(ptk=ptk, answers=ANSWERS, actor=ptk.user, role=Role.PTK)
    r = client.post(reverse("ptk:s03_office", args=[ptk.pk]))
    assert r.status_code == 302 and r["Location"] == detail + "#registrasi"  # post/redirect/get
    page = client.get(detail)
    s03 = _letters(ptk, "S03").get()
    assert f"S03 {s03.number} diterbitkan" in page.text
    assert 'data-testid="reg-letter-S03"' in page.text
    assert (
        s03.institution == dinas and s03.issuer.username == "dinas_kota.op" and s03.issuer_role == "operator"
    )
    assert s03.data["printed_by"] == dinas.name and s03.data["eds"][0]["answer"] == "Sering"
    assert s03.data["ptk"]["home_label"] == "Instansi induk"  # a Dinas is not a "Sekolah induk"
    assert Registration.objects.get(ptk=ptk).s03_letter == s03
    # the supervisor themself: not the Dinas's button, but their own S03 as every PTK
    login_as(client, own)
    assert client.post(reverse("ptk:s03_office", args=[ptk.pk])).status_code == 403
    r = client.post(reverse("ptk:s03"))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    mine = _letters(ptk, "S03").order_by("-pk").first()
    assert mine.data["printed_by"] == "" and mine.data["handed_to"] == f"admin {dinas.name}"


def test_others_cannot_issue_the_supervisors_s02_or_s03(client, world):
    ptk, _a06 = _register(world)
    ptk_eds_save(ptk=ptk, answers=ANSWERS, actor=world.roles["dinas_kota_op"].user, role=Role.PTK)
    # another Dinas does not even see the supervisor
    login_as(client, world.roles["dinas_sleman_op"])
    assert client.post(reverse("ptk:s03_office", args=[ptk.pk])).status_code == 404
    assert client.post(reverse("ptk:s02", args=[ptk.pk])).status_code == 404
    # a school operator: not a Dinas page (and the supervisor is no PTK of the school)
    login_as(client, world.roles["sd_op"])
    assert client.post(reverse("ptk:s03_office", args=[ptk.pk])).status_code == 403
    assert client.post(reverse("ptk:s02", args=[ptk.pk])).status_code == 404
    # the LPMP over the Dinas sees the record but prints nothing
    login_as(client, world.roles["lpmp_op"])
    assert client.post(reverse("ptk:s03_office", args=[ptk.pk])).status_code == 403
    assert not _letters(ptk, "S03").exists() and not _letters(ptk, "S02").exists()


def test_a_school_ptk_keeps_its_school_the_dinas_prints_no_s03(client, world):
    teacher = make_ptk(world.inst["sd"], name="Guru Sekolah")
    login_as(client, world.roles["dinas_kota_op"])
    page = client.get(reverse("ptk:detail", args=[teacher.pk]))
    assert page.status_code == 200
    assert 'data-testid="print-s03-office"' not in page.text and 'data-testid="s02-button"' not in page.text
    assert client.post(reverse("ptk:s03_office", args=[teacher.pk])).status_code == 404
    assert client.post(reverse("ptk:s02", args=[teacher.pk])).status_code == 404
    assert not _letters(teacher, "S03").exists()
    from ptk.services import ptk_letter_data

    assert "home_label" not in ptk_letter_data(teacher)
