"""Reads of the request engine. Every list is ``scope.rows()`` (or the reviewable rule of
nuptk/permissions.py) plus an indexed filter. PTK facts are read through ptk.selectors."""

from datetime import timedelta
from statistics import median

from django.db.models import Count, Q
from django.utils import timezone

from accounts import policy
from accounts.coverage import FORMAL_JENJANG
from accounts.policy import Tier
from padamu.db import one_or_none
from ptk import selectors as ptk_selectors
from ptk.search import submission_name_search

from . import kinds
from .levels import TIER_LABEL, TIER_SLA
from .levels import WAITING_STATES as WAITING_STATES_DB
from .models import RejectReason, State, Submission, SubmissionLog
from .permissions import acting_tier, submissions_listed_q, submissions_reviewable_by, submissions_visible_q
from .requirements import REVIEWER_CHECKS, DocFact, Facts, is_education_staff

DINAS_SLA = TIER_SLA[policy.Tier.DINAS]  # seed 004: the Dinas check of one request takes at most 30 minutes


def submission_get(*, scope, pk: int) -> Submission | None:
    return one_or_none(
        Submission.objects.filter(submissions_visible_q(scope))
        .select_related("ptk", "school", "waiting_at", "claimed_by")  # few joins: planning time counts
        .filter(pk=pk)
    )


def submission_document_get(sub, pk):
    return one_or_none(sub.documents.filter(pk=pk).select_related("stored_file"))


def route_steps(sub) -> list[dict]:
    """The levels of the request's route, each done, current or to come (the detail page)."""
    done_all = sub.state == State.APPROVED
    return [
        {
            "label": level.label,
            "done": done_all or (sub.level_index is not None and i < sub.level_index),
            "current": sub.level_index == i and sub.is_waiting,
        }
        for i, level in enumerate(sub.route)
    ]


def submission_documents(sub) -> list:
    return list(sub.documents.filter(is_current=True).order_by("requirement", "school_year", "pk"))


def checklist_items(checklist: dict) -> list[tuple[str, bool]]:
    """A decision's saved checklist as (label, ticked), in the checklist's order."""
    return [(str(i.label), bool(checklist[i.code])) for i in REVIEWER_CHECKS if i.code in (checklist or {})]


def submission_timeline(sub) -> list:
    rows = list(
        SubmissionLog.objects.filter(submission=sub)
        .select_related("actor", "institution")
        .order_by("at", "pk")
    )
    for e in rows:
        e.checklist_items = checklist_items(e.checklist)
    return rows


def held_nuptk(ptk) -> str:
    """The NUPTK a PTK holds: on its record, else in the registry of numbers issued or claimed here
    (a number once given stays the PTK's: a second one would leave it with two)."""
    if ptk.nuptk:
        return ptk.nuptk
    from .models import NuptkNumber

    return NuptkNumber.objects.filter(ptk_id=ptk.pk).values_list("number", flat=True).first() or ""


def submission_facts(sub, *, on) -> Facts:
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
            issued_on=d.issued_on,
            number=d.number,
            issuer=d.issuer,
            names_school=d.names_school,
            greyscale=d.greyscale,
            legalised=d.legalised,
        )
        for d in sub.documents.filter(is_current=True)
    ]
    # The PTK's own SK pengangkatan (every version): a newer one supersedes an SK without an end date.
    for b in ptk_selectors.ptk_documents_of_kind(ptk=ptk, kind="sk_pengangkatan"):
        docs.append(
            DocFact(
                requirement="_berkas",
                doc_kind="sk_pengangkatan",
                file_type="pdf",
                valid_from=b.valid_from,
                valid_to=b.valid_to,
                issued_on=b.date,
                number=b.number,
            )
        )
    # SK penugasan years count only from papers the reviewer can open (not from typed history rows).
    extra = sub.request_kind.facts
    return Facts(
        kind=sub.kind,
        category=sub.category,
        request_date=on,
        in_dapodik=ptk.in_dapodik,
        has_rombel=ptk.has_rombel,
        nuptk=held_nuptk(ptk),
        nuptk_status=ptk.nuptk_status,
        school_npsn=school.npsn or "",
        school_is_formal=school.jenjang in FORMAL_JENJANG,
        school_status=school.status,
        qualification=ptk.qualification or "",
        docs=docs,
        payload=sub.payload,
        extra=extra(sub) if extra is not None else {},
        ptk_type=ptk.ptk_type,
        educator=not is_education_staff(ptk_type=ptk.ptk_type, employment_status=ptk.employment_status),
        facts_source=ptk.facts_source,
        facts_synced=timezone.localdate(ptk.dapodik_synced_at) if ptk.dapodik_synced_at else None,
        school_yayasan=getattr(school, "yayasan", "") or "",
    )


# --- lists ------------------------------------------------------------------------------------

_LIST_RELATED = ("ptk", "school", "waiting_at", "claimed_by")


