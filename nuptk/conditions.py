"""Pure conditions and helpers of the Submission transitions. They read the row and its kind's
unit only, never write, send or print anything."""

from django.utils import timezone

from .requirements import all_ok


def local_date(at):
    return timezone.localtime(at).date()


def next_state(sub) -> str:
    """The waiting state of the level the transition method just moved the request to (django-fsm
    computes GET_STATE targets after the method ran, so ``level_index`` is already the new one)."""
    return sub.route[sub.level_index].state


def checks_pass(sub) -> bool:
    return bool(sub.checks) and all_ok(sub.checks)


def is_last_level(sub) -> bool:
    return sub.level_index is not None and sub.level_index == len(sub.route) - 1


def not_last_level(sub) -> bool:
    return sub.level_index is not None and not is_last_level(sub)


def sk_rejectable(sub) -> bool:
    return sub.request_kind.sk_rejectable
