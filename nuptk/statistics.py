"""The statistics page's numbers: a fixed number of grouped queries whatever the data size, scoped
like the lists (``scope.rows()``), narrowed by a date range and a kab/kota or school drill-down."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import median

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import kinds
from .models import WAITING_STATES, RejectReason, State, Submission, SubmissionLog
from .permissions import acting_tier, submissions_reviewable_by

# Series of the per-kind chart: what a state means for the person waiting.
STATE_GROUPS = (
    ("waiting", _("Sedang diperiksa"), tuple(WAITING_STATES)),
    ("returned", _("Dikembalikan"), (State.REJECTED, State.SK_REJECTED)),
    ("approved", _("Disetujui"), (State.APPROVED,)),
    ("other", _("Draf/dibatalkan"), (State.DRAFT, State.CANCELLED)),
)
LEVELS = (
    (State.AT_DINAS, _("Dinas/Atdikbud")),
    (State.AT_QA, _("LPMP/BPKLN/BP-PAUD")),
    (State.AT_PDSPK, _("PDSPK")),
)
# Waiting time until a decision, in buckets people understand.
WAIT_BUCKETS = (
    (_("< 30 menit"), 0, 30 * 60),
    (_("30 menit–4 jam"), 30 * 60, 4 * 3600),
    (_("4 jam–1 hari"), 4 * 3600, 86400),
    (_("1–7 hari"), 86400, 7 * 86400),
    (_("> 7 hari"), 7 * 86400, None),
)
FORWARD = ("forward", "approve", "resubmit_sk")
BACK = ("reject", "reject_sk")
SCHOOL_ROWS = 50  # the drill-down lists the 50 schools with most requests


@dataclass
class Filters:
    since: date
    until: date
    regency: str = ""
    npsn: str = ""

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.since, time.min))

    @property
    def end(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.until + timedelta(days=1), time.min))


def default_filters() -> Filters:
    today = timezone.localdate()
    return Filters(since=today - timedelta(weeks=12), until=today)


def _submissions(scope, f: Filters):
    qs = Submission.objects.filter(scope.rows(), created_at__gte=f.start, created_at__lt=f.end)
    if f.regency:
        qs = qs.filter(school__regency_id=f.regency)
    if f.npsn:
        qs = qs.filter(school__npsn=f.npsn)
    return qs


def _logs(scope, f: Filters):
    """This institution's decisions in the range (its own work), narrowed like the requests."""
    logs = SubmissionLog.objects.filter(institution=scope.active.institution, at__gte=f.start, at__lt=f.end)
    if f.regency:
        logs = logs.filter(submission__school__regency_id=f.regency)
    if f.npsn:
        logs = logs.filter(submission__school__npsn=f.npsn)
    return logs


def report(*, scope, f: Filters) -> dict:
    subs = _submissions(scope, f)
    logs = _logs(scope, f)

    by_kind_state = list(subs.order_by().values("kind", "state").annotate(n=Count("pk")))
    per_kind: dict[str, list[int]] = {}
    per_level = {code: {} for code, _l in LEVELS}
    for r in by_kind_state:
        row = per_kind.setdefault(r["kind"], [0] * len(STATE_GROUPS))
        for i, (_k, _l, states) in enumerate(STATE_GROUPS):
            if r["state"] in states:
                row[i] += r["n"]
        if r["state"] in per_level:
            per_level[r["state"]][r["kind"]] = r["n"]
    kind_codes = [k.code for k in kinds.all() if k.code in per_kind]
    kind_rows = [(kinds.label(k), per_kind[k]) for k in kind_codes]
    level_kinds = [k.code for k in kinds.all() if any(k.code in per_level[c] for c, _l in LEVELS)]
    level_rows = [(label, [per_level[code].get(k, 0) for k in level_kinds]) for code, label in LEVELS]

    timed = logs.filter(waited_seconds__isnull=False)
    buckets = timed.aggregate(
        **{
            f"b{i}": Count("pk", filter=Q(waited_seconds__gte=lo) & (Q(waited_seconds__lt=hi) if hi else Q()))
            for i, (_l, lo, hi) in enumerate(WAIT_BUCKETS)
        }
    )
    wait_rows = [(label, [buckets[f"b{i}"]]) for i, (label, _lo, _hi) in enumerate(WAIT_BUCKETS)]
    waits = list(timed.order_by("-at").values_list("waited_seconds", flat=True)[:5000])

    weekly = (
        logs.filter(action__in=FORWARD + BACK)
        .annotate(week=TruncWeek("at"))
        .order_by()
        .values("week")
        .annotate(ok=Count("pk", filter=Q(action__in=FORWARD)), back=Count("pk", filter=Q(action__in=BACK)))
    )
    by_week = {
        timezone.localdate(r["week"]) if isinstance(r["week"], datetime) else r["week"]: r for r in weekly
    }
    weeks = []
    monday = f.since - timedelta(days=f.since.weekday())
    while monday <= f.until and len(weeks) < 60:
        r = by_week.get(monday, {})
        weeks.append((monday, [r.get("ok", 0), r.get("back", 0)]))
        monday += timedelta(weeks=1)

    if f.regency:
        area = (
            subs.order_by()
            .values("school__npsn", "school__name")
            .annotate(**_state_counts())
            .order_by("-total", "school__name")[:SCHOOL_ROWS]
        )
        areas = [
            {"code": r["school__npsn"], "name": r["school__name"], **_counts(r)}
            for r in area
            if r["school__npsn"]
        ]
    else:
        area = (
            subs.order_by()
            .values("school__regency_id", "school__regency__name")
            .annotate(**_state_counts())
            .order_by("-total", "school__regency__name")
        )
        areas = [
            {"code": r["school__regency_id"], "name": r["school__regency__name"], **_counts(r)}
            for r in area
            if r["school__regency_id"]
        ]

    rejections = list(
        logs.filter(action__in=BACK).order_by().values("reason").annotate(n=Count("pk")).order_by("-n")
    )
    for r in rejections:
        r["reason_label"] = (
            RejectReason(r["reason"]).label if r["reason"] in RejectReason.values else r["reason"]
        )
    tier = acting_tier(scope.active)
    return {
        "tier": tier,
        "total": sum(sum(v) for _l, v in kind_rows),
        "kind_rows": kind_rows,
        "kind_series": [str(label) for _k, label, _s in STATE_GROUPS],
        "level_rows": level_rows,
        "level_series": [kinds.label(k) for k in level_kinds],
        "wait_rows": wait_rows,
        "median_wait": median(waits) if waits else None,
        "weeks": weeks,
        "areas": areas,
        "area_is_school": bool(f.regency),
        "rejections": rejections,
        "decided": sum(ok + back for _w, (ok, back) in weeks),
        "waiting_now": submissions_reviewable_by(scope.active).count(),
    }


def _state_counts() -> dict:
    return {
        "total": Count("pk"),
        "waiting": Count("pk", filter=Q(state__in=WAITING_STATES)),
        "returned": Count("pk", filter=Q(state__in=[State.REJECTED, State.SK_REJECTED])),
        "approved": Count("pk", filter=Q(state=State.APPROVED)),
    }


def _counts(r) -> dict:
    return {k: r[k] for k in ("total", "waiting", "returned", "approved")}
