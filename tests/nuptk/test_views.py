"""The pages: what each role sees, what it may not (404/403), constant query counts."""

import html
import re
from datetime import timedelta
from urllib.parse import parse_qsl

import pytest
from django.urls import reverse
from django.utils import timezone

from nuptk import services as svc
from nuptk.models import Submission
from tests.factories import login_as

from .conftest import approve, attach_all, make_ptk, reject, scope_of

pytestmark = pytest.mark.django_db


def submitted(world, school="sd", name="Siti Guru", kind="penerbitan"):
    op = scope_of(world.roles[f"{school}_op"])
    sub = svc.submission_create(scope=op, ptk=make_ptk(world.inst[school], name=name), kind=kind)
    attach_all(op, sub)
    return svc.submission_submit(scope=op, pk=sub.pk)


def test_school_starts_request_and_sees_checklist(client, world):
    ptk = make_ptk(world.inst["sd"], has_rombel=False)
    login_as(client, world.roles["sd_op"])
    r = client.get(reverse("nuptk:start"))
    assert r.status_code == 200 and ptk.name in r.text
    r = client.post(reverse("nuptk:start"), {"ptk": ptk.pk, "kind": "penerbitan"}, follow=True)
    sub = Submission.objects.get(ptk=ptk)
    assert r.redirect_chain[-1][0] == reverse("nuptk:detail", args=[sub.pk])
    assert "belum memiliki rombongan belajar" in r.text
    assert "Belum dilampirkan" in r.text
    assert 'data-testid="submit"' not in r.text  # no submit button while checks fail
    r = client.post(reverse("nuptk:submit", args=[sub.pk]), follow=True)
    assert "belum memenuhi persyaratan" in r.text
    assert Submission.objects.get(pk=sub.pk).state == "draft"


def test_school_cannot_start_for_other_schools_ptk(client, world):
    ptk = make_ptk(world.inst["smp"])
    login_as(client, world.roles["sd_op"])
    r = client.post(reverse("nuptk:start"), {"ptk": ptk.pk, "kind": "penerbitan"})
    assert "tidak ditemukan" in r.text
    assert not Submission.objects.exists()


def test_reviewer_queue_and_review_page(client, world):
    sub = submitted(world)
    login_as(client, world.roles["dinas_kota_op"])
    r = client.get(reverse("nuptk:queue"))
    assert r.status_code == 200 and sub.code in r.text
    r = client.get(reverse("nuptk:detail", args=[sub.pk]))
    assert 'data-testid="claim"' in r.text and "Daftar periksa pemeriksa" in r.text
    assert 'data-testid="approve"' not in r.text  # the decision forms come after the claim
    client.post(reverse("nuptk:claim", args=[sub.pk]))
    r = client.get(reverse("nuptk:detail", args=[sub.pk]))
    assert 'data-testid="approve"' in r.text and 'data-testid="review-item-ktp_warna"' in r.text
    r = client.get(reverse("accounts:home"))
    assert 'data-testid="nuptk-panel"' in r.text and "Penerbitan NUPTK: <strong>1</strong>" in r.text


def test_other_dinas_gets_404(client, world):
    sub = submitted(world)
    login_as(client, world.roles["dinas_sleman_op"])
    assert client.get(reverse("nuptk:detail", args=[sub.pk])).status_code == 404
    assert client.post(reverse("nuptk:approve", args=[sub.pk])).status_code == 404
    assert client.post(reverse("nuptk:claim", args=[sub.pk])).status_code == 404
    assert client.post(reverse("nuptk:reject", args=[sub.pk]), {"reason": "other", "note": "x"}).status_code == 404
    assert sub.code not in client.get(reverse("nuptk:queue")).text
    assert Submission.objects.get(pk=sub.pk).state == "at_dinas"


def test_other_school_and_other_ptk_get_404(client, world):
    from accounts.models import Role
    from tests.factories import assign, user

    sub = submitted(world)
    login_as(client, world.roles["smp_op"])
    assert client.get(reverse("nuptk:detail", args=[sub.pk])).status_code == 404
    stranger = assign(user("ptk.lain"), Role.PTK)
    login_as(client, stranger)
    assert client.get(reverse("nuptk:detail", args=[sub.pk])).status_code == 404


