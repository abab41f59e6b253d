"""Views on one PTK's own data, used by the PTK themself and by their home school: contacts,
history tables, berkas, photo, the change history, the EDS questionnaire and S03."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import DataAccess, Role
from accounts.permissions import require
from accounts.services import data_access_record
from padamu.pagination import keyset_page

from ..eds import QUESTIONS
from ..forms import ContactsForm, DocumentUploadForm, EdsForm, PhotoForm, history_form_class
from ..models import HISTORY_MODELS
from ..selectors import (
    history_row_get_or_404,
    ptk_changes,
    ptk_document_get_or_404,
    ptk_documents,
    ptk_own,
)
from ..services import (
    history_delete,
    history_save,
    ptk_document_add,
    ptk_eds_save,
    ptk_photo_replace,
    ptk_s03_issue,
    ptk_update_contacts,
)
from .common import edit_record_fields, error_text, get_ptk, ptk_perms, require_perm


@require(roles={Role.PTK})
def me(request):
    """ "Data saya": the PTK's own record."""
    ptk = ptk_own(user=request.user)
    if ptk is None:
        return render(request, "ptk/no_record.html")
    return redirect("ptk:detail", pk=ptk.pk)


@require(roles={Role.PTK})
def master_help(request):
    ptk = ptk_own(user=request.user)
    return render(request, "ptk/master_help.html", {"ptk": ptk})


@require()
@require_http_methods(["GET", "POST"])
def contacts_edit(request, pk: int):
    return edit_record_fields(
        request,
        pk,
        perm="edit_personal",
        form_class=ContactsForm,
        service=ptk_update_contacts,
        saved=_("Alamat dan kontak disimpan."),
        title=_("Ubah alamat dan kontak"),
    )


def _history_model(table):
    model = HISTORY_MODELS.get(table)
    if model is None:
        raise Http404
    return model


