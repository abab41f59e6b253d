"""Mutasi: a PTK's home school moves (flows.md part 4; letters SM01-SM05).

- SM01: the home school (or the new school, where the PTK already teaches as another school)
  prepares the request with the new posting SK; it goes to the Dinas over the old school.
- Inside one kab/kota (the destination school's Dinas is the same): that Dinas completes it -> SM03.
- Across kab/kota or province (another Dinas): the old Dinas forwards it with the SM02 cover letter;
  the destination Dinas, a level whose institution comes from the request (``DINAS_TUJUAN``),
  receives it -> SM04, completes it -> SM03; then, as a separate action ("Arsipkan", once, only
  that Dinas), it files the case -> SM05 (berita acara). It lists these moves under "Mutasi masuk".
- From a private (swasta) to a public (negeri) school: an SK from the Bupati/Wali Kota is required.
- Open requests rule: the move is refused (at submit and again at the approval) while another
  request of the PTK is open (not approved or cancelled): those requests are routed and scoped by
  the old school, so the school finishes or cancels them first.
- The effect (ptk.services.ptk_home_school_move): the home school moves with history, the old
  school's link ends (kept), the PTK's scope follows at once, the rombel rows at the old school end;
  the PTK's other schools stay.
"""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from accounts.models import Institution, InstitutionKind
from accounts.policy import Tier
from ptk import selectors as ptk_selectors
from ptk.services import ptk_home_school_move

from .. import levels
from ..effects import lock_ptk
from ..requirements import Check, req, same_for_all
from . import Kind, LetterStep, Payload, Step, active_tier, home_school_or_its_dinas, register

DINAS_TUJUAN = levels.Level(
    "dinas_tujuan", _l("Dinas tujuan"), Tier.DINAS, lambda sub: sub.payload.get("to_dinas_id")
)
CLOSED = ("approved", "cancelled")


class MutasiForm(forms.Form):
    to_npsn = forms.RegexField(
        label=_l("NPSN sekolah induk tujuan"),
        regex=r"^[0-9A-Za-z]{8}$",
        error_messages={"invalid": _l("NPSN terdiri atas 8 karakter.")},
    )
    sk_number = forms.CharField(label=_l("Nomor SK penempatan baru"), max_length=100)
    sk_date = forms.DateField(label=_l("Tanggal SK"), widget=forms.DateInput(attrs={"type": "date"}))
    sk_issuer = forms.CharField(label=_l("Pejabat penetap SK"), max_length=150)
    reason = forms.CharField(label=_l("Alasan mutasi"), max_length=200, required=False)


def update(sub, data) -> dict:
    """Resolve the destination school by its NPSN (the payload keeps its id and its Dinas)."""
    school = (
        Institution.objects.filter(kind=InstitutionKind.SEKOLAH, npsn=data["to_npsn"].strip())
        .select_related("dinas")
        .first()
    )
    if school is None:
        raise ValidationError(_("Sekolah dengan NPSN %(n)s tidak ditemukan.") % {"n": data["to_npsn"]})
    if school.pk == sub.school_id:
        raise ValidationError(_("Sekolah tujuan sama dengan sekolah induk sekarang."))
    if sub.origin_id != sub.school_id and school.pk != sub.origin_id:
        raise ValidationError(
            _("Sekolah tujuan yang menyiapkan ajuan ini hanya dapat memilih dirinya sendiri.")
        )
    if school.dinas_id is None:
        raise ValidationError(_("Sekolah tujuan belum memiliki Dinas pembina; hubungi Dinas Pendidikan."))
    if data["sk_date"] > timezone.localdate():
        raise ValidationError(_("Tanggal SK tidak boleh setelah hari ini."))
    return {
        "to_school_id": school.pk,
        "to_dinas_id": school.dinas_id,
        "to_npsn": school.npsn,
        "sk_number": data["sk_number"].strip(),
        "sk_date": data["sk_date"].isoformat(),
        "sk_issuer": data["sk_issuer"].strip(),
        "reason": (data.get("reason") or "").strip(),
    }


def route_for(sub) -> tuple:
    """Inside one Dinas: that Dinas alone; to another Dinas: the old one, then the destination."""
    to_dinas = sub.payload.get("to_dinas_id")
    if to_dinas and to_dinas != (sub.dinas_id or sub.school.dinas_id):
        return (levels.DINAS, DINAS_TUJUAN)
    return (levels.DINAS,)


def incoming_dinas(sub) -> int | None:
    """The destination Dinas of a move to another Dinas (its "Mutasi masuk" list); None inside one."""
    route = route_for(sub)
    return sub.payload.get("to_dinas_id") if len(route) > 1 else None


def may_start(active, ptk) -> bool:
    """The home school (or the Dinas over it), or a school where the PTK already teaches (the new
    school, which then may only name itself as the destination)."""
    if home_school_or_its_dinas(active, ptk):
        return True
    if active_tier(active) != Tier.SCHOOL:
        return False
    return ptk_selectors.ptk_teaches_at(ptk=ptk, school_id=active.institution.pk)


def _open_requests(sub) -> list[str]:
    from ..models import Submission

    others = Submission.objects.filter(ptk_id=sub.ptk_id).exclude(pk=sub.pk).exclude(state__in=CLOSED)
    return [f"{o.code} ({o.get_kind_display()})" for o in others.order_by("pk")[:5]]


def facts(sub) -> dict:
    to = Institution.objects.filter(pk=sub.payload.get("to_school_id")).first()
    return {
        "to_school_status": to.status if to else "",
        "open_requests": _open_requests(sub),
    }


