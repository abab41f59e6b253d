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


# --- security (issue 9) ------------------------------------------------------------------------------

import time  # noqa: E402

from django.conf import settings  # noqa: E402
from django.contrib import auth, messages  # noqa: E402
from django.shortcuts import redirect, render  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils.cache import patch_cache_control  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402

LOGIN_AT_KEY = "padamu_login_at"
SEEN_AT_KEY = "padamu_seen_at"
SEEN_WRITE_EVERY = 60  # seconds: the idle clock is written at most once a minute


def upload_limit(max_bytes):
    """Let one view accept a multipart body larger than settings.UPLOAD_MAX_REQUEST_BYTES.
    ``max_bytes`` is a callable read per request (settings are never read at import time); the view
    must then cap what it reads itself (e.g. the Dapodik import's own upload handler)."""

    def decorator(view):
        view.upload_max_bytes = max_bytes
        return view

    return decorator


class UploadSizeLimitMiddleware:
    """Refuse a multipart body larger than settings.UPLOAD_MAX_REQUEST_BYTES (or the view's own
    ``upload_limit``) from its Content-Length, before anything reads it: a 100 MB upload never
    reaches memory or disk. Runs in process_view, ahead of the CSRF check that would read the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        ctype = request.META.get("CONTENT_TYPE", "")
        if request.method not in ("POST", "PUT", "PATCH") or not ctype.startswith("multipart/"):
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        own = getattr(view_func, "upload_max_bytes", None)
        limit = own() if own is not None else settings.UPLOAD_MAX_REQUEST_BYTES
        if length < 0 or length > limit:
            resp = render(
                request,
                "413.html",
                {"size": _size_label(max(length, 0)), "max": _size_label(limit), "back": _safe_back(request)},
                status=413,
            )
            resp["Connection"] = "close"  # the unread body is not drained
            return resp
        return None


def _size_label(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


def _safe_back(request) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    ref = request.META.get("HTTP_REFERER", "")
    if ref and url_has_allowed_host_and_scheme(ref, allowed_hosts={request.get_host()}):
        return ref
    return reverse("accounts:home")


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; ``Cache-Control: no-store`` on every response to a
    logged-in person (pages with personal data must not stay in a shared or back-button cache)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


def _privileged(request) -> bool:
    from .mfa import PRIVILEGED_KEY, mfa_required

    value = request.session.get(PRIVILEGED_KEY)
    if value is None:
        value = mfa_required(request.user)
        request.session[PRIVILEGED_KEY] = value
    return value


class SessionLifetimeMiddleware:
    """Idle timeout (settings.SESSION_IDLE_PRIVILEGED for admins, reviewers and superusers,
    SESSION_IDLE_DEFAULT for others) and an absolute lifetime (SESSION_ABSOLUTE) from login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = time.time()
            s = request.session
            login_at = s.get(LOGIN_AT_KEY)
            seen_at = s.get(SEEN_AT_KEY)
            if login_at is None:
                s[LOGIN_AT_KEY] = s[SEEN_AT_KEY] = now
            else:
                idle = settings.SESSION_IDLE_PRIVILEGED if _privileged(request) else settings.SESSION_IDLE_DEFAULT
                if now - login_at > settings.SESSION_ABSOLUTE.total_seconds():
                    return self._end(request, _("Sesi Anda sudah %(h)s jam; silakan masuk lagi.")
                                     % {"h": int(settings.SESSION_ABSOLUTE.total_seconds() // 3600)})
                if seen_at is not None and now - seen_at > idle.total_seconds():
                    return self._end(request, _("Sesi berakhir karena tidak ada aktivitas selama %(m)s menit.")
                                     % {"m": int(idle.total_seconds() // 60)})
                if seen_at is None or now - seen_at > SEEN_WRITE_EVERY:
                    s[SEEN_AT_KEY] = now
        return self.get_response(request)

    def _end(self, request, message: str):
        auth.logout(request)
        messages.info(request, message)
        return redirect(f"{reverse('accounts:login')}?next={request.path}")


MFA_OPEN_URLS = ("accounts:logout", "accounts:mfa_verify", "accounts:mfa_enrol", "accounts:login")


class MfaRequiredMiddleware:
    """After the password, the second factor: a person with a confirmed device must verify it; a
    person whose roles require one and has none must enrol before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open = None

    def __call__(self, request):
        from .mfa import HAS_DEVICE_KEY, VERIFIED_KEY, has_device

        user = request.user
        if user.is_authenticated and not request.session.get(VERIFIED_KEY):
            if self._open is None:
                self._open = {reverse(n) for n in MFA_OPEN_URLS}
            static = "/" + settings.STATIC_URL.lstrip("/")
            if request.path not in self._open and not request.path.startswith(static):
                device = request.session.get(HAS_DEVICE_KEY)
                if device is None:
                    device = request.session[HAS_DEVICE_KEY] = has_device(user)
                if device:
                    return redirect(f"{reverse('accounts:mfa_verify')}?next={request.get_full_path()}")
                if _privileged(request):
                    return redirect(f"{reverse('accounts:mfa_enrol')}?next={request.get_full_path()}")
        return self.get_response(request)
