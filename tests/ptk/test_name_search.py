"""Name search (ptk.search, docs/adr/0100-name-search.md): every word typed is a word of the name, the
last one possibly unfinished; the same answers at a school, a Dinas, an LPMP and PDSPK, on SQLite and PostgreSQL; never a
PTK outside the scope; on PostgreSQL the word index follows renames, moves and deletes, and a search
with more matches than the cap shows the first ones (the export still has them all)."""

from unittest import mock

import pytest
from django.db import connection
from django.urls import reverse

from accounts.scope import ActiveRole, Scope
from ptk import search
from ptk.models import Ptk, PtkNameWord
from ptk.selectors import ptk_list
from ptk.services import ptk_update_master
from tests.factories import login_as

from .conftest import enter

pytestmark = pytest.mark.django_db

LEVELS = ["sd_op", "dinas_kota_op", "lpmp_op", "pdspk_op"]


@pytest.fixture
def people(world):
    sd, op = world.inst["sd"], world.roles["sd_op"]
    return {
        "hendra": enter(sd, op, name="Hendra Kurniawan"),
        "hendrawan": enter(sd, op, name="Budi Hendrawan"),
        "siti": enter(sd, op, name="Siti Nur'aini Rahayu"),
        "other_dinas": enter(world.inst["sd_sleman"], world.roles["sd_sleman_op"], name="Hendra Sleman"),
        "other_province": enter(world.inst["sd_bdg"], world.roles["sd_bdg_op"], name="Hendra Bandung"),
    }


def _scope(assignment):
    return Scope(assignment.user, ActiveRole(assignment))


def _found(client, q, **extra):
    r = client.get(reverse("ptk:list"), {"q": q, **extra})
    assert r.status_code == 200
    return {p.name for p in r.context["page"].items}


@pytest.mark.parametrize("level", LEVELS)
def test_word_starts_match_at_every_level(client, world, people, level):
    login_as(client, world.roles[level])
    assert _found(client, "hen") >= {"Hendra Kurniawan", "Budi Hendrawan"}
    assert _found(client, "Hendra") >= {"Hendra Kurniawan", "Budi Hendrawan"}
    assert _found(client, "KURNI") == {"Hendra Kurniawan"}
    assert _found(client, "kurniawan hendra") == {"Hendra Kurniawan"}  # any order
    assert _found(client, "Hendra Kurniawan") == {"Hendra Kurniawan"}
    assert _found(client, "aini") == {"Siti Nur'aini Rahayu"}  # a word after an apostrophe
    assert _found(client, "siti rahayu") == {"Siti Nur'aini Rahayu"}
    assert _found(client, "ndra") == set()  # inside a word: no
    assert _found(client, "Hendra Zzz") == set()  # every word must match
    assert _found(client, "hendra kurni") == {"Hendra Kurniawan"}  # the last word may be unfinished
    assert _found(client, "hen kurniawan") == set()  # the words before it are whole words
    assert _found(client, "Budi Hendrawan") == {"Budi Hendrawan"}
    assert _found(client, "((( )))") == set()


@pytest.mark.parametrize(
    "level,sees",
    [
        ("sd_op", {"Hendra Kurniawan", "Budi Hendrawan"}),
        ("dinas_kota_op", {"Hendra Kurniawan", "Budi Hendrawan"}),
        ("dinas_sleman_op", {"Hendra Sleman"}),
        ("lpmp_op", {"Hendra Kurniawan", "Budi Hendrawan", "Hendra Sleman"}),
        ("lpmp_jabar_op", {"Hendra Bandung"}),
        ("pdspk_op", {"Hendra Kurniawan", "Budi Hendrawan", "Hendra Sleman", "Hendra Bandung"}),
    ],
)
def test_search_never_leaves_the_scope(client, world, people, level, sees):
    login_as(client, world.roles[level])
    assert _found(client, "hendra") == sees


def test_school_filter_inside_a_dinas_search(world, people):
    smp = enter(world.inst["smp"], world.roles["smp_op"], name="Hendra Smp")
    scope = _scope(world.roles["dinas_kota_op"])
    assert list(ptk_list(scope=scope, filters={"q": "hendra", "school": world.inst["smp"].pk})) == [smp]


