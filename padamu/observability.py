"""Request ids and structured logs.

``RequestIdMiddleware`` (first in MIDDLEWARE) gives every request an id: the load balancer's
``X-Request-ID`` when it sends a well-formed one, else a new random one. The id is sent back on the
response and put on every log record emitted while the request runs, together with the path and,
once authentication has run, the user id. At the end it logs one line on ``padamu.request`` with
the status and duration.

With ``LOG_FORMAT=json`` (the production default) every record is one JSON object per line:
``time, level, logger, message, request_id, user_id, path`` and, on the request line, ``method,
status, duration_ms``. Nothing else from the request (no query string, headers or body) is logged.
"""

import contextvars
import logging
import re
import time
import uuid

from django.utils.functional import empty

REQUEST_ID_HEADER = "X-Request-ID"
# An incoming id is echoed and logged only if it is short and plain (no log or header injection).
_VALID_ID = re.compile(r"^[A-Za-z0-9._:@/+=-]{1,128}$")
_current = contextvars.ContextVar("padamu_request", default=None)

request_logger = logging.getLogger("padamu.request")


def _user_id(request):
    """The user's id if authentication already ran for this request; never triggers a lookup."""
    user = getattr(request, "user", None)
    if user is None:
        return None
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is empty:
        return None
    return getattr(wrapped, "pk", None)


def current_request_id() -> str | None:
    request = _current.get()
    return getattr(request, "request_id", None) if request is not None else None


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request.request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        token = _current.set(request)
        start = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request.request_id
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - start) * 1000, 1),
                },
            )
            return response
        finally:
            _current.reset(token)


class RequestContextFilter(logging.Filter):
    """Adds request_id, user_id and path to every record (None outside a request)."""

    def filter(self, record):
        request = _current.get()
        record.request_id = getattr(request, "request_id", None)
        record.user_id = _user_id(request) if request is not None else None
        record.path = request.path if request is not None else None
        return True


def json_formatter():
    """The JSON formatter (python-json-logger), field names as operators search for them."""
    from pythonjsonlogger.json import JsonFormatter

    return JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(user_id)s %(path)s",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        datefmt="%Y-%m-%dT%H:%M:%S%z",
        json_ensure_ascii=False,
    )


def logging_config(*, fmt: str, level: str, request_level: str) -> dict:
    """The LOGGING dict: one console handler on stdout, text or JSON."""
    formatter = {"()": "padamu.observability.json_formatter"} if fmt == "json" else {
        "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": "padamu.observability.RequestContextFilter"}},
        "formatters": {"main": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "filters": ["request"],
                "formatter": "main",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "padamu.request": {"handlers": ["console"], "level": request_level, "propagate": False},
            # Django's own 4xx/5xx lines duplicate padamu.request; keep its errors (tracebacks).
            "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        },
    }
