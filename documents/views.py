"""Views of the paper layer: letter PDFs (scope-checked), the public verification page, the
superuser gallery of every letter, and batch prints with a progress page."""

from functools import lru_cache

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import STAFF_ROLES, public, require, require_login, require_superuser
from accounts.ratelimit import rate_limited
from padamu.pagination import keyset_page
from padamu.worker import worker_stalled

from . import selectors, services
from .letters import letter_pdf, letter_preview_pdf, letter_type, letter_types
from .permissions import BATCH_KINDS
from .rendering import pdf_to_png


def _pdf_response(pdf: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    resp = HttpResponse(pdf, content_type="application/pdf")
    resp["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Cache-Control"] = "private, no-store"
    return resp


@require_login
@require_GET
def letter_pdf_view(request, pk: int):
    """A letter as PDF, for the roles whose scope covers it, its issuing institution, and the
    person it is addressed to. Anyone else gets 404."""
    letter = selectors.letter_get_for_viewer_or_404(scope=request.scope, pk=pk)
    return _pdf_response(letter_pdf(letter), f"{letter.code}-{letter.year}-{letter.seq:05d}.pdf")


@require_login
@require_POST
def letter_void_view(request, pk: int):
    """The issuing institution's admin voids a letter (confirmed in the browser, reason required)."""
    from django.core.exceptions import PermissionDenied

    letter = selectors.letter_get_for_viewer_or_404(scope=request.scope, pk=pk)
    try:
        services.letter_void(scope=request.scope, pk=letter.pk, reason=request.POST.get("reason", ""))
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Surat %(n)s dibatalkan.") % {"n": letter.number})
    return redirect("documents:letter_index")


@require()
@require_GET
def letter_index(request):
    """The letters the active role may open (a PTK: those addressed to them), to reprint."""
    q = request.GET.get("q", "").strip()[:100]
    codes = [lt.code for lt in letter_types()]
    code = request.GET.get("kode", "")
    code = code if code in codes else ""
    status = request.GET.get("status", "")
    status = status if status in selectors.LETTER_STATUSES else ""
    qs = selectors.letters_for_viewer(scope=request.scope, query=q, code=code, status=status)
    page = keyset_page(qs, order=("-issued_at", "-pk"), cursor=request.GET.get("setelah"))
    active = request.active_role
    return render(
        request,
        "documents/letter_list.html",
        {
            "page": page, "q": q, "code": code, "codes": codes, "status": status,
            "can_void": active.is_admin and active.on_behalf_of is None,
            "active_institution_id": active.institution.pk if active.institution else None,
        },
    )  # fmt: skip


def _verify_lang(request) -> str:
    """?bahasa=en|id (a link printed for foreign readers) or else the language chosen with the
    footer switch (padamu.i18n.LanguageMiddleware); Indonesian by default."""
    asked = request.GET.get("bahasa")
    if asked in ("en", "id"):
        return asked
    return "en" if getattr(request, "LANGUAGE_CODE", "id") == "en" else "id"


def _clean_code(raw: str) -> str:
    """A code as typed from paper: spaces, dashes and case do not matter."""
    return "".join(ch for ch in (raw or "").lower() if ch.isalnum())[:40]


@public
@require_GET
@rate_limited("verify", limit_setting="VERIFY_RATE_LIMIT", window_setting="VERIFY_RATE_WINDOW")
def verify_form(request):
    """For people whose QR code will not scan: type the verification code printed under it."""
    from django.utils import translation

    lang = _verify_lang(request)
    code = _clean_code(request.GET.get("kode", ""))
    if code:
        url = reverse("letter_verify_short", args=[code])
        return redirect(f"{url}?bahasa=en" if lang == "en" else url)
    with translation.override(lang):
        return render(request, "documents/verify.html", {"status": "form", "lang": lang, "token": ""})


@public
@require_GET
@rate_limited("verify", limit_setting="VERIFY_RATE_LIMIT", window_setting="VERIFY_RATE_WINDOW")
def verify(request, token: str):
    from django.utils import translation

    from .verification import certified_facts, letter_status

    lang = _verify_lang(request)
    status, letter = selectors.letter_by_token(token=_clean_code(token))
    ctx = {"status": status, "letter": letter, "token": token[:40], "lang": lang}
    with translation.override(lang):  # dates of the facts too: "7 December 2026" in English
        if letter is not None:
            ctx["facts"] = certified_facts(letter)
            ctx["state"] = letter_status(letter)
        return render(request, "documents/verify.html", ctx, status=200 if letter else 404)


# --- gallery (superusers) -----------------------------------------------------------------------


def _type_or_404(code: str):
    try:
        return letter_type(code)
    except LookupError:
        raise Http404 from None


@require_superuser
@require_GET
def gallery(request):
    return render(request, "documents/gallery.html", {"types": letter_types()})


@require_superuser
@require_GET
def gallery_pdf(request, code: str):
    lt = _type_or_404(code)
    blank = request.GET.get("kosong") == "1" and lt.form
    pdf = letter_preview_pdf(lt.code, blank=blank)
    return _pdf_response(pdf, f"contoh-{lt.code}{'-kosong' if blank else ''}.pdf")


@lru_cache(maxsize=64)
def _preview_png(code: str, blank: bool) -> bytes | None:
    return pdf_to_png(letter_preview_pdf(code, blank=blank), dpi=50)


@require_superuser
@require_GET
def gallery_png(request, code: str):
    lt = _type_or_404(code)
    png = _preview_png(lt.code, request.GET.get("kosong") == "1" and lt.form)
    if png is None:
        raise Http404
    resp = HttpResponse(png, content_type="image/png")
    resp["X-Content-Type-Options"] = "nosniff"
    return resp


# --- batch prints -------------------------------------------------------------------------------

batch_access = require(roles={Role.ADMIN}, kinds=BATCH_KINDS)
# A batch of letters ordered elsewhere (a school's level-2 checks and pacts, a Dinas's S08) is
# followed and downloaded by its requester whatever their institution (the selector checks that).
batch_owner_access = require(roles=STAFF_ROLES)


@batch_access
@require_http_methods(["GET", "POST"])
def batch_index(request):
    services.batch_purge_expired()
    regencies = selectors.batch_regencies(scope=request.scope)
    regency = request.POST.get("wilayah") or request.GET.get("wilayah") or ""
    if regency and regency not in {r.code for r in regencies}:
        regency = ""
    if request.method == "POST":
        try:
            job = services.batch_print_request(scope=request.scope, regency_code=regency)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            return redirect("documents:batch_detail", pk=job.pk)
    candidates = services.batch_s01_candidates(scope=request.scope, regency_code=regency)
    return render(
        request,
        "documents/batch_index.html",
        {
            "regencies": regencies,
            "regency": regency,
            "count": candidates.count(),
            "sample": list(candidates[:10]),
            "jobs": list(selectors.batches_of(user=request.user)[:20]),
        },
    )


@batch_owner_access
@require_GET
def batch_detail(request, pk: int):
    job = selectors.batch_get_for_requester_or_404(user=request.user, pk=pk)
    stalled = job.status in ("queued", "running") and worker_stalled()
    return render(request, "documents/batch_detail.html", {"job": job, "stalled": stalled})


@batch_owner_access
@require_GET
def batch_status(request, pk: int):
    job = selectors.batch_get_for_requester_or_404(user=request.user, pk=pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "ready": job.status == "done",
            "stalled": job.status in ("queued", "running") and worker_stalled(),
            "download_url": reverse("documents:batch_download", args=[job.pk]),
        }
    )


