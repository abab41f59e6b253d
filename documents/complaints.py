"""The complaints channel: file, answer, count. The caller (a view) has checked that the filer may
see the subject; these services check who answers."""

from statistics import median

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role

from .models import Complaint

MIN_TEXT, MAX_TEXT = 10, 2000


def _text(value: str, what: str) -> str:
    value = (value or "").strip()
    if len(value) < MIN_TEXT:
        raise ValidationError(_("Tulis %(w)s paling sedikit %(n)s huruf.") % {"w": what, "n": MIN_TEXT})
    if len(value) > MAX_TEXT:
        raise ValidationError(_("%(w)s paling banyak %(n)s huruf.") % {"w": what.capitalize(), "n": MAX_TEXT})
    return value


@transaction.atomic
def complaint_file(
    *, user, active, subject_type: str, subject_id, subject_label: str, owner, school, text: str
) -> Complaint:
    if not user.is_authenticated:
        raise PermissionDenied
    c = Complaint(
        subject_type=subject_type,
        subject_id=str(subject_id),
        subject_label=subject_label[:200],
        owner=owner,
        school=school,
        dinas_id=school.dinas_id if school else None,
        qa_office_id=school.qa_office_id if school else None,
        filed_by=user,
        filed_role=(getattr(active, "label", "") or "")[:255],
        text=_text(text, _("pengaduan")),
    )
    c.full_clean()
    c.save()
    return c


@transaction.atomic
def complaint_answer(*, user, active, pk: int, answer: str) -> Complaint:
    c = Complaint.objects.select_for_update().filter(pk=pk).first()
    if (
        c is None
        or active is None
        or active.role not in (Role.ADMIN, Role.OPERATOR)
        or active.institution is None
        or active.institution.pk != c.owner_id
    ):
        raise PermissionDenied(_("Hanya lembaga pemilik ajuan/surat yang menjawab pengaduan ini."))
    if c.answered_at:
        when = timezone.localtime(c.answered_at).strftime("%d-%m-%Y %H:%M")
        raise ValidationError(_("Pengaduan ini sudah dijawab pada %(t)s.") % {"t": when})
    c.answer, c.answered_by, c.answered_at = _text(answer, _("jawaban")), user, timezone.now()
    c.save(update_fields=["answer", "answered_by", "answered_at"])
    from accounts.services import notify

    notify(
        user=c.filed_by,
        title=_("Pengaduan Anda dijawab"),
        body=_("%(o)s menjawab pengaduan Anda tentang %(s)s: %(a)s")
        % {"o": c.owner.name, "s": c.subject_label, "a": c.answer},
    )
    return c


def complaints_for(*, user, active):
    """What the user filed, and what their active institution must answer."""
    q = Q(filed_by=user)
    if active is not None and not active.is_ptk and active.institution is not None:
        q |= Q(owner_id=active.institution.pk)
    return Complaint.objects.filter(q).select_related("owner", "filed_by")


def complaint_counts(*, institution, since=None) -> dict:
    """Received, answered, open and the median time to answer (seconds) of one institution."""
    qs = Complaint.objects.filter(owner=institution)
    if since:
        qs = qs.filter(filed_at__gte=since)
    answered = list(
        qs.filter(answered_at__isnull=False)
        .order_by("-filed_at")
        .values_list("filed_at", "answered_at")[:5000]
    )
    from django.db.models import Count, Q

    n = qs.aggregate(received=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
    return {
        "received": n["received"],
        "answered": n["answered"],
        "open": n["received"] - n["answered"],
        "median_answer_seconds": median([(b - a).total_seconds() for a, b in answered]) if answered else None,
    }