def _search(qs, q: str, *, waiting_at: int | None = None):
    q = (q or "").strip()
    if not q:
        return qs
    if q.isdigit():
        # the identifiers are unique on the PTK: resolve them first (index lookups), then the requests
        return qs.filter(ptk_id__in=ptk_selectors.ptk_ids_by_identifier(q))
    if q.upper().startswith("AJ-") and q[3:].isdigit():
        return qs.filter(pk=int(q[3:]))
    return submission_name_search(qs, q, waiting_at=waiting_at)  # word starts of the name (ptk.search)


def queue(*, scope, filters: dict):
    """What waits at the active role's institution, oldest first (one partial index, ``sub_queue``)."""
    qs = submissions_reviewable_by(scope.active)
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
    # the queue's own word index: qs waits at the active role's institution (submissions_reviewable_by)
    a = scope.active
    at = a.institution.pk if acting_tier(a) is not None and a.institution is not None else None
    qs = _search(qs, filters.get("q", ""), waiting_at=at)
    return qs.select_related(*_LIST_RELATED)


def _listed(qs, filters: dict):
    """A request list's kind and state filters and its search (school_list, incoming_list)."""
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    qs = _search(qs, filters.get("q", ""))
    return qs.select_related(*_LIST_RELATED)


def school_list(*, scope, filters: dict):
    """Requests of the active school (or every request the role sees), newest first."""
    qs = Submission.objects.filter(submissions_listed_q(scope))
    return _listed(qs, filters)


def incoming_list(*, scope, filters: dict):
    """The "Mutasi masuk" list of a Dinas: the requests moving a PTK into its schools from another Dinas
    (``Submission.to_dinas``, index ``sub_to_dinas``) that reached it: waiting at it now, or
    completed (every one it can open: nuptk.permissions.submissions_visible_q). Other roles: none."""
    a = scope.active
    if acting_tier(a) != Tier.DINAS or a.institution is None:
        return Submission.objects.none()
    me = a.institution.pk
    qs = Submission.objects.filter(to_dinas_id=me).filter(
        Q(state=State.APPROVED) | Q(state__in=WAITING_STATES_DB, waiting_at_id=me)
    )
    return _listed(qs, filters)


def ptks_for_start(*, scope, q: str = ""):
    """The PTK a role may start requests for on the start page: a school's home PTK, or the PTK
    of the schools under a Dinas (for the kinds the Dinas prepares itself)."""
    from .kinds import active_tier

    a = scope.active
    tier = active_tier(a)
    if tier == Tier.SCHOOL:
        return ptk_selectors.ptk_home_school_list(school_id=a.institution.pk, q=q)
    if tier == Tier.DINAS:
        return ptk_selectors.ptk_dinas_list(dinas_id=a.institution.pk, q=q)
    return ptk_selectors.ptk_home_school_list(school_id=0, q=q)  # nothing


def ptk_for_start(*, scope, pk: int):
    """One PTK of :func:`ptks_for_start` (None when outside the role's reach)."""
    return one_or_none(ptks_for_start(scope=scope).select_related("school").filter(pk=pk))


def ptk_documents(ptk) -> list:
    return ptk_selectors.ptk_current_documents(ptk=ptk)


def ptk_document_get(ptk, pk):
    return ptk_selectors.ptk_document_find(ptk=ptk, pk=pk)


# --- counts and statistics ----------------------------------------------------------------


