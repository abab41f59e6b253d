"""The one office policy: what each kind of institution is and may do.

Every other set of institution kinds in the project is derived from ``POLICY`` below (the scope of a
role, the kinds that review requests, the kinds that may receive a school's delegation, who prints
batches, which kinds sign which letters). Change a rule here, never in a copy.

- ``tier``: where the kind sits in the chain school -> Dinas -> QA office -> PDSPK (kecamatan offices
  sit beside the Dinas and act only for schools that delegate to them);
- ``sees``: which scope key of a row must equal the institution for its roles to see the row
  (``accounts.scope``);
- ``reviews``: its staff review requests at the level of its tier (``nuptk``);
- ``receives_delegation``: a school may delegate its operator rights to it;
- ``prints_batches``: its admins may order batch prints of activation letters (``documents``);
- ``area``: the region its work covers (filters of the queues).
"""

from dataclasses import dataclass

from .models import InstitutionKind as K


class Tier:
    SCHOOL = "school"
    KECAMATAN = "kecamatan"
    DINAS = "dinas"
    QA = "qa"
    NATIONAL = "national"


class Sees:
    OWN_SCHOOL = "school"  # rows whose school is the institution
    DELEGATED = "delegated"  # rows of the schools that delegated to it
    DINAS = "dinas"  # rows whose dinas key is the institution
    QA = "qa_office"  # rows whose qa_office key is the institution
    ALL = "all"


class Area:
    SCHOOL = "school"
    REGENCY = "regency"
    PROVINCE = "province"
    ABROAD = "abroad"
    NATIONAL = "national"


@dataclass(frozen=True)
class OfficePolicy:
    tier: str
    sees: str
    area: str
    reviews: bool = False
    receives_delegation: bool = False
    prints_batches: bool = False


POLICY: dict[str, OfficePolicy] = {
    K.SEKOLAH: OfficePolicy(Tier.SCHOOL, Sees.OWN_SCHOOL, Area.SCHOOL),
    K.KECAMATAN: OfficePolicy(Tier.KECAMATAN, Sees.DELEGATED, Area.REGENCY, receives_delegation=True),
    K.DINAS_KAB: OfficePolicy(
        Tier.DINAS, Sees.DINAS, Area.REGENCY, reviews=True, receives_delegation=True, prints_batches=True
    ),
    K.DINAS_PROV: OfficePolicy(
        Tier.DINAS, Sees.DINAS, Area.PROVINCE, reviews=True, receives_delegation=True, prints_batches=True
    ),
    K.ATDIKBUD: OfficePolicy(Tier.DINAS, Sees.DINAS, Area.ABROAD, reviews=True, prints_batches=True),
    K.LPMP: OfficePolicy(Tier.QA, Sees.QA, Area.PROVINCE, reviews=True, prints_batches=True),
    K.BPPAUD: OfficePolicy(Tier.QA, Sees.QA, Area.PROVINCE, reviews=True, prints_batches=True),
    K.BPKLN: OfficePolicy(Tier.QA, Sees.QA, Area.ABROAD, reviews=True, prints_batches=True),
    K.PDSPK: OfficePolicy(Tier.NATIONAL, Sees.ALL, Area.NATIONAL, reviews=True, prints_batches=True),
}


def policy_of(kind: str | None) -> OfficePolicy | None:
    return POLICY.get(kind) if kind else None


def kinds_where(**attrs) -> frozenset:
    """The institution kinds whose policy has every given attribute value."""
    return frozenset(k for k, p in POLICY.items() if all(getattr(p, a) == v for a, v in attrs.items()))


def review_tier(kind: str | None) -> str | None:
    """The tier at which staff of this institution kind review requests (None: they do not)."""
    p = policy_of(kind)
    return p.tier if p is not None and p.reviews else None


# --- derived sets (import these; never write the kinds out again) -------------------------------

ALL_KINDS = frozenset(POLICY)
SCHOOL_KINDS = kinds_where(tier=Tier.SCHOOL)
OFFICE_KINDS = ALL_KINDS - SCHOOL_KINDS
DINAS_KINDS = kinds_where(tier=Tier.DINAS)
QA_KINDS = kinds_where(tier=Tier.QA)
NATIONAL_KINDS = kinds_where(tier=Tier.NATIONAL)
REVIEW_KINDS = kinds_where(reviews=True)
DELEGATE_KINDS = kinds_where(receives_delegation=True)
BATCH_KINDS = kinds_where(prints_batches=True)
