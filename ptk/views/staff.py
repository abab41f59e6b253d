"""School and office views: the PTK list and export, entry from A05/A01, S02 and reset, the
record page and the staffing fields."""

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import DataAccess, InstitutionKind, Role, RoleAssignment
from accounts.permissions import STAFF_ROLES, require
from accounts.policy import DINAS_KINDS
from accounts.registry import object_panels
from accounts.services import data_access_record, role_reopen_code_issue
from padamu.csvsafe import safe_row
from padamu.pagination import keyset_page
from padamu.urlcache import with_detail_urls
from ptk.rows import ptk_rows

from ..forms import PtkEntryForm, PtkFilterForm, PtkSchoolAddForm, StaffingForm
from ..permissions import can_enter_ptk
from ..search import is_capped
from ..selectors import history_rows, ptk_changes, ptk_documents, ptk_list, ptk_school_links, school_by_npsn
from ..services import (
    ptk_enter,
    ptk_letter_data,
    ptk_s02_issue,
    ptk_school_add,
    ptk_school_remove,
    ptk_update_staffing,
)
from .common import edit_record_fields, error_text, get_ptk, ptk_perms, require_perm

SCHOOL = {InstitutionKind.SEKOLAH}
# The S02 pages: the home school, or the Dinas for a supervisor it entered (ptk.permissions decides).
ACCOUNT_HOMES = SCHOOL | set(DINAS_KINDS)
ORDER = ("name", "pk")
# The columns the list's rows show (ptk/rows.py): loading only these halves the cost of building
# the page's 25 PTK and schools. A column added to the rows must be added here (else one query per row:
# tests/test_query_ceiling.py counts them).
LIST_COLUMNS = (
    "name",
    "nuptk",
    "pegid",
    "nuptk_status",
    "star",
    "ptk_type",
    "employment_status",
    "school__name",
)
EXPORT_XLSX_MAX = 50_000
EXPORT_COLUMNS = [
    ("Nama", lambda p: p.name),
    ("NIK", lambda p: p.nik or ""),
    ("NUPTK", lambda p: p.nuptk or ""),
    ("PegID", lambda p: p.pegid or ""),
    ("NIP", lambda p: p.nip),
    ("Jenis kelamin", lambda p: p.sex),
    ("Tempat lahir", lambda p: p.birth_place),
    ("Tanggal lahir", lambda p: p.birth_date.isoformat()),
    ("Status NUPTK", lambda p: p.get_nuptk_status_display()),
    ("Jenis PTK", lambda p: p.get_ptk_type_display() or ""),
    ("Status kepegawaian", lambda p: p.get_employment_status_display() or ""),
    ("Kualifikasi", lambda p: p.qualification),
    ("Sekolah induk", lambda p: p.school.name),
    ("NPSN", lambda p: p.school.npsn or ""),
]


@require(roles=STAFF_ROLES)
def ptk_index(request):
    form = PtkFilterForm(request.GET or None)
    qs = ptk_list(scope=request.scope, filters=form.filters())
    page = keyset_page(qs.only(*LIST_COLUMNS), order=ORDER, cursor=request.GET.get("setelah"))
    with_detail_urls(page.items, "ptk:detail")
    return render(
        request,
        "ptk/ptk_list.html",
        {
            "form": form,
            "page": page,
            "rows": ptk_rows(page.items),
            "can_enter": can_enter_ptk(request.active_role),
            "is_dinas": request.active_role.kind in DINAS_KINDS,
            "search_capped": is_capped(qs),
        },
    )


def _export_rows(qs, limit=None):
    qs = qs.order_by(*ORDER)
    if limit is not None:
        qs = qs[:limit]
    for p in qs.iterator(chunk_size=2000):
        yield safe_row(fn(p) for _label, fn in EXPORT_COLUMNS)


class _Echo:
    def write(self, value):
        return value


def _log_export(request, form, fmt: str) -> None:
    filters = {k: v for k, v in (form.filters() or {}).items() if v not in (None, "")}
    detail = f"{fmt.upper()}; " + ", ".join(f"{k}={v}" for k, v in sorted(filters.items()))
    data_access_record(
        actor=request.user,
        active=request.active_role,
        action=DataAccess.Action.EXPORT,
        subject_type="ptk_list",
        subject_label=_("Daftar PTK (ekspor)"),
        detail=detail,
    )


