from .scope import ActiveRole, Scope
from .selectors import active_role_resolve, available_roles

SESSION_KEY = "padamu_active_role"


def _resolve(request) -> ActiveRole | None:
    user = request.user
    if not user.is_authenticated:
        return None
    key = request.session.get(SESSION_KEY)
    if key:
        active = active_role_resolve(user=user, key=key)
        if active is not None:
            return active
        request.session.pop(SESSION_KEY, None)
    roles = available_roles(user)
    if len(roles) == 1:
        request.session[SESSION_KEY] = roles[0].key
        return roles[0]
    return None


class ActiveRoleMiddleware:
    """Puts ``request.active_role`` (the role chosen for this session, or None) and
    ``request.scope`` on every request. With a single role the choice is made for the user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.active_role = _resolve(request)
        request.scope = Scope(request.user, request.active_role)
        return self.get_response(request)
