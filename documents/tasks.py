"""Background tasks (django-tasks; the database backend needs no extra service:
``manage.py db_worker``; any django-tasks backend, e.g. a distributed queue, works the same)."""

from django_tasks import task


@task()
def build_batch_part(job_id: int, part: int) -> None:
    from .services import batch_part_build

    batch_part_build(job_id=job_id, part=part)


@task()
def purge_expired_batches() -> int:
    from .services import batch_purge_expired

    return batch_purge_expired()
