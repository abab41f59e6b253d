"""The page after issuing an activation code (S01), as post/redirect/get.

The clear code and its S01 stay retrievable by the operator who issued them, in their session only,
until they say the letter is printed (or the session ends): the code is kept there and nowhere else
(the letter's snapshot never holds it), so leaving or reloading the page neither loses the code nor
costs a new letter number. The same approach as the S02 of ptk.views.staff.
"""

import logging
import secrets

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..permissions import any_role
from ..registry import code_letter_issue, code_letter_render

log = logging.getLogger(__name__)

S01_SESSION_KEY = "padamu_s01_unprinted"


def _pending(request) -> dict:
    return request.session.get(S01_SESSION_KEY, {})


def code_issued_redirect(request, *, target, code, reset=False, back_url="", back_label="", **where):
    """Issue the S01 of a code issued just now, keep both in the session, and redirect to its page.
    ``where``: institution/role or assignment_id (what the letter says the account is for)."""
    letter_id = number = None
    if code:
        try:
            issued = code_letter_issue(
                target=target, code=code, actor=request.user, active=request.active_role, **where
            )
        except Exception:  # the code is still shown; the letter can be issued by a reset later
            log.exception("S01 for %s could not be issued", target)
            issued = None
        if issued:
            letter_id, number = issued
    token = secrets.token_urlsafe(12)
    pending = dict(_pending(request))
    pending[token] = {
        "username": target.username,
        "name": target.display_name,
        "code": code,
        "reset": reset,
        "letter": letter_id,
        "number": number,
        "back_url": back_url or reverse("accounts:users"),
        "back_label": str(back_label or _("Kembali ke daftar operator")),
    }
    request.session[S01_SESSION_KEY] = pending
    return redirect("accounts:code_issued", token=token)


def _entry(request, token: str) -> dict:
    entry = _pending(request).get(token)
    if entry is None:  # another session, marked printed, or made up
        raise Http404
    return entry


@any_role
@require_GET
def code_issued(request, token: str):
    """The code and its S01 until marked printed: reloading this page issues nothing new."""
    return render(
        request,
        "accounts/code_issued.html",
        {"e": (e := _entry(request, token)), "token": token, "code": e["code"]},
    )


@any_role
@require_GET
def code_letter(request, token: str):
    """The S01 PDF with its code, as often as needed until it is marked printed."""
    e = _entry(request, token)
    pdf = code_letter_render(letter_id=e["letter"], code=e["code"]) if e["letter"] else None
    if not pdf:
        raise Http404
    resp = HttpResponse(pdf, content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="S01-{e["username"]}.pdf"'
    resp["Cache-Control"] = "no-store"
    return resp


@any_role
@require_POST
def code_printed(request, token: str):
    """'Sudah dicetak': the code leaves the session; the S01 cannot be downloaded again."""
    pending = dict(_pending(request))
    e = pending.pop(token, None)
    if e is None:
        raise Http404
    request.session[S01_SESSION_KEY] = pending
    messages.success(
        request,
        _("S01 %(n)s ditandai sudah dicetak; kode aktivasi %(u)s tidak lagi tersimpan.")
        % {"n": e["number"] or "", "u": e["username"]},
    )
    return redirect(e["back_url"])
