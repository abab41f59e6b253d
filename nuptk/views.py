"""Request pages: thin adapters over nuptk.selectors and nuptk.services."""

import html

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import InstitutionKind
from accounts.permissions import REVIEW_KINDS, STAFF_ROLES, any_role, require
from padamu.pagination import keyset_page

from . import letters
from . import permissions as perm
from . import selectors as sel
from . import services as svc
from .forms import (
    ApproveForm,
    AttachForm,
    ClaimNuptkForm,
    ListFilterForm,
    MasterChangeForm,
    QueueFilterForm,
    RejectForm,
    StartForm,
)
from .models import Submission
from .requirements import CATEGORY_LABEL, DOC_KINDS, PTK_DOC_KINDS, REVIEWER_CHECKS, requirements_for
from .routes import LEVEL_LABEL, spec

SCHOOL = {InstitutionKind.SEKOLAH}
Missing = Submission.DoesNotExist


def _errors(request, e: ValidationError):
    messages.error(request, " ".join(e.messages))


@any_role
def submission_index(request):
    form = ListFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = sel.school_list(scope=request.scope, filters=data)
    page = keyset_page(qs, order=("-created_at", "-pk"), cursor=request.GET.get("setelah"))
    return render(request, "nuptk/list.html", {"form": form, "page": page, "now": timezone.now()})


@require(roles=STAFF_ROLES, kinds=REVIEW_KINDS)
def queue(request):
    districts, regencies = sel.queue_filter_choices(scope=request.scope)
    form = QueueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = sel.queue(scope=request.scope, filters=data)
    page = keyset_page(qs, order=("waiting_since", "pk"), cursor=request.GET.get("setelah"))
    level = perm.acting_level(request.active_role)
    ctx = {"form": form, "page": page, "now": timezone.now(), "level": level, "level_label": LEVEL_LABEL.get(level)}
    ctx.update(
        sla=sel.DINAS_SLA,
        district_options=_options(districts, data.get("district")) if districts else "",
        regency_options=_options(regencies, data.get("regency")) if len(regencies) > 1 else "",
    )
    return render(request, "nuptk/queue.html", ctx)


def _options(pairs, selected) -> str:
    """<option>s of a long select, built in one pass (template loops over 500 items cost ~10 ms)."""
    esc = html.escape
    return mark_safe(  # noqa: S308 - every value is escaped here
        "".join(f'<option value="{esc(c)}"{" selected" if c == selected else ""}>{esc(n)}</option>' for c, n in pairs)
    )


@require(roles=STAFF_ROLES, kinds=REVIEW_KINDS)
def statistics(request):
    stats = sel.statistics(scope=request.scope)
    return render(request, "nuptk/statistics.html", {"stats": stats, "level_label": LEVEL_LABEL.get(stats["level"])})


@require(roles=STAFF_ROLES, kinds=SCHOOL)
@require_http_methods(["GET", "POST"])
def start(request):
    q = request.GET.get("q", "").strip()[:100]
    ptks = [(p.pk, f"{p.name} ({p.nuptk or p.pegid or p.nik or '-'})") for p in sel.ptks_for_school(scope=request.scope, q=q)[:200]]
    form = StartForm(request.POST or None, ptks=ptks, initial={"ptk": request.GET.get("ptk")})
    if request.method == "POST" and form.is_valid():
        ptk = sel.ptk_get_for_school(scope=request.scope, pk=form.cleaned_data["ptk"])
        if ptk is None:
            form.add_error("ptk", _("PTK tidak ditemukan di sekolah ini."))
        else:
            try:
                sub = svc.submission_create(scope=request.scope, ptk=ptk, kind=form.cleaned_data["kind"])
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("Ajuan %(code)s dibuat. Lampirkan dokumen lalu ajukan.") % {"code": sub.code})
                return redirect("nuptk:detail", sub.pk)
    return render(request, "nuptk/start.html", {"form": form, "q": q})


def _get(request, pk):
    sub = sel.submission_get(scope=request.scope, pk=pk)
    if sub is None:
        raise Http404
    return sub


