"""Writes for documents: the S01 of a freshly issued activation code, and batch prints."""

import io
import logging
import math
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Institution, Role, RoleAssignment
from accounts.scope import Scope
from accounts.services import activation_code_issue

from .letters import letter_create, letter_issue, print_letter_document, render_letter_document
from .models import BatchPrint, BatchStatus
from .permissions import can_order_batch
from .rendering import documents_to_pdf

log = logging.getLogger(__name__)

BATCH_CHUNK = 50  # letters per background task; parts run in parallel on several workers
BATCH_MAX = 5000
BATCH_TTL = timedelta(hours=24)
BATCH_STALE = timedelta(hours=2)


# --- S01 ----------------------------------------------------------------------------------------


def _account_data(*, target, institution: Institution | None, role: str | None) -> dict:
    return {
        "account": {
            "username": target.username,
            "full_name": target.display_name,
            "role": Role(role).label if role else "",
            "institution_name": institution.name if institution else "",
        },
        "activation_url": settings.PUBLIC_BASE_URL.rstrip("/") + reverse("accounts:activate"),
        "expires_on": timezone.localdate(timezone.now() + settings.ACTIVATION_CODE_TTL).isoformat(),
    }


def s01_for_activation_code(
    *, target, code: str, actor, active, institution=None, role=None, assignment_id=None, want_letter=False
):
    """Issue the S01 for an activation code issued just now and return its PDF (the only copy
    that carries the code). Called through accounts.registry.code_letter_pdf. With ``want_letter``
    (accounts.registry.code_letter_issue) only the letter is issued: (letter id, number) are
    returned and the PDF is rendered later by ``s01_render`` with the code the caller keeps."""
    if institution is None and assignment_id is not None:
        a = RoleAssignment.objects.select_related("institution").get(pk=assignment_id)
        institution, role = a.institution, a.role
    fields = dict(
        code="S01",
        issuer=actor,
        issuer_role=active.role,
        institution=active.institution,
        subject_type="user",
        subject_id=target.pk,
        subject_name=target.display_name,
        data=_account_data(target=target, institution=institution, role=role),
        subject_user=target,
        school=institution if institution is not None and institution.is_school else None,
    )
    if want_letter:  # numbered and registered now; rendered with the code when downloaded
        letter = letter_create(**fields)
        return letter.pk, letter.number
    return letter_issue(**fields, secret={"activation_code": code}).pdf


def s01_render(*, letter_id: int, code: str) -> bytes:
    """An issued S01 rendered again with its code (kept only in the issuing operator's session)."""
    from .letters import render_letter
    from .models import Letter

    letter = Letter.objects.get(pk=letter_id, code="S01")
    return render_letter(letter, secret={"activation_code": code})


# --- batch prints -------------------------------------------------------------------------------


def batch_s01_candidates(*, scope: Scope, regency_code: str = ""):
    """Admin accounts of the schools in scope that were never activated (or were reset)."""
    schools = scope.schools()
    if regency_code:
        schools = schools.filter(regency_id=regency_code)
    return (
        RoleAssignment.objects.filter(
            role=Role.ADMIN,
            is_active=True,
            institution__in=schools,
            user__password__startswith="!",
            user__is_superuser=False,
            user__is_staff=False,
        )
        .select_related("user", "institution")
        .order_by("institution__name", "pk")
    )


@transaction.atomic
def batch_print_request(*, scope: Scope, regency_code: str = "") -> BatchPrint:
    """Queue a merged S01 print for every school admin of the scope not yet activated. Each
    printed letter carries a NEW activation code: the old codes of those accounts die."""
    active = scope.active
    if not can_order_batch(active):
        raise PermissionDenied
    if BatchPrint.objects.filter(
        requested_by=scope.user,
        status__in=[BatchStatus.QUEUED, BatchStatus.RUNNING],
        created_at__gte=timezone.now() - BATCH_STALE,  # a crashed worker does not block forever
    ).exists():
        raise ValidationError(_("Masih ada cetak massal Anda yang sedang dibuat. Tunggu sampai selesai."))
    ids = list(batch_s01_candidates(scope=scope, regency_code=regency_code).values_list("pk", flat=True))
    if not ids:
        raise ValidationError(_("Tidak ada sekolah dengan akun admin yang belum diaktifkan di wilayah ini."))
    if len(ids) > BATCH_MAX:
        raise ValidationError(
            _("Terlalu banyak surat (%(n)s). Pilih satu kabupaten/kota, paling banyak %(m)s surat.")
            % {"n": len(ids), "m": BATCH_MAX}
        )
    job = BatchPrint(
        kind="s01_schools",
        requested_by=scope.user,
        institution=active.institution,
        role=active.role,
        params={"assignment_ids": ids, "regency": regency_code},
        description=_("S01 akun admin sekolah yang belum aktif (%(n)s sekolah)") % {"n": len(ids)},
        total=len(ids),
        parts_total=math.ceil(len(ids) / BATCH_CHUNK),
    )
    job.full_clean()
    job.save()
    job_id, parts = job.pk, job.parts_total

    def enqueue():
        from .tasks import build_batch_part

        for part in range(parts):
            build_batch_part.enqueue(job_id, part)

    transaction.on_commit(enqueue)
    return job


