"""Registration to Bintang 4: the school's level-2 check (S04/S05), the pakta integritas (S07), the
Dinas receipt (S08), one PTK at a time or many at once (batch pages). Thin: services decide."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import STAFF_ROLES, require
from accounts.policy import DINAS_KINDS, SCHOOL_KINDS
from padamu.feedback import say_refusal

from ..forms import Level2CheckForm, PactRefuseForm
from ..models import RegState
from ..selectors import registration_of
from ..services import (
    registration_check,
    registration_detail_verify,
    registration_pact_receive,
    registration_pact_refuse,
    registration_pact_sign,
)
from ..services.registration import is_home_school_staff, is_ptk_dinas_staff
from .common import get_ptk


def _back(ptk):
    return redirect(reverse("ptk:detail", args=[ptk.pk]) + "#registrasi")


def _school_ptk(request, pk):
    ptk = get_ptk(request, pk)
    if not is_home_school_staff(request.active_role, ptk):
        raise Http404
    return ptk


def _dinas_ptk(request, pk):
    ptk = get_ptk(request, pk)
    if not is_ptk_dinas_staff(request.active_role, ptk):
        raise Http404
    return ptk


def _letter_msg(request, letter, text):
    messages.success(request, text % {"code": letter.code, "number": letter.number})


@require(roles=STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def reg_check(request, pk: int):
    ptk = _school_ptk(request, pk)
    reg = registration_of(ptk=ptk)
    if reg is None or reg.state != RegState.SUBMITTED:
        messages.error(request, _("PTK ini belum menyerahkan S03 untuk diperiksa."))
        return _back(ptk)
    form = Level2CheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            letter = registration_check(
                ptk=ptk,
                active=request.active_role,
                actor=request.user,
                results=form.results(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as e:
            form.add_error(None, e)
        except PermissionDenied:
            raise Http404 from None
        else:
            if letter is None:
                messages.warning(
                    request,
                    _("Berkas ditolak. PTK diberi tahu apa yang harus diperbaiki, lalu mencetak S03 lagi."),
                )
            else:
                _letter_msg(request, letter, _("Berkas sesuai: %(code)s nomor %(number)s diterbitkan."))
            return _back(ptk)
    return render(request, "ptk/reg_check.html", {"ptk": ptk, "reg": reg, "form": form})


def _post_step(request, ptk, fn, ok_text, **kw):
    try:
        letter = fn(ptk=ptk, active=request.active_role, actor=request.user, **kw)
    except ValidationError as e:
        say_refusal(request, e)
    except PermissionDenied:
        raise Http404 from None
    else:
        if letter is not None:
            _letter_msg(request, letter, ok_text)
        else:
            messages.success(request, ok_text)
    return _back(ptk)


@require(roles=STAFF_ROLES)
@require_POST
def reg_pact(request, pk: int):
    ptk = _school_ptk(request, pk)
    return _post_step(
        request, ptk, registration_pact_sign, _("Pakta integritas %(code)s nomor %(number)s diterbitkan.")
    )


@require(roles=STAFF_ROLES)
@require_POST
def reg_detail_verify(request, pk: int):
    ptk = _school_ptk(request, pk)
    return _post_step(request, ptk, registration_detail_verify, _("Data rinci diverifikasi: kini PERMANEN."))


@require(roles=STAFF_ROLES)
@require_POST
def reg_receive(request, pk: int):
    ptk = _dinas_ptk(request, pk)
    return _post_step(
        request,
        ptk,
        registration_pact_receive,
        _("Pakta diterima: %(code)s nomor %(number)s diterbitkan, PTK Permanen Aktif (Bintang 4)."),
    )


@require(roles=STAFF_ROLES)
@require_POST
def reg_pact_refuse(request, pk: int):
    ptk = _dinas_ptk(request, pk)
    form = PactRefuseForm(request.POST)
    if not form.is_valid():
        say_refusal(request, form)
        return _back(ptk)
    return _post_step(
        request,
        ptk,
        registration_pact_refuse,
        _("Pakta integritas dikembalikan ke sekolah dengan catatan."),
        note=form.cleaned_data["note"],
    )


BATCH_PAGE = 100
SCHOOL_BATCH_STATES = (RegState.SUBMITTED, RegState.CHECKED, RegState.PACT_REFUSED)


def _batch_page(request, *, template, states, services_fn, where, title, confirm, button):
    from padamu.pagination import keyset_page

    from ..selectors import registrations_waiting

    if request.method == "POST":
        try:
            job = services_fn(
                ptk_ids=request.POST.getlist("ids"), active=request.active_role, actor=request.user
            )
        except ValidationError as e:
            say_refusal(request, e)
        except PermissionDenied:
            raise Http404 from None
        else:
            return redirect("documents:batch_detail", pk=job.pk)
        return redirect(request.path)
    qs = registrations_waiting(scope=request.scope, states=states, **where)
    page = keyset_page(qs, order=("name", "pk"), cursor=request.GET.get("setelah"), size=BATCH_PAGE)
    return render(
        request,
        template,
        {"page": page, "title": title, "confirm": confirm, "button": button},
    )


@require(roles=STAFF_ROLES, kinds=SCHOOL_KINDS)
@require_http_methods(["GET", "POST"])
def reg_batch_school(request):
    """A school's level-2 checks and pacts for many PTK at once."""
    from ..services import registration_school_batch

    return _batch_page(
        request,
        template="ptk/reg_batch.html",
        states=SCHOOL_BATCH_STATES,
        services_fn=registration_school_batch,
        where={"school": request.active_role.institution},
        title=_("Verval level 2 dan pakta integritas (banyak PTK)"),
        confirm=_(
            "Semua berkas PTK terpilih sudah diperiksa dan SESUAI? S04/S05 dan pakta integritas (S07) "
            "diterbitkan untuk setiap PTK terpilih."
        ),
        button=_("Berkas sesuai: terbitkan S04/S05 dan S07"),
    )


@require(roles=STAFF_ROLES, kinds=DINAS_KINDS)
@require_http_methods(["GET", "POST"])
def reg_batch_dinas(request):
    """The pacts a head of school brought to the Dinas, received in one go (S08 each)."""
    from ..services import registration_dinas_batch

    return _batch_page(
        request,
        template="ptk/reg_batch.html",
        states=(RegState.PACT_SIGNED,),
        services_fn=registration_dinas_batch,
        where={"dinas": request.active_role.institution},
        title=_("Penerimaan pakta integritas (S08 Bintang 4)"),
        confirm=_(
            "Pakta integritas PTK terpilih sudah diterima dan diperiksa? S08 diterbitkan dan PTK menjadi "
            "Permanen Aktif."
        ),
        button=_("Terima pakta terpilih: terbitkan S08"),
    )
