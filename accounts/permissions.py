"""Who may open a view. Every view declares its access with one of these decorators; the URL walk
test (tests/test_url_access.py) fails for a view that declares nothing.

    @require(roles={Role.ADMIN})                       # any admin
    @require(kinds={InstitutionKind.SEKOLAH})          # school admin or operator
    @require(roles={Role.PTK})                         # a PTK acting as themselves
    @require_login                                     # logged in, any or no role (role picker)
    @public                                            # anyone (login, activation, verification)
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from . import policy
from .models import Role

STAFF_ROLES = frozenset({Role.ADMIN, Role.OPERATOR})
OFFICE_KINDS = policy.OFFICE_KINDS
REVIEW_KINDS = policy.REVIEW_KINDS


@dataclass(frozen=True)
class Access:
    public: bool = False
    needs_role: bool = True
    roles: frozenset | None = None
    kinds: frozenset | None = None
    superuser: bool = False

    def allows(self, user, active) -> bool:
        if self.public:
            return True
        if not user.is_authenticated:
            return False
        if self.superuser:
            return user.is_superuser
        if not self.needs_role:
            return True
        if active is None:
            return False
        if self.roles is not None and active.role not in self.roles:
            return False
        if self.kinds is not None and active.kind not in self.kinds:
            return False
        return True


def _mark(view, access: Access):
    view.padamu_access = access
    return view


def public(view):
    return _mark(login_not_required(view), Access(public=True))


def require_login(view):
    return _mark(view, Access(needs_role=False))


def require_superuser(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return _mark(wrapped, Access(superuser=True))


def require(*, roles=None, kinds=None):
    """The active role must be one of ``roles`` at an institution of one of ``kinds``."""
    access = Access(
        roles=frozenset(roles) if roles is not None else None,
        kinds=frozenset(kinds) if kinds is not None else None,
    )

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            active = request.active_role
            if active is None:
                return redirect("accounts:choose_role")
            if not access.allows(request.user, active):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _mark(wrapped, access)

    return decorator


any_role = require()
