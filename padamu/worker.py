"""Is a background worker (``manage.py db_worker``) taking tasks? django-tasks keeps no heartbeat,
so the queue itself tells: a worker polls every few seconds, so a task that is ready to run and has
waited longer than ``STALL_AFTER`` means no worker is alive (or all are busy for that long)."""

from datetime import timedelta

from django.utils import timezone

STALL_AFTER = timedelta(seconds=60)


def worker_stalled(*, now=None) -> bool:
    """True when a ready task has waited more than STALL_AFTER without a worker taking it.
    One indexed query; False with a backend that is not the database one (tasks run elsewhere)."""
    from django.conf import settings

    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return False
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    return DBTaskResult.objects.ready().filter(enqueued_at__lt=now - STALL_AFTER).exists()