@transaction.atomic
def batch_letters_request(
    *, user, institution: Institution, role: str, letter_ids: list, description: str
) -> BatchPrint:
    """Queue one merged PDF of letters already numbered (``letter_create``) by a service that
    issued many at once (e.g. a school's level-2 checks and pacts): rendered in the background,
    with the same progress page and one-time download as the S01 batch."""
    ids = [int(i) for i in letter_ids]
    if not ids:
        raise ValidationError(_("Tidak ada surat untuk dicetak."))
    if len(ids) > BATCH_MAX:
        raise ValidationError(
            _("Terlalu banyak surat (%(n)s), paling banyak %(m)s.") % {"n": len(ids), "m": BATCH_MAX}
        )
    job = BatchPrint(
        kind="letters",
        requested_by=user,
        institution=institution,
        role=role,
        params={"letter_ids": ids},
        description=description[:255],
        total=len(ids),
        parts_total=math.ceil(len(ids) / BATCH_CHUNK),
    )
    job.full_clean()
    job.save()
    job_id, parts = job.pk, job.parts_total

    def enqueue():
        from .tasks import build_batch_part

        for part in range(parts):
            build_batch_part.enqueue(job_id, part)

    transaction.on_commit(enqueue)
    return job


def _letters_part_documents(job: BatchPrint, part: int) -> list:
    from .models import Letter

    ids = job.params["letter_ids"][part * BATCH_CHUNK : (part + 1) * BATCH_CHUNK]
    by_id = {x.pk: x for x in Letter.objects.filter(pk__in=ids).select_related("institution")}
    docs = []
    for pk in ids:
        if pk in by_id:
            docs.append(print_letter_document(by_id[pk]))
        BatchPrint.objects.filter(pk=job.pk).update(done=F("done") + 1)
    return docs


def _part_path(job: BatchPrint, part: int) -> str:
    return f"batch/{job.pk}/part-{part:04d}.pdf"


def batch_part_build(*, job_id: int, part: int) -> None:
    """Build one part of a batch: issue a fresh code and an S01 for each account of the slice,
    write the part PDF; the task finishing the last part merges them."""
    job = BatchPrint.objects.select_related("requested_by", "institution").get(pk=job_id)
    if job.status not in (BatchStatus.QUEUED, BatchStatus.RUNNING):
        return
    BatchPrint.objects.filter(pk=job_id, status=BatchStatus.QUEUED).update(status=BatchStatus.RUNNING)
    if job.kind == "letters":
        try:
            docs = _letters_part_documents(job, part)
            default_storage.save(_part_path(job, part), ContentFile(documents_to_pdf(docs)))
        except Exception as e:
            log.exception("batch %s part %s failed", job_id, part)
            BatchPrint.objects.filter(pk=job_id).update(status=BatchStatus.FAILED, error=str(e)[:255])
            _batch_delete_parts(job)
            raise
        _batch_part_done(job, job_id)
        return
    ids = job.params["assignment_ids"][part * BATCH_CHUNK : (part + 1) * BATCH_CHUNK]
    try:
        docs = []
        assignments = (
            RoleAssignment.objects.filter(pk__in=ids)
            .select_related("user", "institution")
            .order_by("institution__name", "pk")
        )
        for a in assignments:
            with transaction.atomic():
                code = activation_code_issue(
                    user=a.user, actor=job.requested_by, opens=[a], institution=job.institution
                )
                letter = letter_create(
                    code="S01",
                    issuer=job.requested_by,
                    issuer_role=job.role,
                    institution=job.institution,
                    subject_type="user",
                    subject_id=a.user_id,
                    subject_name=a.user.display_name,
                    data=_account_data(target=a.user, institution=a.institution, role=a.role),
                    subject_user=a.user,
                    school=a.institution if a.institution.is_school else None,
                )
            docs.append(render_letter_document(letter, secret={"activation_code": code}))
            BatchPrint.objects.filter(pk=job_id).update(done=F("done") + 1)
        default_storage.save(_part_path(job, part), ContentFile(documents_to_pdf(docs)))
    except Exception as e:
        log.exception("batch %s part %s failed", job_id, part)
        BatchPrint.objects.filter(pk=job_id).update(status=BatchStatus.FAILED, error=str(e)[:255])
        _batch_delete_parts(job)
        raise
    _batch_part_done(job, job_id)


