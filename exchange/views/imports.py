"""Dapodik import pages: upload -> (check, progress) -> preview -> confirm -> (apply, progress) -> result."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.middleware import upload_limit
from accounts.permissions import STAFF_ROLES, require
from padamu.i18n import in_reader_language
from padamu.pagination import keyset_page
from ptk.selectors import school_by_npsn

from .. import selectors, services
from ..columns import COLUMNS, EXPORT_HEADER
from ..forms import EntryFilterForm, ImportUploadForm
from ..models import ImportStatus
from ..permissions import IMPORT_KINDS
from ..uploads import declared_too_big, install_cap

import_access = require(roles=STAFF_ROLES, kinds=IMPORT_KINDS)


@import_access
@upload_limit(services.import_max_bytes)  # bigger than other uploads; capped again below
@require_http_methods(["GET", "POST"])
@csrf_exempt  # CSRF is checked in _upload, after the size cap (checking it reads the body)
def import_index(request):
    cap = services.import_max_bytes()
    if request.method == "POST":
        if declared_too_big(request, cap):
            return _index(request, ImportUploadForm(), error=services._too_big(), status=413)
        request.capped = install_cap(request, cap)
    return _upload(request)


@csrf_protect
def _upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if getattr(request, "capped", None) is not None and request.capped.exceeded:
            return _index(request, ImportUploadForm(), error=services._too_big(), status=413)
        if form.is_valid():
            school = None
            npsn = form.cleaned_data["npsn"].strip()
            if npsn:
                school = school_by_npsn(npsn)
                if school is None:
                    form.add_error("npsn", _("Sekolah dengan NPSN itu tidak ditemukan."))
            if not form.errors:
                try:
                    job = services.import_upload(
                        scope=request.scope,
                        upload=form.cleaned_data["file"],
                        actor=request.user,
                        school=school,
                    )
                except ValidationError as e:
                    form.add_error(None, e)
                else:
                    return redirect("exchange:import_detail", pk=job.pk)
    return _index(request, form)


def _index(request, form, *, error: str = "", status: int = 200):
    services.import_purge_stale()
    page = keyset_page(
        selectors.imports_of(user=request.user),
        order=("-created_at", "-pk"),
        cursor=request.GET.get("setelah"),
    )
    return render(
        request,
        "exchange/import_index.html",
        {
            "form": form,
            "page": page,
            "error": error,
            "max_mb": services.import_max_bytes() // (1024 * 1024),
            "is_school": request.active_role.kind == "sekolah",
        },
        status=status,
    )


@import_access
@require_GET
def import_detail(request, pk: int):
    job = selectors.import_get_for_requester_or_404(user=request.user, pk=pk)
    ctx = {"job": job}
    if job.status in (ImportStatus.PREVIEW, ImportStatus.DONE):
        form = EntryFilterForm(request.GET or None)
        status = form.cleaned_data.get("status", "") if form.is_valid() else ""
        ctx["form"] = form
        ctx["page"] = keyset_page(
            selectors.import_entries(job=job, status=status),
            order=("first_line", "pk"),
            cursor=request.GET.get("setelah"),
            size=50,
        )
    return render(request, "exchange/import_detail.html", ctx)


@import_access
@require_GET
def import_status(request, pk: int):
    job = selectors.import_get_for_requester_or_404(user=request.user, pk=pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "note": in_reader_language(job.note),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "running": job.is_running,
            "url": reverse("exchange:import_detail", args=[job.pk]),
        }
    )


@import_access
@require_POST
def import_confirm(request, pk: int):
    selectors.import_get_for_requester_or_404(user=request.user, pk=pk)
    try:
        job = services.import_confirm(job_id=pk, user=request.user, active=request.active_role)
    except (ValidationError, PermissionDenied) as e:
        messages.error(request, " ".join(getattr(e, "messages", [str(e)])))
    else:
        if job.status == ImportStatus.DONE:
            messages.info(request, job.note)
    return redirect("exchange:import_detail", pk=pk)


@import_access
@require_POST
def import_cancel(request, pk: int):
    selectors.import_get_for_requester_or_404(user=request.user, pk=pk)
    try:
        services.import_cancel(job_id=pk, user=request.user)
    except (ValidationError, PermissionDenied) as e:
        messages.error(request, " ".join(getattr(e, "messages", [str(e)])))
    else:
        messages.success(request, _("Impor dibatalkan; berkas dihapus dari server."))
    return redirect("exchange:import_index")


@import_access
@require_GET
def import_format(request):
    return render(request, "exchange/import_format.html", {"columns": COLUMNS})


@import_access
@require_GET
def import_template(request):
    """An empty Dapodik file (header only) to fill in or to compare with Dapodik's export."""
    resp = HttpResponse(content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = 'attachment; filename="contoh-dapodik-ptk.csv"'
    resp.write("\ufeff")
    csv.writer(resp, delimiter=";").writerow(EXPORT_HEADER)
    return resp