def test_ptk_sees_own_request_and_timeline(client, world):
    from accounts.models import Role
    from tests.factories import assign, user

    sub = submitted(world)
    u = user("siti.ptk")
    sub.ptk.user = u
    sub.ptk.save(update_fields=["user"])
    login_as(client, assign(u, Role.PTK))
    r = client.get(reverse("nuptk:list"))
    assert sub.code in r.text
    r = client.get(reverse("nuptk:detail", args=[sub.pk]))
    assert "Menunggu Dinas" in r.text and "diajukan" in r.text
    assert 'data-testid="approve"' not in r.text


def test_reject_form_requires_note_and_shows_it_beside_item(client, world):
    sub = submitted(world)
    login_as(client, world.roles["dinas_kota_op"])
    client.post(reverse("nuptk:claim", args=[sub.pk]))
    r = client.post(reverse("nuptk:reject", args=[sub.pk]), {"reason": "unreadable", "item": "ktp", "note": ""}, follow=True)
    assert "Catatan penolakan wajib diisi" in r.text
    client.post(reverse("nuptk:reject", args=[sub.pk]), {"reason": "unreadable", "item": "ktp", "note": "KTP buram, scan ulang berwarna."})
    assert Submission.objects.get(pk=sub.pk).state == "rejected"
    login_as(client, world.roles["sd_op"])
    r = client.get(reverse("nuptk:detail", args=[sub.pk]))
    assert 'data-testid="fault-note"' in r.text and "KTP buram" in r.text
    assert 'data-testid="submit"' in r.text  # fixable and resubmittable


def test_wrong_role_is_refused(client, world):
    sub = submitted(world)
    login_as(client, world.roles["sd_op"])
    assert client.get(reverse("nuptk:queue")).status_code == 403
    assert client.post(reverse("nuptk:approve", args=[sub.pk])).status_code == 403
    # the Dinas starts only the kinds it prepares itself (A02/A03, head of school, supervisor): none of the school's
    login_as(client, world.roles["dinas_kota_op"])
    page = client.get(reverse("nuptk:start")).text
    assert 'value="penerbitan"' not in page and 'value="mutasi"' not in page
    assert 'value="induk_a02"' in page and 'value="kepala_sekolah"' in page and 'value="pengawas"' in page
    before = Submission.objects.count()
    r = client.post(reverse("nuptk:start"), {"ptk": sub.ptk_id, "kind": "penerbitan"})
    assert r.status_code == 200 and Submission.objects.count() == before
    login_as(client, world.roles["lpmp_op"])
    assert client.get(reverse("nuptk:start")).status_code == 403


def test_lpmp_cannot_act_before_dinas(client, world):
    sub = submitted(world)
    login_as(client, world.roles["lpmp_op"])
    r = client.get(reverse("nuptk:detail", args=[sub.pk]))
    assert r.status_code == 200 and 'data-testid="approve"' not in r.text
    r = client.post(reverse("nuptk:approve", args=[sub.pk]), follow=True)
    assert "tidak (lagi) menunggu" in r.text
    assert Submission.objects.get(pk=sub.pk).state == "at_dinas"


def test_dinas_items_older_than_30_minutes_flagged(client, world):
    sub = submitted(world)
    fresh = submitted(world, name="Baru")
    Submission.objects.filter(pk=sub.pk).update(waiting_since=timezone.now() - timedelta(minutes=45))
    login_as(client, world.roles["dinas_kota_op"])
    r = client.get(reverse("nuptk:queue"))
    assert r.text.count('data-testid="late"') == 1
    assert r.text.index(sub.code) < r.text.index(fresh.code)  # oldest first
    r = client.get(reverse("nuptk:queue"), {"older_than": "30"})
    assert sub.code in r.text and fresh.code not in r.text
    assert "1 ajuan melewati batas layanan 30 menit" in client.get(reverse("accounts:home")).text


