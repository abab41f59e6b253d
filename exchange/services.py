"""Writes of the exchange: Dapodik imports (upload -> check -> preview -> confirm -> apply in one
transaction), Dapodik exports (background file, downloaded once) and API clients. Services never
see the HTTP request; the background tasks (``exchange.tasks``) call the ``*_run`` functions."""

import hashlib
import logging
import secrets
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Institution
from accounts.scope import Scope
from accounts.selectors import active_role_resolve
from padamu.bulk import copy_values
from ptk.services import DAPODIK_ROLE, ptk_apply_dapodik

from .models import (
    ApiClient,
    DapodikExport,
    DapodikImport,
    ExportLevel,
    ExportStatus,
    ImportEntry,
    ImportStatus,
)
from .permissions import can_export, can_import, can_manage_clients
from .planning import analyse
from .reading import FileRefused, read_table

log = logging.getLogger(__name__)
EXPORT_TTL = timedelta(hours=24)
STALE = timedelta(hours=6)  # a job "running" longer than this crashed: it no longer blocks a new one


def import_max_bytes() -> int:
    return getattr(settings, "EXCHANGE_IMPORT_MAX_BYTES", 60 * 1024 * 1024)


def _role_key(active) -> str:
    return active.key if active is not None else ""


def _job_scope(job) -> Scope | None:
    """The scope the job was started in, checked again now (a revoked role or delegation stops it).
    None for a job started from the command line (no role: every school, or ``job.school``)."""
    if job.assignment_id is None:
        return None
    key = f"{job.assignment_id}:{job.on_behalf_of_id}" if job.on_behalf_of_id else str(job.assignment_id)
    active = active_role_resolve(user=job.requested_by, key=key) if job.requested_by else None
    if active is None:
        raise PermissionDenied(_("Peran yang dipakai untuk memulai pekerjaan ini tidak berlaku lagi."))
    return Scope(job.requested_by, active)


# --- import -------------------------------------------------------------------------------------


@transaction.atomic
def import_upload(*, scope: Scope | None, upload, actor, school: Institution | None = None) -> DapodikImport:
    """Store an uploaded Dapodik file (private storage, server-chosen name) and queue its check.
    ``scope`` None: the command line (every school, or only ``school``)."""
    active = scope.active if scope is not None else None
    if scope is not None:
        if not can_import(active):
            raise PermissionDenied
        if active.kind == "sekolah":
            school = active.institution
        elif school is not None and not scope.schools().filter(pk=school.pk).exists():
            raise ValidationError(_("Sekolah itu di luar kewenangan Anda."))
        if DapodikImport.objects.filter(
            requested_by=actor,
            status__in=[ImportStatus.ANALYSING, ImportStatus.APPLYING],
            created_at__gte=timezone.now() - STALE,
        ).exists():
            raise ValidationError(_("Masih ada impor Anda yang sedang diproses. Tunggu sampai selesai."))
    size = getattr(upload, "size", 0) or 0
    if size > import_max_bytes():
        raise ValidationError(_too_big())
    if size == 0:
        raise ValidationError(_("Berkas kosong."))
    h = hashlib.sha256()
    for chunk in upload.chunks():
        h.update(chunk)
    upload.seek(0)
    path = default_storage.save(f"exchange/imports/{secrets.token_hex(16)}.bin", upload)
    job = DapodikImport(
        requested_by=actor,
        assignment=active.assignment if active else None,
        on_behalf_of=active.on_behalf_of if active else None,
        institution=active.institution if active else None,
        role_label=active.label[:255] if active else _("baris perintah"),
        school=school,
        original_name=(getattr(upload, "name", "") or "berkas")[:200],
        path=path,
        size=size,
        sha256=h.hexdigest(),
    )
    job.full_clean()
    job.save()
    job_id = job.pk

    def enqueue():
        from .tasks import analyse_import

        analyse_import.enqueue(job_id)

    transaction.on_commit(enqueue)
    return job


def _too_big() -> str:
    return _("Berkas terlalu besar (paling besar %(m)s MB). Pecah per sekolah atau per kecamatan.") % {
        "m": import_max_bytes() // (1024 * 1024)
    }


