"""Reads for accounts: roles, institutions, users, each already scoped by the caller's Scope."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from padamu.db import one_or_none
from padamu.prepared import Prepared

from .models import (
    DataAccess,
    Delegation,
    Institution,
    InstitutionKind,
    Official,
    OfficialPosition,
    Role,
    RoleAssignment,
    RoleInvitation,
    User,
)
from .scope import ActiveRole, Scope, available_roles, delegated_school_ids
from .validators import NPSN_RE

__all__ = ["available_roles", "active_role_resolve"]


# Runs on every request (accounts.middleware): compiled once, see padamu/prepared.py.
_live_assignment = Prepared(
    lambda pk, user_id: RoleAssignment.objects.filter(
        pk=pk, user_id=user_id, is_active=True, suspended_at__isnull=True
    ).select_related("institution"),
    pk=int,
    user_id=int,
)


def active_role_resolve(*, user, key: str) -> ActiveRole | None:
    """Turn a session key ("<assignment id>" or "<assignment id>:<school id>") back into a role,
    checking that it still belongs to the user and that the delegation still stands."""
    try:
        parts = [int(p) for p in str(key).split(":")]
    except ValueError:
        return None
    if user.pk is None:
        return None
    a = _live_assignment.first(pk=parts[0], user_id=user.pk)
    if a is None:
        return None
    if isinstance(user, User):
        a.user = user  # the same row: pages asking for active.assignment.user need no second query
    if len(parts) == 1:
        return ActiveRole(a)
    if a.role == Role.PTK or a.institution is None:
        return None
    school = Institution.objects.filter(
        pk=parts[1], kind=InstitutionKind.SEKOLAH, pk__in=delegated_school_ids(a.institution)
    ).first()
    return ActiveRole(a, on_behalf_of=school) if school else None


OFFICES = "kantor"


def institution_list(*, scope: Scope, query: str = "", kind: str = "") -> QuerySet:
    """Schools (the default) or offices in the scope. Each choice is one indexed key filter: an OR of
    scope keys would force a scan of every school in the country."""
    if kind in ("", InstitutionKind.SEKOLAH):
        qs = scope.schools()
    else:
        qs = scope.offices()
        if kind != OFFICES:
            qs = qs.filter(kind=kind)
    if query:
        q = query.strip()
        qs = qs.filter(npsn=q.upper()) if NPSN_RE.match(q.upper()) else qs.filter(name__icontains=q)
    return qs.select_related("regency", "province", "district")


def institution_get(*, scope: Scope, pk: int) -> Institution | None:
    return one_or_none(
        scope.institutions()
        .select_related("regency", "province", "district", "dinas", "qa_office", "parent")
        .filter(pk=pk)
    )


def users_of_institutions(*, institutions: QuerySet, query: str = "") -> QuerySet:
    qs = (
        RoleAssignment.objects.filter(institution__in=institutions)
        .exclude(role=Role.PTK)
        .select_related("user", "institution")
    )
    if query:
        qs = qs.filter(Q(user__username__icontains=query) | Q(user__full_name__icontains=query))
    return qs.order_by("institution__name", "role", "user__username")


def delegations_of(*, school: Institution) -> QuerySet:
    return Delegation.objects.filter(school=school).select_related("delegate", "granted_by", "revoked_by")


def delegation_targets(*, school: Institution) -> QuerySet:
    """Offices a school may delegate its operator rights to: its kecamatan office and its Dinas."""
    return Institution.objects.filter(
        Q(kind=InstitutionKind.KECAMATAN, district_id=school.district_id) | Q(pk=school.dinas_id)
    ).exclude(pk__isnull=True)


def home_counts(*, scope: Scope) -> dict:
    """Numbers for an office's home page."""
    return cached_for_office(scope=scope, name="schools", compute=lambda: _school_counts(scope))


def _school_counts(scope: Scope) -> dict:
    schools = scope.schools()
    by_jenjang = dict(schools.values_list("jenjang").annotate(n=Count("pk")).order_by())
    return {"schools": sum(by_jenjang.values()), "schools_by_jenjang": sorted(by_jenjang.items())}


def notifications_for(*, user, limit: int = 50):
    from .models import Notification

    return Notification.objects.filter(user=user).select_related("role__institution")[:limit]


def cached_for_office(*, scope: Scope, name: str, compute):
    """Home-page numbers of an office, cached for settings.HOME_COUNTS_TTL seconds: counting every
    PTK of the country takes most of a second, and an office's home page need not be to the second.
    Schools and PTK always see live numbers."""
    from django.conf import settings
    from django.core.cache import cache

    a = scope.active
    ttl = getattr(settings, "HOME_COUNTS_TTL", 0)
    if not ttl or a is None or a.is_ptk or a.institution is None or a.kind == InstitutionKind.SEKOLAH:
        return compute()
    key = f"padamu:home:{name}:{a.institution.pk}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, ttl)
    return value


def suspended_roles_of(*, user) -> QuerySet:
    """The person's roles closed by a reset of another authority (shown on the role page)."""
    return (
        RoleAssignment.objects.filter(user=user, is_active=True, suspended_at__isnull=False)
        .select_related("institution")
        .order_by("role", "institution__name")
    )


def invitations_for(*, user) -> QuerySet:
    """Open invitations addressed to this person's username. Only accounts that existed when the
    invitation was sent may accept it, and never a superuser or staff account."""
    if user.is_protected:
        return RoleInvitation.objects.none()
    return RoleInvitation.objects.filter(
        username__iexact=user.username,
        created_at__gte=user.date_joined,
        accepted_at__isnull=True,
        declined_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("institution", "invited_by")


def invitations_sent(*, institutions: QuerySet) -> QuerySet:
    return RoleInvitation.objects.filter(institution__in=institutions).select_related(
        "institution", "invited_by"
    )


def data_access_list(*, scope: Scope, query: str = "") -> QuerySet:
    """Access-log rows an admin may review: what people of the institutions it manages did, and
    who looked at personal data inside its scope."""
    a = scope.active
    if a is None or not a.is_admin:
        return DataAccess.objects.none()
    rows = scope.rows()
    if not rows.children:  # everything (PDSPK); note Q(x) | Q() would be Q(x)
        qs = DataAccess.objects.all()
    else:
        qs = DataAccess.objects.filter(Q(institution__in=scope.manageable_institutions()) | rows)
    if query:
        qs = qs.filter(Q(actor__username__icontains=query) | Q(subject_label__icontains=query))
    return qs.select_related("actor", "institution")


def official_on(*, institution: Institution, on, position: str = OfficialPosition.HEAD) -> Official | None:
    """The official in office at ``institution`` on the date ``on`` (None when the office was vacant
    or never recorded). Letters snapshot this at issue time."""
    return (
        Official.objects.filter(institution=institution, position=position, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .order_by("-start", "-pk")
        .first()
    )


def officials_of(*, institution: Institution, position: str | None = None) -> QuerySet:
    """Every term recorded at an institution, newest first (the history)."""
    qs = Official.objects.filter(institution=institution).select_related("user", "created_by")
    if position:
        qs = qs.filter(position=position)
    return qs.order_by("position", "-start", "-pk")
