import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from padamu.pagination import keyset_page

from ..forms import InvitationForm, RegisterForm
from ..mfa import mfa_reset
from ..models import Role
from ..permissions import require
from ..selectors import data_access_list, invitations_sent, users_of_institutions
from ..services import (
    invitation_revoke,
    invitation_send,
    operator_register,
    operator_reopen_code_issue,
    operator_reset,
    role_assignment_set_active,
)
from .codes import code_issued_redirect

log = logging.getLogger(__name__)


@require(roles={Role.ADMIN})
def user_index(request):
    q = request.GET.get("q", "").strip()[:100]
    qs = users_of_institutions(institutions=request.scope.manageable_institutions(), query=q)
    page = keyset_page(
        qs, order=("institution__name", "role", "user__username", "pk"), cursor=request.GET.get("setelah")
    )
    return render(request, "accounts/user_list.html", {"page": page, "q": q})


@require(roles={Role.ADMIN})
@require_http_methods(["GET", "POST"])
def user_register(request):
    form = RegisterForm(request.POST or None, institutions=request.scope.manageable_institutions())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user, code = operator_register(
                scope=request.scope,
                institution=d["institution"],
                role=d["role"],
                username=d["username"],
                full_name=d["full_name"],
                email=d["email"],
                nip=d["nip"],
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            return code_issued_redirect(
                request, target=user, code=code, institution=d["institution"], role=d["role"]
            )
    return render(request, "accounts/user_register.html", {"form": form})


@require(roles={Role.ADMIN})
@require_POST
def user_reset(request, pk: int):
    try:
        user, code = operator_reset(scope=request.scope, assignment_id=pk)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("accounts:users")
    return code_issued_redirect(request, target=user, code=code, reset=True, assignment_id=pk)


@require(roles={Role.ADMIN})
@require_POST
def user_toggle(request, pk: int):
    active = request.POST.get("active") == "1"
    try:
        a = role_assignment_set_active(scope=request.scope, assignment_id=pk, active=active)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request,
            (_("Peran %(r)s diaktifkan.") if active else _("Peran %(r)s dinonaktifkan."))
            % {"r": f"{a.user} ({a})"},
        )
    return redirect("accounts:users")


@require(roles={Role.ADMIN})
@require_POST
def user_reopen(request, pk: int):
    """A scoped code that re-opens a suspended role of this institution; the person enters it while
    logged in (their password stays theirs)."""
    try:
        a, code = operator_reopen_code_issue(scope=request.scope, assignment_id=pk)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("accounts:users")
    return render(request, "accounts/reopen_code.html", {"assignment": a, "code": code})


@require(roles={Role.ADMIN})
@require_POST
def user_mfa_reset(request, pk: int):
    try:
        target = mfa_reset(scope=request.scope, assignment_id=pk)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request,
            _("Perangkat verifikasi %(u)s direset; ia mendaftarkan aplikasi autentikator lagi saat masuk.")
            % {"u": target.display_name},
        )
    return redirect("accounts:users")


@require(roles={Role.ADMIN})
@require_http_methods(["GET", "POST"])
def invitation_index(request):
    """Invite a person who already has an account to a role; the list of invitations sent."""
    institutions = request.scope.manageable_institutions()
    form = InvitationForm(request.POST or None, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            invitation_send(
                scope=request.scope, institution=d["institution"], role=d["role"], username=d["username"]
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(
                request,
                _("Undangan untuk %(u)s dicatat. Bila akun itu ada, pemiliknya melihat undangan ini setelah "
                  "masuk dan dapat menerima atau menolaknya.") % {"u": d["username"]},
            )
            return redirect("accounts:invitations")
    qs = invitations_sent(institutions=institutions)
    page = keyset_page(qs, order=("-created_at", "-pk"), cursor=request.GET.get("setelah"))
    return render(request, "accounts/invitations.html", {"form": form, "page": page})


@require(roles={Role.ADMIN})
@require_POST
def invitation_revoke_view(request, pk: int):
    try:
        invitation_revoke(scope=request.scope, invitation_id=pk)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Undangan dibatalkan."))
    return redirect("accounts:invitations")


@require(roles={Role.ADMIN})
def access_log(request):
    """Who viewed or exported personal data, within this admin's scope (paginated)."""
    q = request.GET.get("q", "").strip()[:100]
    qs = data_access_list(scope=request.scope, query=q)
    page = keyset_page(qs, order=("-at", "-pk"), cursor=request.GET.get("setelah"))
    return render(request, "accounts/access_log.html", {"page": page, "q": q})
