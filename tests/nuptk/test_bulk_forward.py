"""The Dinas forwards several requests at once from its queue: each one under the rules of a single
forward (taken by this reviewer, waiting at this Dinas, every checklist item), refusals one by one
with their reason, and ONE pengantar (S10) listing the forwarded requests with each one's papers."""

import pytest
from django.urls import reverse

from documents.letters import letter_pdf
from documents.models import Letter
from nuptk import printing
from nuptk import services as svc
from nuptk.models import Submission, SubmissionLog
from tests.factories import login_as

from ..documents.conftest import pdf_text
from .conftest import attach_all, make_ptk, scope_of

pytestmark = pytest.mark.django_db

URL = reverse("nuptk:queue_forward")


def _submitted(world, school, name, capture):
    op = scope_of(world.roles[f"{school}_op"])
    sub = svc.submission_create(scope=op, ptk=make_ptk(world.inst[school], name=name), kind="penerbitan")
    attach_all(op, sub)
    with capture(execute=True):
        return svc.submission_submit(scope=op, pk=sub.pk)


def _taken(world, school, name, capture, reviewer="dinas_kota_op"):
    sub = _submitted(world, school, name, capture)
    with capture(execute=True):
        svc.submission_claim(scope=scope_of(world.roles[reviewer]), pk=sub.pk)
    return sub


def _post(client, pks, checked=True, capture=None):
    data = {"pilih": [str(p) for p in pks]}
    if checked:
        data["diperiksa"] = "on"
    if capture is None:
        return client.post(URL, data, follow=True)
    with capture(execute=True):
        return client.post(URL, data)


