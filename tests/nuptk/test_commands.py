"""The demo, synthetic-data and benchmark commands."""

from io import StringIO

import pytest
from django.core.management import call_command

from nuptk import kinds
from nuptk.models import Submission, SubmissionLog

from .conftest import make_ptk

pytestmark = pytest.mark.django_db


def test_seed_demo_requests_skips_without_demo():
    out = StringIO()
    call_command("seed_demo_requests", stdout=out)
    assert "dilewati" in out.getvalue()
    assert not Submission.objects.exists()


def test_seed_demo_requests_is_idempotent():
    call_command("load_wilayah", stdout=StringIO())
    call_command("seed_demo", "--quiet-logins", stdout=StringIO())
    call_command("seed_demo_ptk", stdout=StringIO())
    call_command("seed_demo_requests", stdout=StringIO())
    states = set(Submission.objects.values_list("state", flat=True))
    assert {"draft", "at_dinas", "at_qa", "at_pdspk", "rejected", "sk_rejected", "approved"} <= states
    n = Submission.objects.count()
    call_command("seed_demo_requests", stdout=StringIO())
    assert Submission.objects.count() == n
    andi = Submission.objects.get(ptk__user__username="andi.demo")
    assert andi.state == "draft"


def test_synthetic_requests_deterministic_and_consistent(world):
    for i in range(12):
        make_ptk(world.inst["sd" if i % 2 else "siln"], name=f"Guru {i} (sintetis)")
    call_command("seed_synthetic_requests", requests=30, stdout=StringIO())
    assert Submission.objects.count() == 30
    first = list(Submission.objects.order_by("pk").values_list("kind", "state", "ptk_id"))
    for kind, state, _p in first:
        if state.startswith("at_"):
            assert state in [lv.state for lv in kinds.get(kind).route]
    assert SubmissionLog.objects.filter(action="submit").count() == Submission.objects.exclude(state="draft").count()
    call_command("seed_synthetic_requests", requests=30, stdout=StringIO())
    assert Submission.objects.count() == 30
    call_command("seed_synthetic_requests", requests=40, stdout=StringIO())
    assert list(Submission.objects.order_by("pk").values_list("kind", "state", "ptk_id"))[:30] == first
    out = StringIO()
    call_command("bench_queue", runs=2, stdout=out)
    assert "p95" in out.getvalue() and "halaman pemeriksaan" in out.getvalue()