def test_scope_keys_follow_the_scope_rule(world):
    assert search.scope_keys(_scope(world.roles["pdspk_op"])) == {}
    assert search.scope_keys(_scope(world.roles["dinas_kota_op"])) == {
        "dinas_id": world.inst["dinas_kota"].pk
    }
    assert search.scope_keys(_scope(world.roles["lpmp_op"])) == {"qa_office_id": world.inst["lpmp"].pk}
    assert search.scope_keys(_scope(world.roles["sd_op"])) is None
    assert search.scope_keys(_scope(world.roles["kec_op"])) is None


def _words(ptk):
    return set(PtkNameWord.objects.filter(ptk=ptk).values_list("word", "dinas_id", "qa_office_id"))


@pytest.mark.postgres
def test_word_index_follows_renames_moves_and_deletes(world, people):
    if connection.vendor != "postgresql":
        pytest.skip("the word index is kept by a PostgreSQL trigger")
    p = people["siti"]
    d, qa = world.inst["dinas_kota"].pk, world.inst["lpmp"].pk
    assert _words(p) == {("SITI", d, qa), ("NUR", d, qa), ("AINI", d, qa), ("RAHAYU", d, qa)}
    op = world.roles["sd_op"]
    ptk_update_master(ptk=p, changes={"name": "Siti Aminah"}, actor=op.user, role=ActiveRole(op))
    assert _words(p) == {("SITI", d, qa), ("AMINAH", d, qa)}
    scope = _scope(world.roles["dinas_kota_op"])
    assert list(ptk_list(scope=scope, filters={"q": "aminah"})) == [p]
    assert list(ptk_list(scope=scope, filters={"q": "rahayu"})) == []
    # A move to another Dinas (any write path, here a plain UPDATE) moves the words' scope keys.
    sleman = world.inst["dinas_sleman"].pk
    Ptk.objects.filter(pk=p.pk).update(dinas_id=sleman, school_id=world.inst["sd_sleman"].pk)
    assert _words(p) == {("SITI", sleman, qa), ("AMINAH", sleman, qa)}
    assert list(ptk_list(scope=scope, filters={"q": "aminah"})) == []
    assert [
        x.pk for x in ptk_list(scope=_scope(world.roles["dinas_sleman_op"]), filters={"q": "aminah"})
    ] == [p.pk]
    Ptk.objects.filter(pk=p.pk).delete()
    assert not PtkNameWord.objects.filter(ptk_id=p.pk).exists()


@pytest.mark.postgres
def test_more_matches_than_the_cap_show_the_first_and_the_export_has_all(client, world, people):
    if connection.vendor != "postgresql":
        pytest.skip("the cap applies to the word index (PostgreSQL)")
    for i in range(4):
        enter(world.inst["sd"], world.roles["sd_op"], name=f"Hendra Tambahan {i}")
    scope = _scope(world.roles["dinas_kota_op"])
    qs = ptk_list(scope=scope, filters={"q": "hendra"}, search_cap=3)
    assert search.is_capped(qs) and qs.count() == 3
    assert not search.is_capped(ptk_list(scope=scope, filters={"q": "hendra kurniawan"}, search_cap=3))
    login_as(client, world.roles["dinas_kota_op"])
    r = client.get(reverse("ptk:export"), {"q": "hendra"})
    body = b"".join(r.streaming_content).decode()
    assert body.count("Hendra") == 6  # Hendra Kurniawan, Budi Hendrawan and the four more: every match
    # The page says when it shows only part of the matches.
    with (
        mock.patch.object(search, "LIST_CAP", 3),
        mock.patch.object(ptk_list, "__kwdefaults__", {"search_cap": 3}),
    ):
        r = client.get(reverse("ptk:list"), {"q": "hendra"})
    assert len(r.context["page"].items) == 3 and 'data-testid="search-capped"' in r.content.decode()
    r = client.get(reverse("ptk:list"), {"q": "hendra kurniawan"})
    assert 'data-testid="search-capped"' not in r.content.decode()
