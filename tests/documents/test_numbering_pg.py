"""Letter numbers under concurrency, on PostgreSQL: many threads issue at once for the same
institution; every number is used exactly once, with no gaps."""

import threading

import pytest
from django.db import connection, connections

from documents.letters import letter_create
from documents.models import Letter, LetterSequence

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS, EACH = 8, 6


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")


def test_concurrent_issuers_get_unique_gap_free_numbers(world):
    school = world.inst["sd"]
    issuer = world.roles["sd_op"].user
    start = threading.Barrier(THREADS)
    errors = []

    def issue_many():
        try:
            start.wait()
            for _i in range(EACH):
                letter_create(
                    code="S04",
                    issuer=issuer,
                    issuer_role="operator",
                    institution=school,
                    subject_type="ptk",
                    subject_id=1,
                    subject_name="Siti Rahmawati",
                    data={},
                    school=school,
                )
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue_many) for _i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    seqs = sorted(Letter.objects.filter(institution=school).values_list("seq", flat=True))
    assert seqs == list(range(1, THREADS * EACH + 1))
    numbers = list(Letter.objects.filter(institution=school).values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers)
    assert LetterSequence.objects.get(institution=school).last == THREADS * EACH


def test_first_letter_of_the_year_created_concurrently(world):
    """No sequence row exists yet: concurrent issuers race to create it, none fails."""
    dinas = world.inst["dinas_kota"]
    start = threading.Barrier(THREADS)
    errors = []

    def issue_one():
        try:
            start.wait()
            letter_create(
                code="S08",
                issuer=None,
                issuer_role="admin",
                institution=dinas,
                subject_type="ptk",
                subject_id=1,
                subject_name="Siti Rahmawati",
                data={},
            )
        except Exception as e:  # pragma: no cover
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue_one) for _i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(Letter.objects.filter(institution=dinas).values_list("seq", flat=True)) == list(
        range(1, THREADS + 1)
    )
