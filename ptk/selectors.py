"""Reads for the PTK record. Every read of a PTK goes through the scope of the active role:
a PTK sees only their own record; a school sees the PTK whose home school it is and those who also
teach there; Dinas, LPMP/BPKLN/BP-PAUD and PDSPK see the PTK of the schools they cover (the home
school's keys on the row: a plain indexed filter). Outside the scope is 404."""

from datetime import date

from django.db.models import F, Q, QuerySet
from django.http import Http404

from accounts.models import InstitutionKind
from accounts.scope import Scope
from padamu.db import for_lists, one_or_none

from .models import HISTORY_MODELS, Ptk, PtkChange, PtkDocument, PtkSchool
from .search import LIST_CAP, ptk_name_search


def ptk_visible_q(scope: Scope) -> Q:
    """The one rule for list and detail."""
    q = scope.rows(ptk_user="user")
    a = scope.active
    if (
        a is not None
        and not a.is_ptk
        and a.institution is not None
        and (a.on_behalf_of is not None or a.institution.kind == InstitutionKind.SEKOLAH)
    ):
        # One id list (home school UNION schools taught at): an OR of the two keeps PostgreSQL from
        # using the school's index and walks the whole name index (seconds at 3 million PTK).
        school = a.institution.pk
        return Q(
            pk__in=Ptk.objects.filter(school_id=school)
            .values("pk")
            .union(PtkSchool.objects.filter(school_id=school, until__isnull=True).values("ptk_id"))
        )
    return q


def ptk_get_for_user_or_404(*, scope: Scope, pk) -> Ptk:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    ptk = one_or_none(
        Ptk.objects.filter(ptk_visible_q(scope), pk=pk).select_related("school", "dinas", "qa_office", "user", "photo")
    )
    if ptk is None:
        raise Http404
    return ptk


def ptk_own(*, user) -> Ptk | None:
    if not user.is_authenticated:
        return None
    return Ptk.objects.filter(user=user).select_related("school").first()


SEARCH_DIGITS = 16


def ptk_list(*, scope: Scope, filters: dict | None = None, search_cap: int | None = LIST_CAP) -> QuerySet:
    """PTK in scope, filtered. ``filters``: q (words of the name, or an exact NIK/NUPTK/PegID/NIP),
    nuptk_status, ptk_type, employment_status, school (id). Ordered by the caller (keyset).
    A name search returns at most ``search_cap`` PTK (ptk.search; None for exports: all)."""
    f = filters or {}
    qs = for_lists(Ptk.objects.filter(ptk_visible_q(scope)).select_related("school"))  # replica if any
    q = (f.get("q") or "").strip()
    name_q = ""
    if q:
        if q.isdigit() and len(q) == SEARCH_DIGITS:
            qs = qs.filter(Q(nik=q) | Q(nuptk=q) | Q(pegid=q))
        elif q.isdigit() and len(q) == 18:
            qs = qs.filter(nip=q)
        else:
            name_q = q
    for key in ("nuptk_status", "ptk_type", "employment_status"):
        if f.get(key) not in (None, ""):
            qs = qs.filter(**{key: f[key]})
    if f.get("star") not in (None, ""):
        qs = qs.filter(star=f["star"])
    status = f.get("active_status")
    if status == "permanen":
        qs = qs.filter(star=4)
    elif status == "sementara":
        qs = qs.filter(star__in=(1, 2, 3))
    elif status == "belum":
        qs = qs.filter(star=0)
    if f.get("school"):
        qs = qs.filter(school_id=f["school"])
    if name_q:  # last, so the result carries ptk.search.is_capped
        qs = ptk_name_search(qs, name_q, scope=scope, cap=search_cap, small=bool(f.get("school")))
    return qs


