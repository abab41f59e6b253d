"""Two reviewers at the same moment, on PostgreSQL with two connections: exactly one wins, the
other gets a clear message, the effect is applied once. NUPTK issuing stays unique under races."""

import threading

import pytest

from nuptk import services as svc
from nuptk.models import NuptkNumber, Submission, SubmissionLog
from tests.concurrency import race, require_postgres

from .conftest import approve, attach_all, make_ptk, reject, scope_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _pg_only():
    require_postgres("needs PostgreSQL (row locks)")


def _at_pdspk(world):
    op = scope_of(world.roles["sd_op"])
    sub = svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"]), kind="penerbitan")
    attach_all(op, sub)
    svc.submission_submit(scope=op, pk=sub.pk)
    approve(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk)
    approve(scope=scope_of(world.roles["lpmp_op"]), pk=sub.pk)
    return sub


def test_two_pdspk_reviewers_approve_at_once_exactly_one_nuptk(world, pdspk_op2):
    sub = _at_pdspk(world)
    a, b = scope_of(world.roles["pdspk_op"]), scope_of(pdspk_op2)
    results = race(
        [
            lambda: approve(scope=a, pk=sub.pk),
            lambda: approve(scope=b, pk=sub.pk),
        ]
    )
    kinds = sorted(r[0] for r in results)
    assert kinds == ["error", "ok"], results
    msg = next(r[1] for r in results if r[0] == "error")
    assert "sedang diperiksa" in msg or "tidak (lagi) menunggu" in msg or "baru saja diproses" in msg
    sub = Submission.objects.get(pk=sub.pk)
    assert sub.state == "approved"
    assert NuptkNumber.objects.filter(ptk=sub.ptk).count() == 1
    assert SubmissionLog.objects.filter(submission=sub, action="approve").count() == 1


def test_approve_and_reject_at_once_one_wins(world, dinas_op2):
    op = scope_of(world.roles["sd_op"])
    sub = svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"]), kind="penerbitan")
    attach_all(op, sub)
    svc.submission_submit(scope=op, pk=sub.pk)
    a, b = scope_of(world.roles["dinas_kota_op"]), scope_of(dinas_op2)
    results = race(
        [
            lambda: approve(scope=a, pk=sub.pk),
            lambda: reject(scope=b, pk=sub.pk, reason="other", note="catatan"),
        ]
    )
    assert sorted(r[0] for r in results) == ["error", "ok"], results
    sub = Submission.objects.get(pk=sub.pk)
    assert sub.state in ("at_qa", "rejected")
    assert SubmissionLog.objects.filter(submission=sub, action__in=["forward", "reject"]).count() == 1


def test_nuptk_allocation_is_unique_under_concurrency(world, monkeypatch):
    """Every thread draws the same first number: one gets it, the others wait on the registry's
    primary key, fail, and draw again; no number is handed out twice."""
    import itertools

    from nuptk import effects

    ptks = [make_ptk(world.inst["sd"], name=f"G{i}") for i in range(6)]
    lock = threading.Lock()
    seqs = {}

    def draw():
        with lock:
            it = seqs.setdefault(
                threading.get_ident(),
                itertools.chain(
                    ["1111222233334444"],
                    (f"9{n:015d}" for n in itertools.count(threading.get_ident() % 10**6 * 100)),
                ),
            )
            return next(it)

    monkeypatch.setattr(effects, "_random_nuptk", draw)

    def issue(p):
        from django.db import transaction

        with transaction.atomic():
            return effects.nuptk_allocate(ptk=p)

    results = race([lambda p=p: issue(p) for p in ptks])
    assert all(r[0] == "ok" for r in results), results
    numbers = [r[1] for r in results]
    assert len(set(numbers)) == len(numbers) == 6
    assert numbers.count("1111222233334444") == 1
    assert NuptkNumber.objects.count() == 6