@require()
@require_http_methods(["GET", "POST"])
def history_edit(request, pk: int, table: str, row: int | None = None):
    model = _history_model(table)
    ptk = get_ptk(request, pk)
    require_perm(request, ptk, "edit_personal")
    instance = history_row_get_or_404(ptk=ptk, table=table, row_id=row) if row else None
    form = history_form_class(table)(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        fields = form.changed_data if instance else list(form.cleaned_data)
        data = {f: form.cleaned_data[f] for f in fields}
        try:
            history_save(
                ptk=ptk, table=table, data=data, actor=request.user, role=request.active_role, row_id=row
            )
        except ValidationError as e:
            if hasattr(e, "error_dict"):
                for field, errs in e.error_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                form.add_error(None, e)
        else:
            messages.success(
                request, _("%(t)s disimpan.") % {"t": str(model._meta.verbose_name).capitalize()}
            )
            return redirect(f"{ptk_detail_url(ptk)}#{table}")
    title = (_("Ubah %(t)s") if instance else _("Tambah %(t)s")) % {"t": model._meta.verbose_name}
    return render(request, "ptk/ptk_form.html", {"form": form, "ptk": ptk, "title": title, "table": table})


def ptk_detail_url(ptk) -> str:
    from django.urls import reverse

    return reverse("ptk:detail", args=[ptk.pk])


@require()
@require_http_methods(["GET", "POST"])
def history_delete_view(request, pk: int, table: str, row: int):
    model = _history_model(table)
    ptk = get_ptk(request, pk)
    require_perm(request, ptk, "edit_personal")
    obj = history_row_get_or_404(ptk=ptk, table=table, row_id=row)
    if request.method == "POST":
        history_delete(ptk=ptk, table=table, row_id=obj.pk, actor=request.user, role=request.active_role)
        messages.success(request, _("Baris %(r)s dihapus; tetap tercatat di riwayat perubahan.") % {"r": obj})
        return redirect(f"{ptk_detail_url(ptk)}#{table}")
    return render(
        request, "ptk/confirm_delete.html", {"ptk": ptk, "obj": obj, "model_name": model._meta.verbose_name}
    )


@require()
def changes(request, pk: int):
    """Riwayat perubahan: every versioned change of the record, newest first."""
    ptk = get_ptk(request, pk)
    page = keyset_page(ptk_changes(ptk=ptk), order=("-at", "-pk"), cursor=request.GET.get("setelah"), size=50)
    return render(request, "ptk/changes.html", {"ptk": ptk, "page": page, "perms": ptk_perms(request, ptk)})


@require()
@require_http_methods(["GET", "POST"])
def documents(request, pk: int):
    ptk = get_ptk(request, pk)
    perms = ptk_perms(request, ptk)
    if request.method == "POST":
        require_perm(request, ptk, "edit_personal")  # before the body is parsed or anything stored
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            meta = {k: v for k, v in form.cleaned_data.items() if k not in ("kind", "upload")}
            try:
                ptk_document_add(
                    ptk=ptk,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["upload"],
                    actor=request.user,
                    role=request.active_role,
                    **meta,
                )
            except ValidationError as e:
                form.add_error("upload" if not hasattr(e, "error_dict") else None, e)
            else:
                messages.success(request, _("Berkas diunggah."))
                return redirect("ptk:documents", pk=ptk.pk)
    docs = list(ptk_documents(ptk=ptk))
    return render(request, "ptk/documents.html", {"ptk": ptk, "perms": perms, "form": form, "docs": docs})


@require()
def document_download(request, pk: int, doc: int):
    """Berkas are served only here, after the scope check (404 outside)."""
    from documents.files import stored_file_response

    ptk = get_ptk(request, pk)
    d = ptk_document_get_or_404(ptk=ptk, pk=doc)
    data_access_record(
        actor=request.user,
        active=request.active_role,
        action=DataAccess.Action.VIEW,
        subject_type="ptk",
        subject_id=ptk.pk,
        subject_label=f"{ptk.name} ({ptk.identifier or '-'})",
        detail=_("berkas %(kind)s #%(n)s") % {"kind": d.get_kind_display(), "n": d.pk},
        school_id=ptk.school_id,
        dinas_id=ptk.dinas_id,
        qa_office_id=ptk.qa_office_id,
    )
    name = f"{d.kind}-{ptk.identifier or ptk.pk}-{d.pk}.{d.stored_file.extension}"
    return stored_file_response(d.stored_file, download_name=name, inline=request.GET.get("unduh") != "1")


@require()
def photo(request, pk: int):
    from documents.files import stored_file_response

    ptk = get_ptk(request, pk)
    if ptk.photo is None:
        raise Http404
    return stored_file_response(ptk.photo, download_name=f"foto-{ptk.pk}.{ptk.photo.extension}")


@require()
@require_http_methods(["GET", "POST"])
def photo_upload(request, pk: int):
    from documents.files import RULES, file_check_and_store

    ptk = get_ptk(request, pk)
    require_perm(request, ptk, "edit_personal")
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            stored = file_check_and_store(
                upload=form.cleaned_data["upload"], rule=RULES["photo"], uploaded_by=request.user
            )
            ptk_photo_replace(ptk=ptk, stored_file=stored, actor=request.user, role=request.active_role)
        except ValidationError as e:
            form.add_error("upload", e)
        else:
            messages.success(request, _("Foto diganti."))
            return redirect("ptk:detail", pk=ptk.pk)
    return render(
        request, "ptk/ptk_form.html", {"form": form, "ptk": ptk, "title": _("Ganti foto"), "multipart": True}
    )


@require(roles={Role.PTK})
@require_http_methods(["GET", "POST"])
def eds(request):
    ptk = ptk_own(user=request.user)
    if ptk is None:
        return render(request, "ptk/no_record.html")
    current = getattr(ptk, "eds", None) if hasattr(ptk, "eds") else None
    form = EdsForm(request.POST or None, initial=current.answers if current else None)
    if request.method == "POST" and form.is_valid():
        ptk_eds_save(ptk=ptk, answers=dict(form.cleaned_data), actor=request.user, role=request.active_role)
        messages.success(request, _("Jawaban kuesioner EDS disimpan. Anda dapat mencetak S03."))
        return redirect("ptk:eds")
    return render(request, "ptk/eds.html", {"ptk": ptk, "form": form, "eds": current, "questions": QUESTIONS})


@require(roles={Role.PTK})
@require_POST
def s03(request):
    ptk = ptk_own(user=request.user)
    if ptk is None:
        raise Http404
    try:
        issued = ptk_s03_issue(ptk=ptk, actor=request.user)
    except ValidationError as e:
        messages.error(request, error_text(e))
        return redirect("ptk:eds")
    resp = HttpResponse(issued.pdf, content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="S03-{ptk.identifier}.pdf"'
    return resp