def _batch_part_done(job: BatchPrint, job_id: int) -> None:
    with transaction.atomic():
        job = BatchPrint.objects.select_for_update().get(pk=job_id)
        job.parts_done += 1
        job.save(update_fields=["parts_done"])
        failed = job.status != BatchStatus.RUNNING
        last = job.parts_done == job.parts_total and not failed
    if failed:  # another part failed meanwhile: no merge will come, keep no codes lying around
        _batch_delete_parts(job)
    elif last:
        _batch_merge(job)


def _batch_delete_parts(job: BatchPrint) -> None:
    for p in range(job.parts_total):
        path = _part_path(job, p)
        if default_storage.exists(path):
            default_storage.delete(path)


def _batch_merge(job: BatchPrint) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    paths = [_part_path(job, p) for p in range(job.parts_total)]
    for path in paths:
        with default_storage.open(path, "rb") as fh:
            writer.append(io.BytesIO(fh.read()))
    buf = io.BytesIO()
    writer.write(buf)
    final = default_storage.save(f"batch/{job.pk}/cetak-massal-{job.pk}.pdf", ContentFile(buf.getvalue()))
    for path in paths:
        default_storage.delete(path)
    now = timezone.now()
    job.path, job.pages = final, len(writer.pages)
    job.status, job.finished_at, job.expires_at = BatchStatus.DONE, now, now + BATCH_TTL
    job.save(update_fields=["path", "pages", "status", "finished_at", "expires_at"])


@transaction.atomic
def batch_download(*, user, pk: int) -> tuple[BatchPrint, bytes]:
    """Hand the merged PDF to its requester once, then delete it (it carries activation codes)."""
    job = BatchPrint.objects.select_for_update().filter(pk=pk, requested_by=user).first()
    if job is None:
        raise PermissionDenied
    if job.status != BatchStatus.DONE or not job.path:
        raise ValidationError(_("Berkas cetak massal ini tidak tersedia lagi."))
    with default_storage.open(job.path, "rb") as fh:
        data = fh.read()
    path = job.path
    job.status, job.path = BatchStatus.DELIVERED, ""
    job.save(update_fields=["status", "path"])
    transaction.on_commit(lambda: default_storage.delete(path))
    return job, data


def batch_purge_expired(*, now=None) -> int:
    """Delete merged PDFs nobody downloaded in time. Returns how many."""
    now = now or timezone.now()
    n = 0
    for job in BatchPrint.objects.filter(status=BatchStatus.DONE, expires_at__lt=now):
        with transaction.atomic():
            locked = BatchPrint.objects.select_for_update().get(pk=job.pk)
            if locked.status != BatchStatus.DONE:
                continue
            if locked.path:
                default_storage.delete(locked.path)
            locked.status, locked.path = BatchStatus.EXPIRED, ""
            locked.save(update_fields=["status", "path"])
            n += 1
    return n


@transaction.atomic
def letter_void(*, scope: Scope, pk: int, reason: str):
    """The issuing institution's admin voids a letter issued in error. The letter stays (its number
    is never reused); the public verification page says it is void, with the reason."""
    from .models import Letter

    reason = (reason or "").strip()
    a = scope.active
    letter = Letter.objects.select_for_update().filter(pk=pk).first()
    if letter is None or a is None or a.on_behalf_of is not None or a.institution is None:
        raise PermissionDenied
    if letter.institution_id != a.institution.pk:
        raise PermissionDenied
    if a.role != Role.ADMIN:
        raise PermissionDenied
    if letter.voided_at is not None:
        raise ValidationError(_("Surat ini sudah dibatalkan."))
    if len(reason) < 5:
        raise ValidationError(_("Tulis alasan pembatalan (minimal 5 huruf)."))
    letter.voided_at, letter.voided_by, letter.void_reason = timezone.now(), scope.user, reason[:255]
    letter.save(update_fields=["voided_at", "voided_by", "void_reason"])
    return letter
