from .registry import menu_for


def active_role(request):
    active = getattr(request, "active_role", None)
    return {"active_role": active, "menu_items": menu_for(active)}
