"""Background tasks of the exchange (django-tasks; ``manage.py db_worker`` runs them)."""

from django_tasks import task


@task()
def analyse_import(job_id: int) -> None:
    from .services import import_analyse_run

    import_analyse_run(job_id=job_id)


@task()
def apply_import(job_id: int) -> None:
    from .services import import_apply_run

    import_apply_run(job_id=job_id)


@task()
def build_export(job_id: int) -> None:
    from .services import export_build_run

    export_build_run(job_id=job_id)


@task()
def purge_expired_exports() -> int:
    from .services import export_purge_expired

    return export_purge_expired()


@task()
def purge_stale_imports() -> int:
    from .services import import_purge_stale

    return import_purge_stale()
