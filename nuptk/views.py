"""Request pages: thin adapters over nuptk.selectors and nuptk.services. The buttons a page shows are
``permissions.available_actions``; every refusal becomes a message through padamu.feedback."""

import html

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import REVIEW_KINDS, STAFF_ROLES, any_role, require
from accounts.policy import DINAS_KINDS, SCHOOL_KINDS, Tier
from accounts.selectors import cached_for_office
from documents.files import stored_file_response
from padamu.feedback import say_refusal
from padamu.pagination import keyset_page
from padamu.urlcache import with_detail_urls

from . import kinds, printing
from . import permissions as perm
from . import selectors as sel
from . import services as svc
from .forms import (
    ApproveForm,
    AttachForm,
    BulkForwardForm,
    ListFilterForm,
    QueueFilterForm,
    RejectForm,
    StartForm,
)
from .models import Submission
from .permissions import Action
from .requirements import CATEGORY_LABEL, DOC_KINDS, PTK_DOC_KINDS, requirements_for
from .rows import queue_rows

Missing = Submission.DoesNotExist


@any_role
def submission_index(request):
    form = ListFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = sel.school_list(scope=request.scope, filters=data)
    page = keyset_page(qs, order=("-created_at", "-pk"), cursor=request.GET.get("setelah"))
    with_detail_urls(page.items, "nuptk:detail")
    can_start = perm.can_start_any(request.active_role)
    show_incoming = perm.acting_tier(request.active_role) == Tier.DINAS
    return render(
        request,
        "nuptk/list.html",
        {
            "form": form,
            "page": page,
            "now": timezone.now(),
            "can_start": can_start,
            "show_incoming": show_incoming,
        },
    )


# The columns the queue's rows show (nuptk/rows.py): loading only these (and not the waiting office)
# cuts the cost of building the page's 25 requests with their PTK, school and reviewer by half. A column
# added to the rows must be added here (else one query per row: tests/test_query_ceiling.py counts them).
QUEUE_COLUMNS = (
    "kind", "state", "waiting_since",
    "ptk__name", "ptk__nuptk", "ptk__pegid", "ptk__nik",
    "school__name",
    "claimed_by__full_name", "claimed_by__first_name", "claimed_by__last_name", "claimed_by__username",
)  # fmt: skip


@require(roles=STAFF_ROLES, kinds=REVIEW_KINDS)
def queue(request):
    # The filters' choice lists (up to 514 kab/kota and 300 schools, ~800 escaped options) change
    # rarely: built once per office for HOME_COUNTS_TTL seconds (the school type-ahead only suggests;
    # any NPSN typed still filters): two queries and ~15% of the page's instructions less per request.
    districts, _regencies, regency_options, school_options = cached_for_office(
        scope=request.scope, name="queue_filters", compute=lambda: _queue_filter_lists(request.scope)
    )
    form = QueueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = sel.queue(scope=request.scope, filters=data)
    qs = qs.select_related(None).select_related("ptk", "school", "claimed_by").only(*QUEUE_COLUMNS)
    # a name search narrows the queue to scattered matches: pick the page's ids first (pagination.py)
    page = keyset_page(
        qs, order=("waiting_since", "pk"), cursor=request.GET.get("setelah"), two_step=bool(data.get("q"))
    )
    with_detail_urls(page.items, "nuptk:detail")
    ctx = {"form": form, "page": page, "now": timezone.now(), **sel.queue_page_info(scope=request.scope)}
    # the Dinas forwards several requests at once (one S10 for them); offered on the rows it holds
    ctx["bulk_forward"] = request.active_role.kind in DINAS_KINDS
    ctx["bulk_rows"] = ctx["bulk_forward"] and any(s.claimed_by_id == request.user.pk for s in page.items)
    ctx["rows"] = queue_rows(
        page.items, now=ctx["now"], user_pk=request.user.pk, bulk_forward=ctx["bulk_forward"]
    )
    ctx.update(
        district_options=_options(districts, data.get("district")) if districts else "",
        regency_options=regency_options,
        school_options=school_options,
    )
    return render(request, "nuptk/queue.html", ctx)


