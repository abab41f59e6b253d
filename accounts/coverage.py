"""Which offices cover a school: the one place that applies the rules of flows.md.

- Schools abroad (SILN): Atdikbud of the school's country in place of the Dinas, BPKLN in place of LPMP.
- TK, SD, SMP and the PAUD/non-formal units: Dinas Pendidikan of the kabupaten/kota.
- SMA, SMK, SLB: Dinas Pendidikan of the province.
- PAUD units (KB, TPA, SPS) and non-formal units (PKBM, SKB, LKP): BP-PAUD dan Dikmas in place of LPMP.
- Every other formal school: the LPMP/BPMP of its province.
"""

from dataclasses import dataclass

from .models import Institution, InstitutionKind, Jenjang

PROVINCIAL_JENJANG = frozenset({Jenjang.SMA, Jenjang.SMK, Jenjang.SLB})
PAUD_NONFORMAL_JENJANG = frozenset(
    {Jenjang.KB, Jenjang.TPA, Jenjang.SPS, Jenjang.PKBM, Jenjang.SKB, Jenjang.LKP}
)
FORMAL_JENJANG = frozenset(set(Jenjang) - PAUD_NONFORMAL_JENJANG)


@dataclass(frozen=True)
class Coverage:
    dinas: Institution | None
    qa_office: Institution | None


def dinas_kind_for(*, jenjang: str, is_abroad: bool) -> str:
    if is_abroad:
        return InstitutionKind.ATDIKBUD
    if jenjang in PROVINCIAL_JENJANG:
        return InstitutionKind.DINAS_PROV
    return InstitutionKind.DINAS_KAB


def qa_kind_for(*, jenjang: str, is_abroad: bool) -> str:
    if is_abroad:
        return InstitutionKind.BPKLN
    if jenjang in PAUD_NONFORMAL_JENJANG:
        return InstitutionKind.BPPAUD
    return InstitutionKind.LPMP


def _office(kind: str, **where) -> Institution | None:
    return Institution.objects.filter(kind=kind, **where).order_by("pk").first()


def covering_offices(school: Institution) -> Coverage:
    """The Dinas (or Atdikbud) and the quality-assurance office over a school."""
    dkind = dinas_kind_for(jenjang=school.jenjang, is_abroad=school.is_abroad)
    qkind = qa_kind_for(jenjang=school.jenjang, is_abroad=school.is_abroad)
    if dkind == InstitutionKind.ATDIKBUD:
        dinas = _office(dkind, country=school.country)
    elif dkind == InstitutionKind.DINAS_PROV:
        dinas = _office(dkind, province_id=school.province_id)
    else:
        dinas = _office(dkind, regency_id=school.regency_id)
    qa = _office(qkind) if qkind == InstitutionKind.BPKLN else _office(qkind, province_id=school.province_id)
    return Coverage(dinas=dinas, qa_office=qa)


def parent_for(inst: Institution) -> Institution | None:
    """The institution directly above: its admins register this one's admins and operators."""
    k = InstitutionKind
    if inst.kind in (k.LPMP, k.BPPAUD, k.BPKLN):
        return _office(k.PDSPK)
    if inst.kind in (k.DINAS_PROV, k.DINAS_KAB):
        return _office(k.LPMP, province_id=inst.province_id)
    if inst.kind == k.ATDIKBUD:
        return _office(k.BPKLN)
    if inst.kind == k.KECAMATAN:
        return _office(k.DINAS_KAB, regency_id=inst.regency_id)
    if inst.kind == k.SEKOLAH:
        return covering_offices(inst).dinas
    return None


def school_coverage_apply(*, school: Institution, actor=None) -> bool:
    """Recompute the offices covering a school (after it moved to another kab/kota, changed jenjang,
    or a new office was created) and re-key every row that copies the school's scope keys, in one
    transaction: afterwards the new Dinas/QA office sees the school's rows and the old one does not.
    Returns False when nothing changed."""
    from django.db import transaction

    from .models import AccountEvent
    from .registry import scope_copies

    with transaction.atomic():
        school = Institution.objects.select_for_update().get(pk=school.pk, kind=InstitutionKind.SEKOLAH)
        cov = covering_offices(school)
        dinas_id = cov.dinas.pk if cov.dinas else None
        qa_id = cov.qa_office.pk if cov.qa_office else None
        if (school.dinas_id, school.qa_office_id, school.parent_id) == (dinas_id, qa_id, dinas_id):
            return False
        before = (school.dinas_id, school.qa_office_id)
        school.dinas_id, school.qa_office_id, school.parent_id = dinas_id, qa_id, dinas_id
        school.save(update_fields=["dinas", "qa_office", "parent"])
        for c in scope_copies():
            c.model.objects.filter(**{f"{c.school}_id": school.pk}).update(
                **{f"{c.dinas}_id": dinas_id, f"{c.qa}_id": qa_id}
            )
            if c.after is not None:
                c.after(school=school)
        AccountEvent.objects.create(
            actor=actor,
            action="coverage_change",
            institution=school,
            detail=f"dinas {before[0]} -> {dinas_id}; qa {before[1]} -> {qa_id}",
        )
    return True
