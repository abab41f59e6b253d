from django.shortcuts import redirect, render

from ..permissions import require_login
from ..registry import home_panels
from ..selectors import home_counts


@require_login
def home(request):
    active = request.active_role
    if active is None:
        if request.user.is_superuser and not request.user.roles.exists():
            return redirect("admin:index")
        return redirect("accounts:choose_role")
    counts = home_counts(scope=request.scope) if not active.is_ptk and active.kind != "sekolah" else None
    return render(request, "accounts/home.html", {"counts": counts, "panels": home_panels(request)})
