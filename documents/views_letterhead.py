"""The letterhead page of an institution: its contact data and officials as printed on letters,
with their history; kept by the institution's admin and by the admin of the level above."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Official
from accounts.permissions import STAFF_ROLES, require
from accounts.selectors import institution_get, official_on, officials_of
from accounts.services import official_appoint, official_term_end
from padamu.feedback import say_refusal

from .forms import LetterheadForm, OfficialForm, TermEndForm
from .letterhead import (
    default_city,
    letterhead_current,
    letterhead_for,
    letterhead_history,
    letterhead_update,
)
from .selectors import letterhead_editable


def _initial(inst, current):
    if current is not None:
        return {
            "address": current.address,
            "city": current.city,
            "phone": current.phone,
            "email": current.email,
            "website": current.website,
        }
    return {"address": inst.address, "city": default_city(inst), "phone": inst.phone, "email": inst.email}


@require(roles=STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def institution_letterhead(request, pk: int):
    inst = institution_get(scope=request.scope, pk=pk)
    if inst is None:
        raise Http404
    editable = letterhead_editable(scope=request.scope).filter(pk=inst.pk).exists()
    current = letterhead_current(inst)
    contact_form = LetterheadForm(initial=_initial(inst, current))
    official_form = OfficialForm(initial={"start": timezone.localdate()})
    if request.method == "POST":
        if not editable:
            raise Http404
        action = request.POST.get("action")
        role = str(request.active_role)
        try:
            if action == "contact":
                contact_form = LetterheadForm(request.POST, request.FILES)
                if contact_form.is_valid():
                    d = contact_form.cleaned_data
                    logo = d.get("logo")
                    letterhead_update(
                        institution=inst,
                        actor=request.user,
                        role=role,
                        address=d["address"],
                        city=d["city"],
                        phone=d["phone"],
                        email=d["email"],
                        website=d["website"],
                        logo_png=logo,
                        remove_logo=d["remove_logo"] and not logo,
                    )
                    messages.success(request, _("Kop surat disimpan. Surat berikutnya memakai data ini."))
                    return redirect("documents:letterhead", pk=inst.pk)
                say_refusal(request, contact_form)
            elif action == "appoint":
                official_form = OfficialForm(request.POST)
                if official_form.is_valid():
                    d = official_form.cleaned_data
                    official_appoint(
                        institution=inst,
                        name=d["name"],
                        nip=d["nip"],
                        rank=d["rank"],
                        title=d["title"],
                        start=d["start"],
                        actor=request.user,
                        source=_("diisi admin %(inst)s") % {"inst": request.active_role.institution},
                    )
                    messages.success(
                        request,
                        _("%(name)s tercatat sebagai kepala mulai %(d)s.")
                        % {"name": d["name"], "d": d["start"].strftime("%d-%m-%Y")},
                    )
                    return redirect("documents:letterhead", pk=inst.pk)
                say_refusal(request, official_form)
            elif action == "end":
                form = TermEndForm(request.POST)
                if not form.is_valid():
                    say_refusal(request, form)
                else:
                    official = Official.objects.filter(
                        pk=form.cleaned_data["official"], institution=inst
                    ).first()
                    if official is None:
                        raise Http404
                    official_term_end(official=official, end=form.cleaned_data["end"], actor=request.user)
                    messages.success(request, _("Masa jabatan %(name)s diakhiri.") % {"name": official.name})
                    return redirect("documents:letterhead", pk=inst.pk)
            else:
                raise Http404
        except ValidationError as e:
            say_refusal(request, e)
    today = timezone.localdate()
    return render(
        request,
        "documents/letterhead.html",
        {
            "inst": inst,
            "editable": editable,
            "lh": letterhead_for(inst, on=today),
            "current": current,
            "history": list(letterhead_history(inst).select_related("created_by")[:20]),
            "official": official_on(institution=inst, on=today),
            "officials": list(officials_of(institution=inst)[:50]),
            "contact_form": contact_form,
            "official_form": official_form,
            "today": today,
        },
    )