@any_role
def detail(request, pk: int):
    sub = _get(request, pk)
    active, user = request.active_role, request.user
    reqs = requirements_for(sub.kind, sub.category)
    docs = sel.submission_documents(sub)
    editable = perm.can_edit(active, sub)
    sk_only = perm.can_replace_sk(active, sub)
    berkas = sel.ptk_documents(sub.ptk) if (editable or sk_only) else []
    rows = []
    for r in reqs:
        mine = [d for d in docs if d.requirement == r.code]
        can_attach = editable or (sk_only and any(DOC_KINDS[k].is_sk for k in r.accepts))
        form = None
        if can_attach:
            fits = set().union(*(PTK_DOC_KINDS.get(k, ()) for k in r.accepts))
            choices = [(b.pk, _berkas_label(b)) for b in berkas if b.kind in fits]
            form = AttachForm(requirement=r, berkas=choices)
        rows.append({"req": r, "docs": mine, "form": form, "faulty": sub.reject_item == r.code,
                     "validity": any(DOC_KINDS[k].has_validity for k in r.accepts)})
    checks = sub.checks if sub.state not in ("draft", "rejected") else [c.as_dict() for c in svc.submission_checks(sub, on=timezone.localdate())]
    reviewing = perm.can_review(active, sub)
    ctx = {
        "sub": sub,
        "spec": spec(sub.kind),
        "rows": rows,
        "checks": checks,
        "checks_ok": all(c["ok"] for c in checks),
        "timeline": sel.submission_timeline(sub),
        "letters": letters.letters_of(sub),
        "route": [
            {"level": lv, "label": LEVEL_LABEL[lv], "done": sub.state == "approved" or (sub.level_index is not None and i < sub.level_index),
             "current": sub.level_index == i and sub.is_waiting}
            for i, lv in enumerate(sub.route)
        ],
        "category_label": CATEGORY_LABEL.get(sub.category, ""),
        "editable": editable,
        "sk_only": sk_only,
        "reviewing": reviewing,
        "can_decide": perm.can_decide(user, active, sub),
        "own": perm.is_own_submission(user, sub),
        "claimed_by_me": sub.claimed_by_id == user.pk,
        "reviewer_checks": REVIEWER_CHECKS if reviewing else (),
        "reject_form": RejectForm(items=[(r.code, r.label) for r in reqs]) if reviewing else None,
        "approve_form": ApproveForm(prefix="setuju") if reviewing else None,
        "claim_form": ClaimNuptkForm(initial=sub.payload) if editable and sub.kind == "klaim" else None,
        "master_form": MasterChangeForm() if editable and sub.kind == "data_master" else None,
        "now": timezone.now(),
        "sla": sel.DINAS_SLA,
        "is_last_level": sub.level_index is not None and sub.level_index == len(sub.route) - 1,
    }
    return render(request, "nuptk/detail.html", ctx)


def _berkas_label(b) -> str:
    parts = [str(b.get_kind_display())]
    if b.number:
        parts.append(b.number)
    if b.valid_from or b.valid_to:
        parts.append(f"{b.valid_from or '-'} s.d. {b.valid_to or 'tanpa batas'}")
    parts.append(f"({b.stored_file.original_name})")
    return " ".join(parts)


@require(roles=STAFF_ROLES, kinds=SCHOOL)
@require_POST
def attach(request, pk: int):
    sub = _get(request, pk)
    if not (perm.can_edit(request.active_role, sub) or perm.can_replace_sk(request.active_role, sub)):
        # Refused before the body is parsed: nothing of the upload is read or stored (issue 9).
        messages.error(request, _("Dokumen ajuan ini tidak dapat diubah pada status sekarang."))
        return redirect("nuptk:detail", pk)
    reqs = {r.code: r for r in requirements_for(sub.kind, sub.category)}
    code = request.POST.get("requirement", "")
    r = reqs.get(code)
    if r is None:
        messages.error(request, _("Persyaratan tidak dikenal."))
        return redirect("nuptk:detail", pk)
    form = AttachForm(request.POST, request.FILES, requirement=r, berkas=[(b.pk, "") for b in sel.ptk_documents(sub.ptk)])
    if not form.is_valid():
        messages.error(request, "; ".join(f"{e}" for errs in form.errors.values() for e in errs))
        return redirect("nuptk:detail", pk)
    d = form.cleaned_data
    try:
        stored = None
        if d.get("upload"):
            stored = _store_upload(request, d["upload"], d["doc_kind"])
        svc.submission_document_attach(
            scope=request.scope,
            pk=pk,
            requirement=code,
            doc_kind=d["doc_kind"],
            ptk_document=sel.ptk_document_get(sub.ptk, d.get("ptk_document")) if not stored else None,
            stored_file=stored,
            number=d.get("number") or "",
            issued_on=d.get("issued_on"),
            valid_from=d.get("valid_from"),
            valid_to=d.get("valid_to"),
            school_year=d.get("school_year"),
        )
    except ValidationError as e:
        _errors(request, e)
    except Missing:
        raise Http404 from None
    else:
        messages.success(request, _("Dokumen %(doc)s dilampirkan.") % {"doc": r.label})
    return redirect(f"{sel.detail_url(pk)}#req-{code}")


