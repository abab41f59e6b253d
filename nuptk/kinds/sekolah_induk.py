"""Sekolah induk salah atau belum ada (A02/A03, flows.md part 2): the PTK fills A02 (no longer
active at the registered home school) or A03 (not registered at a home school yet: verval level 1
never done there) with the head of the school where they work now, and takes it to the Dinas. The
Dinas enters the request itself (``starters``: the Dinas tier), numbers the form (A02/A03, signed for
the Dinas, the one that decides), and another Dinas officer decides it (four eyes). On approval the
home school is corrected (``ptk.services.ptk_home_school_correct``) and that school can print the
A01 and do verval level 1 (S02). A school in another kab/kota is a mutasi, not a correction."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from accounts.policy import Tier
from ptk import selectors as ptk_selectors
from ptk.services import ptk_home_school_correct

from .. import levels
from ..effects import lock_ptk
from ..requirements import Check, req, same_for_all
from . import Kind, LetterStep, Payload, Step, register, signed_for_dinas


class HomeSchoolForm(forms.Form):
    npsn = forms.RegexField(
        label=_l("NPSN sekolah tempat tugas sekarang"),
        regex=r"^([0-9]{8}|[KP][0-9]{7})$",
        error_messages={"invalid": _l("NPSN terdiri atas 8 karakter.")},
    )
    sk_number = forms.CharField(label=_l("Nomor SK/surat penugasan"), max_length=100, required=False)


def update_school(sub, data) -> dict:
    school = ptk_selectors.school_by_npsn(data["npsn"])
    if school is None:
        from django.core.exceptions import ValidationError

        raise ValidationError(
            _("Sekolah dengan NPSN %(n)s tidak ditemukan di data referensi.") % {"n": data["npsn"]}
        )
    head = None
    from django.utils import timezone

    from accounts.selectors import official_on

    o = official_on(institution=school, on=timezone.localdate(), position="head")
    if o is not None:
        head = {"title": o.title or _("Kepala %(s)s") % {"s": school.name}, "name": o.name, "nip": o.nip}
    return {
        "to_school_id": school.pk,
        "to_school_name": school.name,
        "to_npsn": school.npsn,
        "to_dinas_id": school.dinas_id,
        "sk_number": data.get("sk_number", ""),
        "school_head": head,
    }


def facts(sub) -> dict:
    return {"level1_done": ptk_selectors.ptk_level1_done(pk=sub.ptk_id)}


def target_checks(f) -> list[Check]:
    p = f.payload
    chosen = bool(p.get("to_school_id"))
    same_area = chosen and p.get("to_dinas_id") == f.extra.get("dinas_id")
    differs = chosen and p.get("to_npsn") != f.school_npsn
    return [
        Check(
            "to_school",
            _("Sekolah tempat tugas sekarang dipilih (NPSN)"),
            chosen,
            "" if chosen else _("Isi NPSN sekolah tempat tugas sekarang."),
        ),
        Check(
            "to_school_area",
            _("Sekolah itu di wilayah Dinas yang memutuskan"),
            same_area,
            "" if same_area else _("Sekolah di kabupaten/kota lain: ajukan mutasi (SM01), bukan koreksi."),
        ),
        Check(
            "to_school_differs",
            _("Berbeda dengan sekolah induk tercatat"),
            differs,
            "" if differs else _("Sekolah itu sudah menjadi sekolah induk PTK ini."),
        ),
    ]


def a03_checks(f) -> list[Check]:
    ok = not f.extra.get("level1_done")
    return [
        Check(
            "not_level1",
            _("PTK belum pernah verval level 1 di sekolah induk tercatat"),
            ok,
            "" if ok else _("PTK sudah verval level 1 di sekolah induknya: gunakan A02."),
        )
    ]


def a02_checks(f) -> list[Check]:
    return []


def correct_home_school(sub, *, actor, role) -> dict:
    from accounts.models import Institution

    school = Institution.objects.get(pk=sub.payload["to_school_id"])
    ptk_home_school_correct(
        ptk=lock_ptk(sub), school=school, actor=actor, role=role, reason=_("ajuan %(c)s") % {"c": sub.code}
    )
    return {}


def _facts(sub) -> dict:
    return {**facts(sub), "dinas_id": sub.dinas_id}


def letter_data(form_code):
    def data(sub) -> dict:
        p = sub.payload
        d = {
            "sk_number": p.get("sk_number", ""),
            "school_head": p.get("school_head"),
            "entered_by_dinas": True,
        }
        if form_code == "A02":
            d.update(new_school_name=p.get("to_school_name", ""), new_npsn=p.get("to_npsn", ""))
        else:
            d.update(claimed_school_name=p.get("to_school_name", ""), claimed_npsn=p.get("to_npsn", ""))
        return d

    return data


def approved(sub):
    name = sub.payload.get("to_school_name", "")
    return (
        _("Sekolah induk dikoreksi"),
        _("Sekolah induk PTK kini %(s)s. Sekolah itu dapat mencetak A01 dan melakukan verval level 1 (S02).")
        % {"s": name},
    )


PAPERS = same_for_all(
    (
        req(
            "formulir",
            "surat_penugasan",
            "sk_penugasan",
            label=_l(
                "Formulir A02/A03 bertanda tangan kepala sekolah tempat tugas, dan SK/surat penugasannya"
            ),
        ),
    )
)

for code, form_code, label, order, extra_checks in (
    ("induk_a02", "A02", _l("Koreksi sekolah induk (A02)"), 80, a02_checks),
    ("induk_a03", "A03", _l("Penetapan sekolah induk (A03)"), 81, a03_checks),
):
    register(
        Kind(
            code=code,
            label=label,
            order=order,
            route=(levels.DINAS,),
            requirements=PAPERS,
            checks=(target_checks, extra_checks),
            facts=_facts,
            effect=correct_home_school,
            letters=(
                LetterStep(form_code, Step.SUBMIT, signer=signed_for_dinas, data=letter_data(form_code)),
            ),
            letter_request_data=lambda sub: {"to_school_name": sub.payload.get("to_school_name", "")},
            payload=Payload(
                fields=(
                    "to_school_id",
                    "to_school_name",
                    "to_npsn",
                    "to_dinas_id",
                    "sk_number",
                    "school_head",
                ),
                form=HomeSchoolForm,
                template="nuptk/kinds/sekolah_induk.html",
                update=update_school,
            ),
            approved_notice=approved,
            needs_nuptk=form_code == "A02",
            starters=frozenset({Tier.DINAS}),
        )
    )
