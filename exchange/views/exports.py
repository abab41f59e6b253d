"""Dapodik export pages: choose a school, kab/kota or province of the scope -> background file
(progress) -> one download by the requester, then the file is deleted."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import STAFF_ROLES, require
from padamu.pagination import keyset_page

from .. import selectors, services
from ..forms import ExportForm

export_access = require(roles=STAFF_ROLES)


@export_access
@require_http_methods(["GET", "POST"])
def export_index(request):
    services.export_purge_expired()
    targets = selectors.export_targets(scope=request.scope)
    own = request.active_role.institution
    own_npsn = own.npsn if own.is_school else ""
    form = ExportForm(request.POST or None, targets=targets, initial={"level": "sekolah", "npsn": own_npsn})
    if request.method == "POST" and form.is_valid():
        try:
            job = services.export_request(
                scope=request.scope,
                level=form.cleaned_data["level"],
                target=form.target(),
                fmt=form.cleaned_data["fmt"],
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            return redirect("exchange:export_detail", pk=job.pk)
    page = keyset_page(
        selectors.exports_of(user=request.user),
        order=("-created_at", "-pk"),
        cursor=request.GET.get("setelah"),
    )
    return render(request, "exchange/export_index.html", {"form": form, "page": page, "own_npsn": own_npsn})


@export_access
@require_GET
def export_detail(request, pk: int):
    job = selectors.export_get_for_requester_or_404(user=request.user, pk=pk)
    return render(request, "exchange/export_detail.html", {"job": job})


@export_access
@require_GET
def export_status(request, pk: int):
    job = selectors.export_get_for_requester_or_404(user=request.user, pk=pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "note": "",
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "running": job.status in ("queued", "running"),
            "url": reverse("exchange:export_detail", args=[job.pk]),
        }
    )


@export_access
@require_POST
def export_download(request, pk: int):
    selectors.export_get_for_requester_or_404(user=request.user, pk=pk)
    try:
        job, path = services.export_take(user=request.user, pk=pk)
    except (ValidationError, PermissionDenied) as e:
        messages.error(request, " ".join(getattr(e, "messages", [str(e)])))
        return redirect("exchange:export_detail", pk=pk)
    resp = FileResponse(default_storage.open(path, "rb"), as_attachment=True, filename=job.filename)
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Cache-Control"] = "private, no-store"
    resp._resource_closers.append(lambda: services.export_file_delete(path))  # deleted once sent
    return resp
