from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..permissions import require_login
from ..selectors import notifications_for
from ..services import notifications_mark_read


@require_login
def notification_index(request):
    active = request.active_role
    here = active.assignment.pk if active is not None and active.on_behalf_of is None else None
    return render(
        request,
        "accounts/notifications.html",
        {"items": notifications_for(user=request.user), "here": here},
    )


@require_login
@require_POST
def notification_read_all(request):
    notifications_mark_read(user=request.user)
    return redirect("accounts:notifications")