def _read(job) -> bytes:
    with default_storage.open(job.path, "rb") as fh:
        return fh.read(import_max_bytes() + 1)


def _delete_file(job) -> None:
    if job.path and default_storage.exists(job.path):
        default_storage.delete(job.path)


def _fail(job_id: int, message: str) -> None:
    job = DapodikImport.objects.get(pk=job_id)
    _delete_file(job)
    DapodikImport.objects.filter(pk=job_id).update(
        status=ImportStatus.FAILED, error=message, path="", finished_at=timezone.now()
    )


def _table(job, data: bytes):
    """Read the file and note its size and columns on the job (outside any long transaction: the
    progress of a running import is written to this row from another connection)."""
    table = read_table(data, name=job.original_name)
    DapodikImport.objects.filter(pk=job.pk).update(
        total=len(table.rows),
        columns={"used": sorted(table.index), "ignored": table.ignored, "format": table.fmt},
    )
    job.total = len(table.rows)
    return table


def _analyse(job, table, *, lock: bool, progress=None):
    return analyse(
        table,
        today=timezone.localdate(),
        now=timezone.now(),
        scope=_job_scope(job),
        only=job.school,
        lock=lock,
        progress=progress,
    )


@transaction.atomic
def _store_preview(job, analysis, *, note: str = "") -> None:
    ImportEntry.objects.filter(job=job).delete()
    copy_values(
        ImportEntry,
        (
            "job_id",
            "first_line",
            "lines",
            "status",
            "ptk_id",
            "name",
            "identifier",
            "npsn",
            "messages",
            "changes",
        ),
        (
            (
                job.pk,
                e.first_line,
                e.lines_text,
                e.status,
                e.ptk_id,
                e.name,
                e.identifier,
                e.npsn,
                e.messages,
                e.changes,
            )
            for e in analysis.entries
        ),
    )
    c = analysis.counts
    DapodikImport.objects.filter(pk=job.pk).update(
        status=ImportStatus.PREVIEW,
        added=c["add"],
        changed=c["change"],
        unchanged=c["same"],
        refused=c["refuse"],
        digest=analysis.digest,
        done=analysis.total_rows,
        analysed_at=timezone.now(),
        note=note,
        error="",
    )


def import_analyse_run(*, job_id: int) -> None:
    """Check a queued file into a preview (background task). Reads only."""
    job = DapodikImport.objects.select_related("requested_by", "school").get(pk=job_id)
    if job.status != ImportStatus.QUEUED:
        return
    DapodikImport.objects.filter(pk=job_id).update(status=ImportStatus.ANALYSING, note=_("Memeriksa baris"))

    def progress(n):
        DapodikImport.objects.filter(pk=job_id).update(done=n)

    try:
        analysis = _analyse(job, _table(job, _read(job)), lock=False, progress=progress)
        _store_preview(job, analysis)
    except FileRefused as e:
        _fail(job_id, e.message)
    except PermissionDenied as e:
        _fail(job_id, str(e) or _("Anda tidak berwenang mengimpor berkas ini."))
    except Exception:
        log.exception("dapodik import %s: check failed", job_id)
        _fail(job_id, _("Pemeriksaan berkas gagal karena kesalahan sistem. Tidak ada data yang berubah."))