@require(roles=STAFF_ROLES, kinds=DINAS_KINDS)
@require_POST
def queue_forward(request):
    """The Dinas forwards the requests ticked in its queue to the QA office at once; the forwarded
    ones get one pengantar (S10) listing them all. Each refusal is said with its request code."""
    from django.utils.html import format_html

    form = BulkForwardForm(request.POST)
    back = reverse("nuptk:queue")
    if not form.is_valid():
        say_refusal(request, ValidationError(_("Pilihan ajuan tidak sah.")))
        return redirect(back)
    try:
        done = svc.submissions_forward(
            scope=request.scope, pks=form.cleaned_data["pilih"], checked=form.cleaned_data["diperiksa"]
        )
    except ValidationError as e:
        say_refusal(request, e)
        return redirect(back)
    if done.forwarded:
        messages.success(
            request,
            _("%(n)s ajuan diteruskan ke %(at)s: %(codes)s.")
            % {
                "n": len(done.forwarded),
                "at": done.forwarded[0].waiting_at,
                "codes": ", ".join(s.code for s in done.forwarded),
            },
        )
    for letter in done.letters:
        messages.info(
            request,
            format_html(
                '{} <a href="{}" data-testid="batch-letter">{} {}</a>',
                _("Surat pengantar untuk ajuan yang diteruskan:"),
                reverse("documents:letter_pdf", args=[letter.pk]),
                letter.code,
                letter.number,
            ),
        )
    for code, reason in done.refused:
        messages.error(request, _("%(code)s tidak diteruskan: %(reason)s") % {"code": code, "reason": reason})
    return redirect(back)


def _queue_filter_lists(scope) -> tuple:
    """Kecamatan pairs, and the kab/kota and school type-ahead options (HTML) of the queue filters."""
    districts, regencies = sel.queue_filter_choices(scope=scope)
    regency_options = _datalist(regencies) if len(regencies) > 1 else ""
    return districts, regencies, regency_options, _datalist(sel.queue_schools(scope=scope))


def _datalist(pairs) -> str:
    """<option value="code">name</option>s of a type-ahead list (the browser matches the typed text
    against both the name and the code; the code is what the form sends)."""
    esc = html.escape
    return mark_safe("".join(f'<option value="{esc(c)}">{esc(n)}</option>' for c, n in pairs))  # noqa: S308


def _options(pairs, selected) -> str:
    """<option>s of a long select, built in one pass (template loops over 500 items cost ~10 ms)."""
    esc = html.escape
    return mark_safe(  # noqa: S308 - every value is escaped here
        "".join(
            f'<option value="{esc(c)}"{" selected" if c == selected else ""}>{esc(n)}</option>'
            for c, n in pairs
        )
    )


@require(roles=STAFF_ROLES, kinds=REVIEW_KINDS)
def statistics(request):
    from datetime import timedelta

    from documents.complaints import complaint_counts
    from padamu import charts

    from . import statistics as st

    form, f = _statistics_filters(request)
    report = st.report(scope=request.scope, f=f)
    ctx = {
        "form": form,
        "f": f,
        "stats": sel.statistics(scope=request.scope),
        "report": report,
        "chart_kinds": charts.hbars(
            report["kind_rows"],
            series=report["kind_series"],
            title=_("Ajuan per jenis dan status"),
            desc=_("Jumlah ajuan per jenis, dibagi menurut status sekarang."),
            testid="chart-kinds",
            colors=["#8a5a00", "#b3261e", "#1b6e3a", "#5f6368"],
        ),
        "chart_levels": charts.hbars(
            report["level_rows"],
            series=report["level_series"] or [_("ajuan")],
            title=_("Ajuan yang sedang menunggu per tingkat"),
            desc=_("Jumlah ajuan yang menunggu di tiap tingkat pemeriksaan, per jenis."),
            testid="chart-levels",
        ),
        "chart_waits": charts.hbars(
            report["wait_rows"],
            series=[_("keputusan")],
            title=_("Lama menunggu sampai diputus"),
            desc=_("Berapa keputusan lembaga ini yang diambil dalam tiap rentang lama menunggu."),
            testid="chart-waits",
            width=720,
            label_width=160,
        ),
        "chart_weeks": charts.columns(
            [(w.strftime("%d/%m"), v) for w, v in report["weeks"]],
            series=[_("disetujui/diteruskan"), _("dikembalikan")],
            title=_("Keputusan per minggu"),
            desc=_("Keputusan lembaga ini per minggu (Senin sampai Minggu)."),
            testid="chart-weeks",
            colors=["#1b6e3a", "#b3261e"],
        ),
        "week_end": timedelta(days=6),
        "complaints": complaint_counts(institution=request.active_role.institution),
    }
    return render(request, "nuptk/statistics.html", ctx)


