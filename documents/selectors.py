"""Reads for documents, scoped by the viewer."""

from django.db.models import Q
from django.http import Http404

from accounts.scope import Scope
from padamu.db import one_or_none

from .letters import token_is_well_formed
from .models import BatchPrint, Letter
from .permissions import letters_visible_q


def letter_get_for_viewer_or_404(*, scope: Scope, pk: int) -> Letter:
    letter = one_or_none(Letter.objects.filter(letters_visible_q(scope), pk=pk).select_related("institution"))
    if letter is None:
        raise Http404
    return letter


LETTER_STATUSES = ("berlaku", "dibatalkan")  # the archive's status filter: in force / voided


def letters_for_viewer(*, scope: Scope, query: str = "", code: str = "", status: str = ""):
    """Letters the viewer may open, newest first, searchable by number or subject name; ``status``
    "dibatalkan" keeps the voided ones, "berlaku" the others."""
    qs = Letter.objects.filter(letters_visible_q(scope)).select_related("institution")
    if code:
        qs = qs.filter(code=code)
    if status in LETTER_STATUSES:
        qs = qs.filter(voided_at__isnull=status == "berlaku")
    if query:
        qs = qs.filter(Q(number__icontains=query) | Q(subject_name__icontains=query))
    return qs.only(
        "pk",
        "code",
        "title",
        "number",
        "issued_at",
        "subject_name",
        "confidential",
        "institution__name",
        "institution_id",
        "voided_at",
    )


def letter_by_token(*, token: str) -> tuple[str, Letter | None]:
    """('valid', letter), ('unknown', None) for a well-formed token we never issued, or
    ('invalid', None) for a forged or mistyped one."""
    token = (token or "").strip().lower()
    letter = one_or_none(Letter.objects.filter(token=token).select_related("institution")) if token else None
    if letter is not None:
        return "valid", letter
    return ("unknown" if token_is_well_formed(token) else "invalid"), None


def batches_of(*, user):
    return BatchPrint.objects.filter(requested_by=user).select_related("institution")


def batch_get_for_requester_or_404(*, user, pk: int) -> BatchPrint:
    job = one_or_none(BatchPrint.objects.filter(pk=pk, requested_by=user))
    if job is None:
        raise Http404
    return job


def batch_regencies(*, scope: Scope):
    """The kab/kota of the schools the role sees, for the batch-print filter."""
    from accounts.models import Regency

    return list(Regency.objects.filter(pk__in=scope.schools().values("regency_id")).order_by("name"))


def letters_about(*, subject_type: str, subject_id) -> list[Letter]:
    """Every letter issued about one subject (e.g. a request), oldest first. Opening one still goes
    through ``letter_get_for_viewer_or_404``."""
    return list(Letter.objects.filter(subject_type=subject_type, subject_id=str(subject_id)).order_by("pk"))


def letterhead_editable(*, scope: Scope):
    """Institutions whose letterhead data and officials the active role keeps: an admin's own
    institution, those directly below it, and (a Dinas/Atdikbud admin) the schools it covers."""
    from accounts import policy
    from accounts.models import Institution, InstitutionKind

    a = scope.active
    if a is None or not a.is_admin or a.on_behalf_of is not None or a.institution is None:
        return Institution.objects.none()
    inst = a.institution
    q = Q(pk=inst.pk) | Q(parent_id=inst.pk)
    if inst.kind in policy.DINAS_KINDS:
        q |= Q(kind=InstitutionKind.SEKOLAH, dinas_id=inst.pk)
    return Institution.objects.filter(q)
