"""Batch printing: a Dinas or LPMP admin prints the S01 of every school admin account of its
scope not yet activated, as one merged PDF built in the background, downloadable once by the
requester only; the request itself never waits for the rendering."""

import io
import re

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import Role, User
from accounts.services import account_activate, activation_code_issue
from documents import services
from documents.models import BatchPrint, Letter
from tests.factories import assign, login_as

from .conftest import pdf_text

pytestmark = pytest.mark.django_db
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def unactivated_admin(school, username=None):
    u = User(username=username or f"adm{school.npsn}", full_name=f"Admin {school.name}")
    u.set_unusable_password()
    u.save()
    return assign(u, Role.ADMIN, school)


@pytest.fixture
def pending(world):
    """Unactivated admin accounts: three schools of Kota Yogyakarta, one of Sleman, one of Bandung."""
    return {k: unactivated_admin(world.inst[k]) for k in ("sd", "smp", "kb", "sd_sleman", "sd_bdg")}


def start(client, role, wilayah="", capture=None):
    login_as(client, role)
    with capture(execute=True):
        return client.post(reverse("documents:batch_index"), {"wilayah": wilayah})


def test_dinas_prints_s01_for_its_unactivated_schools(
    client, world, pending, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(services, "BATCH_CHUNK", 2)  # three letters in two parts, merged
    old_code = activation_code_issue(user=pending["sd"].user, actor=None, opens=[pending["sd"]])
    login_as(client, world.roles["dinas_kota_admin"])
    page = client.get(reverse("documents:batch_index"))
    assert "3 sekolah" in page.content.decode()  # SD, SMP and KB of the kota; SMA is the province's

    r = start(client, world.roles["dinas_kota_admin"], capture=django_capture_on_commit_callbacks)
    job = BatchPrint.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("documents:batch_detail", args=[job.pk])
    assert (job.status, job.total, job.done, job.parts_total) == ("done", 3, 3, 2)

    status = client.get(reverse("documents:batch_status", args=[job.pk])).json()
    assert status["ready"] and status["percent"] == 100
    detail = client.get(reverse("documents:batch_detail", args=[job.pk])).content.decode()
    assert "<progress" in detail and "Unduh PDF" in detail

    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("documents:batch_download", args=[job.pk]))
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    pdf = r.content
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 3
    text = pdf_text(pdf)
    codes = CODE.findall(text)
    assert len(codes) == 3
    for key in ("sd", "smp", "kb"):
        assert world.inst[key].name in text
    assert world.inst["sd_sleman"].name not in text
    # each printed code activates its account; the code handed out before is dead
    usernames = [pending[k].user.username for k in ("kb", "sd", "smp")]  # sorted by school name
    for username, code in zip(usernames, codes, strict=True):
        account_activate(username=username, code=code, password="Sandi-Baru-2026!")
    with pytest.raises(Exception):  # noqa: B017
        account_activate(username=pending["sd"].user.username, code=old_code, password="Lain-2026-Sandi!")
    # the letters are registered, numbered by the Dinas, and scoped to their schools
    letters = Letter.objects.filter(code="S01").order_by("seq")
    assert [ltr.seq for ltr in letters] == [1, 2, 3]
    assert {ltr.school_id for ltr in letters} == {world.inst[k].pk for k in ("sd", "smp", "kb")}
    # the file is gone after the download; a second download is refused
    job.refresh_from_db()
    assert job.status == "delivered" and job.path == ""
    assert not default_storage.exists(f"batch/{job.pk}/cetak-massal-{job.pk}.pdf")
    r = client.post(reverse("documents:batch_download", args=[job.pk]), follow=True)
    assert "tidak tersedia lagi" in r.content.decode()


def test_lpmp_filters_by_kabupaten(client, world, pending, django_capture_on_commit_callbacks):
    login_as(client, world.roles["lpmp_admin"])
    page = client.get(reverse("documents:batch_index"), {"wilayah": "34.04"}).content.decode()
    assert "1 sekolah" in page
    start(client, world.roles["lpmp_admin"], "34.04", capture=django_capture_on_commit_callbacks)
    job = BatchPrint.objects.get()
    assert job.total == 1 and job.status == "done"
    text = pdf_text(client.post(reverse("documents:batch_download", args=[job.pk])).content)
    assert world.inst["sd_sleman"].name in text and world.inst["sd"].name not in text


