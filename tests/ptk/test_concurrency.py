"""PostgreSQL only: two operators at the same moment, each on their own connection."""

from datetime import date

import pytest

from ptk.models import Ptk
from tests.concurrency import race, require_postgres

from .conftest import ptk_data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _pg_only():
    require_postgres("needs PostgreSQL (row locks, two connections)")


def _enter(world, op_key, school_key, data, **kw):
    from accounts.scope import ActiveRole
    from ptk.services import ptk_enter

    a = world.roles[op_key]
    return lambda: ptk_enter(school=world.inst[school_key], actor=a.user, role=ActiveRole(a), **kw, **data)


def test_same_pegid_candidate_in_two_entries_both_succeed_with_distinct_pegids(world):
    def source():
        values = iter(["0011111111111111", "0022222222222222", "0033333333333333"])
        return lambda: next(values)

    results = race(
        [
            _enter(world, "sd_op", "sd", ptk_data(), pegid_source=source()),
            _enter(world, "smp_op", "smp", ptk_data(), pegid_source=source()),
        ]
    )
    assert [r[0] for r in results] == ["ok", "ok"], results
    assert sorted(Ptk.objects.values_list("pegid", flat=True)) == ["0011111111111111", "0022222222222222"]


def test_same_person_entered_twice_at_once_is_stopped(world):
    same = ptk_data(name="Dewi Lestari", mother_name="Painem", birth_date=date(1991, 2, 3), sex="P")
    other_nik = dict(same, nik=same["nik"][:-4] + "9999")  # the name rule, not the NIK index
    results = race(
        [_enter(world, "sd_op", "sd", same), _enter(world, "sd_sleman_op", "sd_sleman", other_nik)]
    )
    outcomes = sorted(r[0] for r in results)
    assert outcomes == ["error", "ok"], results
    assert "sudah terdaftar" in next(r[1] for r in results if r[0] == "error")
    assert Ptk.objects.count() == 1


def test_same_nik_entered_twice_at_once_is_stopped(world):
    same = ptk_data()
    renamed = dict(same, name="Nama Lain Sekali", mother_name="Ibu Lain")
    results = race([_enter(world, "sd_op", "sd", same), _enter(world, "smp_op", "smp", renamed)])
    assert sorted(r[0] for r in results) == ["error", "ok"], results
    assert Ptk.objects.count() == 1
