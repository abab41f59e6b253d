"""A move to another Dinas after its completion: the destination Dinas files the case with its own
"Arsipkan" action (SM05 prints then and only then, once), and lists the moves that come in
("Mutasi masuk"); the old Dinas keeps its outgoing ones; a third Dinas sees none."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents.models import Letter
from nuptk import services as svc
from nuptk.models import Submission, SubmissionLog
from tests.factories import login_as
from tests.nuptk.conftest import approve

from .conftest import scope_of
from .test_mutasi import _draft, _home_ptk

pytestmark = pytest.mark.django_db


def _sm05(sub):
    return Letter.objects.filter(subject_type="request", subject_id=sub.pk, code="SM05")


def _moved(world, capture, name="Rina Pindah", *, complete=True):
    """A move from Kota Yogyakarta to Sleman, forwarded by the old Dinas; completed if asked."""
    ptk = _home_ptk(world, name=name)
    op, sub = _draft(world, ptk, world.inst["sd_sleman"])
    with capture(execute=True):
        svc.submission_submit(scope=op, pk=sub.pk)
    with capture(execute=True):
        approve(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk)
    if complete:
        with capture(execute=True):
            approve(scope=scope_of(world.roles["dinas_sleman_op"]), pk=sub.pk)
    return Submission.objects.get(pk=sub.pk)


def test_the_destination_dinas_archives_once_through_the_page(
    client, world, django_capture_on_commit_callbacks
):
    sub = _moved(world, django_capture_on_commit_callbacks)
    assert sub.state == "approved" and not _sm05(sub).exists()
    login_as(client, world.roles["dinas_sleman_op"])
    url = reverse("nuptk:detail", args=[sub.pk])
    page = client.get(url)
    assert 'data-testid="archive"' in page.text and "data-confirm" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("nuptk:archive", args=[sub.pk]))
    assert r.status_code == 302 and r["Location"].startswith(url)  # post/redirect/get
    page = client.get(url)
    assert "Berkas ajuan diarsipkan" in page.text
    assert 'data-testid="archive"' not in page.text and 'data-testid="archived"' in page.text
    assert 'data-testid="letter-SM05"' in page.text
    letter = _sm05(sub).get()
    assert letter.institution == world.inst["dinas_sleman"] and letter.issuer.username == "dinas_sleman.op"
    sub.refresh_from_db()
    assert letter.data["archived_at"] == sub.archived_at.astimezone().date().isoformat()
    log = SubmissionLog.objects.get(submission=sub, action="archive")
    assert log.institution == world.inst["dinas_sleman"] and log.level == "dinas_tujuan"
    assert log.from_state == log.to_state == "approved"
    # a second time: refused, no second SM05
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("nuptk:archive", args=[sub.pk]))
    assert "sudah diarsipkan" in client.get(url).text
    assert _sm05(sub).count() == 1
    with pytest.raises(ValidationError, match="sudah diarsipkan"):
        svc.submission_archive(scope=scope_of(world.roles["dinas_sleman_admin"]), pk=sub.pk)


def test_archiving_is_refused_before_completion_to_others_and_to_schools(
    client, world, django_capture_on_commit_callbacks
):
    sleman = scope_of(world.roles["dinas_sleman_op"])
    waiting = _moved(world, django_capture_on_commit_callbacks, "Budi Belum", complete=False)
    assert waiting.state == "at_dinas"
    # before completion: no button, and the service refuses
    login_as(client, world.roles["dinas_sleman_op"])
    assert 'data-testid="archive"' not in client.get(reverse("nuptk:detail", args=[waiting.pk])).text
    with pytest.raises(ValidationError, match="Hanya Dinas yang menyelesaikan"):
        svc.submission_archive(scope=sleman, pk=waiting.pk)
    client.post(reverse("nuptk:archive", args=[waiting.pk]))
    assert "Hanya Dinas yang menyelesaikan" in client.get(reverse("nuptk:detail", args=[waiting.pk])).text

    done = _moved(world, django_capture_on_commit_callbacks, "Citra Selesai")
    # the old Dinas (it forwarded the case and still opens it) may not archive it
    kota = scope_of(world.roles["dinas_kota_op"])
    with pytest.raises(ValidationError, match="Hanya Dinas yang menyelesaikan"):
        svc.submission_archive(scope=kota, pk=done.pk)
    login_as(client, world.roles["dinas_kota_op"])
    page = client.get(reverse("nuptk:detail", args=[done.pk]))
    assert page.status_code == 200 and 'data-testid="archive"' not in page.text
    # a third Dinas cannot even open it
    with pytest.raises(Submission.DoesNotExist):
        svc.submission_archive(scope=scope_of(world.roles["dinas_bdg_op"]), pk=done.pk)
    login_as(client, world.roles["dinas_bdg_op"])
    assert client.post(reverse("nuptk:archive", args=[done.pk])).status_code == 404
    # a school (the old one prepared it): the view is for Dinas staff only, the service refuses
    login_as(client, world.roles["sd_op"])
    assert client.post(reverse("nuptk:archive", args=[done.pk])).status_code == 403
    with pytest.raises(ValidationError, match="Hanya Dinas yang menyelesaikan"):
        svc.submission_archive(scope=scope_of(world.roles["sd_op"]), pk=done.pk)
    # a move inside one Dinas has no archive step (no SM05)
    inside = _home_ptk(world, name="Dedi Dalam")
    op, sub = _draft(world, inside, world.inst["smp"])
    with django_capture_on_commit_callbacks(execute=True):
        svc.submission_submit(scope=op, pk=sub.pk)
        approve(scope=kota, pk=sub.pk)
    with pytest.raises(ValidationError, match="Hanya Dinas yang menyelesaikan"):
        svc.submission_archive(scope=kota, pk=sub.pk)
    assert not _sm05(waiting).exists() and not _sm05(done).exists() and not _sm05(sub).exists()
    assert not SubmissionLog.objects.filter(action="archive").exists()


def test_incoming_moves_are_listed_for_the_destination_dinas_only(
    client, world, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    done = _moved(world, django_capture_on_commit_callbacks, "Rina Pindah")
    waiting = _moved(world, django_capture_on_commit_callbacks, "Sari Menunggu", complete=False)
    drafted = _home_ptk(world, name="Tono Draf")
    _draft(world, drafted, world.inst["sd_sleman"])  # a draft has not reached Sleman
    url = reverse("nuptk:incoming")
    login_as(client, world.roles["dinas_sleman_op"])
    # its own list shows the Dinas link; the incoming list shows both, newest first, each opening
    assert 'data-testid="incoming-link"' in client.get(reverse("nuptk:list")).text
    page = client.get(url)
    assert page.status_code == 200
    assert [s.pk for s in page.context["page"].items] == [waiting.pk, done.pk]
    assert "Tono Draf" not in page.text
    for s in page.context["page"].items:
        assert client.get(s.detail_url).status_code == 200
    # search by name and by code
    assert [s.pk for s in client.get(url, {"q": "Rina"}).context["page"].items] == [done.pk]
    assert [s.pk for s in client.get(url, {"q": done.code}).context["page"].items] == [done.pk]
    assert [s.pk for s in client.get(url, {"state": "approved"}).context["page"].items] == [done.pk]
    # constant queries whatever the number of rows
    for i in range(4):
        _moved(world, django_capture_on_commit_callbacks, f"Tambahan {i}")
    with django_assert_max_num_queries(14):
        page = client.get(url)
    assert len(page.context["page"].items) == 6
    # the old Dinas keeps its outgoing moves in its own list; nothing comes in to it
    login_as(client, world.roles["dinas_kota_op"])
    listed = client.get(reverse("nuptk:list")).text
    assert "Rina Pindah" in listed and "Sari Menunggu" in listed
    assert "Belum ada mutasi masuk" in client.get(url).text
    # a third Dinas sees none
    login_as(client, world.roles["dinas_bdg_op"])
    page = client.get(url)
    assert page.status_code == 200 and page.context["page"].items == []
    assert "Rina Pindah" not in client.get(reverse("nuptk:list")).text
    # a school, LPMP: not their page
    login_as(client, world.roles["sd_sleman_op"])
    assert client.get(url).status_code == 403
    login_as(client, world.roles["lpmp_op"])
    assert client.get(url).status_code == 403


def test_the_destination_dinas_opens_every_letter_its_request_page_links(
    client, world, django_capture_on_commit_callbacks
):
    """The move's SM01 (from the old school) and SM02 (the old Dinas's cover letter addressed to it) carry
    the old area's scope keys; the Dinas the PTK moves to decides on them, so it opens them (the demo
    crawl found a 404 link there). A third Dinas and the other area's schools still do not."""
    import re

    sub = _moved(world, django_capture_on_commit_callbacks)
    codes = set(Letter.objects.filter(subject_type="request", subject_id=sub.pk).values_list("code", flat=True))
    assert {"SM01", "SM02"} <= codes
    login_as(client, world.roles["dinas_sleman_op"])
    page = client.get(reverse("nuptk:detail", args=[sub.pk])).text
    links = set(re.findall(r'href="(/dokumen/surat/\d+/pdf/)"', page))
    assert len(links) >= len(codes)
    for link in links:
        assert client.get(link).status_code == 200, link
    sm01 = Letter.objects.get(subject_type="request", subject_id=sub.pk, code="SM01")
    for key in ("dinas_bdg_op", "sd_bdg_op", "sd_sleman_op"):
        login_as(client, world.roles[key])
        assert client.get(reverse("documents:letter_pdf", args=[sm01.pk])).status_code == 404, key
