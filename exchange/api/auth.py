"""Authentication, rate limit and call log of the read API.

A client sends ``Authorization: Bearer pdm_<prefix>_<secret>``. The prefix finds the client
(indexed); the SHA-256 of the whole key must match (compared in constant time). The request then
acts as an operator of the client's institution: the same ``accounts.scope.Scope`` as that
institution's operators in the UI."""

import hmac

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, throttling

from accounts.models import Role, RoleAssignment
from accounts.scope import ActiveRole, Scope

from ..models import ApiClient
from ..services import KEY_PREFIX, api_key_hash


class ApiPrincipal:
    """The request's ``user``: an API client acting as an operator of its institution."""

    is_authenticated = True
    is_anonymous = False
    is_superuser = False
    is_active = True
    pk = None

    def __init__(self, client: ApiClient):
        self.client = client
        self.active = ActiveRole(RoleAssignment(role=Role.OPERATOR, institution=client.institution))
        self.scope = Scope(self, self.active)

    def __str__(self):
        return f"API {self.client.name} ({self.client.institution})"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header:
            return None
        if header[0].lower() not in ("bearer", "token") or len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Format header Authorization: Bearer <kunci API>."))
        key = header[1]
        parts = key.split("_", 2)
        if len(parts) != 3 or parts[0] != KEY_PREFIX:
            raise exceptions.AuthenticationFailed(_("Kunci API tidak valid."))
        client = ApiClient.objects.filter(prefix=parts[1]).select_related("institution").first()
        if client is None or not hmac.compare_digest(client.key_hash, api_key_hash(key)):
            raise exceptions.AuthenticationFailed(_("Kunci API tidak valid."))
        if client.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Kunci API ini sudah dicabut."))
        now = timezone.now()
        if client.last_used_at is None or (now - client.last_used_at).total_seconds() > 60:
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        return ApiPrincipal(client), client

    def authenticate_header(self, request):
        return f'{self.keyword} realm="padamu-api"'


class ClientRateThrottle(throttling.SimpleRateThrottle):
    """Requests per client key (settings.EXCHANGE_API_RATE, e.g. "120/min"), counted in the cache."""

    scope = "api_client"

    def get_rate(self):
        return getattr(settings, "EXCHANGE_API_RATE", "120/min")

    def get_cache_key(self, request, view):
        client = getattr(request, "auth", None)
        if not isinstance(client, ApiClient):
            return None
        return self.cache_format % {"scope": self.scope, "ident": client.pk}


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the key (Swagger UI's "Authorize")."""

    target_class = ApiKeyAuthentication
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Kunci API lembaga: pdm_<awalan>_<rahasia> (dibuat admin lembaga di menu Klien API).",
        }
