"""School supervisor (pengawas; flows.md part 5; letters A06, A10, S19).

- A06: a new supervisor (no NUPTK yet) is entered by the Dinas (:func:`supervisor_register`).
  Supervisors belong to a Dinas, not to a school: the record's home and scope key is the Dinas.
  They complete their detail data and print S03 like every PTK (ptk app).
- A10 (this kind): the Dinas enters the supervisor's appointment with the SK and the schools they
  supervise (A10 prints); another person of the Dinas approves it (S19 prints).
- The effect: for each school, the supervisor is appointed from the SK date
  (``accounts.services.official_appoint``, position "supervisor", linked to the PTK's account); the
  previous supervisor's term at that school ends the day before. A head of school's own pakta (S07)
  is then signed by ``official_on(institution=school, on=..., position="supervisor")``.
"""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from accounts.models import Institution, InstitutionKind, OfficialPosition
from accounts.policy import DINAS_KINDS, Tier
from accounts.selectors import official_on
from accounts.services import official_appoint

from .. import levels
from ..effects import lock_ptk
from ..requirements import Check, req, same_for_all
from . import Kind, LetterStep, Payload, Step, active_tier, register, signed_for_dinas

MAX_SCHOOLS = 60
JENJANG_CHOICES = [
    ("TK", "TK/PAUD"),
    ("SD", "SD"),
    ("SMP", "SMP"),
    ("SMA", "SMA"),
    ("SMK", "SMK"),
    ("SLB", "SLB"),
]