def _late(scope, tier):
    """How many requests wait longer than the tier's service standard (None: the tier has none)."""
    sla = TIER_SLA.get(tier)
    if sla is None:
        return None
    return queue(scope=scope, filters={"older_than": int(sla.total_seconds() // 60)}).order_by().count()


def queue_counts(*, scope) -> dict | None:
    """Counts per kind waiting at the active role's institution (home panel)."""
    tier = acting_tier(scope.active)
    if tier is None:
        return None
    rows = queue(scope=scope, filters={}).order_by().values("kind").annotate(n=Count("pk"))
    by_kind = {r["kind"]: r["n"] for r in rows}
    return {"tier": tier, "by_kind": by_kind, "total": sum(by_kind.values()), "late": _late(scope, tier)}


def statistics(*, scope, since=None) -> dict:
    """For the active role's institution: counts by kind and state in its area, median waiting time
    until its decisions, its decisions and rejections by reason."""
    tier = acting_tier(scope.active)
    inst = scope.active.institution
    base = Submission.objects.filter(scope.rows())
    by_kind_state = list(
        base.order_by().values("kind", "state").annotate(n=Count("pk")).order_by("kind", "state")
    )
    logs = SubmissionLog.objects.filter(institution=inst, waited_seconds__isnull=False)
    if since:
        logs = logs.filter(at__gte=since)
    waits = list(logs.order_by("-at").values_list("waited_seconds", flat=True)[:5000])
    rejections = list(
        logs.filter(action__in=["reject", "reject_sk"])
        .order_by()
        .values("reason")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    decided = logs.order_by().values("action").annotate(n=Count("pk"))
    for r in by_kind_state:
        r["kind_label"] = kinds.label(r["kind"])
        r["state_label"] = State(r["state"]).label
    for r in rejections:
        r["reason_label"] = (
            RejectReason(r["reason"]).label if r["reason"] in RejectReason.values else r["reason"]
        )
    return {
        "tier": tier,
        "by_kind_state": by_kind_state,
        "median_wait": median(waits) if waits else None,
        "decisions": {r["action"]: r["n"] for r in decided},
        "rejections": rejections,
        "waiting_now": submissions_reviewable_by(scope.active).count(),
        "sla_late": _late(scope, tier),
    }


def queue_page_info(*, scope) -> dict:
    """What the queue page says about the role's level: its label and service standard."""
    tier = acting_tier(scope.active)
    return {"tier": tier, "level_label": TIER_LABEL.get(tier), "sla": TIER_SLA.get(tier)}


def detail_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("nuptk:detail", args=[pk])


def queue_filter_choices(*, scope):
    """Kecamatan and kab/kota of the role's area for the queue filters (kecamatan for an office of a
    kab/kota only; a province-wide office filters by the province's kab/kota, a national one by every
    kab/kota, an office abroad by those of its schools)."""
    from accounts.models import District, Regency

    a = scope.active
    inst = a.institution
    area = policy.policy_of(a.kind).area
    districts = []
    if area == policy.Area.REGENCY and inst.regency_id:
        districts = list(
            District.objects.filter(regency_id=inst.regency_id).order_by("name").values_list("code", "name")
        )
    if area == policy.Area.NATIONAL:
        regencies = list(Regency.objects.order_by("name").values_list("code", "name"))
    elif area in (policy.Area.REGENCY, policy.Area.PROVINCE) and inst.province_id:
        regencies = list(
            Regency.objects.filter(province_id=inst.province_id).order_by("name").values_list("code", "name")
        )
    else:
        schools = scope.schools().order_by().values("regency_id").distinct()
        regencies = list(
            Regency.objects.filter(code__in=schools).order_by("name").values_list("code", "name")[:600]
        )
    return districts, regencies


def home_panel(*, scope) -> dict | None:
    """Home card: a reviewer's queue counts per kind; a school's or PTK's open requests by state."""
    a = scope.active
    if a is None:
        return None
    counts = queue_counts(scope=scope)
    if counts is not None:
        rows = [(kinds.label(k), n) for k, n in sorted(counts["by_kind"].items())]
        return {"mode": "queue", "rows": rows, "total": counts["total"], "late": counts["late"]}
    if a.is_ptk or a.kind in policy.SCHOOL_KINDS:
        qs = Submission.objects.filter(scope.rows(ptk_user="ptk__user")).exclude(state__in=["approved", "cancelled"])
        rows = [(State(r["state"]).label, r["n"]) for r in qs.order_by().values("state").annotate(n=Count("pk")).order_by("state")]
        # Returned requests wait for the school (or the PTK): shown first, in red, impossible to miss.
        rejected = list(qs.filter(state__in=[State.REJECTED, State.SK_REJECTED]).order_by("-decided_at", "-pk")[:5])
        n_rejected = sum(n for label, n in rows if label in (State.REJECTED.label, State.SK_REJECTED.label))
        return {"mode": "school", "rows": rows, "total": sum(n for _l, n in rows), "rejected": rejected,
                "n_rejected": n_rejected}
    return None


def ptk_request_panel(*, scope, ptk) -> dict | None:
    """The PTK page's request card: the PTK's open requests the role sees, and the kinds the role
    may start for this PTK now (its tier starts them, the PTK is within reach, the PTK fits the
    kind, no open request of that kind). One query. None: nothing to show."""
    a = scope.active
    if a is None:
        return None
    open_subs = list(
        Submission.objects.filter(submissions_visible_q(scope), ptk=ptk)
        .exclude(state__in=[State.APPROVED, State.CANCELLED])
        .order_by("-pk")
    )
    busy = {s.kind for s in open_subs}
    offer = [
        k
        for k in kinds.all()
        if k.code not in busy and k.startable_by(a) and k.may_start(a, ptk) and k.fits(ptk)
    ]
    if not open_subs and not offer:
        return None
    return {"ptk": ptk, "open": open_subs, "offer": offer}


def queue_schools(*, scope, limit: int = 300) -> list[tuple[str, str]]:
    """(NPSN, name) of the schools that have requests waiting at the role's institution: the
    school filter's type-ahead offers only those (one query on the queue's index)."""
    rows = (
        submissions_reviewable_by(scope.active)
        .order_by()
        .values_list("school__npsn", "school__name")
        .distinct()[:limit]
    )
    return sorted((n, name) for n, name in rows if n)