@transaction.atomic
def import_confirm(*, job_id: int, user, active) -> DapodikImport:
    """The uploader confirms the preview, in the role they uploaded it with. A preview without
    changes finishes at once ("nothing to change": importing the same file twice is a no-op)."""
    job = DapodikImport.objects.select_for_update().filter(pk=job_id, requested_by=user).first()
    if job is None:
        raise PermissionDenied
    if job.status != ImportStatus.PREVIEW:
        raise ValidationError(
            _("Impor ini tidak menunggu konfirmasi (status: %(s)s).") % {"s": job.get_status_display()}
        )
    if job.assignment_id is not None and _role_key(active) != (
        f"{job.assignment_id}:{job.on_behalf_of_id}" if job.on_behalf_of_id else str(job.assignment_id)
    ):
        raise ValidationError(
            _("Berkas ini diunggah dengan peran %(r)s. Pilih peran itu untuk mengonfirmasi.")
            % {"r": job.role_label}
        )
    now = timezone.now()
    job.confirmed_at = now
    if not job.has_changes:
        _delete_file(job)
        job.status, job.finished_at, job.path = ImportStatus.DONE, now, ""
        job.note = _("Tidak ada perubahan: data di Padamu sudah sama dengan berkas ini.")
        job.save(update_fields=["status", "finished_at", "path", "note", "confirmed_at"])
        return job
    job.status, job.done, job.note = ImportStatus.CONFIRMED, 0, _("Menunggu giliran disimpan")
    job.save(update_fields=["status", "confirmed_at", "done", "note"])

    def enqueue():
        from .tasks import apply_import

        apply_import.enqueue(job_id)

    transaction.on_commit(enqueue)
    return job


@transaction.atomic
def import_cancel(*, job_id: int, user) -> None:
    job = DapodikImport.objects.select_for_update().filter(pk=job_id, requested_by=user).first()
    if job is None:
        raise PermissionDenied
    if job.status not in (ImportStatus.PREVIEW, ImportStatus.QUEUED):
        raise ValidationError(_("Impor ini tidak dapat dibatalkan lagi."))
    _delete_file(job)
    job.status, job.path, job.finished_at = ImportStatus.CANCELLED, "", timezone.now()
    job.save(update_fields=["status", "path", "finished_at"])
    ImportEntry.objects.filter(job=job).delete()


PREVIEW_TTL = timedelta(days=7)


def import_purge_stale(*, now=None) -> int:
    """Previews nobody confirmed within PREVIEW_TTL are cancelled and their file deleted."""
    now = now or timezone.now()
    n = 0
    for job in DapodikImport.objects.filter(status=ImportStatus.PREVIEW, analysed_at__lt=now - PREVIEW_TTL):
        with transaction.atomic():
            locked = DapodikImport.objects.select_for_update().get(pk=job.pk)
            if locked.status != ImportStatus.PREVIEW:
                continue
            _delete_file(locked)
            locked.status, locked.path, locked.finished_at = ImportStatus.CANCELLED, "", now
            locked.note = _("Dibatalkan otomatis: tidak dikonfirmasi dalam 7 hari.")
            locked.save(update_fields=["status", "path", "finished_at", "note"])
            n += 1
    return n


class _PreviewChanged(Exception):
    def __init__(self, analysis):
        self.analysis = analysis


def _progress_outside(job_id: int, total: int):
    """Progress told from inside the import's transaction: on PostgreSQL through a second
    connection (committed at once, so the progress page sees it); SQLite has one writer at a time,
    so there the page shows the phase only."""
    if connection.vendor != "postgresql":
        return None, lambda *_a: None
    side = connections.create_connection("default")

    def tell(done: int, note: str = "") -> None:
        try:
            with side.cursor() as cur:
                cur.execute("SET lock_timeout = '1s'")  # progress must never hold the import up
                cur.execute(
                    "UPDATE exchange_dapodikimport SET done = %s, note = %s WHERE id = %s",
                    [min(done, total), note[:255], job_id],
                )
        except DatabaseError:
            log.warning("dapodik import %s: progress not written", job_id)

    return side, tell


