"""Per-IP rate limits for public pages, counted in the database (accounts.models.Throttle) so every
worker shares them. The client address follows the lockout's trusted-proxy rule (django-axes)."""

from functools import wraps

from django.conf import settings
from django.shortcuts import render

from .services import throttle_hit


def client_ip(request) -> str:
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or "unknown"


def rate_limited(name: str, *, limit_setting: str, window_setting: str, what: str = ""):
    """Refuse with an Indonesian 429 page past ``settings.<limit_setting>`` requests per IP per
    ``settings.<window_setting>``."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            ok = throttle_hit(
                key=f"{name}:{client_ip(request)}",
                limit=getattr(settings, limit_setting),
                window=getattr(settings, window_setting),
            )
            if not ok:
                resp = render(request, "accounts/throttled.html", {"what": what or name}, status=429)
                resp["Retry-After"] = str(int(getattr(settings, window_setting).total_seconds()))
                return resp
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