@batch_owner_access
@require_POST
def batch_download(request, pk: int):
    selectors.batch_get_for_requester_or_404(user=request.user, pk=pk)
    try:
        job, data = services.batch_download(user=request.user, pk=pk)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("documents:batch_detail", pk=pk)
    return _pdf_response(data, f"cetak-massal-{job.pk}.pdf", inline=False)


# --- complaints -----------------------------------------------------------------------------------


def complaint_form_page(request, *, subject_label, back_url, file_fn):
    """GET/POST of the complaint form about one subject (a letter here, a request in nuptk)."""
    if request.method == "POST":
        try:
            file_fn(request.POST.get("text", ""))
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(
                request, _("Pengaduan terkirim. Jawaban lembaga pemilik tampil di halaman Pengaduan.")
            )
            return redirect("documents:complaints")
    return render(
        request,
        "documents/complaint_form.html",
        {"subject_label": subject_label, "back_url": back_url, "text": request.POST.get("text", "")},
    )


@require()
@require_http_methods(["GET", "POST"])
def letter_complaint(request, pk: int):
    from .complaints import complaint_file

    letter = selectors.letter_get_for_viewer_or_404(scope=request.scope, pk=pk)
    label = f"{letter.code} {letter.number} ({letter.subject_name})"

    def file_it(text):
        return complaint_file(
            user=request.user,
            active=request.active_role,
            subject_type="letter",
            subject_id=letter.pk,
            subject_label=label,
            owner=letter.institution,
            school=letter.school,
            text=text,
        )

    return complaint_form_page(
        request,
        subject_label=label,
        back_url=reverse("documents:letter_pdf", args=[letter.pk]),
        file_fn=file_it,
    )


@require()
@require_GET
def complaint_index(request):
    from .complaints import complaints_for

    qs = complaints_for(user=request.user, active=request.active_role)
    page = keyset_page(qs, order=("-filed_at", "-pk"), cursor=request.GET.get("setelah"))
    owner_id = (
        request.active_role.institution.pk
        if request.active_role and request.active_role.institution
        else None
    )
    return render(
        request,
        "documents/complaint_list.html",
        {
            "page": page,
            "owner_id": owner_id,
            "is_staff": request.active_role and not request.active_role.is_ptk,
        },
    )


@require()
@require_POST
def complaint_answer_view(request, pk: int):
    from .complaints import complaint_answer

    try:
        complaint_answer(
            user=request.user, active=request.active_role, pk=pk, answer=request.POST.get("answer", "")
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("Jawaban tersimpan dan dikirim kepada pengadu."))
    return redirect("documents:complaints")
