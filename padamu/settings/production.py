"""Production: everything sensitive from the environment; secure transport on."""

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# === Security (issue 9) ===============================================================================
# __Host- cookies: Secure, path "/", no Domain, so a sibling subdomain can neither read nor plant them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_PATH = "/"
CSRF_COOKIE_PATH = "/"
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
# === end security ===================================================================================

# --- Production server (issue 16; docs/deploy.md) ----------------------------------------------------
import copy  # noqa: E402

from padamu.observability import logging_config  # noqa: E402

from . import base  # noqa: E402

# Copies, never the base module's own objects: importing this module (a test does) must not change
# the settings of the process that imported it.
MIDDLEWARE = list(base.MIDDLEWARE)
STORAGES = copy.deepcopy(base.STORAGES)
DATABASES = copy.deepcopy(base.DATABASES)

# Static files: served by WhiteNoise from STATIC_ROOT (collectstatic), hashed names, gzip/brotli,
# cached for a year; nginx or a CDN may sit in front but is not needed.
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "whitenoise.middleware.WhiteNoiseMiddleware")
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

# The load balancer's health checks come over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^sehat/"]

# Database connections. Default: one persistent connection per worker process (CONN_MAX_AGE seconds,
# checked before reuse), which is what a sync gunicorn worker needs. DB_POOL=true switches to
# psycopg's pool (for threaded workers, gthread; DB_POOL_MAX per process). Across many machines put
# pgbouncer (transaction mode) in front of PostgreSQL either way (docs/deploy.md, "Limits").
DB_POOL = env.bool("DB_POOL", default=False)
for _db in DATABASES.values():
    if _db["ENGINE"] != "django.db.backends.postgresql":
        continue
    if DB_POOL:
        _db["CONN_MAX_AGE"] = 0  # Django requires it with a pool
        _db.setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("DB_POOL_MIN", default=1),
            "max_size": env.int("DB_POOL_MAX", default=4),
            "timeout": env.int("DB_POOL_TIMEOUT", default=10),
        }
    else:
        _db["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
        _db["CONN_HEALTH_CHECKS"] = True
    # On web machines a runaway query should not outlive the gunicorn timeout: set
    # DB_STATEMENT_TIMEOUT_MS there (not for migrate or the task workers: index builds take minutes).
    if env.int("DB_STATEMENT_TIMEOUT_MS", default=0) > 0:
        _db.setdefault("OPTIONS", {})["options"] = f"-c statement_timeout={env.int('DB_STATEMENT_TIMEOUT_MS')}"

# Logs: one JSON object per line on stdout, and one line per request (padamu.request).
LOGGING = logging_config(
    fmt=env("LOG_FORMAT", default="json"),
    level=env("LOG_LEVEL", default="INFO"),
    request_level=env("LOG_REQUEST_LEVEL", default="INFO"),
)
