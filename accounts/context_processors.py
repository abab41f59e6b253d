import functools

from .registry import menu_for

UNREAD_CAP = 99  # the header says "99+" beyond; counting stops there (one bounded, indexed query)


@functools.cache
def _unread_query():
    from padamu.prepared import Prepared

    from .models import Notification

    return Prepared(
        lambda user_id: Notification.objects.filter(user_id=user_id, read_at__isnull=True)
        .order_by()
        .values_list("pk")[: UNREAD_CAP + 1],
        user_id=int,
    )


def _unread_count(user) -> int:
    """Unread notices, counted up to UNREAD_CAP + 1 (one indexed query, compiled once per process)."""
    return len(_unread_query().rows(user_id=user.pk))


def active_role(request):
    active = getattr(request, "active_role", None)
    from .mfa import HAS_DEVICE_KEY, PRIVILEGED_KEY, VERIFIED_KEY

    user = getattr(request, "user", None)
    session = getattr(request, "session", {})
    pending = bool(
        user is not None
        and user.is_authenticated
        and not session.get(VERIFIED_KEY)
        and (session.get(HAS_DEVICE_KEY) or session.get(PRIVILEGED_KEY))
    )
    # While the second factor is pending the page offers only the step itself and "Keluar".
    unread = (
        functools.cache(lambda: _unread_count(user))  # counted only when a page shows it
        if user is not None and user.is_authenticated and not pending
        else 0
    )
    return {
        "active_role": active,
        "menu_items": [] if pending else menu_for(active),
        "mfa_pending": pending,
        "unread_notifications": unread,
        "unread_cap": UNREAD_CAP,
    }