@require(roles=STAFF_ROLES)
def ptk_export(request):
    """CSV (streamed, any size) or XLSX (write-only workbook, at most EXPORT_XLSX_MAX rows).
    Every export is logged (actor, role, institution, time, filters): it carries NIK."""
    form = PtkFilterForm(request.GET or None)
    qs = ptk_list(scope=request.scope, filters=form.filters(), search_cap=None)  # every match
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    _log_export(request, form, "xlsx" if request.GET.get("format") == "xlsx" else "csv")
    if request.GET.get("format") == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("PTK")
        ws.append([label for label, _fn in EXPORT_COLUMNS])
        n = 0
        for row in _export_rows(qs, EXPORT_XLSX_MAX + 1):
            n += 1
            if n > EXPORT_XLSX_MAX:
                ws.append(
                    [_("Dipotong pada %(n)s baris; gunakan CSV untuk data lengkap.") % {"n": EXPORT_XLSX_MAX}]
                )
                break
            ws.append(row)
        buf = io.BytesIO()
        wb.save(buf)
        buf.seek(0)
        return FileResponse(buf, as_attachment=True, filename=f"ptk-{stamp}.xlsx")
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"
        yield writer.writerow([label for label, _fn in EXPORT_COLUMNS])
        for row in _export_rows(qs):
            yield writer.writerow(row)

    resp = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="ptk-{stamp}.csv"'
    return resp


# An issued S02 stays retrievable by the operator who issued it, in their session, until they say
# it is printed (or the session ends): the clear code is kept there and nowhere else (the letter
# snapshot never holds it), so leaving the page no longer costs a new letter number.
S02_SESSION_KEY = "padamu_s02_unprinted"


def _s02_pending(request) -> dict:
    return request.session.get(S02_SESSION_KEY, {})


def _s02_keep(request, result, *, reset: bool):
    pending = dict(_s02_pending(request))
    pending[str(result.letter.pk)] = {"ptk": result.ptk.pk, "code": result.code, "reset": reset}
    request.session[S02_SESSION_KEY] = pending
    return redirect("ptk:s02_letter", pk=result.ptk.pk, letter=result.letter.pk)


def _s02_letter(request, pk: int, letter: int):
    """The PTK (in scope, account managed by this role) and its S02 letter, else 404."""
    from documents.models import Letter

    ptk = get_ptk(request, pk)
    require_perm(request, ptk, "manage_account")
    try:
        obj = Letter.objects.get(pk=letter, code="S02", subject_type="ptk", subject_id=str(ptk.pk))
    except Letter.DoesNotExist:
        raise Http404 from None
    return ptk, obj, _s02_pending(request).get(str(obj.pk))


@require(roles=STAFF_ROLES, kinds=ACCOUNT_HOMES)
@require_GET
def ptk_s02_letter(request, pk: int, letter: int):
    """The page after issuing S02 (post/redirect/get): reloading it issues nothing new."""
    ptk, obj, pending = _s02_letter(request, pk, letter)
    return render(
        request,
        "ptk/s02_issued.html",
        {"ptk": ptk, "letter": obj, "pending": pending, "reset": bool(pending and pending["reset"])},
    )


