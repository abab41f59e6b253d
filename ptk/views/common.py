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