def test_only_the_requester_sees_and_downloads_the_batch(
    client, world, pending, django_capture_on_commit_callbacks
):
    start(client, world.roles["dinas_kota_admin"], capture=django_capture_on_commit_callbacks)
    job = BatchPrint.objects.get()
    colleague = assign(world.roles["dinas_kota_op"].user, Role.ADMIN, world.inst["dinas_kota"])
    for role in (world.roles["dinas_sleman_admin"], colleague):
        login_as(client, role)
        for name in ("batch_detail", "batch_status"):
            assert client.get(reverse(f"documents:{name}", args=[job.pk])).status_code == 404
        assert client.post(reverse("documents:batch_download", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == "done"


def test_schools_and_operators_cannot_order_batches(client, world):
    for key in ("sd_admin", "dinas_kota_op"):
        login_as(client, world.roles[key])
        assert client.get(reverse("documents:batch_index")).status_code == 403


def test_nothing_to_print_is_explained(client, world):
    login_as(client, world.roles["dinas_kota_admin"])
    r = client.post(reverse("documents:batch_index"), {"wilayah": ""}, follow=True)
    assert "Tidak ada sekolah" in r.content.decode()
    assert not BatchPrint.objects.exists()


def test_request_returns_at_once_with_the_database_queue(
    client, world, pending, settings, django_capture_on_commit_callbacks
):
    """With the database backend the POST only queues the parts; a worker renders them later."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    login_as(client, world.roles["dinas_kota_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("documents:batch_index"), {"wilayah": ""})
    job = BatchPrint.objects.get()
    assert r.status_code == 302 and job.status == "queued" and job.done == 0
    assert DBTaskResult.objects.count() == job.parts_total
    assert not Letter.objects.exists()
    page = client.get(reverse("documents:batch_detail", args=[job.pk])).content.decode()
    assert "Menunggu giliran" in page and "data-status-url" in page
    # a worker picks the part up
    services.batch_part_build(job_id=job.pk, part=0)
    job.refresh_from_db()
    assert job.status == "done" and job.done == 3


def test_expired_batch_files_are_deleted(client, world, pending, django_capture_on_commit_callbacks):
    start(client, world.roles["dinas_kota_admin"], capture=django_capture_on_commit_callbacks)
    job = BatchPrint.objects.get()
    path = job.path
    assert default_storage.exists(path)
    assert services.batch_purge_expired(now=timezone.now()) == 0
    assert services.batch_purge_expired(now=timezone.now() + services.BATCH_TTL * 2) == 1
    job.refresh_from_db()
    assert job.status == "expired" and not default_storage.exists(path)
    assert settings.PRIVATE_STORAGE_ROOT  # stored privately, never under the static root


def test_batch_page_query_count_does_not_grow_with_schools(client, world, django_assert_max_num_queries):
    from accounts.models import Jenjang
    from tests.factories import school

    district = world.inst["sd"].district
    for i in range(15):
        unactivated_admin(school(jenjang=Jenjang.SD, district=district, name=f"SD Tambahan {i:02d}"))
    login_as(client, world.roles["dinas_kota_admin"])
    with django_assert_max_num_queries(14):
        r = client.get(reverse("documents:batch_index"))
    assert "15 sekolah" in r.content.decode()


def test_a_failing_part_marks_the_batch_failed_and_leaves_no_files(
    client, world, pending, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(services, "BATCH_CHUNK", 2)
    calls = {"n": 0}
    real = services.render_letter_document

    def flaky(letter, *, secret=None):
        calls["n"] += 1
        if calls["n"] == 3:  # the first letter of the second part
            raise RuntimeError("font hilang")
        return real(letter, secret=secret)

    monkeypatch.setattr(services, "render_letter_document", flaky)
    start(client, world.roles["dinas_kota_admin"], capture=django_capture_on_commit_callbacks)
    job = BatchPrint.objects.get()  # the task runner records the error; the job says "failed"
    assert job.status == "failed" and job.path == ""
    assert not default_storage.exists(f"batch/{job.pk}/part-0000.pdf")
    page = client.get(reverse("documents:batch_detail", args=[job.pk])).content.decode()
    assert "gagal" in page
    # a new batch may be ordered at once
    monkeypatch.setattr(services, "render_letter_document", real)
    start(client, world.roles["dinas_kota_admin"], capture=django_capture_on_commit_callbacks)
    assert BatchPrint.objects.filter(status="done").count() == 1
