"""School accounts: the Dinas enters (NPSN against reference data) and recaps, the QA office creates
the account with an S01 code (never a password), or returns it; the Dinas resets a school account."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from accounts import school_accounts as sa
from accounts.models import AccountEvent, ActivationCode, Role, RoleAssignment, SchoolAccountRequest, User
from accounts.services import account_activate, operator_reset
from tests.factories import login_as
from tests.nuptk.conftest import scope_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def bare_school(world):
    """A school of Kota Yogyakarta whose admin account does not exist yet."""
    s = world.inst["smp"]
    RoleAssignment.objects.filter(institution=s, role=Role.ADMIN).delete()
    return s


def test_walk_enter_recap_create_activate(world, bare_school):
    dinas = scope_of(world.roles["dinas_kota_op"])
    req = sa.school_account_request_enter(
        scope=dinas, npsn=bare_school.npsn, applicant_name="Bu Admin", applicant_email="admin@smp.sch.id"
    )
    assert req.state == "at_dinas" and req.qa_office == world.inst["lpmp"]
    # The LPMP sees nothing before the recap, and cannot decide it.
    assert not sa.requests_visible(scope=scope_of(world.roles["lpmp_op"])).exists()
    with pytest.raises(ValidationError, match="tidak menunggu"):
        sa.school_account_create(scope=scope_of(world.roles["lpmp_op"]), pk=req.pk)
    code, n = sa.school_account_recap(scope=dinas)
    assert n == 1 and code.startswith("REKAP-")
    with pytest.raises(ValidationError, match="Tidak ada ajuan"):
        sa.school_account_recap(scope=dinas)
    # Another QA office may not create it.
    with pytest.raises(PermissionDenied):
        sa.school_account_create(scope=scope_of(world.roles["lpmp_jabar_op"]), pk=req.pk)
    req, user, a, clear = sa.school_account_create(scope=scope_of(world.roles["lpmp_op"]), pk=req.pk)
    assert user.username == bare_school.npsn and a.role == Role.ADMIN and a.institution == bare_school
    assert not user.has_usable_password()
    stored = ActivationCode.objects.get(user=user)
    assert clear not in str(stored.__dict__)  # only a hash is kept
    account_activate(username=user.username, code=clear, password="Sekolah-Baru-2026!")
    assert User.objects.get(pk=user.pk).has_usable_password()
    assert AccountEvent.objects.filter(action="school_account_created", institution=bare_school).exists()
    # A second request for a school that has an account now is refused.
    with pytest.raises(ValidationError, match="sudah memiliki akun"):
        sa.school_account_request_enter(scope=dinas, npsn=bare_school.npsn, applicant_name="X")
    # The Dinas resets the school account: a fresh code, the old password dies.
    admin_dinas = scope_of(world.roles["dinas_kota_admin"])
    _u, fresh = operator_reset(scope=admin_dinas, assignment_id=a.pk)
    assert fresh != clear and not User.objects.get(pk=user.pk).has_usable_password()


def test_npsn_checked_and_other_dinas_refused(world, bare_school):
    dinas = scope_of(world.roles["dinas_kota_op"])
    with pytest.raises(ValidationError, match="tidak ada di data referensi"):
        sa.school_account_request_enter(scope=dinas, npsn="99999999", applicant_name="X")
    with pytest.raises(ValidationError, match="bukan Dinas Anda"):
        sa.school_account_request_enter(
            scope=scope_of(world.roles["dinas_sleman_op"]), npsn=bare_school.npsn, applicant_name="X"
        )
    with pytest.raises(ValidationError, match="sudah memiliki akun admin"):
        sa.school_account_request_enter(scope=dinas, npsn=world.inst["sd"].npsn, applicant_name="X")
    for role in ("sd_op", "lpmp_op", "pdspk_op"):
        with pytest.raises(PermissionDenied):
            sa.school_account_request_enter(
                scope=scope_of(world.roles[role]), npsn=bare_school.npsn, applicant_name="X"
            )
    sa.school_account_request_enter(scope=dinas, npsn=bare_school.npsn, applicant_name="X")
    with pytest.raises(ValidationError, match="belum selesai"):
        sa.school_account_request_enter(scope=dinas, npsn=bare_school.npsn, applicant_name="Y")


def test_returned_with_a_note_is_recapped_again(world, bare_school):
    dinas, lpmp = scope_of(world.roles["dinas_kota_op"]), scope_of(world.roles["lpmp_op"])
    req = sa.school_account_request_enter(scope=dinas, npsn=bare_school.npsn, applicant_name="X")
    sa.school_account_recap(scope=dinas)
    with pytest.raises(ValidationError, match="Tulis catatan"):
        sa.school_account_return(scope=lpmp, pk=req.pk, note="")
    sa.school_account_return(scope=lpmp, pk=req.pk, note="Nama calon admin tidak sesuai SK kepala sekolah")
    req.refresh_from_db()
    assert req.state == "returned" and "SK kepala sekolah" in req.note
    sa.school_account_recap(scope=dinas)
    req.refresh_from_db()
    assert req.state == "at_qa"


def test_pages_dinas_enters_and_lpmp_prints_s01(client, world, bare_school):
    login_as(client, world.roles["dinas_kota_op"])
    r = client.post(
        reverse("accounts:school_account_enter"),
        {"npsn": bare_school.npsn, "applicant_name": "Bu Admin"},
        follow=True,
    )
    assert bare_school.name in r.content.decode()
    client.post(reverse("accounts:school_account_recap"))
    req = SchoolAccountRequest.objects.get(school=bare_school)
    login_as(client, world.roles["sd_op"])
    assert client.get(reverse("accounts:school_accounts")).status_code in (403, 404)
    login_as(client, world.roles["lpmp_jabar_op"])
    assert client.post(reverse("accounts:school_account_create", args=[req.pk])).status_code == 404
    login_as(client, world.roles["lpmp_op"])
    assert bare_school.name in client.get(reverse("accounts:school_accounts")).content.decode()
    r = client.post(reverse("accounts:school_account_create", args=[req.pk]), follow=True)
    body = r.content.decode()
    assert 'data-testid="activation-code"' in body and 'data-testid="code-letter"' in body
    # the way back leads to the school-account requests, not to the operator list
    assert f'href="{reverse("accounts:school_accounts")}"' in body and "Kembali ke ajuan akun sekolah" in body
    import re

    pdf = client.get(re.search(r'href="([^"]+)" data-testid="code-letter"', body).group(1)).content
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert r.context["code"] in text
    assert bare_school.npsn in text and "S01" in text
