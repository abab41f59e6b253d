from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..forms import DelegationForm
from ..models import InstitutionKind, Role
from ..permissions import require
from ..selectors import delegation_targets, delegations_of
from ..services import delegation_grant, delegation_revoke


@require(roles={Role.ADMIN}, kinds={InstitutionKind.SEKOLAH})
@require_http_methods(["GET", "POST"])
def delegation_index(request):
    school = request.active_role.institution
    form = DelegationForm(request.POST or None, targets=delegation_targets(school=school))
    if request.method == "POST" and form.is_valid():
        try:
            delegation_grant(scope=request.scope, delegate=form.cleaned_data["delegate"])
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(
                request, _("Hak operator didelegasikan ke %(d)s.") % {"d": form.cleaned_data["delegate"]}
            )
            return redirect("accounts:delegations")
    return render(
        request,
        "accounts/delegations.html",
        {"form": form, "delegations": delegations_of(school=school), "school": school},
    )


@require(roles={Role.ADMIN}, kinds={InstitutionKind.SEKOLAH})
@require_POST
def delegation_revoke_view(request, pk: int):
    try:
        d = delegation_revoke(scope=request.scope, delegation_id=pk)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Delegasi ke %(d)s dicabut.") % {"d": d.delegate})
    return redirect("accounts:delegations")
