"""Who may do what with a request. One rule serves list and detail: the queue is
``scope.rows()`` + the level's state; acting needs the role to sit at the institution the request
waits at. The same functions drive which buttons the templates show."""

from accounts.models import InstitutionKind, Role

from .routes import LEVEL_KINDS

STAFF = (Role.OPERATOR, Role.ADMIN)


def is_school_staff(active) -> bool:
    return active is not None and active.role in STAFF and active.kind == InstitutionKind.SEKOLAH


def acting_level(active) -> str | None:
    """The review level an active role works at (None for schools, PTK, kecamatan)."""
    if active is None or active.role not in STAFF or active.on_behalf_of is not None:
        return None
    for level, kinds in LEVEL_KINDS.items():
        if active.kind in kinds:
            return level
    return None


def can_edit(active, sub) -> bool:
    """The school may edit and submit a draft or a rejected request of its own."""
    return is_school_staff(active) and active.institution.pk == sub.school_id and sub.is_editable


def can_replace_sk(active, sub) -> bool:
    return is_school_staff(active) and active.institution.pk == sub.school_id and sub.state == "sk_rejected"


def can_review(active, sub) -> bool:
    """The request waits at this role's institution, at this role's level."""
    return (
        sub.is_waiting
        and acting_level(active) == sub.level
        and active.institution is not None
        and active.institution.pk == sub.waiting_at_id
    )


def is_own_submission(user, sub) -> bool:
    """Four eyes: nobody decides on a request they created or submitted."""
    return user.pk in (sub.submitted_by_id, sub.created_by_id)


def can_decide(user, active, sub) -> bool:
    return can_review(active, sub) and not is_own_submission(user, sub)
