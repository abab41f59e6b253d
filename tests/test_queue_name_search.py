"""The request queue's name search uses the same rule as the PTK list (ptk.search): whole words, the
last one possibly unfinished, any order; on PostgreSQL both of its paths (a rare name resolved to PTK
ids first, a common one checked row by row during the queue walk) give the same answers."""

from unittest import mock

import pytest
from django.urls import reverse

from ptk import search
from tests.factories import login_as
from tests.nuptk.test_views import submitted

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("common", [False, True], ids=["rare-name-path", "common-name-path"])
def test_queue_name_search(client, world, common):
    a = submitted(world, name="Ani Lestari")
    b = submitted(world, name="Bambang Lestariono")
    c = submitted(world, school="sd_sleman", name="Ani Lestari Sleman")
    login_as(client, world.roles["dinas_kota_op"])

    def found(q):
        r = client.get(reverse("nuptk:queue"), {"q": q})
        assert r.status_code == 200
        return {s.code for s in (a, b, c) if s.code in r.text}

    # SCAN = 0 makes every probe incomplete, so the per-row path answers (PostgreSQL).
    with mock.patch.object(search, "SCAN", 0 if common else search.SCAN):
        assert found("lestari") == {a.code, b.code}
        assert found("ani lest") == {a.code}
        assert found("lestari ani") == {a.code}
        assert found("ani lestariono") == set()
        assert found("estari") == set()
        assert found("bambang") == {b.code}
        assert c.code not in str(found("sleman"))  # another Dinas's request never shows
