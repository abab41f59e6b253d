"""School accounts: the Dinas enters and recaps requests, the QA office creates the accounts (S01)."""

import logging

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from padamu.feedback import say_refusal
from padamu.pagination import keyset_page

from .. import school_accounts as sa
from ..models import Role
from ..permissions import STAFF_ROLES, require
from ..policy import DINAS_KINDS, QA_KINDS
from .codes import code_issued_redirect

log = logging.getLogger(__name__)


class EnterForm(forms.Form):
    npsn = forms.CharField(label=_l("NPSN sekolah"), max_length=8)
    applicant_name = forms.CharField(label=_l("Nama calon admin sekolah"), max_length=150)
    applicant_email = forms.EmailField(label=_l("Email"), required=False)
    applicant_phone = forms.CharField(label=_l("Nomor HP"), max_length=20, required=False)


class ReturnForm(forms.Form):
    note = forms.CharField(label=_l("Catatan untuk Dinas"), max_length=1000)


@require(roles=STAFF_ROLES, kinds=DINAS_KINDS | QA_KINDS)
def school_account_index(request):
    qs = sa.requests_visible(scope=request.scope)
    state = request.GET.get("status", "")
    if state in sa.State.values:
        qs = qs.filter(state=state)
    page = keyset_page(qs, order=("-created_at", "-pk"), cursor=request.GET.get("setelah"))
    return render(
        request,
        "accounts/school_accounts.html",
        {
            "page": page,
            "is_dinas": request.active_role.kind in DINAS_KINDS,
            "is_qa": request.active_role.kind in QA_KINDS,
            "form": EnterForm(),
            "return_form": ReturnForm(),
            "states": sa.State.choices,
            "state": state,
        },
    )


def _run(request, fn, ok, **kw):
    try:
        out = fn(scope=request.scope, **kw)
    except ValidationError as e:
        say_refusal(request, e)
        return None
    except PermissionDenied:
        raise Http404 from None
    if ok:
        messages.success(request, ok if isinstance(ok, str) else ok(out))
    return out


@require(roles=STAFF_ROLES, kinds=DINAS_KINDS)
@require_POST
def school_account_enter(request):
    form = EnterForm(request.POST)
    if not form.is_valid():
        say_refusal(request, form)
    else:
        _run(request, sa.school_account_request_enter, _("Ajuan akun sekolah dicatat."), **form.cleaned_data)
    return redirect("accounts:school_accounts")


@require(roles=STAFF_ROLES, kinds=DINAS_KINDS)
@require_POST
def school_account_recap_view(request):
    _run(
        request,
        sa.school_account_recap,
        lambda out: (
            _("Rekap %(c)s: %(n)s ajuan diserahkan ke LPMP/BPKLN/BP-PAUD.") % {"c": out[0], "n": out[1]}
        ),
    )
    return redirect("accounts:school_accounts")


@require(roles=STAFF_ROLES, kinds=QA_KINDS)
@require_POST
def school_account_create_view(request, pk: int):
    out = _run(request, sa.school_account_create, None, pk=pk)
    if out is None:
        return redirect("accounts:school_accounts")
    req, user, assignment, code = out
    return code_issued_redirect(
        request,
        target=user,
        code=code,
        institution=req.school,
        role=Role.ADMIN,
        assignment_id=assignment.pk,
        back_url=reverse("accounts:school_accounts"),
        back_label=_("Kembali ke ajuan akun sekolah"),
    )


@require(roles=STAFF_ROLES, kinds=QA_KINDS)
@require_POST
def school_account_return_view(request, pk: int):
    form = ReturnForm(request.POST)
    if not form.is_valid():
        say_refusal(request, form)
    else:
        _run(
            request,
            sa.school_account_return,
            _("Ajuan dikembalikan ke Dinas dengan catatan."),
            pk=pk,
            note=form.cleaned_data["note"],
        )
    return redirect("accounts:school_accounts")