def test_queue_search_and_filters(client, world):
    a = submitted(world, name="Ani Lestari")
    b = submitted(world, school="sd", name="Bambang")
    login_as(client, world.roles["dinas_kota_op"])
    r = client.get(reverse("nuptk:queue"), {"q": "lestari"})
    assert a.code in r.text and b.code not in r.text
    r = client.get(reverse("nuptk:queue"), {"q": b.ptk.nik})
    assert b.code in r.text and a.code not in r.text
    r = client.get(reverse("nuptk:queue"), {"kind": "reaktivasi"})
    assert a.code not in r.text
    c = submitted(world, school="smp", name="Citra")
    r = client.get(reverse("nuptk:queue"), {"npsn": world.inst["smp"].npsn})
    assert c.code in r.text and a.code not in r.text
    r = client.get(reverse("nuptk:queue"), {"district": world.inst["sd"].district_id})
    assert c.code in r.text and a.code in r.text  # both schools lie in Mantrijeron


def test_queue_query_count_is_constant(client, world, django_assert_max_num_queries):
    for i in range(3):
        submitted(world, name=f"Guru {i}")
    login_as(client, world.roles["dinas_kota_op"])
    client.get(reverse("nuptk:queue"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("nuptk:queue"))
    for i in range(30):
        submitted(world, name=f"Guru lagi {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        r = client.get(reverse("nuptk:queue"))
    assert 'data-testid="next-page"' in r.text


def test_queue_name_search_pages_through_every_match_once(client, world, django_assert_max_num_queries):
    """A name search in the queue picks each page's requests first (two-step keyset page): following
    "next" shows every match once, oldest first, at a number of queries that does not grow."""
    subs = [submitted(world, name=f"Sari Guru {i}") for i in range(3)]
    submitted(world, name="Bukan Dicari")
    login_as(client, world.roles["dinas_kota_op"])
    url = reverse("nuptk:queue")
    client.get(url, {"q": "sari"})
    with django_assert_max_num_queries(14) as few:
        client.get(url, {"q": "sari"})
    subs += [submitted(world, name=f"Sari Guru lagi {i}") for i in range(30)]
    seen, params = [], {"q": "sari"}
    while True:
        with django_assert_max_num_queries(len(few.captured_queries)):
            r = client.get(url, params)
        seen += re.findall(r">(AJ-\d{8})</a>", r.text)
        nxt = re.search(r'href="\?([^"]*)" data-testid="next-page"', r.text)
        if not nxt:
            break
        params = dict(parse_qsl(html.unescape(nxt.group(1))))
    assert seen == [s.code for s in subs]  # submitted in this order: oldest first
    assert "Bukan Dicari" not in r.text


def test_list_query_count_is_constant(client, world, django_assert_max_num_queries):
    for i in range(3):
        submitted(world, name=f"Guru {i}")
    login_as(client, world.roles["sd_op"])
    client.get(reverse("nuptk:list"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("nuptk:list"))
    for i in range(30):
        submitted(world, name=f"Guru lagi {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("nuptk:list"))


def test_statistics_page(client, world):
    sub = submitted(world)
    reject(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk, reason="unreadable", note="buram")
    other = submitted(world, name="Lain")
    approve(scope=scope_of(world.roles["dinas_kota_op"]), pk=other.pk)
    for key in ("dinas_kota_op", "lpmp_op", "pdspk_op"):
        login_as(client, world.roles[key])
        r = client.get(reverse("nuptk:statistics"))
        assert r.status_code == 200
    login_as(client, world.roles["dinas_kota_op"])
    r = client.get(reverse("nuptk:statistics"))
    assert "Scan tidak terbaca" in r.text and 'data-testid="median-wait"' in r.text


def test_tolak_sk_in_pages(client, world):
    from .conftest import fake_file

    sub = submitted(world)
    approve(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk)
    approve(scope=scope_of(world.roles["lpmp_op"]), pk=sub.pk)
    login_as(client, world.roles["pdspk_op"])
    client.post(reverse("nuptk:claim", args=[sub.pk]))
    r = client.get(reverse("nuptk:detail", args=[sub.pk]))
    assert "Hanya SK yang salah" in r.text
    client.post(reverse("nuptk:reject", args=[sub.pk]),
                {"reason": "sk_invalid", "item": "sk_pengangkatan", "note": "SK lama; unggah SK terbaru.", "sk_only": "on"})
    assert Submission.objects.get(pk=sub.pk).state == "sk_rejected"
    login_as(client, world.roles["sd_op"])
    r = client.get(reverse("nuptk:detail", args=[sub.pk]))
    assert 'data-testid="resubmit-sk"' in r.text and 'data-testid="attach-sk_pengangkatan"' in r.text
    assert 'data-testid="attach-ktp"' not in r.text  # only the SK may be replaced
    svc.submission_document_attach(scope=scope_of(world.roles["sd_op"]), pk=sub.pk, requirement="sk_pengangkatan",
                                   doc_kind="sk_pengangkatan", upload=fake_file("sk_pengangkatan"))
    r = client.post(reverse("nuptk:resubmit_sk", args=[sub.pk]), follow=True)  # an SK with no date at all
    assert "belum memuat tanggal" in r.text and Submission.objects.get(pk=sub.pk).state == "sk_rejected"
    svc.submission_document_attach(scope=scope_of(world.roles["sd_op"]), pk=sub.pk, requirement="sk_pengangkatan",
                                   doc_kind="sk_pengangkatan", upload=fake_file("sk_pengangkatan"),
                                   issued_on=__import__("datetime").date(2020, 1, 2))
    r = client.post(reverse("nuptk:resubmit_sk", args=[sub.pk]), follow=True)
    assert "antrian PDSPK" in r.text
    assert Submission.objects.get(pk=sub.pk).state == "at_pdspk"


def test_claim_number_and_master_changes_through_pages(client, world):
    op = scope_of(world.roles["sd_op"])
    klaim = svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"]), kind="klaim")
    master = svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"], name="Lain"), kind="data_master")
    login_as(client, world.roles["sd_op"])
    r = client.post(reverse("nuptk:payload", args=[klaim.pk]), {"claimed_nuptk": "12ab"}, follow=True)
    assert "16 digit" in r.text
    client.post(reverse("nuptk:payload", args=[klaim.pk]), {"claimed_nuptk": "1234123412341234"})
    assert Submission.objects.get(pk=klaim.pk).payload["claimed_nuptk"] == "1234123412341234"
    client.post(reverse("nuptk:payload", args=[master.pk]), {"field": "mother_name", "new": "Siti Aminah"})
    changes = Submission.objects.get(pk=master.pk).payload["changes"]
    assert changes == [{"field": "mother_name", "old": "Ibu Siti", "new": "Siti Aminah"}]
    client.post(reverse("nuptk:payload", args=[master.pk]), {"remove": "mother_name"})
    assert Submission.objects.get(pk=master.pk).payload["changes"] == []


def test_kind_cards_post_with_their_csrf_token(world):
    """The payload card of a kind is a partial: its forms carry the CSRF token the browser sends."""
    import re

    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    op = scope_of(world.roles["sd_op"])
    klaim = svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"]), kind="klaim")
    master = svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"], name="Lain"), kind="data_master")
    login_as(client, world.roles["sd_op"])
    for sub, data in ((klaim, {"claimed_nuptk": "1234123412341234"}), (master, {"field": "nik", "new": "3471010101900099"})):
        page = client.get(reverse("nuptk:detail", args=[sub.pk])).text
        action = reverse("nuptk:payload", args=[sub.pk])
        form = re.search(rf'<form method="post" action="{action}"[^>]*>(.*?)</form>', page, re.S).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        r = client.post(action, {**data, "csrfmiddlewaretoken": token})
        assert r.status_code == 302, r.status_code
    assert Submission.objects.get(pk=klaim.pk).payload["claimed_nuptk"] == "1234123412341234"
    assert Submission.objects.get(pk=master.pk).payload["changes"][0]["new"] == "3471010101900099"
