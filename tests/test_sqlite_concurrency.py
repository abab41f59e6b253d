"""The embedded default (SQLite, `make run`): 50 concurrent writers, each on its own connection and
each going through a real service (entering a PTK: duplicate checks, a new PegID, the PTK row, its
school link and the change log in one transaction), all succeed: no "database is locked".
WAL + busy timeout + IMMEDIATE transactions (padamu/settings/base.py) make this hold; with
SQLite's default deferred transactions some of these writers fail at once with "database is locked".
Runs on PostgreSQL too (row locks do the same work there)."""

import pytest
from django.db import connection

from accounts.scope import ActiveRole
from ptk.models import Ptk, PtkChange
from ptk.services import ptk_enter
from tests.concurrency import race

from .ptk.conftest import ptk_data

WRITERS = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_writers_never_see_database_is_locked(world):
    if connection.vendor == "sqlite":
        opts = connection.settings_dict["OPTIONS"]
        assert opts.get("transaction_mode") == "IMMEDIATE" and opts.get("timeout", 5) >= 20
        with connection.cursor() as cur:
            cur.execute("PRAGMA journal_mode")
            assert cur.fetchone()[0] == "wal"
    op = world.roles["sd_op"]
    school = world.inst["sd"]
    data = [ptk_data(name=f"Guru Serentak {i}") for i in range(WRITERS)]

    def writer(fields):
        return lambda: ptk_enter(school=school, actor=op.user, role=ActiveRole(op), **fields).pk

    results = race([writer(d) for d in data], timeout=300)
    failures = [r for r in results if r is None or r[0] != "ok"]
    print(f"\n{WRITERS} concurrent writers on {connection.vendor}: {len(failures)} errors")
    assert failures == []
    assert Ptk.objects.filter(name__startswith="Guru Serentak").count() == WRITERS
    logged = PtkChange.objects.filter(ptk__name__startswith="Guru Serentak").values("ptk_id").distinct()
    assert logged.count() == WRITERS  # every entry has its change log
