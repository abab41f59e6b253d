"""API clients of an institution: its admin creates one (the key is shown once), sees its calls,
and revokes it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import require
from padamu.pagination import keyset_page

from .. import selectors, services
from ..forms import ApiClientForm

client_access = require(roles={Role.ADMIN})


def _guard(request):
    from django.core.exceptions import PermissionDenied

    from ..permissions import can_manage_clients

    if not can_manage_clients(request.active_role):
        raise PermissionDenied


@client_access
@require_http_methods(["GET", "POST"])
def client_index(request):
    _guard(request)
    form = ApiClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client, key = services.api_client_create(
                active=request.active_role, name=form.cleaned_data["name"], actor=request.user
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            resp = render(request, "exchange/client_created.html", {"client": client, "key": key})
            resp["Cache-Control"] = "no-store"
            return resp
    page = keyset_page(
        selectors.clients_of(active=request.active_role).select_related("created_by"),
        order=("name", "pk"),
        cursor=request.GET.get("setelah"),
    )
    return render(request, "exchange/client_index.html", {"form": form, "page": page})


@client_access
@require_GET
def client_detail(request, pk: int):
    _guard(request)
    client = selectors.client_get_or_404(active=request.active_role, pk=pk)
    page = keyset_page(
        selectors.client_calls(client=client), order=("-at", "-pk"), cursor=request.GET.get("setelah")
    )
    return render(request, "exchange/client_detail.html", {"client": client, "page": page})


@client_access
@require_POST
def client_revoke(request, pk: int):
    _guard(request)
    selectors.client_get_or_404(active=request.active_role, pk=pk)
    services.api_client_revoke(active=request.active_role, pk=pk, actor=request.user)
    messages.success(request, _("Kunci API dicabut; panggilan dengan kunci ini ditolak mulai sekarang."))
    return redirect("exchange:client_detail", pk=pk)
