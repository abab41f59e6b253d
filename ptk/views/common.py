"""Helpers shared by the PTK views."""

import base64

from django.http import Http404

from ..permissions import perms_for
from ..selectors import ptk_get_for_user_or_404


def get_ptk(request, pk):
    """The PTK record if the active role may see it, else 404."""
    return ptk_get_for_user_or_404(scope=request.scope, pk=pk)


def ptk_perms(request, ptk) -> dict:
    return perms_for(request.active_role, request.user, ptk)


def require_perm(request, ptk, name: str) -> dict:
    """Refuse (404, like anything outside the scope) a write the role may not make on this PTK."""
    perms = ptk_perms(request, ptk)
    if not perms[name]:
        raise Http404
    return perms


def pdf_data_url(pdf: bytes) -> str:
    return "data:application/pdf;base64," + base64.b64encode(pdf).decode("ascii")


def error_text(e) -> str:
    return " ".join(getattr(e, "messages", [str(e)]))


def edit_record_fields(request, pk, *, perm: str, form_class, service, saved: str, title: str):
    """GET/POST of a form over some fields of the PTK row: the changed fields go to ``service``
    (which versions them); a refusal stays on the form with everything the user typed."""
    from django.contrib import messages
    from django.core.exceptions import ValidationError
    from django.shortcuts import redirect, render

    ptk = get_ptk(request, pk)
    require_perm(request, ptk, perm)
    form = form_class(request.POST or None, instance=ptk)
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in form.changed_data}
        try:
            service(ptk=ptk, changes=changes, actor=request.user, role=request.active_role)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, saved)
            return redirect("ptk:detail", pk=ptk.pk)
    return render(request, "ptk/ptk_form.html", {"form": form, "ptk": ptk, "title": title})
