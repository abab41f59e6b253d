"""The management commands a new operator runs: regions, demo data, synthetic data."""

import pytest
from django.core.management import call_command

from accounts.models import District, Institution, InstitutionKind, Province, Regency, RoleAssignment, User

pytestmark = pytest.mark.django_db


def test_load_wilayah_loads_all_regions_and_is_idempotent():
    call_command("load_wilayah", verbosity=0)
    call_command("load_wilayah", verbosity=0)
    assert (Province.objects.count(), Regency.objects.count(), District.objects.count()) == (38, 514, 7285)
    assert Regency.objects.get(code="34.71").name == "Kota Yogyakarta"
    assert Regency.objects.get(code="34.71").is_city and not Regency.objects.get(code="34.04").is_city


NEED_MFA = {"pdspk.op", "lpmp.op", "dinaskota.op", "dinasprov.op", "sekolah.admin", "bpkln.op", "atdikbud.op",
            "bppaud.op"}


def test_seed_demo_is_idempotent_and_every_demo_login_works(client):
    from django_otp.plugins.otp_totp.models import TOTPDevice as MfaDevice

    from accounts.management.commands.demo_otp import demo_code

    call_command("seed_demo", quiet_logins=True)
    counts = (Institution.objects.count(), User.objects.count(), RoleAssignment.objects.count())
    call_command("seed_demo", quiet_logins=True)
    assert counts == (Institution.objects.count(), User.objects.count(), RoleAssignment.objects.count())
    assert Institution.objects.filter(kind=InstitutionKind.SEKOLAH).count() >= 10
    for username in ("pdspk.op", "lpmp.op", "dinaskota.op", "dinasprov.op", "sekolah.admin", "sekolah.op",
                     "kecamatan.op", "bpkln.op", "atdikbud.op", "bppaud.op"):
        client.logout()
        r = client.post("/masuk/", {"username": username, "password": "padamu-demo"})
        assert r.status_code == 302, username
        r = client.get("/")
        if username in NEED_MFA:  # the second step, with the documented demo key (demo_otp)
            assert r.status_code == 302 and r.url.startswith("/akun/verifikasi/"), username
            r = client.post("/akun/verifikasi/", {"token": demo_code(username), "next": "/"})
            assert r.status_code == 302, username
        else:
            assert not MfaDevice.objects.filter(user__username=username).exists(), username
        assert client.get("/").status_code == 200, username
    # the multi-role user must choose
    client.logout()
    client.post("/masuk/", {"username": "multi.demo", "password": "padamu-demo"})
    assert client.get("/").url == "/peran/"


def test_seed_synthetic_is_deterministic():
    call_command("seed_synthetic", schools=30, ptk=60, verbosity=0)
    first = list(Institution.objects.filter(npsn__startswith="3").order_by("npsn").values_list(
        "npsn", "jenjang", "district_id", "dinas__name", "qa_office__name"))
    assert len(first) == 30
    assert all(row[3] and row[4] for row in first), "every synthetic school has its covering offices"
    call_command("seed_synthetic", schools=30, ptk=60, verbosity=0)
    again = list(Institution.objects.filter(npsn__startswith="3").order_by("npsn").values_list(
        "npsn", "jenjang", "district_id", "dinas__name", "qa_office__name"))
    assert first == again
    from django.apps import apps

    assert apps.get_model("ptk", "Ptk").objects.count() == 60


def test_demo_otp_prints_the_code_of_demo_accounts_only(capsys):
    from django.core.management.base import CommandError

    call_command("seed_demo", quiet_logins=True)
    capsys.readouterr()
    call_command("demo_otp", "pdspk.admin")
    code = capsys.readouterr().out.strip().splitlines()[-1]
    assert len(code) == 6 and code.isdigit()
    with pytest.raises(CommandError):
        call_command("demo_otp", "sekolah.op")  # no second factor: no demo key
