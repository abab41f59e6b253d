"""Head of school (flows.md part 5; letters A09, S18): the PTK hands the A09 form with the latest
head SK (from the Dinas for a public school, from the yayasan for a private one) to the Dinas, which
enters it (A09 prints) and, by a second person, approves it (S18 prints).

The effect: the PTK becomes head of their home school from the SK date
(``accounts.services.official_appoint``, position "head", linked to the PTK's account); the previous
head's term ends the day before, so every letter dated from then on signed "Kepala Sekolah" carries
the new head (``accounts.selectors.official_on``); the PTK's type becomes "Kepala Sekolah". A head
of another school moves there by a mutasi first."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from accounts.models import OfficialPosition
from accounts.policy import Tier
from accounts.selectors import official_on
from accounts.services import official_appoint
from ptk.services import ptk_update_staffing

from .. import levels
from ..effects import lock_ptk
from ..requirements import Check, req, same_for_all
from . import Kind, LetterStep, Payload, Step, register, signed_for_dinas

HEAD_PTK_TYPE = 20  # Dapodik "Kepala Sekolah" (domain.md)


class HeadForm(forms.Form):
    sk_number = forms.CharField(label=_l("Nomor SK pengangkatan kepala sekolah"), max_length=100)
    sk_date = forms.DateField(
        label=_l("Tanggal SK (mulai menjabat)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    sk_issuer = forms.CharField(label=_l("Pejabat penetap SK (Dinas/yayasan)"), max_length=150)


def update(sub, data) -> dict:
    if data["sk_date"] > timezone.localdate():
        raise ValidationError(_("Tanggal SK tidak boleh setelah hari ini."))
    return {
        "sk_number": data["sk_number"].strip(),
        "sk_date": data["sk_date"].isoformat(),
        "sk_issuer": data["sk_issuer"].strip(),
    }


def _sk_date(payload) -> date | None:
    try:
        return date.fromisoformat(payload.get("sk_date") or "")
    except ValueError:
        return None


def facts(sub) -> dict:
    current = official_on(institution=sub.school, on=timezone.localdate(), position=OfficialPosition.HEAD)
    return {
        "head_start": current.start if current else None,
        "head_name": current.name if current else "",
        "is_head": bool(current and sub.ptk.user_id and current.user_id == sub.ptk.user_id),
    }


def head_checks(f) -> list[Check]:
    sk_date = _sk_date(f.payload)
    filled = bool(f.payload.get("sk_number") and sk_date and f.payload.get("sk_issuer"))
    start = f.extra.get("head_start")
    later = not (filled and start and sk_date <= start)
    out = [
        Check(
            "head_sk",
            _("Data SK kepala sekolah diisi"),
            filled,
            "" if filled else _("Isi nomor, tanggal dan pejabat penetap SK kepala sekolah."),
        ),
        Check(
            "head_later",
            _("SK lebih baru dari masa jabatan kepala sekolah sekarang"),
            later,
            ""
            if later
            else _("Kepala sekolah sekarang, %(n)s, menjabat sejak %(d)s; SK harus bertanggal sesudahnya.")
            % {"n": f.extra.get("head_name", ""), "d": start.strftime("%d-%m-%Y")},
        ),
    ]
    if f.extra.get("is_head"):
        out.append(
            Check(
                "not_head",
                _("Belum menjabat kepala sekolah ini"),
                False,
                _("PTK ini sudah kepala sekolah ini."),
            )
        )
    return out


def appoint(sub, *, actor, role) -> dict:
    ptk = lock_ptk(sub)
    sk_date = _sk_date(sub.payload)
    if sk_date is None:
        raise ValidationError(_("Tanggal SK kepala sekolah belum diisi."))
    official_appoint(
        institution=sub.school,
        name=ptk.name,
        nip=ptk.nip or "",
        start=sk_date,
        actor=actor,
        position=OfficialPosition.HEAD,
        source=_("S18 %(code)s, SK %(sk)s") % {"code": sub.code, "sk": sub.payload.get("sk_number", "")},
        user=ptk.user,
    )
    if ptk.ptk_type != HEAD_PTK_TYPE:
        ptk_update_staffing(ptk=ptk, changes={"ptk_type": HEAD_PTK_TYPE}, actor=actor, role=role)
    return {}


def appointment_data(sub) -> dict:
    p = sub.payload
    data = {
        "appointment": {
            "school_name": sub.school.name,
            "npsn": sub.school.npsn or "",
            "sk_number": p.get("sk_number", ""),
            "sk_date": p.get("sk_date", ""),
            "sk_issuer": p.get("sk_issuer", ""),
            "tmt": p.get("sk_date", ""),
        }
    }
    return data


def receipt_data(sub) -> dict:
    """S18: the appointment as recorded, and the head whose term it ends."""
    data = appointment_data(sub)
    start = _sk_date(sub.payload)
    if start is not None:
        from datetime import timedelta

        before = official_on(
            institution=sub.school, on=start - timedelta(days=1), position=OfficialPosition.HEAD
        )
        data["appointment"]["previous_head"] = before.name if before else ""
        data["appointment"]["previous_end"] = before.end.isoformat() if before and before.end else ""
    return data


def approved_notice(sub):
    return (
        _("%(name)s tercatat sebagai kepala sekolah") % {"name": sub.ptk.name},
        _("Ajuan kepala sekolah %(code)s disetujui Dinas: kepala %(school)s sejak %(d)s.")
        % {"code": sub.code, "school": sub.school.name, "d": sub.payload.get("sk_date", "")},
    )


KIND = register(
    Kind(
        code="kepala_sekolah",
        label=_l("Ajuan kepala sekolah"),
        order=90,
        route=(levels.DINAS,),
        requirements=same_for_all(
            (
                req(
                    "sk_kepala_sekolah",
                    "sk_kepala_sekolah",
                    help=_l(
                        "SK terbaru: dari Dinas Pendidikan (sekolah negeri) atau yayasan (sekolah swasta)."
                    ),
                ),
            )
        ),
        facts=facts,
        checks=(head_checks,),
        effect=appoint,
        letters=(
            LetterStep("A09", Step.SUBMIT, data=appointment_data),
            LetterStep("S18", Step.APPROVE, signer=signed_for_dinas, data=receipt_data),
        ),
        payload=Payload(
            fields=("sk_number", "sk_date", "sk_issuer"),
            form=HeadForm,
            template="nuptk/kinds/appointment.html",
            update=update,
        ),
        approved_notice=approved_notice,
        starters=frozenset({Tier.DINAS}),
    )
)
