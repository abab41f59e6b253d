"""Who may do what with a request: one rule in two forms (Wagtail's pairing).

- ``submissions_reviewable_by(active)`` (a queryset) and ``can_review(active, sub)`` (a bool) are the
  same rule: the request waits at the role's institution and the role reviews (a level's
  institution is always of the level's tier, nuptk/levels.py). The queue,
  the row lock of the review services and the detail page all use it (tests/nuptk/test_policy.py
  asserts the two forms agree for every role and request).
- ``submissions_visible_q(scope)``: the rows a role may open (its scope, plus what waits at it, plus
  what a reviewing office decided itself).
- ``available_actions(active, sub)``: every action the role may take on the request now; templates
  render exactly these buttons and the services refuse anything else.
"""

from django.db.models import Exists, OuterRef, Q

from accounts import policy
from accounts.models import Role

from .levels import WAITING_STATES

STAFF = (Role.OPERATOR, Role.ADMIN)
DECISIONS = ("forward", "approve", "reject", "reject_sk")  # SubmissionLog.action of a level's decision


def is_school_staff(active) -> bool:
    return active is not None and active.role in STAFF and active.kind in policy.SCHOOL_KINDS


def is_preparer(active, sub) -> bool:
    """Staff of the institution that prepares the request (``Submission.origin``): the PTK's school
    for most kinds, the Dinas for the kinds it enters itself."""
    return (
        active is not None
        and active.role in STAFF
        and active.institution is not None
        and active.institution.pk == sub.origin_id
    )


def can_start_any(active) -> bool:
    """May this role start a request of some kind (the "new request" button)?"""
    from . import kinds

    return bool(kinds.startable_by(active))


def acting_tier(active) -> str | None:
    """The review tier an active role works at (None for schools, PTK, kecamatan, acting for a school)."""
    if active is None or active.role not in STAFF or active.on_behalf_of is not None:
        return None
    return policy.review_tier(active.kind)


def submissions_reviewable_by(active):
    """The requests this role may review now: waiting at its institution (oldest first is the
    caller's ordering; one partial index, ``sub_queue``)."""
    from .models import Submission

    if acting_tier(active) is None or active.institution is None:
        return Submission.objects.none()
    # exactly the predicate of the partial index: the planner then estimates the queue right
    return Submission.objects.filter(state__in=WAITING_STATES, waiting_at_id=active.institution.pk)


def can_review(active, sub) -> bool:
    """The request waits at this role's institution, and the role is one that reviews."""
    return (
        acting_tier(active) is not None
        and sub.state in WAITING_STATES
        and active.institution is not None
        and sub.waiting_at_id == active.institution.pk
    )


def submissions_visible_q(scope) -> Q:
    """The requests a role may open: its scope (the school's copied keys, the PTK's own), and
    whatever waits at its institution (a level may resolve to an office outside the school's keys)."""
    q = scope.rows(ptk_user="ptk__user")
    a = scope.active
    if not q or a is None or a.role not in STAFF or a.institution is None:
        return q  # an empty Q already means every row (and Q() | x would be x)
    if a.kind in policy.SCHOOL_KINDS:
        # what the school prepares for a PTK of another school (a kind may allow it). An office
        # prepares only inside its own key (Kind.may_start), so its lists stay one-key filters.
        q |= Q(origin_id=a.institution.pk)
    if acting_tier(a) is not None:
        from .models import SubmissionLog

        q |= Q(state__in=WAITING_STATES, waiting_at_id=a.institution.pk)
        # ... and what it decided at a level outside the school's keys (the destination Dinas of a
        # mutasi reads the case it completed; a mere claim does not count): one probe of the
        # request's own log rows (sublog_sub).
        handled = SubmissionLog.objects.filter(
            submission_id=OuterRef("pk"), institution_id=a.institution.pk, action__in=DECISIONS
        )
        q |= Q(Exists(handled))
    return q


def submissions_listed_q(scope) -> Q:
    """The rows of a role's request list: its scope, and for a school what it prepares for a PTK of
    another school. One key filter for offices (their lists walk one index, newest first); what
    waits at an office from outside its keys is in its queue."""
    q = scope.rows(ptk_user="ptk__user")
    a = scope.active
    if q and a is not None and a.role in STAFF and a.kind in policy.SCHOOL_KINDS and a.institution is not None:
        q |= Q(origin_id=a.institution.pk)
    return q