def ptk_find_duplicates(
    *, nik, name: str, birth_date: date | None, mother_name: str, nuptk=None, exclude_pk=None
) -> list[Ptk]:
    """Existing records that are the same person: same NIK, same NUPTK, or the same name, birth date
    and mother's name (the rule NUPTK uniqueness was checked by)."""
    q = Q(pk__in=[])
    if nik:
        q |= Q(nik=nik)
    if nuptk:
        q |= Q(nuptk=nuptk)
    if name and birth_date and mother_name:
        q |= Q(
            name__iexact=" ".join(name.split()),
            birth_date=birth_date,
            mother_name__iexact=" ".join(mother_name.split()),
        )
    qs = Ptk.objects.filter(q).select_related("school")
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs[:5])


def history_rows(*, ptk: Ptk) -> dict:
    """Every history table of the PTK: slug -> list of rows (one query per table)."""
    out = {}
    for slug, model in HISTORY_MODELS.items():
        qs = model.objects.filter(ptk=ptk)
        if slug == "mengajar":
            qs = qs.select_related("school")
        out[slug] = list(qs)
    return out


def history_row_get_or_404(*, ptk: Ptk, table: str, row_id):
    model = HISTORY_MODELS.get(table)
    if model is None:
        raise Http404
    obj = one_or_none(model.objects.filter(ptk=ptk, pk=row_id))
    if obj is None:
        raise Http404
    return obj


def ptk_changes(*, ptk: Ptk) -> QuerySet:
    return PtkChange.objects.filter(ptk=ptk).select_related("actor")


def ptk_school_links(*, ptk: Ptk) -> QuerySet:
    return (
        PtkSchool.objects.filter(ptk=ptk)
        .select_related("school")
        .order_by(F("until").desc(nulls_first=True), "-is_home", "school__name")
    )


def ptk_documents(*, ptk: Ptk) -> QuerySet:
    return PtkDocument.objects.filter(ptk=ptk).select_related("stored_file", "uploaded_by")


def ptk_documents_of_kind(*, ptk: Ptk, kind: str) -> QuerySet:
    """Every version of the PTK's berkas of one kind (superseded ones too), for the request rules."""
    return PtkDocument.objects.filter(ptk=ptk, kind=kind).only("number", "date", "valid_from", "valid_to")


def ptk_document_get_or_404(*, ptk: Ptk, pk) -> PtkDocument:
    doc = ptk_document_find(ptk=ptk, pk=pk)
    if doc is None:
        raise Http404
    return doc


def home_counts(*, scope: Scope) -> dict:
    """Numbers for the home panel, in one pass over the rows in scope."""
    from django.db.models import Count

    from accounts.selectors import cached_for_office

    return cached_for_office(
        scope=scope,
        name="ptk",
        compute=lambda: Ptk.objects.filter(ptk_visible_q(scope)).aggregate(
            total=Count("pk"),
            without_nuptk=Count("pk", filter=Q(nuptk__isnull=True)),
            not_level1=Count("pk", filter=Q(level1_at__isnull=True)),
        ),
    )


def school_by_npsn(npsn: str):
    from accounts.models import Institution

    return Institution.objects.filter(kind=InstitutionKind.SEKOLAH, npsn=(npsn or "").strip()).first()


# --- reads the nuptk app makes (nuptk never queries ptk models itself) -------------------------


def ptk_lock(*, pk) -> Ptk:
    """The PTK row, locked for the rest of the transaction (an effect about to change it)."""
    return Ptk.objects.select_for_update(of=("self",)).select_related("school").get(pk=pk)


def nuptk_holder(*, nuptk: str, exclude_pk=None, lock: bool = False) -> Ptk | None:
    """The PTK holding this NUPTK (other than ``exclude_pk``), locked when asked."""
    if not nuptk:
        return None
    qs = Ptk.objects.filter(nuptk=nuptk)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    if lock:
        qs = qs.select_for_update(of=("self",))
    return qs.first()


