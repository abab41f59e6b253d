"""System checks of the paper layer: the public URL printed under every letter's QR code."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


def _problem(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "must be an absolute http(s) URL such as https://padamu.example.id"
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return "must be the site root (no path, query or fragment)"
    return ""


@register()
def public_base_url_check(app_configs=None, **kwargs):
    """Outside development the letters must print a URL that reaches this server: without
    PUBLIC_BASE_URL every QR code would point to a guessed host. Refuses `check`, `migrate` and
    `runserver` (and `check --deploy`) when DEBUG is off and the setting is missing or malformed."""
    url = settings.PUBLIC_BASE_URL
    if settings.DEBUG and not url:
        return []  # development: letters follow the host the app is served on
    if not url:
        return [
            Error(
                "PUBLIC_BASE_URL is not set.",
                hint="Set PUBLIC_BASE_URL to the public address of this site (printed in letters' QR codes).",
                id="documents.E001",
            )
        ]
    if problem := _problem(url):
        return [Error(f"PUBLIC_BASE_URL {problem}.", id="documents.E002")]
    return []


@register(Tags.security, deploy=True)
def public_base_url_https_check(app_configs=None, **kwargs):
    url = settings.PUBLIC_BASE_URL or ""
    if url and not url.startswith("https://"):
        return [Warning("PUBLIC_BASE_URL should use https:// in production.", id="documents.W001")]
    return []
