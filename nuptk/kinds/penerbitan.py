"""Penerbitan NUPTK: a new NUPTK for a PTK who has none (seed 003/004).

Route Dinas -> LPMP/BPKLN/BP-PAUD -> PDSPK. Letters: S06 when the school submits, S09 when the Dinas
takes the request, S10 when the Dinas forwards it, S11 with the approval (numbered and signed for
the QA office over the school). PDSPK may "tolak SK"."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ptk.models import NuptkStatus

from .. import levels
from ..effects import lock_ptk, nuptk_allocate, set_nuptk
from ..requirements import (
    DIPLOMAS,
    HIGHER_QUALIFICATIONS,
    QUALIFICATION_ORDER,
    SK_PENUGASAN_2Y,
    STAFF_DEFAULT_MIN_QUALIFICATION,
    STAFF_MIN_QUALIFICATION,
    Category,
    Check,
    facts_source_label,
    req,
    sk_checks,
)
from . import Kind, LetterStep, Step, register, signed_for_qa_office

REQUIREMENTS = {
    Category.PNS: (
        req("sk_cpns_pns", "sk_cpns_pns"),
        req(
            "sk_penugasan_dinas",
            "sk_penugasan_dinas",
            optional=True,
            help=_l("Wajib bila SK pengangkatan tidak menyebut nama sekolah."),
        ),
        *DIPLOMAS,
    ),
    Category.NON_PNS_NEGERI: (
        req(
            "sk_pengangkatan",
            "sk_pengangkatan",
            help=_l("SK terbaru; SK kolektif dilegalisir Dinas dengan nama ditandai."),
        ),
        *DIPLOMAS,
    ),
    Category.NON_PNS_SWASTA_PEMERINTAH: (
        req("sk_pengangkatan", "sk_pengangkatan"),
        SK_PENUGASAN_2Y,
        *DIPLOMAS,
    ),
    Category.NON_PNS_SWASTA_YAYASAN: (
        req("sk_pengangkatan", "sk_pengangkatan_yayasan"),
        SK_PENUGASAN_2Y,
        *DIPLOMAS,
    ),
    Category.KEPALA_SEKOLAH: (req("sk_kepala_sekolah", "sk_kepala_sekolah"), *DIPLOMAS),
}
# Education staff: same papers as educators of their employment, own qualification rules.
REQUIREMENTS[Category.TENDIK] = REQUIREMENTS[Category.NON_PNS_NEGERI]


def staff_qualification_check(f) -> Check:
    """Education staff follow their own qualification rule, never the D-IV/S1 of educators."""
    need = STAFF_MIN_QUALIFICATION.get(f.ptk_type, STAFF_DEFAULT_MIN_QUALIFICATION)
    q = (f.qualification or "").upper().replace(" ", "").replace("-", "")
    rank = QUALIFICATION_ORDER.index(q) if q in QUALIFICATION_ORDER else -1
    ok = rank >= QUALIFICATION_ORDER.index(need)
    reason = (
        ""
        if ok
        else _(
            "Kualifikasi tercatat %(q)s; tenaga kependidikan ini minimal %(need)s, lampirkan ijazah yang sesuai."
        )
        % {"q": f.qualification or "-", "need": need}
    )
    label = _("Kualifikasi minimal %(need)s (tenaga kependidikan)") % {"need": need}
    return Check("qualification", f"{label} ({facts_source_label(f)})", ok, reason)


def school_checks(f) -> list[Check]:
    """NPSN of the school; D-IV/S1 for educators at formal schools."""
    out = [
        Check(
            "npsn",
            _("Bertugas di satuan pendidikan yang memiliki NPSN"),
            bool(f.school_npsn),
            "" if f.school_npsn else _("Sekolah belum memiliki NPSN."),
        )
    ]
    if not f.is_educator:
        out.append(staff_qualification_check(f))
    elif f.school_is_formal:
        q = (f.qualification or "").upper().replace(" ", "")
        ok = q in HIGHER_QUALIFICATIONS
        reason = (
            ""
            if ok
            else _("Kualifikasi tercatat %(q)s; pendidik pada satuan formal minimal D-IV/S1.")
            % {"q": f.qualification or "-"}
        )
        label = _("Kualifikasi minimal D-IV/S1 (pendidik di satuan pendidikan formal)")
        out.append(
            Check(
                "qualification",
                f"{label} ({facts_source_label(f)})",
                ok,
                reason,
            )
        )
    return out


def issue_nuptk(sub, *, actor, role) -> dict:
    ptk = lock_ptk(sub)
    n = nuptk_allocate(ptk=ptk, submission=sub)
    set_nuptk(ptk, nuptk=n, status=NuptkStatus.PERMANEN_AKTIF, actor=actor, role=role)
    return {"nuptk": n}


def dinas_verdicts(sub) -> list[dict]:
    """The Dinas's verdict on each paper it forwards: "Sesuai" when the paper met its requirement
    (and, for an SK, was valid on the request date), else what it found."""
    from .. import printing
    from ..services import submission_checks

    checks = {c.code: c for c in submission_checks(sub)}
    out = []
    for d, label in printing.paper_rows(sub):
        found = [checks.get(f"doc:{d.requirement}"), checks.get(f"sk_valid:{d.doc_kind}")]
        if d.doc_kind == "sk_penugasan":
            found.append(checks.get("sk_penugasan_2y"))
        problems = [str(c.reason) for c in found if c is not None and not c.ok]
        out.append(
            {**printing.paper_data(d, label), "verdict": "; ".join(problems) if problems else _("Sesuai")}
        )
    return out


def cover_letter_data(sub) -> dict:
    """S10: the Dinas's pengantar to the QA office for the request it forwards: the request, and the
    papers attached for that PTK with the Dinas's verdict on each."""
    ptk = sub.ptk
    return {
        "recipient": f"Kepala {sub.qa_office.name}" if sub.qa_office_id else "",
        "items": [
            {
                "name": ptk.name,
                "pegid": ptk.pegid or "",
                "nik": ptk.nik or "",
                "school_name": sub.school.name,
                "npsn": sub.school.npsn or "",
                "code": sub.code,
                "papers": dinas_verdicts(sub),
            }
        ],
    }


def notice(sub) -> tuple[str, str]:
    return (
        _("NUPTK %(n)s diterbitkan untuk %(name)s") % {"n": sub.result_nuptk, "name": sub.ptk.name},
        _("Ajuan %(code)s disetujui PDSPK.") % {"code": sub.code},
    )


KIND = register(
    Kind(
        code="penerbitan",
        label=_l("Penerbitan NUPTK"),
        order=10,
        route=levels.FULL,
        requirements=REQUIREMENTS,
        checks=(school_checks,),
        paper_checks=(sk_checks,),
        effect=issue_nuptk,
        letters=(
            LetterStep("S06", Step.SUBMIT),
            LetterStep("S09", Step.RECEIVE, level=levels.DINAS.code),
            LetterStep("S10", Step.FORWARD, level=levels.DINAS.code, data=cover_letter_data, batch=True),
            LetterStep("S11", Step.APPROVE, signer=signed_for_qa_office),
        ),
        approved_notice=notice,
        needs_dapodik=True,
        needs_no_nuptk=True,
        needs_no_nuptk_hint=_l("NUPTK tidak diterbitkan dua kali, perbaiki data PTK bila nomor itu keliru"),
        sk_rejectable=True,
    )
)
