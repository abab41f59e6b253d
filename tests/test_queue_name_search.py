"""The request queue's name search uses the same rule as the PTK list (ptk.search): whole words, the
last one possibly unfinished, any order; on PostgreSQL both of its paths (a rare name resolved to PTK
ids first, a common one checked row by row during the queue walk) give the same answers."""

import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nuptk import services as svc
from nuptk.models import Submission, SubmissionNameWord
from ptk import search
from tests.factories import login_as
from tests.nuptk.conftest import approve, attach_all, make_ptk, scope_of
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


# --- the queues' own word index (nuptk_submissionnameword, PostgreSQL) ------------------------


def _queue_codes(client, role, q):
    login_as(client, role)
    r = client.get(reverse("nuptk:queue"), {"q": q})
    assert r.status_code == 200
    return set(re.findall(r"AJ-\d+", r.text))


# PostgreSQL paths: SCAN = 2000 (rare words: the rarest term's range), 1 (each word of "ani lest"
# has 2 rows in the queue: the ranges are intersected), 0 (every match set is "too big": the per-row
# check along the queue walk). SQLite: the same rule as a regular expression.
@pytest.mark.parametrize("scan", [2000, 1, 0], ids=["range-path", "intersect-path", "per-row-path"])
def test_queue_search_follows_the_request_from_queue_to_queue(client, world, scan):
    a = submitted(world, name="Ani Lestari Wulan")
    e = submitted(world, name="Ani Budiman")
    f = submitted(world, name="Rina Lestari")
    b = submitted(world, school="sd_sleman", name="Ani Lestari")
    c = submitted(world, school="sd_bdg", name="Ani Lestari")  # another Dinas and LPMP
    dinas, sleman, lpmp = world.roles["dinas_kota_op"], world.roles["dinas_sleman_op"], world.roles["lpmp_op"]
    with mock.patch.object(search, "SCAN", scan):
        # any word, its start, in any order; only what waits at the role's own office
        assert _queue_codes(client, dinas, "ani") == {a.code, e.code}
        assert _queue_codes(client, dinas, "lest") == {a.code, f.code}
        for q in ("ani lest", "wul", "lestari ani", "ani lestari wul", "wulan ani"):
            assert _queue_codes(client, dinas, q) == {a.code}, q
        assert _queue_codes(client, dinas, "estari") == set()
        assert _queue_codes(client, dinas, "budi lestari") == set()
        assert _queue_codes(client, sleman, "ani") == {b.code}
        assert _queue_codes(client, lpmp, "ani") == set()  # nothing waits at the LPMP yet
        # the Dinas forwards it: it leaves the Dinas queue and waits in the LPMP queue
        approve(scope=scope_of(dinas), pk=a.pk)
        assert _queue_codes(client, dinas, "ani lest") == set()
        assert _queue_codes(client, lpmp, "wulan") == {a.code}
        assert _queue_codes(client, world.roles["lpmp_jabar_op"], "ani") == set()
        assert c.code not in _queue_codes(client, lpmp, "lestari")
        # the data master effect rewrites the request's copy of the name: the new name finds it
        Submission.objects.filter(pk=a.pk).update(ptk_name="Ani Wulandari")
        assert _queue_codes(client, lpmp, "wulandari") == {a.code}
        assert _queue_codes(client, lpmp, "lestari") == set()


@pytest.mark.postgres
def test_word_rows_follow_creation_moves_renames_and_deletes(world):
    if connection.vendor != "postgresql":
        pytest.skip("the queues' word index is kept by a PostgreSQL trigger")

    def rows(sub):
        return set(
            SubmissionNameWord.objects.filter(submission_id=sub.pk).values_list("word", "waiting_at_id")
        )

    op = scope_of(world.roles["sd_op"])
    draft = svc.submission_create(
        scope=op, ptk=make_ptk(world.inst["sd"], name="Dewi Sartika-Putri"), kind="penerbitan"
    )
    assert rows(draft) == {("DEWI", None), ("SARTIKA", None), ("PUTRI", None)}  # waits nowhere yet
    attach_all(op, draft)
    svc.submission_submit(scope=op, pk=draft.pk)
    d, qa = world.inst["dinas_kota"].pk, world.inst["lpmp"].pk
    assert rows(draft) == {("DEWI", d), ("SARTIKA", d), ("PUTRI", d)}
    approve(scope=scope_of(world.roles["dinas_kota_op"]), pk=draft.pk)
    assert rows(draft) == {("DEWI", qa), ("SARTIKA", qa), ("PUTRI", qa)}
    Submission.objects.filter(pk=draft.pk).update(ptk_name="Dewi Anggraini")
    assert rows(draft) == {("DEWI", qa), ("ANGGRAINI", qa)}
    pk = draft.pk
    Submission.objects.filter(pk=pk).update(state="cancelled")
    assert rows(draft) == {("DEWI", None), ("ANGGRAINI", None)}  # out of every queue
    with connection.cursor() as cur:
        cur.execute("DELETE FROM nuptk_submissionlog WHERE submission_id = %s", [pk])
        cur.execute("DELETE FROM nuptk_submissiondocument WHERE submission_id = %s", [pk])
        cur.execute("DELETE FROM nuptk_submission WHERE id = %s", [pk])
    assert not SubmissionNameWord.objects.filter(submission_id=pk).exists()


def test_queue_search_queries_do_not_grow_with_the_queue(client, world, django_assert_max_num_queries):
    login_as(client, world.roles["dinas_kota_op"])
    submitted(world, name="Rina Kartika")
    for q in ("rina", "rina kart"):
        with CaptureQueriesContext(connection) as one:
            client.get(reverse("nuptk:queue"), {"q": q})
        for i in range(4):
            submitted(world, name=f"Rina Kartika {q[:2]}{i}")
        with django_assert_max_num_queries(len(one)):
            r = client.get(reverse("nuptk:queue"), {"q": q})
        assert r.status_code == 200 and r.text.count("Rina Kartika") >= 5


@pytest.mark.parametrize("scan", [2000, 2], ids=["range-path", "intersect-whole-words-path"])
def test_two_common_whole_words_and_an_unfinished_one(client, world, scan):
    # SCAN = 2: ANI, LESTARI and W... each have more than 2 rows in the queue, so the whole words
    # are intersected ({a, g}) and the unfinished "w" is checked per match.
    a = submitted(world, name="Ani Lestari Wulan")
    g = submitted(world, name="Ani Lestari Wulandari")
    submitted(world, name="Ani Budiman")
    submitted(world, name="Rina Lestari")
    submitted(world, name="Wati Wulan")
    with mock.patch.object(search, "SCAN", scan):
        assert _queue_codes(client, world.roles["dinas_kota_op"], "ani lestari w") == {a.code, g.code}
        assert _queue_codes(client, world.roles["dinas_kota_op"], "lestari ani wulanda") == {g.code}
