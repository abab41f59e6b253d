"""In development (no PUBLIC_BASE_URL), letters printed during a request point their QR code at the
address the app is served on, so a letter from `make run` verifies on the same machine."""

from contextvars import ContextVar

from django.conf import settings

served_base_url: ContextVar[str] = ContextVar("served_base_url", default="")


class ServedBaseUrlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.PUBLIC_BASE_URL:
            return self.get_response(request)
        token = served_base_url.set(request.build_absolute_uri("/"))
        try:
            return self.get_response(request)
        finally:
            served_base_url.reset(token)