def _statistics_filters(request):
    from . import statistics as st
    from .forms import StatisticsFilterForm

    form = StatisticsFilterForm(request.GET or None)
    f = st.default_filters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        f.since = d.get("dari") or f.since
        f.until = d.get("sampai") or f.until
        if (f.until - f.since).days > 3 * 366:  # at most three years in one page
            f.since = f.until.replace(year=f.until.year - 3)
        f.regency = d.get("kabkota") or ""
        f.npsn = (d.get("npsn") or "").strip()
    return form, f


@require(roles=STAFF_ROLES, kinds=REVIEW_KINDS)
def statistics_export(request):
    """The statistics page's numbers as CSV (same scope, range and drill-down)."""
    import csv

    from django.http import HttpResponse

    from padamu.csvsafe import safe_row

    from . import statistics as st

    _form, f = _statistics_filters(request)
    report = st.report(scope=request.scope, f=f)
    resp = HttpResponse(content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="statistik-{f.since:%Y%m%d}-{f.until:%Y%m%d}.csv"'
    w = csv.writer(resp)
    w.writerow([_("Bagian"), _("Baris"), _("Kolom"), _("Jumlah")])
    for label, values in report["kind_rows"]:
        for series, v in zip(report["kind_series"], values, strict=True):
            w.writerow(safe_row([_("Per jenis dan status"), str(label), series, v]))
    for label, values in report["level_rows"]:
        for series, v in zip(report["level_series"], values, strict=True):
            w.writerow(safe_row([_("Menunggu per tingkat"), str(label), str(series), v]))
    for label, (v,) in report["wait_rows"]:
        w.writerow(safe_row([_("Lama menunggu sampai diputus"), str(label), _("keputusan"), v]))
    for week, (ok, back) in report["weeks"]:
        w.writerow(safe_row([_("Keputusan per minggu"), week.isoformat(), _("disetujui/diteruskan"), ok]))
        w.writerow(safe_row([_("Keputusan per minggu"), week.isoformat(), _("dikembalikan"), back]))
    area = _("Per sekolah") if report["area_is_school"] else _("Per kab/kota")
    for a in report["areas"]:
        for key, label in (
            ("total", _("semua")),
            ("waiting", _("sedang diperiksa")),
            ("returned", _("dikembalikan")),
            ("approved", _("disetujui")),
        ):
            w.writerow(safe_row([area, f"{a['name']} ({a['code']})", label, a[key]]))
    return resp


@require(roles=STAFF_ROLES, kinds=SCHOOL_KINDS | DINAS_KINDS)
@require_http_methods(["GET", "POST"])
def start(request):
    q = request.GET.get("q", "").strip()[:100]
    ptks = [
        (p.pk, f"{p.name} ({p.nuptk or p.pegid or p.nik or '-'})")
        for p in sel.ptks_for_start(scope=request.scope, q=q)[:200]
    ]
    startable = kinds.startable_by(request.active_role)
    form = StartForm(
        request.POST or None,
        ptks=ptks,
        startable=startable,
        initial={"ptk": request.GET.get("ptk"), "kind": request.GET.get("jenis")},
    )
    if request.method == "POST" and form.is_valid():
        ptk = sel.ptk_for_start(scope=request.scope, pk=form.cleaned_data["ptk"])
        if ptk is None:
            form.add_error("ptk", _("PTK tidak ditemukan di lingkup Anda."))
        else:
            try:
                sub = svc.submission_create(scope=request.scope, ptk=ptk, kind=form.cleaned_data["kind"])
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(
                    request, _("Ajuan %(code)s dibuat. Lampirkan dokumen lalu ajukan.") % {"code": sub.code}
                )
                return redirect("nuptk:detail", sub.pk)
    return render(request, "nuptk/start.html", {"form": form, "q": q, "startable": startable})


def _get(request, pk):
    sub = sel.submission_get(scope=request.scope, pk=pk)
    if sub is None:
        raise Http404
    return sub


@any_role
def detail(request, pk: int):
    sub = _get(request, pk)
    return render(request, "nuptk/detail.html", _detail_context(request, sub))


def _detail_context(request, sub, *, data=None, files=None, doc_errors=()) -> dict:
    """The request page; ``data``/``files`` bind the documents step (a refused POST shown again)."""
    actions = perm.available_actions(request.active_role, sub)
    reviewing = Action.REVIEW in actions
    checks = [c.as_dict() for c in svc.submission_checks(sub)] if sub.is_editable else sub.checks
    payload = sub.request_kind.payload
    reqs = requirements_for(sub.kind, sub.category)
    rows = _requirement_rows(sub, reqs, actions, data=data, files=files)
    return {
        "sub": sub,
        "actions": actions,
        "rows": rows,
        "doc_step": any(r["form"] is not None for r in rows),
        # one POST carries every chosen file: the request cap (accounts.middleware) bounds their sum
        "upload_total": f"{settings.UPLOAD_MAX_REQUEST_BYTES / (1024 * 1024):.0f} MB",
        "doc_errors": list(doc_errors),
        "checks": checks,
        "checks_ok": all(c["ok"] for c in checks),
        "timeline": sel.submission_timeline(sub),
        "letters": printing.letters_of(sub, scope=request.scope),
        "route": sel.route_steps(sub),
        "category_label": CATEGORY_LABEL.get(sub.category, ""),
        "own": perm.is_own_submission(request.user, sub),
        "payload_template": payload.template if payload else "",
        "payload_form": payload.form(initial=sub.payload) if payload and Action.EDIT in actions else None,
        "reviewer_checks": svc.review_items(sub) if reviewing else (),
        "reject_form": RejectForm(items=[(r.code, r.label) for r in reqs], checks=svc.review_items(sub))
        if Action.REJECT in actions
        else None,
        "approve_form": ApproveForm(prefix="setuju", items=svc.review_items(sub))
        if Action.REJECT in actions
        else None,
        "now": timezone.now(),
    }


def _requirement_rows(sub, reqs, actions, *, data=None, files=None) -> list[dict]:
    """One row per requirement: its current papers and, when the role may attach one, its part of
    the documents step (one form for every requirement, sent once)."""
    docs = sel.submission_documents(sub)
    sk_only = Action.REPLACE_SK in actions
    berkas = sel.ptk_documents(sub.ptk) if (Action.EDIT in actions or sk_only) else []
    rows = []
    for r in reqs:
        form = None
        if Action.EDIT in actions or (sk_only and any(DOC_KINDS[k].is_sk for k in r.accepts)):
            fits = set().union(*(PTK_DOC_KINDS.get(k, ()) for k in r.accepts))
            choices = [(b.pk, _berkas_label(b)) for b in berkas if b.kind in fits]
            form = AttachForm(data, files, requirement=r, berkas=choices)
            if data is not None and not form.touched():  # left as it is: shown empty, never validated
                form = AttachForm(requirement=r, berkas=choices)
        kinds_ = [DOC_KINDS[k] for k in r.accepts]
        rows.append(
            {
                "req": r,
                "docs": [d for d in docs if d.requirement == r.code],
                "form": form,
                "faulty": sub.reject_item == r.code,
                "validity": any(k.has_validity for k in kinds_),
                "per_school_year": any(k.per_school_year for k in kinds_),
                "names_school": any(k.sk_family for k in kinds_),
                "colour": any(k.colour for k in kinds_),
                "types": "/".join(sorted({t.upper() for k in kinds_ for t in k.types})).replace(
                    "JPEG", "JPG"
                ),
                "max_size": max(kinds_, key=lambda k: k.max_bytes).size_label,
                "single_kind": len(kinds_) == 1,
            }
        )
    return rows


def _berkas_label(b) -> str:
    parts = [str(b.get_kind_display())]
    if b.number:
        parts.append(b.number)
    if b.valid_from or b.valid_to:
        parts.append(f"{b.valid_from or '-'} s.d. {b.valid_to or 'tanpa batas'}")
    parts.append(f"({b.stored_file.original_name})")
    return " ".join(parts)


def _act(request, pk, fn, ok_msg, *, anchor="", **kw):
    """Call one service; a refusal becomes a message, a request outside the scope a 404."""
    try:
        sub = fn(scope=request.scope, pk=pk, **kw)
    except ValidationError as e:
        say_refusal(request, e)
    except Missing:
        raise Http404 from None
    else:
        messages.success(request, ok_msg(sub) if callable(ok_msg) else ok_msg)
    return redirect(f"{sel.detail_url(pk)}{anchor}")


def _refused(request, pk, form):
    say_refusal(request, form)
    return redirect("nuptk:detail", pk)


@require(roles=STAFF_ROLES, kinds=SCHOOL_KINDS)
@require_POST
def attach(request, pk: int):
    """The documents step: every paper the user chose, in one POST, saved all or nothing.

    When one paper is refused nothing is saved: the page is shown again with each error next to its
    field and a summary at the top, and says that the valid files must be chosen again (a browser
    never refills a file input). Untouched requirements are left as they are."""
    sub = _get(request, pk)
    if not perm.available_actions(request.active_role, sub) & {Action.EDIT, Action.REPLACE_SK}:
        # refused before the body is read: nothing of the upload is parsed or stored
        return _refused(
            request, pk, ValidationError(_("Dokumen ajuan ini tidak dapat diubah pada status sekarang."))
        )
    ctx = _detail_context(request, sub, data=request.POST, files=request.FILES)
    rows = [r for r in ctx["rows"] if r["form"] is not None and r["form"].is_bound]
    papers = [_paper(sub, r["req"], r["form"].cleaned_data) for r in rows if r["form"].is_valid()]
    problems = []
    complete = len(papers) == len(rows)  # else some field errors are shown next to their fields
    if not rows:
        problems.append(_("Pilih berkas untuk setidaknya satu persyaratan."))
    elif papers:  # when some parts are refused already, the others are still checked, not stored
        try:
            svc.submission_documents_attach(
                scope=request.scope, pk=pk, papers=papers, check_only=not complete
            )
        except Missing:
            raise Http404 from None
        except ValidationError as e:
            if not hasattr(e, "error_dict"):  # about the whole request (its state changed meanwhile)
                problems.extend(e.messages)
            for r in rows:
                f = r["form"]
                file_field = "upload" if f.cleaned_data.get("upload") else "ptk_document"
                for err in getattr(e, "error_dict", {}).get(r["req"].code, ()):
                    f.add_error(err.code if err.code in f.fields else file_field, err.messages)
        else:
            if not complete:
                ctx["doc_refused"] = True
                return render(request, "nuptk/detail.html", ctx)
            messages.success(
                request,
                ngettext(
                    "%(n)d dokumen dilampirkan: %(docs)s.", "%(n)d dokumen dilampirkan: %(docs)s.", len(rows)
                )
                % {"n": len(rows), "docs": ", ".join(str(r["req"].label) for r in rows)},
            )
            return redirect(f"{sel.detail_url(pk)}#dokumen")
    ctx["doc_errors"] = problems
    ctx["doc_refused"] = True
    return render(request, "nuptk/detail.html", ctx)


def _paper(sub, req, d: dict) -> dict:
    """One paper of the documents step, as the service takes it."""
    return {
        "requirement": req.code,
        "doc_kind": d["doc_kind"],
        "upload": d.get("upload"),
        "ptk_document": None if d.get("upload") else sel.ptk_document_get(sub.ptk, d.get("ptk_document")),
        "number": d.get("number") or "",
        "issued_on": d.get("issued_on"),
        "valid_from": d.get("valid_from"),
        "valid_to": d.get("valid_to"),
        "school_year": d.get("school_year"),
        "budget_year": d.get("budget_year"),
        "names_school": d.get("names_school"),
        "issuer": d.get("issuer") or "",
    }


@require(roles=STAFF_ROLES, kinds=SCHOOL_KINDS)
@require_POST
def document_remove(request, pk: int, doc: int):
    try:
        svc.submission_document_remove(scope=request.scope, pk=pk, doc_id=doc)
    except ValidationError as e:
        say_refusal(request, e)
    except Missing:
        raise Http404 from None
    return redirect("nuptk:detail", pk)


@any_role
@xframe_options_sameorigin
def document_file(request, pk: int, doc: int):
    sub = _get(request, pk)
    d = sel.submission_document_get(sub, doc)
    if d is None or d.stored_file is None:
        raise Http404
    return stored_file_response(
        d.stored_file, download_name=f"{sub.code}-{d.requirement}.{d.stored_file.extension}"
    )


@require(roles=STAFF_ROLES, kinds=SCHOOL_KINDS)
@require_POST
def payload(request, pk: int):
    sub = _get(request, pk)
    spec = sub.request_kind.payload
    if spec is None:
        raise Http404
    form = spec.form(request.POST)
    if not form.is_valid():
        return _refused(request, pk, form)
    return _act(request, pk, svc.submission_payload_set, _("Data ajuan disimpan."), data=form.cleaned_data)


@require(roles=STAFF_ROLES, kinds=SCHOOL_KINDS)
@require_POST
def submit(request, pk: int):
    return _act(
        request,
        pk,
        svc.submission_submit,
        lambda s: _("Ajuan %(code)s diajukan ke %(at)s.") % {"code": s.code, "at": s.waiting_at},
    )


@require(roles=STAFF_ROLES, kinds=SCHOOL_KINDS)
@require_POST
def resubmit_sk(request, pk: int):
    return _act(request, pk, svc.submission_resubmit_sk, _("SK pengganti dikirim langsung ke antrian PDSPK."))


@require(roles=STAFF_ROLES, kinds=SCHOOL_KINDS)
@require_POST
def cancel(request, pk: int):
    return _act(request, pk, svc.submission_cancel, _("Ajuan dibatalkan."))


@require(roles=STAFF_ROLES, kinds=REVIEW_KINDS)
@require_POST
def claim(request, pk: int):
    return _act(request, pk, svc.submission_claim, _("Ajuan ini sekarang Anda periksa."))


@require(roles=STAFF_ROLES, kinds=REVIEW_KINDS)
@require_POST
def release(request, pk: int):
    return _act(request, pk, svc.submission_release, _("Ajuan dilepas; pemeriksa lain dapat mengambilnya."))


def _decided(sub) -> str:
    if sub.state == "approved":
        return _("Ajuan disetujui.") + (f" NUPTK: {sub.result_nuptk}" if sub.result_nuptk else "")
    return _("Ajuan diteruskan ke %(at)s.") % {"at": sub.waiting_at}


@require(roles=STAFF_ROLES, kinds=REVIEW_KINDS)
@require_POST
def approve(request, pk: int):
    sub = _get(request, pk)
    form = ApproveForm(request.POST, prefix="setuju", items=svc.review_items(sub))
    if not form.is_valid():
        return _refused(request, pk, form)
    return _act(
        request,
        pk,
        svc.submission_approve,
        _decided,
        note=form.cleaned_data["note"],
        checklist=form.checklist(),
    )


@require(roles=STAFF_ROLES, kinds=REVIEW_KINDS)
@require_POST
def reject(request, pk: int):
    sub = _get(request, pk)
    form = RejectForm(
        request.POST,
        items=[(r.code, r.label) for r in requirements_for(sub.kind, sub.category)],
        checks=svc.review_items(sub),
    )
    if not form.is_valid():
        return _refused(request, pk, form)
    d = form.cleaned_data
    return _act(
        request,
        pk,
        svc.submission_reject,
        _("Ajuan dikembalikan ke sekolah dengan catatan."),
        reason=d["reason"],
        note=d["note"],
        item=d.get("item", ""),
        sk_only=d.get("sk_only", False),
        checklist=form.checklist(),
    )


@require(roles=STAFF_ROLES, kinds=DINAS_KINDS)
@require_POST
def archive(request, pk: int):
    return _act(
        request,
        pk,
        svc.submission_archive,
        _("Berkas ajuan diarsipkan; berita acara arsip diterbitkan."),
        anchor="#letters",
    )


@require(roles=STAFF_ROLES, kinds=DINAS_KINDS)
def incoming(request):
    """'Mutasi masuk': the moves from another Dinas into this Dinas's schools (waiting at it or
    completed), newest first; the Dinas's own list keeps the moves out of its schools."""
    form = ListFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = sel.incoming_list(scope=request.scope, filters=data)
    page = keyset_page(qs, order=("-created_at", "-pk"), cursor=request.GET.get("setelah"))
    with_detail_urls(page.items, "nuptk:detail")
    return render(
        request,
        "nuptk/list.html",
        {"form": form, "page": page, "now": timezone.now(), "can_start": False, "incoming": True},
    )


@any_role
@require_http_methods(["GET", "POST"])
def complaint(request, pk: int):
    """Any user who may see a request files a complaint about it; the institution it waits at (or,
    once decided, the one that prepared it) answers."""
    from documents.complaints import complaint_file
    from documents.views import complaint_form_page

    sub = _get(request, pk)
    owner = sub.waiting_at or sub.origin or sub.school
    label = f"{sub.code} · {sub.get_kind_display()} ({sub.ptk_name})"

    def file_it(text):
        return complaint_file(
            user=request.user,
            active=request.active_role,
            subject_type="request",
            subject_id=sub.pk,
            subject_label=label,
            owner=owner,
            school=sub.school,
            text=text,
        )

    return complaint_form_page(
        request, subject_label=label, back_url=reverse("nuptk:detail", args=[sub.pk]), file_fn=file_it
    )


EXPORT_XLSX_MAX = 50_000


def _export_columns():
    return [
        (_("Kode"), lambda s: s.code),
        (_("Jenis ajuan"), lambda s: s.get_kind_display()),
        (_("Nama PTK"), lambda s: s.ptk.name),
        ("NUPTK/PegID", lambda s: s.ptk.nuptk or s.ptk.pegid or ""),
        (_("Sekolah"), lambda s: s.school.name),
        ("NPSN", lambda s: s.school.npsn or ""),
        (_("Status"), lambda s: s.get_state_display()),
        (
            _("Menunggu sejak"),
            lambda s: (
                timezone.localtime(s.waiting_since).strftime("%Y-%m-%d %H:%M") if s.waiting_since else ""
            ),
        ),
        (_("Dibuat"), lambda s: timezone.localtime(s.created_at).strftime("%Y-%m-%d %H:%M")),
    ]


def _export(request, qs, name: str):
    """CSV (streamed, any size) or XLSX (write-only workbook, at most EXPORT_XLSX_MAX rows) of the
    rows the list shows with the same search and filters."""
    import csv
    import io

    from django.http import FileResponse, StreamingHttpResponse

    from padamu.csvsafe import safe_row

    cols = _export_columns()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    rows = (safe_row([fn(s) for _l, fn in cols]) for s in qs.iterator(chunk_size=2000))
    if request.GET.get("format") == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(name[:30])
        ws.append([str(label) for label, _fn in cols])
        for n, row in enumerate(rows, start=1):
            if n > EXPORT_XLSX_MAX:
                ws.append(
                    [_("Dipotong pada %(n)s baris; gunakan CSV untuk data lengkap.") % {"n": EXPORT_XLSX_MAX}]
                )
                break
            ws.append(row)
        buf = io.BytesIO()
        wb.save(buf)
        buf.seek(0)
        return FileResponse(buf, as_attachment=True, filename=f"{name}-{stamp}.xlsx")

    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo())

    def stream():
        yield "\ufeff"
        yield writer.writerow([str(label) for label, _fn in cols])
        for row in rows:
            yield writer.writerow(row)

    resp = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return resp


@any_role
def submission_export(request):
    """The request list as CSV/XLSX, with the list's search and filters."""
    form = ListFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return _export(
        request, sel.school_list(scope=request.scope, filters=data).order_by("-created_at", "-pk"), "ajuan"
    )


@require(roles=STAFF_ROLES, kinds=REVIEW_KINDS)
def queue_export(request):
    """The review queue as CSV/XLSX, with the queue's search and filters."""
    form = QueueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return _export(
        request, sel.queue(scope=request.scope, filters=data).order_by("waiting_since", "pk"), "antrian"
    )
