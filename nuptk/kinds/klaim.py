"""Klaim NUPTK: a PTK without an NUPTK in our registry claims the number they hold (route: PDSPK).
The school types the claimed number on the request page (this kind's payload)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ptk import selectors as ptk_selectors
from ptk.models import NuptkStatus

from .. import levels
from ..effects import lock_ptk, nuptk_allocate, set_nuptk
from ..models import NuptkNumber
from ..requirements import Check, req, same_for_all
from . import Kind, Payload, register


class ClaimNuptkForm(forms.Form):
    claimed_nuptk = forms.RegexField(
        label=_l("NUPTK yang diklaim"),
        regex=r"^[0-9]{16}$",
        error_messages={"invalid": _l("NUPTK terdiri atas 16 digit angka.")},
    )


def _claimed(payload) -> str:
    return (payload.get("claimed_nuptk") or "").strip()


def facts(sub) -> dict:
    n = _claimed(sub.payload)
    return {"claimed_nuptk_holder": ptk_selectors.nuptk_holder(nuptk=n, exclude_pk=sub.ptk_id) is not None}


def claimed_number_checks(f) -> list[Check]:
    n = _claimed(f.payload)
    fmt = len(n) == 16 and n.isdigit()
    held = f.extra.get("claimed_nuptk_holder", False)
    return [
        Check(
            "claimed_format",
            _("NUPTK yang diklaim 16 digit angka"),
            fmt,
            "" if fmt else _("Isi NUPTK 16 digit angka."),
        ),
        Check(
            "claimed_free",
            _("NUPTK yang diklaim bukan milik orang lain"),
            not held,
            "" if not held else _("NUPTK ini tercatat milik PTK lain."),
        ),
    ]


def claim_nuptk(sub, *, actor, role) -> dict:
    n = _claimed(sub.payload)
    ptk = lock_ptk(sub)
    if ptk_selectors.nuptk_holder(nuptk=n, exclude_pk=ptk.pk, lock=True) is not None:
        raise ValidationError(
            _("NUPTK %(n)s masih tercatat pada PTK lain; klaim tidak dapat disetujui.") % {"n": n}
        )
    prev = NuptkNumber.objects.select_for_update().filter(number=n).first()
    if prev is None:
        nuptk_allocate(ptk=ptk, submission=sub, source="claimed", number=n)
    else:
        prev.ptk = ptk
        prev.save(update_fields=["ptk"])
    status = NuptkStatus.PERMANEN_AKTIF if ptk.nuptk_status == NuptkStatus.NONE else ptk.nuptk_status
    set_nuptk(ptk, nuptk=n, status=status, actor=actor, role=role)
    return {"nuptk": n}


KIND = register(
    Kind(
        code="klaim",
        label=_l("Klaim NUPTK"),
        order=40,
        route=(levels.PDSPK,),
        requirements=same_for_all((req("surat_penugasan", "surat_penugasan"),)),
        facts=facts,
        checks=(claimed_number_checks,),
        effect=claim_nuptk,
        payload=Payload(
            fields=("claimed_nuptk",),
            form=ClaimNuptkForm,
            template="nuptk/kinds/klaim.html",
            update=lambda sub, data: {"claimed_nuptk": data["claimed_nuptk"]},
        ),
        needs_dapodik=True,
        needs_no_nuptk=True,
        needs_no_nuptk_hint=_l("klaim hanya untuk PTK yang belum tercatat memiliki NUPTK"),
    )
)