def _msgs(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_batch_of_three_prints_one_pengantar_with_each_code_and_papers(
    client, world, django_capture_on_commit_callbacks
):
    cap = django_capture_on_commit_callbacks
    subs = [
        _taken(world, "sd", "Andi Pratama, S.Pd.", cap),
        _taken(world, "smp", "Budi Santoso, S.Pd.", cap),
        _taken(world, "sd", "Citra Lestari, S.Pd.", cap),
    ]
    login_as(client, world.roles["dinas_kota_op"])
    queue = client.get(reverse("nuptk:queue")).content.decode()
    assert 'data-testid="bulk-forward"' in queue and "Teruskan yang dipilih ke LPMP" in queue
    assert queue.count('data-testid="pick"') == 3 and "data-confirm=" in queue

    r = _post(client, [s.pk for s in subs], capture=cap)
    assert r.status_code == 302 and r["Location"] == reverse("nuptk:queue")
    page = client.get(r["Location"]).content.decode()
    assert "3 ajuan diteruskan ke LPMP DIY" in page
    for s in subs:
        s.refresh_from_db()
        assert s.waiting_at_id == world.inst["lpmp"].pk
        log = SubmissionLog.objects.filter(submission=s, action="forward").get()
        assert log.checklist and all(log.checklist.values())  # every item ticked, as on the page

    # one letter, one number, for the three: no S10 per request
    assert not Letter.objects.filter(code="S10", subject_type="request").exists()
    batch = Letter.objects.get(code="S10", subject_type=printing.BATCH_SUBJECT_TYPE)
    assert batch.institution == world.inst["dinas_kota"] and batch.qa_office == world.inst["lpmp"]
    assert batch.school is None  # a school does not see the other schools' PTK on it
    assert batch.subject_name == "Andi Pratama, S.Pd., Budi Santoso, S.Pd., Citra Lestari, S.Pd."
    text = pdf_text(letter_pdf(batch))
    assert "Pengantar ajuan penerbitan NUPTK" in text and "3 berkas ajuan" in text
    assert "bersama ini kami teruskan 3 ajuan penerbitan NUPTK" in text
    for i, s in enumerate(subs, 1):
        assert f"{i}. Berkas ajuan {s.code} · {s.ptk.name}" in text
        for _d, label in printing.paper_rows(s):
            assert label in text
    assert text.count("Sesuai") == sum(len(printing.paper_rows(s)) for s in subs)

    # the request page lists the batch letter for the Dinas and the QA office, not for the school
    det = client.get(reverse("nuptk:detail", args=[subs[1].pk])).content.decode()
    assert batch.number in det
    assert client.get(reverse("documents:letter_pdf", args=[batch.pk])).status_code == 200
    login_as(client, world.roles["lpmp_op"])
    assert client.get(reverse("documents:letter_pdf", args=[batch.pk])).status_code == 200
    login_as(client, world.roles["smp_op"])
    assert batch.number not in client.get(reverse("nuptk:detail", args=[subs[1].pk])).content.decode()
    assert client.get(reverse("documents:letter_pdf", args=[batch.pk])).status_code == 404

    # /v/ certifies the three request codes
    v = client.get(reverse("documents:verify", args=[batch.token])).content.decode()
    assert all(s.code in v for s in subs)


def test_the_page_links_the_printed_pengantar(world, django_capture_on_commit_callbacks):
    """The service returns the batch letter once printed (the view links it in its message)."""
    cap = django_capture_on_commit_callbacks
    subs = [_taken(world, "sd", f"Guru {i}", cap) for i in range(2)]
    with cap(execute=True):
        done = svc.submissions_forward(
            scope=scope_of(world.roles["dinas_kota_op"]), pks=[s.pk for s in subs], checked=True
        )
    assert [s.pk for s in done.forwarded] == [s.pk for s in subs] and done.refused == []
    assert len(done.letters) == 1 and done.letters[0].data["request_ids"] == [s.pk for s in subs]
    for s in subs:
        s.refresh_from_db()
        assert [lt.pk for lt in printing.letters_of(s) if lt.code == "S10"] == [done.letters[0].pk]


@pytest.mark.parametrize("who", ["sd_op", "lpmp_op", "pdspk_op", "dinas_kota_admin_ptk"])
def test_wrong_role_is_refused(client, world, who, django_capture_on_commit_callbacks):
    sub = _taken(world, "sd", "Guru Satu", django_capture_on_commit_callbacks)
    if who == "dinas_kota_admin_ptk":
        from accounts.models import Role
        from tests.factories import assign, user

        login_as(client, assign(user("guru.ptk"), Role.PTK))
    else:
        login_as(client, world.roles[who])
    r = client.post(URL, {"pilih": [sub.pk], "diperiksa": "on"})
    assert r.status_code in (302, 403)
    if r.status_code == 302:
        assert "pilih-peran" in r["Location"] or "masuk" in r["Location"] or "role" in r["Location"]
    sub.refresh_from_db()
    assert sub.waiting_at_id == world.inst["dinas_kota"].pk
    assert not Letter.objects.filter(code="S10").exists()


def test_other_dinas_request_in_the_post_is_refused_alone(client, world, django_capture_on_commit_callbacks):
    cap = django_capture_on_commit_callbacks
    mine = _taken(world, "sd", "Guru Kota", cap)
    theirs = _taken(world, "sd_sleman", "Guru Sleman", cap, reviewer="dinas_sleman_op")
    login_as(client, world.roles["dinas_kota_op"])
    r = _post(client, [theirs.pk, mine.pk], capture=cap)
    msgs = _msgs(client.get(r["Location"]))
    assert f"{theirs.code} tidak diteruskan: Ajuan tidak ditemukan atau di luar wilayah Anda." in msgs
    assert any("1 ajuan diteruskan" in m and mine.code in m for m in msgs)
    theirs.refresh_from_db()
    assert theirs.waiting_at_id == world.inst["dinas_sleman"].pk and theirs.claimed_by_id is not None
    assert not SubmissionLog.objects.filter(submission=theirs, action="forward").exists()
    batch = Letter.objects.get(code="S10")
    assert batch.data["request_ids"] == [mine.pk] and theirs.code not in pdf_text(letter_pdf(batch))


def test_requests_in_the_wrong_state_are_refused_one_by_one(
    client, world, dinas_op2, django_capture_on_commit_callbacks
):
    cap = django_capture_on_commit_callbacks
    ok = _taken(world, "sd", "Guru Siap", cap)
    untaken = _submitted(world, "sd", "Guru Belum Diambil", cap)  # nobody clicked "Saya periksa"
    other = _taken(world, "sd", "Guru Rekan", cap, reviewer="dinas_kota_op")
    Submission.objects.filter(pk=other.pk).update(claimed_by=dinas_op2.user)  # a colleague holds it
    draft = svc.submission_create(
        scope=scope_of(world.roles["sd_op"]),
        ptk=make_ptk(world.inst["sd"], name="Guru Draf"),
        kind="penerbitan",
    )
    gone = _taken(world, "sd", "Guru Sudah Diteruskan", cap)
    with cap(execute=True):
        svc.submissions_forward(scope=scope_of(world.roles["dinas_kota_op"]), pks=[gone.pk], checked=True)
    login_as(client, world.roles["dinas_kota_op"])
    r = _post(client, [untaken.pk, ok.pk, other.pk, draft.pk, gone.pk], capture=cap)
    msgs = _msgs(client.get(r["Location"]))
    assert any(
        m.startswith(f'{untaken.code} tidak diteruskan: Klik "Saya periksa" lebih dulu') for m in msgs
    ), msgs
    assert any(
        m.startswith(f"{other.code} tidak diteruskan: Ajuan ini sedang diperiksa oleh") for m in msgs
    ), msgs
    assert any(
        m.startswith(f"{draft.code} tidak diteruskan: Ajuan ini tidak (lagi) menunggu") for m in msgs
    ), msgs
    assert any(
        m.startswith(f"{gone.code} tidak diteruskan: Ajuan ini tidak (lagi) menunggu") for m in msgs
    ), msgs
    assert any("1 ajuan diteruskan" in m for m in msgs)
    for s in (untaken, other):
        s.refresh_from_db()
        assert s.waiting_at_id == world.inst["dinas_kota"].pk
        assert not SubmissionLog.objects.filter(submission=s, action="forward").exists()
    draft.refresh_from_db()
    assert draft.state == "draft"
    # the earlier batch (gone) and this one (ok) are two letters, each listing its own requests
    assert sorted(lt.data["request_ids"] for lt in Letter.objects.filter(code="S10")) == sorted(
        [[gone.pk], [ok.pk]]
    )


def test_nothing_is_forwarded_without_the_checked_statement_or_a_choice(
    client, world, django_capture_on_commit_callbacks
):
    cap = django_capture_on_commit_callbacks
    sub = _taken(world, "sd", "Guru Satu", cap)
    login_as(client, world.roles["dinas_kota_op"])
    msgs = _msgs(_post(client, [sub.pk], checked=False))
    assert any("semua butir daftar periksa" in m for m in msgs)
    msgs = _msgs(_post(client, []))
    assert "Pilih dulu ajuan yang akan diteruskan." in msgs
    msgs = _msgs(client.post(URL, {"pilih": ["x1"], "diperiksa": "on"}, follow=True))
    assert "Pilihan ajuan tidak sah." in msgs
    sub.refresh_from_db()
    assert sub.waiting_at_id == world.inst["dinas_kota"].pk
    assert not Letter.objects.filter(code="S10").exists()


def test_a_request_decided_at_its_level_is_not_forwarded(world, django_capture_on_commit_callbacks):
    """Bulk forward only forwards: a request whose route ends at this office is refused, untouched."""
    cap = django_capture_on_commit_callbacks
    sub = _taken(world, "sd", "Guru Satu", cap)
    with pytest.MonkeyPatch.context() as mp:
        from nuptk import permissions as perm

        real = perm.available_actions
        mp.setattr(perm, "available_actions", lambda a, s: real(a, s) | {"approve"})
        done = svc.submissions_forward(
            scope=scope_of(world.roles["dinas_kota_op"]), pks=[sub.pk], checked=True
        )
    assert done.forwarded == [] and "diputuskan di tingkat Anda" in done.refused[0][1]
    sub.refresh_from_db()
    assert sub.waiting_at_id == world.inst["dinas_kota"].pk


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_bulk_forward_in_the_browser(chromium, live_server, world):
    """A Dinas clerk ticks two requests they took, confirms, and gets one S10 link for both."""
    from playwright.sync_api import expect

    from tests.browser import open_as

    op = scope_of(world.roles["sd_op"])
    subs = []
    for name in ("Andi Pratama", "Budi Santoso"):
        sub = svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"], name=name), kind="penerbitan")
        attach_all(op, sub)
        svc.submission_submit(scope=op, pk=sub.pk)
        svc.submission_claim(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk)
        subs.append(sub)
    page = open_as(chromium, live_server, "dinas_kota.op")
    page.click("text=Antrian verval")
    expect(page.locator("[data-testid=pick]")).to_have_count(2)
    for box in page.locator("[data-testid=pick]").all():
        box.check()
    page.check("[data-testid=bulk-checked]")
    page.click("[data-testid=bulk-submit]")  # open_as accepts the confirmation dialog
    expect(page.locator(".msg-success")).to_contain_text("2 ajuan diteruskan ke LPMP DIY")
    link = page.locator("[data-testid=batch-letter]")
    expect(link).to_contain_text("/S10/")
    expect(page.locator("[data-testid=pick]")).to_have_count(0)
    batch = Letter.objects.get(code="S10")
    assert batch.data["request_ids"] == [s.pk for s in subs]
    page.context.close()