@require(roles=STAFF_ROLES, kinds=ACCOUNT_HOMES)
@require_GET
def ptk_s02_pdf(request, pk: int, letter: int):
    """The S02 PDF with its code, as often as needed until it is marked printed."""
    from documents.letters import render_letter

    ptk, obj, pending = _s02_letter(request, pk, letter)
    if not pending:
        raise Http404
    pdf = render_letter(obj, secret={"activation_code": pending["code"]})
    resp = HttpResponse(pdf, content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="S02-{ptk.user.username}.pdf"'
    resp["Cache-Control"] = "no-store"
    return resp


@require(roles=STAFF_ROLES, kinds=ACCOUNT_HOMES)
@require_POST
def ptk_s02_printed(request, pk: int, letter: int):
    """'Sudah dicetak': the code leaves the session; the letter cannot be downloaded again."""
    ptk, obj, _pending = _s02_letter(request, pk, letter)
    pending = dict(_s02_pending(request))
    if pending.pop(str(obj.pk), None) is not None:
        request.session[S02_SESSION_KEY] = pending
        messages.success(
            request, _("S02 %(n)s ditandai sudah dicetak; kodenya tidak lagi tersimpan.") % {"n": obj.number}
        )
    return redirect("ptk:detail", pk=ptk.pk)


@require(roles=STAFF_ROLES, kinds=SCHOOL)
@require_http_methods(["GET", "POST"])
def ptk_enter_view(request):
    form = PtkEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ptk = ptk_enter(
                school=request.active_role.institution,
                actor=request.user,
                role=request.active_role,
                form="A05",
                **form.cleaned_data,
            )
            result = ptk_s02_issue(
                ptk=ptk,
                actor=request.user,
                role=request.active_role,
                institution=request.active_role.institution,
            )
        except ValidationError as e:
            if hasattr(e, "error_dict"):
                for field, errs in e.error_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                form.add_error(None, e)
        else:
            return _s02_keep(request, result, reset=False)
    return render(request, "ptk/ptk_enter.html", {"form": form})


@require(roles=STAFF_ROLES, kinds=ACCOUNT_HOMES)
@require_POST
def ptk_s02(request, pk: int):
    """Verval level 1 of an existing record (A01 checked) or a reset: a new S02, old code dead."""
    ptk = get_ptk(request, pk)
    require_perm(request, ptk, "manage_account")
    reset = ptk.level1_at is not None
    try:
        result = ptk_s02_issue(
            ptk=ptk, actor=request.user, role=request.active_role, institution=request.active_role.institution
        )
    except ValidationError as e:
        messages.error(request, error_text(e))
        return redirect("ptk:detail", pk=ptk.pk)
    return _s02_keep(request, result, reset=reset)


@require(roles=STAFF_ROLES, kinds=DINAS_KINDS)
@require_POST
def ptk_s03_office(request, pk: int):
    """The Dinas prints the S03 (detail data) of a supervisor it entered with A06, from the
    supervisor's page; the letter is then on the page (post/redirect/get)."""
    from ..services import ptk_s03_issue

    ptk = get_ptk(request, pk)
    require_perm(request, ptk, "print_s03")
    try:
        issued = ptk_s03_issue(ptk=ptk, actor=request.user, role=request.active_role)
    except ValidationError as e:
        messages.error(request, error_text(e))
    else:
        messages.success(
            request,
            _("S03 %(n)s diterbitkan; unduh dari bagian Registrasi di bawah.") % {"n": issued.letter.number},
        )
    return redirect(reverse("ptk:detail", args=[ptk.pk]) + "#registrasi")


@require()
def ptk_detail(request, pk: int):
    ptk = get_ptk(request, pk)
    perms = ptk_perms(request, ptk)
    data_access_record(
        actor=request.user,
        active=request.active_role,
        action=DataAccess.Action.VIEW,
        subject_type="ptk",
        subject_id=ptk.pk,
        subject_label=f"{ptk.name} ({ptk.identifier or '-'})",
        school_id=ptk.school_id,
        dinas_id=ptk.dinas_id,
        qa_office_id=ptk.qa_office_id,
    )
    ptk_role = suspended_ptk_role(ptk) if perms["manage_account"] else None
    from ..models import HISTORY_MODELS

    rows = history_rows(ptk=ptk)
    sections = [
        {"slug": slug, "title": model._meta.verbose_name, "rows": rows[slug]}
        for slug, model in HISTORY_MODELS.items()
    ]
    from ..forms import PactRefuseForm
    from ..selectors import registration_log, registration_of
    from ..services.registration import is_home_school_staff, is_ptk_dinas_staff

    reg = registration_of(ptk=ptk)
    return render(
        request,
        "ptk/ptk_detail.html",
        {
            "reg": reg,
            "reg_log": registration_log(registration=reg, limit=10) if reg else [],
            "reg_school": is_home_school_staff(request.active_role, ptk),
            "reg_dinas": is_ptk_dinas_staff(request.active_role, ptk),
            "refuse_form": PactRefuseForm(),
            "ptk": ptk,
            "perms": perms,
            "sections": sections,
            "links": list(ptk_school_links(ptk=ptk)),
            "documents": [d for d in ptk_documents(ptk=ptk) if d.superseded_by_id is None],
            "recent_changes": list(ptk_changes(ptk=ptk)[:5]),
            "school_form": PtkSchoolAddForm(),
            "ptk_role_suspended": ptk_role,
            "object_panels": object_panels(request, "ptk", ptk),
            "s02_unprinted": sorted(
                int(k) for k, v in _s02_pending(request).items() if v.get("ptk") == ptk.pk
            ),
        },
    )


def suspended_ptk_role(ptk):
    if not ptk.user_id:
        return None
    return RoleAssignment.objects.filter(
        user_id=ptk.user_id, role=Role.PTK, suspended_at__isnull=False
    ).first()


@require(roles=STAFF_ROLES, kinds=SCHOOL)
@require_POST
def ptk_role_reopen(request, pk: int):
    """The home school re-opens the PTK role of an account whose reset came from another authority:
    a scoped code the PTK enters while logged in (the account's password stays theirs)."""
    ptk = get_ptk(request, pk)
    require_perm(request, ptk, "manage_account")
    a = suspended_ptk_role(ptk)
    if a is None:
        messages.error(request, _("Peran PTK akun ini tidak sedang ditangguhkan."))
        return redirect("ptk:detail", pk=ptk.pk)
    try:
        code = role_reopen_code_issue(
            assignment=a, actor=request.user, institution=request.active_role.institution
        )
    except ValidationError as e:
        messages.error(request, error_text(e))
        return redirect("ptk:detail", pk=ptk.pk)
    from django.urls import reverse

    return render(
        request,
        "accounts/reopen_code.html",
        {"assignment": a, "code": code, "back_url": reverse("ptk:detail", args=[ptk.pk])},
    )


@require(roles=STAFF_ROLES, kinds=SCHOOL)
@require_http_methods(["GET", "POST"])
def ptk_staffing_edit(request, pk: int):
    return edit_record_fields(
        request,
        pk,
        perm="edit_staffing",
        form_class=StaffingForm,
        service=ptk_update_staffing,
        saved=_("Data kepegawaian disimpan."),
        title=_("Ubah data kepegawaian"),
    )


@require(roles=STAFF_ROLES, kinds=SCHOOL)
@require_POST
def ptk_school_add_view(request, pk: int):
    ptk = get_ptk(request, pk)
    require_perm(request, ptk, "edit_staffing")
    form = PtkSchoolAddForm(request.POST)
    school = school_by_npsn(form.data.get("npsn", "")) if form.is_valid() else None
    if school is None:
        messages.error(request, _("Sekolah dengan NPSN itu tidak ditemukan."))
    else:
        try:
            ptk_school_add(ptk=ptk, school=school, actor=request.user, role=request.active_role)
        except ValidationError as e:
            messages.error(request, error_text(e))
        else:
            messages.success(
                request, _("%(s)s ditambahkan sebagai sekolah tempat tugas lain.") % {"s": school}
            )
    return redirect("ptk:detail", pk=ptk.pk)


@require(roles=STAFF_ROLES, kinds=SCHOOL)
@require_POST
def ptk_school_remove_view(request, pk: int, link: int):
    ptk = get_ptk(request, pk)
    require_perm(request, ptk, "edit_staffing")
    try:
        ptk_school_remove(ptk=ptk, link_id=link, actor=request.user, role=request.active_role)
    except ValidationError as e:
        messages.error(request, error_text(e))
    else:
        messages.success(request, _("Sekolah tempat tugas dihapus."))
    return redirect("ptk:detail", pk=ptk.pk)


@require(roles=STAFF_ROLES)
@require_POST
def ptk_form_pdf(request, pk: int, code: str):
    """A01 or A05 prefilled from the record (issued and numbered by the viewer's institution)."""
    from documents.letters import letter_reprint_or_issue

    if code not in ("A01", "A05"):
        from django.http import Http404

        raise Http404
    ptk = get_ptk(request, pk)
    if code == "A05" and ptk.nuptk:
        messages.error(
            request,
            _("PTK ini sudah memiliki NUPTK %(n)s: formulir registrasi A05 tidak dicetak lagi; gunakan A01.")
            % {"n": ptk.nuptk},
        )
        return redirect("ptk:detail", pk=ptk.pk)
    data_access_record(
        actor=request.user,
        active=request.active_role,
        action=DataAccess.Action.EXPORT,
        subject_type="ptk",
        subject_id=ptk.pk,
        subject_label=f"{ptk.name} ({ptk.identifier or '-'})",
        detail=_("%(code)s terisi (PDF)") % {"code": code},
        school_id=ptk.school_id,
        dinas_id=ptk.dinas_id,
        qa_office_id=ptk.qa_office_id,
    )
    try:
        issued = letter_reprint_or_issue(
            code=code,
            issuer=request.user,
            issuer_role=request.active_role.role,
            institution=request.active_role.institution,
            subject_type="ptk",
            subject_id=str(ptk.pk),
            subject_name=ptk.name,
            data={"ptk": ptk_letter_data(ptk)},
            subject_user=ptk.user,
            school=ptk.school,
        )
    except ValidationError as e:
        messages.error(request, error_text(e))
        return redirect("ptk:detail", pk=ptk.pk)
    resp = HttpResponse(issued.pdf, content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="{code}-{ptk.identifier or ptk.pk}.pdf"'
    return resp


@require(roles=STAFF_ROLES | {Role.PTK})
def ptk_form_blank(request, code: str):
    """A01/A05 blank, to fill in by hand, under the letterhead of the viewer's institution (a PTK
    gets their home school's)."""
    from django.http import Http404

    from documents.letters import letter_preview, letterhead_for, render_letter

    from ..selectors import ptk_own

    if code not in ("A01", "A05"):
        raise Http404
    letter, _secret = letter_preview(code, blank=True)
    inst = request.active_role.institution
    if inst is None:
        own = ptk_own(user=request.user)
        inst = own.school if own else None
    if inst is not None:
        letter.institution, letter.letterhead = inst, letterhead_for(inst)
    resp = HttpResponse(render_letter(letter, blank=True), content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="{code}-kosong.pdf"'
    return resp