def _store_upload(request, upload, doc_kind):
    from documents.files import RULES, file_check_and_store

    rule = RULES["photo"] if doc_kind == "foto" else (RULES["scan_image"] if DOC_KINDS[doc_kind].types == frozenset({"jpeg", "png"}) else RULES["scan_any"])
    if DOC_KINDS[doc_kind].types == frozenset({"pdf"}):
        rule = RULES["scan_pdf"]
    return file_check_and_store(upload=upload, rule=rule, uploaded_by=request.user)


@require(roles=STAFF_ROLES, kinds=SCHOOL)
@require_POST
def document_remove(request, pk: int, doc: int):
    try:
        svc.submission_document_remove(scope=request.scope, pk=pk, doc_id=doc)
    except ValidationError as e:
        _errors(request, e)
    except Missing:
        raise Http404 from None
    return redirect("nuptk:detail", pk)


@any_role
@xframe_options_sameorigin
def document_file(request, pk: int, doc: int):
    sub = _get(request, pk)
    d = sub.documents.filter(pk=doc).first()
    if d is None or not d.stored_file_id:
        raise Http404
    from documents.files import stored_file_response

    stored = apps.get_model("documents", "StoredFile").objects.get(pk=d.stored_file_id)
    return stored_file_response(stored, download_name=f"{sub.code}-{d.requirement}.{stored.extension}", inline=True)


@require(roles=STAFF_ROLES, kinds=SCHOOL)
@require_POST
def payload(request, pk: int):
    sub = _get(request, pk)
    if sub.kind == "klaim":
        form = ClaimNuptkForm(request.POST)
        if form.is_valid():
            data = {"claimed_nuptk": form.cleaned_data["claimed_nuptk"]}
        else:
            messages.error(request, " ".join(form.errors["claimed_nuptk"]))
            return redirect("nuptk:detail", pk)
    elif sub.kind == "data_master":
        changes = list(sub.payload.get("changes", []))
        if request.POST.get("remove"):
            changes = [c for c in changes if c["field"] != request.POST["remove"]]
        else:
            form = MasterChangeForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Pilih data dan isi nilai barunya."))
                return redirect("nuptk:detail", pk)
            f, new = form.cleaned_data["field"], form.cleaned_data["new"]
            old = getattr(sub.ptk, f)
            changes = [c for c in changes if c["field"] != f] + [{"field": f, "old": str(old or ""), "new": new}]
        data = {"changes": changes}
    else:
        raise Http404
    try:
        svc.submission_payload_set(scope=request.scope, pk=pk, payload=data)
    except ValidationError as e:
        _errors(request, e)
    else:
        messages.success(request, _("Data ajuan disimpan."))
    return redirect("nuptk:detail", pk)


def _act(request, pk, fn, ok_msg, **kw):
    try:
        sub = fn(scope=request.scope, pk=pk, **kw)
    except ValidationError as e:
        _errors(request, e)
        return redirect("nuptk:detail", pk)
    except Missing:
        raise Http404 from None
    messages.success(request, ok_msg(sub) if callable(ok_msg) else ok_msg)
    return redirect("nuptk:detail", pk)


@require(roles=STAFF_ROLES, kinds=SCHOOL)
@require_POST
def submit(request, pk: int):
    return _act(request, pk, svc.submission_submit, lambda s: _("Ajuan %(code)s diajukan ke %(at)s.") % {"code": s.code, "at": s.waiting_at})


@require(roles=STAFF_ROLES, kinds=SCHOOL)
@require_POST
def resubmit_sk(request, pk: int):
    return _act(request, pk, svc.submission_resubmit_sk, _("SK pengganti dikirim langsung ke antrian PDSPK."))


@require(roles=STAFF_ROLES, kinds=SCHOOL)
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


@require(roles=STAFF_ROLES, kinds=REVIEW_KINDS)
@require_POST
def approve(request, pk: int):
    form = ApproveForm(request.POST, prefix="setuju")
    note = form.cleaned_data["note"] if form.is_valid() else ""

    def msg(s):
        if s.state == "approved":
            return _("Ajuan disetujui.") + (f" NUPTK: {s.result_nuptk}" if s.result_nuptk else "")
        return _("Ajuan diteruskan ke %(at)s.") % {"at": s.waiting_at}

    return _act(request, pk, svc.submission_approve, msg, note=note)


@require(roles=STAFF_ROLES, kinds=REVIEW_KINDS)
@require_POST
def reject(request, pk: int):
    sub = _get(request, pk)
    form = RejectForm(request.POST, items=[(r.code, r.label) for r in requirements_for(sub.kind, sub.category)])
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("nuptk:detail", pk)
    d = form.cleaned_data
    return _act(
        request, pk, svc.submission_reject, _("Ajuan dikembalikan ke sekolah dengan catatan."),
        reason=d["reason"], note=d["note"], item=d.get("item", ""), sk_only=d.get("sk_only", False),
    )
