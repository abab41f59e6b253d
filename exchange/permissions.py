"""Who may use the exchange.

- Import: a school's operators and admins for their own school (also an office acting for the
  school through a delegation, as its operator); a Dinas kab/kota, Dinas provinsi or Atdikbud for
  the schools it covers. LPMP/BPKLN/BP-PAUD and PDSPK review requests but do not keep school data:
  they may export, not import. A PTK may do neither.
- Export: every staff role, for the schools of its scope (as the PTK list).
- API clients: an institution's admin, for that institution only (not while acting for a school).
"""

from accounts.models import InstitutionKind, Role
from accounts.permissions import STAFF_ROLES

IMPORT_KINDS = frozenset(
    {InstitutionKind.SEKOLAH, InstitutionKind.DINAS_KAB, InstitutionKind.DINAS_PROV, InstitutionKind.ATDIKBUD}
)
CLIENT_ROLES = frozenset({Role.ADMIN})


def can_import(active) -> bool:
    return active is not None and active.role in STAFF_ROLES and active.kind in IMPORT_KINDS


def can_export(active) -> bool:
    return active is not None and active.role in STAFF_ROLES and active.institution is not None


def can_manage_clients(active) -> bool:
    return (
        active is not None
        and active.role == Role.ADMIN
        and active.on_behalf_of is None
        and active.institution is not None
    )