def import_apply_run(*, job_id: int) -> None:
    """Apply a confirmed import: check the file again inside one transaction (rows locked), stop
    when the result differs from the confirmed preview (a new preview is shown instead), else write
    everything through ptk.services.ptk_apply_dapodik. Any failure rolls the whole file back."""
    job = DapodikImport.objects.select_related("requested_by", "school").get(pk=job_id)
    if job.status != ImportStatus.CONFIRMED:
        return
    DapodikImport.objects.filter(pk=job_id).update(
        status=ImportStatus.APPLYING, note=_("Memeriksa ulang baris")
    )
    side = None
    try:
        table = _table(job, _read(job))
        total = job.total or 1
        side, tell = _progress_outside(job_id, total)
        with transaction.atomic():
            analysis = _analyse(
                job, table, lock=True, progress=lambda n: tell(n // 2, _("Memeriksa ulang baris"))
            )
            if analysis.digest != job.digest:
                raise _PreviewChanged(analysis)
            n_plans = max(1, len(analysis.plans))
            result = ptk_apply_dapodik(
                plans=analysis.plans,
                actor=job.requested_by,
                role=DAPODIK_ROLE,
                progress=lambda n: tell(total // 2 + total * n // (2 * n_plans), _("Menyimpan perubahan")),
            )
            DapodikImport.objects.filter(pk=job_id).update(
                status=ImportStatus.DONE,
                done=total,
                added=result.created,
                changed=result.updated,
                unchanged=result.unchanged,
                history_rows=result.changes,
                finished_at=timezone.now(),
                note="",
                path="",
            )
            path = job.path
            transaction.on_commit(lambda: default_storage.delete(path))
    except _PreviewChanged as c:
        _store_preview(
            job,
            c.analysis,
            note=_(
                "Data di Padamu berubah sejak pratinjau dibuat. Periksa pratinjau baru ini, lalu konfirmasi lagi."
            ),
        )
    except FileRefused as e:
        _fail(job_id, e.message)
    except PermissionDenied as e:
        _fail(job_id, str(e) or _("Anda tidak berwenang mengimpor berkas ini."))
    except Exception as e:
        log.exception("dapodik import %s: apply failed", job_id)
        _fail(
            job_id,
            _("Impor gagal dan dibatalkan seluruhnya; tidak ada data yang berubah. Rincian: %(e)s")
            % {"e": str(e)[:200]},
        )
    finally:
        if side is not None:
            side.close()


# --- export -------------------------------------------------------------------------------------


def _export_schools(scope: Scope, level: str, target: str):
    schools = scope.schools()
    if level == ExportLevel.SCHOOL:
        return schools.filter(npsn=target)
    if level == ExportLevel.REGENCY:
        return schools.filter(regency_id=target)
    if level == ExportLevel.PROVINCE:
        return schools.filter(province_id=target)
    return schools.none()


@transaction.atomic
def export_request(*, scope: Scope, level: str, target: str, fmt: str = "csv") -> DapodikExport:
    """Queue a Dapodik-format export of the PTK of a school, kab/kota or province of the scope."""
    from .exporting import links_for
    from .selectors import export_targets

    active = scope.active
    if not can_export(active):
        raise PermissionDenied
    if fmt not in ("csv", "xlsx"):
        raise ValidationError(_("Format tidak dikenal."))
    t = export_targets(scope=scope)
    if level == ExportLevel.SCHOOL:
        obj = t["schools"].filter(npsn=target).first()
    elif level == ExportLevel.REGENCY:
        obj = t["regencies"].filter(pk=target).first()
    elif level == ExportLevel.PROVINCE:
        obj = t["provinces"].filter(pk=target).first()
    else:
        obj = None
    if obj is None:
        raise ValidationError(_("Pilih sekolah, kabupaten/kota atau provinsi di wilayah Anda."))
    if DapodikExport.objects.filter(
        requested_by=scope.user,
        status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING],
        created_at__gte=timezone.now() - STALE,
    ).exists():
        raise ValidationError(_("Masih ada ekspor Anda yang sedang dibuat. Tunggu sampai selesai."))
    total = links_for(_export_schools(scope, level, target)).count()
    if fmt == "xlsx" and total > getattr(settings, "EXCHANGE_EXPORT_XLSX_MAX", 200_000):
        raise ValidationError(_("Terlalu banyak baris untuk XLSX (%(n)s); pilih CSV.") % {"n": total})
    job = DapodikExport(
        requested_by=scope.user,
        assignment=active.assignment,
        on_behalf_of=active.on_behalf_of,
        level=level,
        target=target,
        target_name=str(obj)[:200],
        fmt=fmt,
        total=total,
    )
    job.full_clean()
    job.save()
    job_id = job.pk

    def enqueue():
        from .tasks import build_export

        build_export.enqueue(job_id)

    transaction.on_commit(enqueue)
    return job


def export_build_run(*, job_id: int) -> None:
    from .exporting import iter_rows, links_for, write_csv, write_xlsx

    job = DapodikExport.objects.select_related("requested_by").get(pk=job_id)
    if job.status != ExportStatus.QUEUED:
        return
    DapodikExport.objects.filter(pk=job_id).update(status=ExportStatus.RUNNING)
    try:
        scope = _job_scope(job)
        links = links_for(_export_schools(scope, job.level, job.target))

        def progress(n):
            DapodikExport.objects.filter(pk=job_id).update(done=F("total") if n > job.total else n)

        with tempfile.TemporaryFile() as tmp:
            writer = write_xlsx if job.fmt == "xlsx" else write_csv
            n = writer(iter_rows(links, progress=progress), tmp)
            tmp.seek(0)
            from django.core.files import File

            path = default_storage.save(f"exchange/exports/{secrets.token_hex(16)}.{job.fmt}", File(tmp))
        now = timezone.now()
        DapodikExport.objects.filter(pk=job_id).update(
            status=ExportStatus.DONE,
            path=path,
            rows=n,
            done=F("total"),
            finished_at=now,
            expires_at=now + EXPORT_TTL,
        )
    except Exception as e:
        log.exception("dapodik export %s failed", job_id)
        DapodikExport.objects.filter(pk=job_id).update(status=ExportStatus.FAILED, error=str(e)[:255])


@transaction.atomic
def export_take(*, user, pk: int) -> tuple[DapodikExport, str]:
    """Hand the file to its requester once: returns (job, storage path); the caller streams the file
    and deletes it afterwards (``export_file_delete``)."""
    job = DapodikExport.objects.select_for_update().filter(pk=pk, requested_by=user).first()
    if job is None:
        raise PermissionDenied
    if job.status != ExportStatus.DONE or not job.path:
        raise ValidationError(_("Berkas ekspor ini tidak tersedia lagi."))
    path = job.path
    job.status, job.path = ExportStatus.DELIVERED, ""
    job.save(update_fields=["status", "path"])
    return job, path


def export_file_delete(path: str) -> None:
    if path and default_storage.exists(path):
        default_storage.delete(path)


def export_purge_expired(*, now=None) -> int:
    now = now or timezone.now()
    n = 0
    for job in DapodikExport.objects.filter(status=ExportStatus.DONE, expires_at__lt=now):
        with transaction.atomic():
            locked = DapodikExport.objects.select_for_update().get(pk=job.pk)
            if locked.status != ExportStatus.DONE:
                continue
            export_file_delete(locked.path)
            locked.status, locked.path = ExportStatus.EXPIRED, ""
            locked.save(update_fields=["status", "path"])
            n += 1
    return n


# --- API clients --------------------------------------------------------------------------------

KEY_PREFIX = "pdm"


def api_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_client_create(*, active, name: str, actor) -> tuple[ApiClient, str]:
    """A new API client of the admin's institution. Returns (client, key): the only clear copy of
    the key, shown once."""
    if not can_manage_clients(active):
        raise PermissionDenied
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Isi nama sistem yang akan memakai kunci ini."))
    if ApiClient.objects.filter(
        institution=active.institution, name__iexact=name, revoked_at__isnull=True
    ).exists():
        raise ValidationError(_("Sudah ada klien aktif dengan nama itu."))
    prefix = secrets.token_hex(4)
    key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    client = ApiClient(
        institution=active.institution,
        name=name[:100],
        prefix=prefix,
        key_hash=api_key_hash(key),
        created_by=actor,
    )
    client.full_clean()
    client.save()
    return client, key


@transaction.atomic
def api_client_revoke(*, active, pk: int, actor) -> ApiClient:
    if not can_manage_clients(active):
        raise PermissionDenied
    client = ApiClient.objects.select_for_update().filter(pk=pk, institution=active.institution).first()
    if client is None:
        raise PermissionDenied
    if client.revoked_at is None:
        client.revoked_at, client.revoked_by = timezone.now(), actor
        client.save(update_fields=["revoked_at", "revoked_by"])
    return client
