import pytest
from django.core.management import call_command

from accounts.models import Role, RoleAssignment, User
from ptk.models import Ptk, PtkChange, PtkSchool

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(Ptk.objects.values_list("nik", "name", "pegid", "nuptk", "school__npsn", "nuptk_status"))


def test_seed_demo_ptk_is_deterministic_and_idempotent():
    call_command("seed_demo", "--quiet-logins")
    call_command("seed_demo_ptk")
    first = snapshot()
    assert 45 <= len(first) <= 60
    call_command("seed_demo_ptk")
    assert snapshot() == first
    guru = User.objects.get(username="guru.demo")
    assert guru.check_password("padamu-demo")
    assert guru.ptk.school.npsn == "20400101" and guru.ptk.activated_at
    assert RoleAssignment.objects.filter(user=guru, role=Role.PTK, institution=None).exists()
    assert PtkChange.objects.filter(ptk=guru.ptk, table="pendidikan").exists()
    multi = User.objects.get(username="multi.demo")
    assert set(RoleAssignment.objects.filter(user=multi).values_list("role", flat=True)) == {
        "operator",
        "ptk",
    }
    assert set(PtkSchool.objects.filter(ptk=multi.ptk).values_list("school__npsn", flat=True)) == {
        "20400101",
        "20400102",
    }
    # Same data on a fresh database: wipe and seed again.
    Ptk.objects.all().delete()
    call_command("seed_demo_ptk")
    assert snapshot() == first


def test_seed_demo_ptk_needs_seed_demo():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="seed_demo"):
        call_command("seed_demo_ptk")


def test_bench_ptk_list_runs(world):
    import io

    from .conftest import enter

    for _i in range(3):
        enter(world.inst["sd"], world.roles["sd_op"])
    out = io.StringIO()
    call_command("bench_ptk_list", "--runs", "1", stdout=out)
    text = out.getvalue()
    assert "PDSPK (3 PTK)" in text and "halaman dalam" in text and "p95" in text


def test_seed_demo_reg_walks_every_letter_and_star_and_is_idempotent(django_capture_on_commit_callbacks):
    from django.db.models import Count

    from documents.models import Complaint, Letter

    call_command("seed_demo", "--quiet-logins")
    call_command("seed_demo_ptk")
    with django_capture_on_commit_callbacks(execute=True):  # request letters print on commit
        call_command("seed_demo_reg")
    codes = dict(Letter.objects.values_list("code").annotate(n=Count("pk")))
    for code in ("A02", "A03", "S01", "S02", "S03", "S04", "S05", "S07", "S08"):
        assert codes.get(code), code
    stars = set(Ptk.objects.filter(school__npsn="20400101").values_list("star", flat=True))
    assert stars == {0, 1, 2, 3, 4}
    assert Complaint.objects.filter(answered_at__isnull=False).count() == 1
    guru = Ptk.objects.get(user__username="guru.demo")
    assert guru.star == 2
    before = (Letter.objects.count(), sorted(Ptk.objects.values_list("nik", "star", "school__npsn")))
    call_command("seed_demo_reg")
    assert (Letter.objects.count(), sorted(Ptk.objects.values_list("nik", "star", "school__npsn"))) == before