def destination_checks(f) -> list[Check]:
    chosen = bool(f.payload.get("to_school_id"))
    sk = bool(f.payload.get("sk_number") and f.payload.get("sk_date"))
    opened = f.extra.get("open_requests", [])
    return [
        Check(
            "to_school",
            _("Sekolah induk tujuan dan SK penempatan diisi"),
            chosen and sk,
            "" if chosen and sk else _("Isi NPSN sekolah tujuan dan data SK penempatan baru."),
        ),
        Check(
            "no_open_request",
            _("Tidak ada ajuan lain PTK ini yang belum selesai"),
            not opened,
            ""
            if not opened
            else _("Selesaikan atau batalkan dahulu: %(list)s.") % {"list": ", ".join(opened)},
        ),
    ]


def private_to_public_checks(f) -> list[Check]:
    """Seed 002: a move from a private to a public school needs the SK of the Bupati/Wali Kota."""
    if not (f.school_status == "swasta" and f.extra.get("to_school_status") == "negeri"):
        return []
    ok = any(d.doc_kind == "sk_bupati_walikota" and d.file_type for d in f.docs)
    return [
        Check(
            "sk_bupati",
            _("Dari sekolah swasta ke sekolah negeri: SK pengangkatan dari Bupati/Wali Kota"),
            ok,
            "" if ok else _("Lampirkan SK pengangkatan dari Bupati/Wali Kota."),
        )
    ]


def move(sub, *, actor, role) -> dict:
    ptk = lock_ptk(sub)
    opened = _open_requests(sub)
    if opened:
        raise ValidationError(
            _(
                "Mutasi tidak dapat diselesaikan: PTK ini masih memiliki ajuan lain yang belum selesai (%(list)s)."
            )
            % {"list": ", ".join(opened)}
        )
    to = Institution.objects.get(pk=sub.payload["to_school_id"])
    note = _("mutasi %(code)s, SK %(sk)s") % {"code": sub.code, "sk": sub.payload.get("sk_number", "")}
    ptk_home_school_move(ptk=ptk, school=to, on=timezone.localdate(), actor=actor, role=role, note=note)
    return {}


def mutation_data(sub) -> dict:
    p = sub.payload
    to = Institution.objects.filter(pk=p.get("to_school_id")).select_related("dinas").first()
    from_dinas = sub.dinas or sub.school.dinas
    cross = to is not None and to.dinas_id != (from_dinas.pk if from_dinas else None)
    data = {
        "mutation": {
            "case_code": sub.code,
            "from_school": sub.school.name,
            "from_npsn": sub.school.npsn or "",
            "to_school": to.name if to else "",
            "to_npsn": to.npsn if to else "",
            "from_dinas": from_dinas.name if from_dinas else "",
            "to_dinas": to.dinas.name if cross and to.dinas_id else "",
            "sk_number": p.get("sk_number", ""),
            "sk_date": p.get("sk_date", ""),
            "sk_issuer": p.get("sk_issuer", ""),
            "reason": p.get("reason", ""),
        }
    }
    if sub.decided_at:
        data["completed_at"] = timezone.localtime(sub.decided_at).date().isoformat()
    return data


def archive_data(sub) -> dict:
    """SM05: what the destination Dinas files: the letters of the case and the papers sent."""
    from ..printing import letters_of

    data = mutation_data(sub)
    items = [f"{lt.code} {lt.number}" for lt in letters_of(sub)]
    items += [
        d.file_name or d.doc_kind for d in sub.documents.filter(is_current=True).order_by("requirement", "pk")
    ]
    data["archive_items"] = items
    data.setdefault("completed_at", date.today().isoformat())
    at = sub.archived_at or timezone.now()
    data["archived_at"] = timezone.localtime(at).date().isoformat()
    return data


def approved_notice(sub):
    to = Institution.objects.filter(pk=sub.payload.get("to_school_id")).first()
    return (
        _("Mutasi %(name)s selesai") % {"name": sub.ptk.name},
        _("Sekolah induk %(name)s sekarang %(school)s (ajuan %(code)s).")
        % {"name": sub.ptk.name, "school": to.name if to else "-", "code": sub.code},
    )


KIND = register(
    Kind(
        code="mutasi",
        label=_l("Mutasi sekolah induk"),
        order=80,
        route=(levels.DINAS, DINAS_TUJUAN),
        route_for=route_for,
        requirements=same_for_all(
            (
                req("sk_penempatan", "sk_penempatan"),
                req(
                    "sk_bupati",
                    "sk_bupati_walikota",
                    optional=True,
                    help=_l("Wajib bila pindah dari sekolah swasta ke sekolah negeri."),
                ),
            )
        ),
        facts=facts,
        checks=(destination_checks,),
        paper_checks=(private_to_public_checks,),
        effect=move,
        letters=(
            LetterStep("SM01", Step.SUBMIT, data=mutation_data),
            LetterStep("SM02", Step.FORWARD, level="dinas", data=mutation_data),
            LetterStep("SM04", Step.RECEIVE, level="dinas_tujuan", data=mutation_data),
            LetterStep("SM03", Step.APPROVE, data=mutation_data),
            LetterStep("SM05", Step.ARCHIVE, level="dinas_tujuan", data=archive_data),
        ),
        payload=Payload(
            fields=("to_school_id", "to_dinas_id", "to_npsn", "sk_number", "sk_date", "sk_issuer", "reason"),
            form=MutasiForm,
            template="nuptk/kinds/mutasi.html",
            update=update,
        ),
        approved_notice=approved_notice,
        may_start=may_start,
        incoming_dinas=incoming_dinas,
    )
)
