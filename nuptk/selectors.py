"""Reads of the request engine. Every list is ``scope.rows()`` plus an indexed filter."""

from datetime import timedelta
from statistics import median

from django.apps import apps
from django.db.models import Count, Q
from django.utils import timezone

from accounts.coverage import FORMAL_JENJANG
from ptk.search import submission_name_search

from .models import State, Submission, SubmissionLog
from .permissions import acting_level
from .requirements import DocFact, Facts, parse_school_year
from .routes import LEVEL_STATE

DINAS_SLA = timedelta(minutes=30)  # seed 004: the Dinas check of one request takes at most 30 minutes


def _model(name):
    try:
        return apps.get_model("ptk", name)
    except LookupError:
        return None


def submission_get(*, scope, pk: int) -> Submission | None:
    return (
        Submission.objects.filter(scope.rows(ptk_user="ptk__user"))
        .select_related("ptk", "school", "waiting_at", "claimed_by")  # few joins: planning time counts
        .filter(pk=pk)
        .first()
    )


def submission_documents(sub) -> list:
    return list(sub.documents.filter(is_current=True).order_by("requirement", "school_year", "pk"))


def submission_timeline(sub) -> list:
    return list(SubmissionLog.objects.filter(submission=sub).select_related("actor", "institution").order_by("at", "pk"))


def teaching_years(ptk) -> set[int]:
    """School years with an SK penugasan in the PTK's teaching history (ptk app), if present."""
    PtkTeaching = _model("PtkTeaching")
    if PtkTeaching is None:
        return set()
    out = set()
    for sy, sk in PtkTeaching.objects.filter(ptk=ptk).values_list("school_year", "sk_number"):
        y = parse_school_year(sy)
        if y is not None and sk:
            out.add(y)
    return out


def submission_facts(sub, *, on) -> Facts:
    from ptk.models import Ptk

    ptk = sub.ptk
    school = sub.school
    docs = [
        DocFact(
            requirement=d.requirement,
            doc_kind=d.doc_kind,
            file_type=d.file_type,
            size=d.size,
            valid_from=d.valid_from,
            valid_to=d.valid_to,
            school_year=d.school_year,
        )
        for d in sub.documents.filter(is_current=True)
    ]
    # SK penugasan years from the teaching history count as well (the juklak asks for the SKs;
    # the history rows carry their numbers).
    for y in teaching_years(ptk):
        docs.append(DocFact(requirement="_history", doc_kind="sk_penugasan", file_type="pdf", school_year=y))
    claimed = (sub.payload.get("claimed_nuptk") or "").strip()
    holder = bool(claimed) and Ptk.objects.filter(nuptk=claimed).exclude(pk=ptk.pk).exists()
    return Facts(
        kind=sub.kind,
        category=sub.category,
        request_date=on,
        in_dapodik=ptk.in_dapodik,
        has_rombel=ptk.has_rombel,
        nuptk=ptk.nuptk or "",
        nuptk_status=ptk.nuptk_status,
        school_npsn=school.npsn or "",
        school_is_formal=school.jenjang in FORMAL_JENJANG,
        school_status=school.status,
        qualification=ptk.qualification or "",
        docs=docs,
        payload=sub.payload,
        claimed_nuptk_holder=holder,
    )


# --- lists ------------------------------------------------------------------------------------

_LIST_RELATED = ("ptk", "school", "waiting_at", "claimed_by")


def _search(qs, q: str):
    q = (q or "").strip()
    if not q:
        return qs
    if q.isdigit():
        # the identifiers are unique on the PTK: resolve them first (index lookups), then the requests
        from ptk.models import Ptk

        return qs.filter(ptk_id__in=Ptk.objects.filter(Q(nik=q) | Q(nuptk=q) | Q(pegid=q)).values("pk"))
    if q.upper().startswith("AJ-") and q[3:].isdigit():
        return qs.filter(pk=int(q[3:]))
    return submission_name_search(qs, q)  # word starts of the name (ptk.search)


def queue(*, scope, filters: dict):
    """What waits at the active role's level and institution, oldest first (partial index)."""
    level = acting_level(scope.active)
    if level is None:
        return Submission.objects.none()
    state = LEVEL_STATE[level]
    if level == "dinas":
        qs = Submission.objects.filter(state=state, dinas_id=scope.active.institution.pk)
    elif level == "qa":
        qs = Submission.objects.filter(state=state, qa_office_id=scope.active.institution.pk)
    else:
        qs = Submission.objects.filter(state=state)
    qs = qs.filter(scope.rows())
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("npsn"):
        qs = qs.filter(school__npsn=filters["npsn"].strip().upper())
    if filters.get("district"):
        qs = qs.filter(school__district_id=filters["district"])
    if filters.get("regency"):
        qs = qs.filter(school__regency_id=filters["regency"])
    if filters.get("older_than"):
        qs = qs.filter(waiting_since__lt=timezone.now() - timedelta(minutes=int(filters["older_than"])))
    qs = _search(qs, filters.get("q", ""))
    return qs.select_related(*_LIST_RELATED)


def school_list(*, scope, filters: dict):
    """Requests of the active school (or every request the role sees), newest first."""
    qs = Submission.objects.filter(scope.rows(ptk_user="ptk__user"))
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    qs = _search(qs, filters.get("q", ""))
    return qs.select_related(*_LIST_RELATED)


def ptks_for_school(*, scope, q: str = ""):
    from ptk.models import Ptk

    school = scope.active.institution
    qs = Ptk.objects.filter(school=school)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(nik=q) | Q(pegid=q) | Q(nuptk=q))
    return qs.order_by("name", "pk")


