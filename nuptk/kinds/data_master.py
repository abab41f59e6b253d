"""Perbaikan data master: the school asks to correct the PTK's master fields (name, NIK, birth place
and date, sex, mother's name) with one supporting paper (route: Dinas). Letters: S12 when the school
submits, S13 with the Dinas approval. The changes are this kind's payload."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ptk import selectors as ptk_selectors
from ptk.models import MASTER_FIELDS
from ptk.services import ptk_update_master

from .. import levels
from ..effects import lock_ptk
from ..requirements import Check, req, same_for_all
from . import Kind, LetterStep, Payload, Step, register, signed_for_dinas

# How a value is typed, shown beside the field's name.
INPUT_HINTS = {"birth_date": " (TTTT-BB-HH)", "sex": " (L/P)"}


def field_choices():
    return [(f, f"{label}{INPUT_HINTS.get(f, '')}") for f, label in ptk_selectors.master_field_choices()]


class MasterChangeForm(forms.Form):
    """Add (or replace) the change of one field, or remove one."""

    # the card's add form requires both in the browser; the remove button posts only ``remove``
    field = forms.ChoiceField(
        label=_l("Data yang diubah"),
        choices=field_choices,
        required=False,
        widget=forms.Select(attrs={"required": True}),
    )
    new = forms.CharField(
        label=_l("Nilai baru"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"required": True}),
    )
    remove = forms.ChoiceField(
        choices=[(f, f) for f in MASTER_FIELDS], required=False, widget=forms.HiddenInput
    )

    def clean(self):
        d = super().clean()
        if not d.get("remove") and not (d.get("field") and (d.get("new") or "").strip()):
            raise forms.ValidationError(_("Pilih data dan isi nilai barunya."))
        return d


def update_changes(sub, data) -> dict:
    changes = list(sub.payload.get("changes", []))
    if data.get("remove"):
        return {"changes": [c for c in changes if c["field"] != data["remove"]]}
    f, new = data["field"], data["new"].strip()
    old = getattr(sub.ptk, f)
    return {
        "changes": [c for c in changes if c["field"] != f] + [{"field": f, "old": str(old or ""), "new": new}]
    }


def letter_changes(sub) -> dict:
    """S12/S13 print each change with the field's name as a person reads it."""
    labels = dict(ptk_selectors.master_field_choices())
    changes = [
        {**c, "label": str(labels.get(c.get("field"), c.get("field", "")))}
        for c in sub.payload.get("changes", [])
    ]
    return {"changes": changes}


def has_changes(f) -> list[Check]:
    ok = bool(f.payload.get("changes"))
    return [
        Check("changes", _("Ada data yang diubah"), ok, "" if ok else _("Isi minimal satu perubahan data."))
    ]


def update_master(sub, *, actor, role) -> dict:
    from ..models import Submission

    changes = {
        c["field"]: c["new"] for c in sub.payload.get("changes", []) if c.get("field") in MASTER_FIELDS
    }
    ptk = lock_ptk(sub)
    ptk_update_master(ptk=ptk, changes=changes, actor=actor, role=role)
    if "name" in changes:
        # the requests' copy of the name (queue search reads it); not a state change
        Submission.objects.filter(ptk_id=ptk.pk).update(ptk_name=changes["name"])
    return {}


KIND = register(
    Kind(
        code="data_master",
        label=_l("Perbaikan data master"),
        order=60,
        route=(levels.DINAS,),
        requirements=same_for_all(
            (
                req(
                    "bukti_data",
                    "kk",
                    "akta_lahir",
                    "buku_nikah",
                    "ktp_gambar",
                    "ijazah_gambar",
                    label=_l("Salah satu: KK, akta kelahiran, buku nikah, KTP, ijazah (JPG/PNG)"),
                ),
            )
        ),
        checks=(has_changes,),
        effect=update_master,
        letters=(
            LetterStep("S12", Step.SUBMIT),
            LetterStep("S13", Step.APPROVE, signer=signed_for_dinas),
        ),
        letter_request_data=letter_changes,
        payload=Payload(
            fields=("changes",),
            form=MasterChangeForm,
            template="nuptk/kinds/data_master.html",
            update=update_changes,
        ),
    )
)
