"""Who may change what on a PTK record. Seeing a record is the scope rule in
ptk.selectors.ptk_visible_q (list and detail alike); these decide the edit buttons and guard the
write views. Offices above the school read only: corrections go through requests (nuptk)."""

from accounts.models import InstitutionKind, Role
from accounts.policy import DINAS_KINDS

from .models import Ptk


def _is_home_school_staff(active, ptk: Ptk) -> bool:
    return (
        active is not None
        and active.role in (Role.ADMIN, Role.OPERATOR)
        and active.kind == InstitutionKind.SEKOLAH
        and active.institution.pk == ptk.school_id
    )


def is_home_office_staff(active, ptk: Ptk) -> bool:
    """Staff of the Dinas that is the record's home: a supervisor (pengawas) entered by that Dinas
    with A06 belongs to it, not to a school (nuptk.kinds.pengawas.supervisor_register). The Dinas
    then does what a home school does for its PTK: the account (S02) and the S03 printout."""
    return (
        active is not None
        and active.role in (Role.ADMIN, Role.OPERATOR)
        and active.kind in DINAS_KINDS
        and getattr(active, "on_behalf_of", None) is None
        and active.institution is not None
        and active.institution.pk == ptk.school_id
    )


def is_owner(active, user, ptk: Ptk) -> bool:
    return active is not None and active.is_ptk and ptk.user_id is not None and ptk.user_id == user.pk


def can_manage_account(active, ptk: Ptk) -> bool:
    """Issue or reset the PTK's S02 (never see or set the password): the home school, or the Dinas
    for a supervisor it entered."""
    return _is_home_school_staff(active, ptk) or is_home_office_staff(active, ptk)


def can_print_s03_for(active, ptk: Ptk) -> bool:
    """Print the S03 of a supervisor's detail data from their page: the Dinas that entered them.
    (Every PTK, a supervisor too, prints their own S03 from "Kuesioner EDS dan S03".)"""
    return is_home_office_staff(active, ptk)


def can_edit_staffing(active, ptk: Ptk) -> bool:
    return _is_home_school_staff(active, ptk)


def can_edit_personal(active, user, ptk: Ptk) -> bool:
    """Contacts, history tables, berkas: the PTK themself, or their home school."""
    return is_owner(active, user, ptk) or _is_home_school_staff(active, ptk)


def can_enter_ptk(active) -> bool:
    return (
        active is not None
        and active.role in (Role.ADMIN, Role.OPERATOR)
        and active.kind == InstitutionKind.SEKOLAH
    )


def perms_for(active, user, ptk: Ptk) -> dict:
    return {
        "manage_account": can_manage_account(active, ptk),
        "edit_staffing": can_edit_staffing(active, ptk),
        "edit_personal": can_edit_personal(active, user, ptk),
        "is_owner": is_owner(active, user, ptk),
        "print_s03": can_print_s03_for(active, ptk),
    }
