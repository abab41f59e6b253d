"""The one place that turns (user, active role) into what that role may see.

Every row that needs scoping carries the keys of the school it belongs to and of the offices that
cover it (``school_id``, ``dinas_id``, ``qa_office_id``), so the scope is a plain indexed filter:

- PDSPK sees everything;
- LPMP/BPMP, BP-PAUD dan Dikmas and BPKLN see rows whose ``qa_office`` is theirs;
- Dinas (kab/kota or provinsi) and Atdikbud see rows whose ``dinas`` is theirs;
- a school sees its own rows; a kecamatan office sees the schools that delegated to it;
- an office acting for a school through a delegation sees that school only, as its operator;
- a PTK sees only their own record (the caller names the field that links a row to its user).

django-guardian holds only the true per-object grants (delegations), never one row per school.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .models import (
    Institution,
    InstitutionGroupObjectPermission,
    InstitutionKind,
    Role,
    RoleAssignment,
    User,
)
from .policy import DELEGATE_KINDS, DINAS_KINDS, QA_KINDS  # the office policy (accounts/policy.py)

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class ActiveRole:
    """The role a person acts in now: an assignment, possibly acting for a delegating school."""

    assignment: RoleAssignment
    on_behalf_of: Institution | None = None

    @property
    def key(self) -> str:
        if self.on_behalf_of is not None:
            return f"{self.assignment.pk}:{self.on_behalf_of.pk}"
        return str(self.assignment.pk)

    @property
    def role(self) -> str:
        return Role.OPERATOR if self.on_behalf_of is not None else self.assignment.role

    @property
    def institution(self) -> Institution | None:
        return self.on_behalf_of or self.assignment.institution

    @property
    def kind(self) -> str | None:
        inst = self.institution
        return inst.kind if inst else None

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_ptk(self) -> bool:
        return self.role == Role.PTK

    @property
    def label(self) -> str:
        if self.assignment.role == Role.PTK:
            return "PTK"
        base = f"{self.assignment.get_role_display()} {self.assignment.institution}"
        if self.on_behalf_of is not None:
            return _("%(base)s, atas nama %(o)s") % {"base": base, "o": self.on_behalf_of}
        return base


def delegated_school_ids(institution: Institution) -> QuerySet:
    """Ids of the schools whose operator rights are delegated to this institution (a subquery)."""
    if institution.group_id is None:
        return Institution.objects.none().values("pk")
    return InstitutionGroupObjectPermission.objects.filter(
        group_id=institution.group_id, permission__codename="operate_school"
    ).values("content_object_id")


def available_roles(user) -> list[ActiveRole]:
    """Every role the user may pick: each active assignment, plus acting for each school that
    delegated its operator rights to an institution where the user is operator or admin."""
    assignments = list(
        RoleAssignment.objects.filter(user=user, is_active=True, suspended_at__isnull=True)
        .select_related("institution")
        .order_by("role", "institution__name")
    )
    roles: list[ActiveRole] = []
    for a in assignments:
        if isinstance(user, User):
            a.user = user  # the same row, no second query
        roles.append(ActiveRole(a))
        inst = a.institution
        if a.role != Role.PTK and inst is not None and inst.kind in DELEGATE_KINDS and inst.group_id:
            for school in Institution.objects.filter(pk__in=delegated_school_ids(inst)).order_by("name"):
                roles.append(ActiveRole(a, on_behalf_of=school))
    return roles


class Scope:
    """What the active role may see. Build it with :func:`scope_for`."""

    def __init__(self, user, active: ActiveRole | None):
        self.user = user
        self.active = active

    def rows(
        self,
        *,
        school: str = "school",
        dinas: str = "dinas",
        qa: str = "qa_office",
        ptk_user: str | None = None,
    ) -> Q:
        """A Q over rows that carry the school/office keys under the given field names."""
        if self.active is not None and self.active.is_ptk:
            return Q(**{ptk_user: self.user.pk}) if ptk_user else NOTHING
        return self._keys_q(f"{school}_id", f"{dinas}_id", f"{qa}_id")

    def schools(self) -> QuerySet:
        """The schools this role may see."""
        return Institution.objects.filter(kind=InstitutionKind.SEKOLAH).filter(self._school_q())

    def _school_q(self) -> Q:
        return self._keys_q("pk", "dinas_id", "qa_office_id")

    def _keys_q(self, school: str, dinas: str, qa: str) -> Q:
        """The one rule: which key of a row must equal the active institution (see module doc)."""
        a = self.active
        if a is None or a.is_ptk or a.institution is None:
            return NOTHING
        inst = a.institution
        if a.on_behalf_of is not None or inst.kind == InstitutionKind.SEKOLAH:
            return Q(**{school: inst.pk})
        if inst.kind == InstitutionKind.PDSPK:
            return Q()
        if inst.kind in QA_KINDS:
            return Q(**{qa: inst.pk})
        if inst.kind in DINAS_KINDS:
            return Q(**{dinas: inst.pk})
        if inst.kind == InstitutionKind.KECAMATAN:
            return Q(**{f"{school}__in": delegated_school_ids(inst)})
        return NOTHING

    def institutions(self) -> QuerySet:
        """Institutions this role may list: its own, those directly below, and the schools it sees."""
        a = self.active
        if a is None or a.is_ptk or a.institution is None:
            return Institution.objects.none()
        inst = a.institution
        if inst.kind == InstitutionKind.PDSPK:
            return Institution.objects.all()
        return Institution.objects.filter(
            Q(pk=inst.pk) | Q(parent_id=inst.pk) | (Q(kind=InstitutionKind.SEKOLAH) & self._school_q())
        )

    def offices(self) -> QuerySet:
        """Offices this role may list: all for PDSPK; otherwise its own and those directly below."""
        a = self.active
        if a is None or a.is_ptk or a.institution is None:
            return Institution.objects.none()
        qs = Institution.objects.exclude(kind=InstitutionKind.SEKOLAH)
        if a.institution.kind == InstitutionKind.PDSPK and a.on_behalf_of is None:
            return qs
        inst = a.institution
        return qs.filter(Q(pk=inst.pk) | Q(parent_id=inst.pk))

    def manageable_institutions(self) -> QuerySet:
        """Where this role may register people: an admin's own institution and those directly below."""
        a = self.active
        if a is None or not a.is_admin or a.on_behalf_of is not None:
            return Institution.objects.none()
        inst = a.institution
        return Institution.objects.filter(Q(pk=inst.pk) | Q(parent_id=inst.pk))


def scope_for(user, active: ActiveRole | None) -> Scope:
    return Scope(user, active)
