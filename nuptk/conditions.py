"""Pure conditions and helpers of the Submission transitions. They read the row only (the PDSPK
lookup is a plain read), never write, send or print anything."""

from django.utils import timezone

from .requirements import all_ok
from .routes import LEVEL_STATE, Level, spec


def local_date(at):
    return timezone.localtime(at).date()


def next_state(sub) -> str:
    """The state of the level the transition method just moved the request to (django-fsm
    computes GET_STATE targets after the method ran, so ``level_index`` is already the new one)."""
    return LEVEL_STATE[spec(sub.kind).route[sub.level_index]]


def checks_pass(sub) -> bool:
    return bool(sub.checks) and all_ok(sub.checks)


def is_last_level(sub) -> bool:
    return sub.level_index is not None and sub.level_index == len(spec(sub.kind).route) - 1


def not_last_level(sub) -> bool:
    return sub.level_index is not None and not is_last_level(sub)


def sk_rejectable(sub) -> bool:
    return spec(sub.kind).sk_rejectable


def pdspk_id():
    from accounts.models import Institution, InstitutionKind

    return Institution.objects.filter(kind=InstitutionKind.PDSPK).order_by("pk").values_list("pk", flat=True).first()


def institution_for_level(sub):
    level = spec(sub.kind).route[sub.level_index]
    if level == Level.DINAS:
        return sub.dinas_id
    if level == Level.QA:
        return sub.qa_office_id
    return pdspk_id()
