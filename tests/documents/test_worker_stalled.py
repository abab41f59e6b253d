"""The batch page says so when no background worker takes the queued work."""

from datetime import timedelta

import pytest
from django.urls import reverse

from documents.models import BatchPrint
from tests.factories import login_as

from .test_batch import pending, unactivated_admin  # noqa: F401

pytestmark = pytest.mark.django_db


def test_batch_page_says_no_worker_when_ready_work_waits_over_a_minute(
    client, world, pending, settings, django_capture_on_commit_callbacks  # noqa: F811
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    login_as(client, world.roles["dinas_kota_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:batch_index"), {"wilayah": ""})
    job = BatchPrint.objects.get()
    url = reverse("documents:batch_detail", args=[job.pk])
    status_url = reverse("documents:batch_status", args=[job.pk])

    # Just queued: a worker polls every few seconds, nothing to say yet.
    page = client.get(url).content.decode()
    assert 'data-testid="worker-stalled" hidden' in page
    assert client.get(status_url).json()["stalled"] is False

    # Over a minute later still not taken: no worker is alive.
    DBTaskResult.objects.update(enqueued_at=job.created_at - timedelta(minutes=2))
    page = client.get(url).content.decode()
    assert 'data-testid="worker-stalled" hidden' not in page
    assert "Pemroses latar belakang tidak berjalan" in page
    assert client.get(status_url).json()["stalled"] is True

    # A worker took it: the warning goes away.
    DBTaskResult.objects.update(status="RUNNING")
    assert client.get(status_url).json()["stalled"] is False