def can_edit(active, sub) -> bool:
    """The preparing institution may edit and submit a draft or a rejected request of its own."""
    return is_preparer(active, sub) and sub.is_editable


def can_replace_sk(active, sub) -> bool:
    """After a "tolak SK" the preparer may replace the SK papers and send the request back."""
    return is_preparer(active, sub) and sub.state == "sk_rejected"


PREPARING_ACTIONS = ("create", "submit", "resubmit_sk")


def preparer_ids(sub) -> frozenset[int]:
    """Everyone who prepared the request in any round: created it, attached or replaced a paper
    (the replaced rows stay), submitted it, sent a replacement SK. The log and the papers carry the
    user even when they acted for a school through a delegation. Read once per loaded row."""
    cached = getattr(sub, "_preparer_ids", None)
    if cached is not None:
        return cached
    from .models import SubmissionDocument, SubmissionLog

    ids = {sub.created_by_id, sub.submitted_by_id}
    if sub.pk:
        logged = (
            SubmissionLog.objects.filter(submission_id=sub.pk, action__in=PREPARING_ACTIONS)
            .order_by()
            .values_list("actor_id", flat=True)
        )
        papers = (
            SubmissionDocument.objects.filter(submission_id=sub.pk)
            .order_by()
            .values_list("added_by_id", flat=True)
        )
        ids |= set(logged.union(papers))
    ids.discard(None)
    sub._preparer_ids = frozenset(ids)
    return sub._preparer_ids


def is_own_submission(user, sub) -> bool:
    """Four eyes: nobody decides on (or claims) a request they helped prepare in any round."""
    return getattr(user, "pk", user) in preparer_ids(sub)


def can_decide(user, active, sub) -> bool:
    return can_review(active, sub) and not is_own_submission(user, sub)


class Action:
    EDIT = "edit"  # attach/remove papers, edit the kind's payload
    SUBMIT = "submit"
    CANCEL = "cancel"
    REPLACE_SK = "replace_sk"  # attach SK papers after a tolak SK
    RESUBMIT_SK = "resubmit_sk"
    REVIEW = "review"  # the reviewer's checklist and papers inline
    CLAIM = "claim"
    RELEASE = "release"
    FORWARD = "forward"  # approve at a level that is not the last
    APPROVE = "approve"  # approve at the last level (applies the effect)
    REJECT = "reject"
    REJECT_SK = "reject_sk"
    ARCHIVE = "archive"  # file the completed case (Step.ARCHIVE letters)


def can_archive(active, sub) -> bool:
    """Staff of the office that approved (the institution of the route's last level), once the
    request is approved and not yet archived, for a kind that prints a letter when it archives."""
    if sub.state != "approved" or sub.archived_at is not None or acting_tier(active) is None:
        return False
    last = sub.route[-1]
    if active.institution is None or last.institution_for(sub) != active.institution.pk:
        return False
    return bool(sub.request_kind.letters_at("archive", last.code))


def available_actions(active, sub) -> frozenset[str]:
    """What this role may do with the request now (templates render these, services allow these)."""
    from django_fsm import can_proceed

    acts: set[str] = set()
    if active is None:
        return frozenset()
    user_id = active.assignment.user_id
    if can_edit(active, sub):
        acts |= {Action.EDIT, Action.SUBMIT, Action.CANCEL}
    if can_replace_sk(active, sub):
        acts |= {Action.REPLACE_SK, Action.RESUBMIT_SK, Action.CANCEL}
    if can_review(active, sub):
        acts.add(Action.REVIEW)
        own = is_own_submission(user_id, sub)
        if sub.claimed_by_id is None and not own:
            acts.add(Action.CLAIM)
        elif sub.claimed_by_id == user_id or active.role == Role.ADMIN:
            acts.add(Action.RELEASE)
        # the decision forms appear once this reviewer took the request ("Saya periksa")
        if not own and sub.claimed_by_id == user_id:
            acts.add(Action.REJECT)
            acts.add(Action.APPROVE if can_proceed(sub.approve) else Action.FORWARD)
            if can_proceed(sub.reject_sk):
                acts.add(Action.REJECT_SK)
    if can_archive(active, sub):
        acts.add(Action.ARCHIVE)
    return frozenset(acts)