def ptk_ids_by_identifier(identifier: str) -> QuerySet:
    """Ids of the PTK whose NIK, NUPTK or PegID is exactly this (a subquery; unique indexes)."""
    return Ptk.objects.filter(Q(nik=identifier) | Q(nuptk=identifier) | Q(pegid=identifier)).values("pk")


def ptk_teaching_sk_years(*, ptk: Ptk) -> list[str]:
    """School years (as written, e.g. "2017/2018") of the teaching history rows that carry an SK number."""
    from .models import PtkTeaching

    return [sy for sy, sk in PtkTeaching.objects.filter(ptk=ptk).values_list("school_year", "sk_number") if sk]


def ptk_home_school_list(*, school_id: int, q: str = "") -> QuerySet:
    """The PTK whose home school this is, by name (or exact NIK/PegID/NUPTK)."""
    qs = Ptk.objects.filter(school_id=school_id)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(nik=q) | Q(pegid=q) | Q(nuptk=q))
    return qs.order_by("name", "pk")


def ptk_dinas_list(*, dinas_id: int, q: str = "") -> QuerySet:
    """The PTK of the schools under a Dinas (its scope key), by name (or exact NIK/PegID/NUPTK)."""
    qs = Ptk.objects.filter(dinas_id=dinas_id)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(nik=q) | Q(pegid=q) | Q(nuptk=q))
    return qs.order_by("name", "pk")


def ptk_home_school_get(*, school_id: int, pk) -> Ptk | None:
    return one_or_none(Ptk.objects.filter(school_id=school_id, pk=pk).select_related("school"))


def ptk_current_documents(*, ptk: Ptk) -> list[PtkDocument]:
    """The current version of each berkas of the PTK (older versions are superseded)."""
    return list(
        PtkDocument.objects.filter(ptk=ptk, superseded_by__isnull=True)
        .select_related("stored_file")
        .order_by("kind", "-pk")
    )


def ptk_document_find(*, ptk: Ptk, pk) -> PtkDocument | None:
    if not pk:
        return None
    return one_or_none(PtkDocument.objects.filter(ptk=ptk, pk=pk).select_related("stored_file"))


def master_field_choices() -> list[tuple[str, str]]:
    """The master fields (changed only through an approved perbaikan data master) and their labels."""
    from django.utils.text import capfirst

    from .models import MASTER_FIELDS

    return [(f, capfirst(Ptk._meta.get_field(f).verbose_name)) for f in MASTER_FIELDS]


def ptk_teaches_at(*, ptk: Ptk, school_id: int) -> bool:
    """Does the PTK currently teach at this school as one of their other schools (not the home)?"""
    return PtkSchool.objects.filter(ptk=ptk, school_id=school_id, until__isnull=True, is_home=False).exists()


def registration_of(*, ptk: Ptk):
    """The PTK's registration to Bintang 4 with its letters (None before verval level 1)."""
    from .models import Registration

    return (
        Registration.objects.filter(ptk=ptk)
        .select_related("s03_letter", "check_letter", "pact_letter", "s08_letter")
        .first()
    )


def registration_log(*, registration, limit: int = 30) -> list:
    return list(
        registration.log.select_related("actor", "institution", "letter").order_by("-at", "-pk")[:limit]
    )


def registrations_waiting(*, scope: Scope, states, school=None, dinas=None) -> QuerySet:
    """PTK in scope whose registration is in one of ``states`` (batch pages), by name."""
    qs = Ptk.objects.filter(ptk_visible_q(scope), registration__state__in=list(states)).select_related(
        "school", "registration"
    )
    if school is not None:
        qs = qs.filter(school=school)
    if dinas is not None:
        qs = qs.filter(dinas=dinas)
    return qs


def ptk_level1_done(*, pk) -> bool:
    """Has the PTK passed verval level 1 (S02) at their home school? (read by nuptk kinds)"""
    return Ptk.objects.filter(pk=pk, level1_at__isnull=False).exists()