class SupervisorForm(forms.Form):
    npsns = forms.CharField(
        label=_l("NPSN sekolah binaan (pisahkan dengan koma atau spasi)"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    jenjang = forms.ChoiceField(label=_l("Jenjang binaan"), choices=JENJANG_CHOICES)
    area = forms.CharField(label=_l("Wilayah binaan"), max_length=150, required=False)
    sk_number = forms.CharField(label=_l("Nomor SK pengangkatan pengawas"), max_length=100)
    sk_date = forms.DateField(
        label=_l("Tanggal SK (mulai bertugas)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    sk_issuer = forms.CharField(label=_l("Pejabat penetap SK"), max_length=150)


def update(sub, data) -> dict:
    """Resolve the schools by NPSN: each must be a school under the Dinas of the request."""
    npsns = list(dict.fromkeys(n for n in re.split(r"[\s,;]+", data["npsns"].strip()) if n))
    if not npsns:
        raise ValidationError(_("Isi NPSN sekolah binaan."))
    if len(npsns) > MAX_SCHOOLS:
        raise ValidationError(_("Paling banyak %(n)s sekolah binaan per ajuan.") % {"n": MAX_SCHOOLS})
    schools = {s.npsn: s for s in Institution.objects.filter(kind=InstitutionKind.SEKOLAH, npsn__in=npsns)}
    missing = [n for n in npsns if n not in schools]
    if missing:
        raise ValidationError(_("Sekolah dengan NPSN %(n)s tidak ditemukan.") % {"n": ", ".join(missing)})
    foreign = [n for n in npsns if schools[n].dinas_id != sub.dinas_id]
    if foreign:
        raise ValidationError(
            _("Sekolah %(n)s tidak berada di bawah Dinas ajuan ini.") % {"n": ", ".join(foreign)}
        )
    if data["sk_date"] > timezone.localdate():
        raise ValidationError(_("Tanggal SK tidak boleh setelah hari ini."))
    ordered = [schools[n] for n in npsns]
    return {
        "school_ids": [s.pk for s in ordered],
        "npsns": " ".join(npsns),
        "schools_label": ", ".join(f"{s.name} ({s.npsn})" for s in ordered),
        "jenjang": data["jenjang"],
        "area": (data.get("area") or "").strip(),
        "sk_number": data["sk_number"].strip(),
        "sk_date": data["sk_date"].isoformat(),
        "sk_issuer": data["sk_issuer"].strip(),
    }


def _sk_date(payload) -> date | None:
    try:
        return date.fromisoformat(payload.get("sk_date") or "")
    except ValueError:
        return None


def _schools(sub) -> list:
    ids = sub.payload.get("school_ids") or []
    by_id = Institution.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def facts(sub) -> dict:
    today = timezone.localdate()
    later_than = []
    for school in _schools(sub):
        cur = official_on(institution=school, on=today, position=OfficialPosition.SUPERVISOR)
        if cur is not None:
            later_than.append((school.name, cur.name, cur.start))
    return {"current_supervisors": later_than}


def supervisor_checks(f) -> list[Check]:
    sk_date = _sk_date(f.payload)
    filled = bool(f.payload.get("school_ids") and f.payload.get("sk_number") and sk_date)
    clash = [c for c in f.extra.get("current_supervisors", []) if sk_date and sk_date <= c[2]]
    return [
        Check(
            "supervisor_sk",
            _("Sekolah binaan dan data SK pengawas diisi"),
            filled,
            "" if filled else _("Isi NPSN sekolah binaan dan data SK pengangkatan pengawas."),
        ),
        Check(
            "supervisor_later",
            _("SK lebih baru dari masa tugas pengawas sekarang di sekolah binaan"),
            not clash,
            ""
            if not clash
            else "; ".join(
                _("%(s)s: %(n)s bertugas sejak %(d)s") % {"s": s, "n": n, "d": d.strftime("%d-%m-%Y")}
                for s, n, d in clash
            ),
        ),
    ]


def appoint(sub, *, actor, role) -> dict:
    ptk = lock_ptk(sub)
    start = _sk_date(sub.payload)
    schools = _schools(sub)
    if start is None or not schools:
        raise ValidationError(_("Sekolah binaan dan tanggal SK pengawas belum diisi."))
    source = _("S19 %(code)s, SK %(sk)s") % {"code": sub.code, "sk": sub.payload.get("sk_number", "")}
    for school in schools:
        official_appoint(
            institution=school,
            name=ptk.name,
            nip=ptk.nip or "",
            start=start,
            actor=actor,
            position=OfficialPosition.SUPERVISOR,
            source=source,
            user=ptk.user,
        )
    return {}


def supervisor_data(sub) -> dict:
    p = sub.payload
    return {
        "supervisor": {
            "sk_number": p.get("sk_number", ""),
            "sk_date": p.get("sk_date", ""),
            "sk_issuer": p.get("sk_issuer", ""),
            "tmt": p.get("sk_date", ""),
            "jenjang": p.get("jenjang", ""),
            "area": p.get("area", ""),
            "dinas_name": sub.dinas.name if sub.dinas_id else "",
            "schools": [{"name": s.name, "npsn": s.npsn or ""} for s in _schools(sub)],
        }
    }


def approved_notice(sub):
    return (
        _("%(name)s tercatat sebagai pengawas sekolah") % {"name": sub.ptk.name},
        _("Ajuan pengawas %(code)s disetujui Dinas: pengawas %(schools)s sejak %(d)s.")
        % {
            "code": sub.code,
            "schools": sub.payload.get("schools_label", ""),
            "d": sub.payload.get("sk_date", ""),
        },
    )


KIND = register(
    Kind(
        code="pengawas",
        label=_l("Ajuan pengawas"),
        order=95,
        route=(levels.DINAS,),
        requirements=same_for_all((req("sk_pengawas", "sk_pengawas"),)),
        facts=facts,
        checks=(supervisor_checks,),
        effect=appoint,
        letters=(
            LetterStep("A10", Step.SUBMIT, data=supervisor_data),
            LetterStep("S19", Step.APPROVE, signer=signed_for_dinas, data=supervisor_data),
        ),
        payload=Payload(
            fields=(
                "school_ids",
                "npsns",
                "schools_label",
                "jenjang",
                "area",
                "sk_number",
                "sk_date",
                "sk_issuer",
            ),
            form=SupervisorForm,
            template="nuptk/kinds/appointment.html",
            update=update,
        ),
        approved_notice=approved_notice,
        starters=frozenset({Tier.DINAS}),
    )
)


# --- A06: a new supervisor entered by the Dinas ------------------------------------------------


@transaction.atomic
def supervisor_register(*, scope, supervisor: dict | None = None, **fields):
    """The Dinas enters a new supervisor (form A06) as a PTK record whose home is the Dinas, and
    prints the A06 with the appointment data the Dinas typed. Returns (ptk, letter). ``fields``
    are ptk.services.ptk_enter's (name, nik, birth date, ...); ``supervisor`` the A06 section B
    (sk_number, sk_date, sk_issuer, jenjang, area)."""
    from documents.letters import letter_issue
    from ptk.services import ptk_enter, ptk_letter_data

    active = scope.active
    if (
        active_tier(active) != Tier.DINAS
        or active.role not in ("operator", "admin")
        or active.kind not in DINAS_KINDS
    ):
        raise ValidationError(_("Pengawas baru (A06) dientri oleh operator atau admin Dinas Pendidikan."))
    dinas = active.institution
    ptk = ptk_enter(school=dinas, actor=scope.user, role=active, form="A06", **fields)
    data = {"ptk": ptk_letter_data(ptk), "supervisor": {**(supervisor or {}), "dinas_name": dinas.name}}
    letter = letter_issue(
        code="A06",
        issuer=scope.user,
        issuer_role=active.role,
        institution=dinas,
        subject_type="ptk",
        subject_id=ptk.pk,
        subject_name=ptk.name,
        data=data,
        subject_user=ptk.user,
    ).letter
    return ptk, letter