def ptk_get_for_school(*, scope, pk: int):
    from ptk.models import Ptk

    a = scope.active
    if a is None or a.institution is None:
        return None
    return Ptk.objects.filter(school_id=a.institution.pk, pk=pk).select_related("school").first()


def ptk_documents(ptk) -> list:
    PtkDocument = _model("PtkDocument")
    if PtkDocument is None:
        return []
    return list(
        PtkDocument.objects.filter(ptk=ptk, superseded_by__isnull=True).select_related("stored_file").order_by("kind", "-pk")
    )


def ptk_document_get(ptk, pk):
    PtkDocument = _model("PtkDocument")
    if PtkDocument is None or not pk:
        return None
    return PtkDocument.objects.filter(ptk=ptk, pk=pk).select_related("stored_file").first()


# --- counts and statistics ----------------------------------------------------------------


def queue_counts(*, scope) -> dict | None:
    """Counts per kind waiting at the active role's level (home panel)."""
    level = acting_level(scope.active)
    if level is None:
        return None
    rows = queue(scope=scope, filters={}).order_by().values("kind").annotate(n=Count("pk"))
    by_kind = {r["kind"]: r["n"] for r in rows}
    late = None
    if level == "dinas":
        late = queue(scope=scope, filters={"older_than": 30}).order_by().count()
    return {"level": level, "by_kind": by_kind, "total": sum(by_kind.values()), "late": late}


def statistics(*, scope, since=None) -> dict:
    """Per level of the active role: counts by kind and state, median waiting time, rejections by reason."""
    level = acting_level(scope.active)
    inst = scope.active.institution
    base = Submission.objects.filter(scope.rows())
    by_kind_state = list(base.order_by().values("kind", "state").annotate(n=Count("pk")).order_by("kind", "state"))
    logs = SubmissionLog.objects.filter(institution=inst, level=level, waited_seconds__isnull=False)
    if since:
        logs = logs.filter(at__gte=since)
    waits = list(logs.order_by("-at").values_list("waited_seconds", flat=True)[:5000])
    rejections = list(
        logs.filter(action__in=["reject", "reject_sk"]).order_by().values("reason").annotate(n=Count("pk")).order_by("-n")
    )
    decided = logs.order_by().values("action").annotate(n=Count("pk"))
    waiting_now = base.filter(state=LEVEL_STATE.get(level, "-"), waiting_at=inst).count() if level else 0
    from .models import RejectReason
    from .routes import KINDS

    for r in by_kind_state:
        r["kind_label"] = KINDS[r["kind"]].label if r["kind"] in KINDS else r["kind"]
        r["state_label"] = State(r["state"]).label
    for r in rejections:
        r["reason_label"] = RejectReason(r["reason"]).label if r["reason"] in RejectReason.values else r["reason"]
    return {
        "level": level,
        "by_kind_state": by_kind_state,
        "median_wait": median(waits) if waits else None,
        "decisions": {r["action"]: r["n"] for r in decided},
        "rejections": rejections,
        "waiting_now": waiting_now,
        "sla_late": queue(scope=scope, filters={"older_than": 30}).order_by().count() if level == "dinas" else None,
    }


def ptk_submissions(*, user):
    return Submission.objects.filter(ptk__user=user).select_related("ptk", "school", "waiting_at").order_by("-created_at", "-pk")


def state_label(state):
    return State(state).label


def detail_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("nuptk:detail", args=[pk])


def queue_filter_choices(*, scope):
    """Kecamatan and kab/kota of the role's area for the queue filters (kecamatan for a Dinas
    kab/kota only; a province-wide or national office filters by kab/kota)."""
    from accounts.models import District, InstitutionKind, Regency

    a = scope.active
    level = acting_level(a)
    schools_qs = scope.schools()
    districts = []
    if level == "dinas" and a.kind == InstitutionKind.DINAS_KAB and a.institution.regency_id:
        districts = list(District.objects.filter(regency_id=a.institution.regency_id).order_by("name").values_list("code", "name"))
    if level == "pdspk":
        regencies = list(Regency.objects.order_by("name").values_list("code", "name"))
    elif a.institution.province_id and a.kind != InstitutionKind.BPKLN:
        regencies = list(Regency.objects.filter(province_id=a.institution.province_id).order_by("name").values_list("code", "name"))
    else:
        regencies = list(
            Regency.objects.filter(code__in=schools_qs.order_by().values("regency_id").distinct()).order_by("name").values_list("code", "name")[:600]
        )
    return districts, regencies


def home_panel(*, scope) -> dict | None:
    """Home card: a reviewer's queue counts per kind; a school's or PTK's open requests by state."""
    from .routes import KINDS

    a = scope.active
    if a is None:
        return None
    counts = queue_counts(scope=scope)
    if counts is not None:
        rows = [(KINDS[k].label, n) for k, n in sorted(counts["by_kind"].items())]
        return {"mode": "queue", "rows": rows, "total": counts["total"], "late": counts["late"],
                "level": counts["level"]}
    if a.is_ptk or a.kind == "sekolah":
        qs = Submission.objects.filter(scope.rows(ptk_user="ptk__user")).exclude(state__in=["approved", "cancelled"])
        rows = [(State(r["state"]).label, r["n"]) for r in qs.order_by().values("state").annotate(n=Count("pk")).order_by("state")]
        return {"mode": "school", "rows": rows, "total": sum(n for _l, n in rows)}
    return None
