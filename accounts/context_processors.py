from .registry import menu_for


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
    return {"active_role": active, "menu_items": [] if pending else menu_for(active), "mfa_pending": pending}
