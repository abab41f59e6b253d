"""Settings shared by every mode. Values come from the environment (django-environ)."""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-insecure-key-change-me-in-production-0123456789abcdef")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "documents",
    "ptk",
    "nuptk",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "accounts.middleware.UploadSizeLimitMiddleware",  # security: refuse big bodies before reading them
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "padamu.i18n.LanguageMiddleware",  # Bahasa Indonesia unless the footer switch chose English
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.ActiveRoleMiddleware",
    "accounts.middleware.MfaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "documents.middleware.ServedBaseUrlMiddleware",
]

ROOT_URLCONF = "padamu.urls"
WSGI_APPLICATION = "padamu.wsgi.application"
ASGI_APPLICATION = "padamu.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "padamu.templating.ReaderTemplates",  # pages in the reader's language
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.active_role",
            ],
            "builtins": ["padamu.fasturl"],  # {% url %} without the resolver for argument-less names
        },
    },
]

# Labels, inputs and selects written in Python (same HTML as Django's templates, a fraction of the CPU).
FORM_RENDERER = "padamu.form_renderer.FastRenderer"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'padamu.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the one writer; the busy timeout makes a writer wait for the lock
    # instead of failing; IMMEDIATE transactions take the write lock at BEGIN, so a transaction that
    # read first never has to upgrade its lock midway (SQLite refuses that at once with "database is
    # locked", whatever the timeout). Together: no "database is locked" under concurrent writers
    # (tests/test_sqlite_concurrency.py runs 50).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.ModelBackend",  # Django's, with the per-request user lookup compiled once
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "accounts.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email", "first_name", "last_name")},
    },
    {"NAME": "accounts.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "accounts.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Activation codes: the same limit, counted per account.
ACTIVATION_FAILURE_LIMIT = 5
ACTIVATION_LOCKOUT = timedelta(minutes=15)
ACTIVATION_CODE_TTL = timedelta(days=30)

GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
# Uploaded files live outside the web root and are served only through permission-checked views.
PRIVATE_STORAGE_ROOT = env.path("PRIVATE_STORAGE_ROOT", default=str(VAR_DIR / "private"))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_STORAGE_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Padamu <noreply@padamu.localhost>")

# Background tasks: the database backend needs no extra service (django-tasks).
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}

# Seconds an office's home-page numbers may be reused (0: always count afresh).
HOME_COUNTS_TTL = env.int("HOME_COUNTS_TTL", default=300)

# Public base URL printed in QR codes on letters (https://padamu.example.id). Required when DEBUG is
# off (system check documents.E001); empty in development: letters follow the address the app is
# served on (documents.middleware.ServedBaseUrlMiddleware).
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default="")

SESSION_COOKIE_HTTPONLY = True
SESSION_ENGINE = "padamu.sessions"  # Django's database sessions, the per-request read compiled once
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# === Security (issue 9; see docs/security.md) ========================================================
# Lockout after repeated failed logins (django-axes), on the username+IP *pair*: nobody can lock a
# named account from anywhere, a proxy's shared address does not lock everyone, and a success resets
# only its own pair (no unlimited password spraying by logging in to one's own account in between).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Client address: REMOTE_ADDR unless Padamu runs behind N trusted reverse proxies that append to
# X-Forwarded-For (then set AXES_IPWARE_PROXY_COUNT=N and the header in the precedence order).
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = tuple(
    env.list("AXES_IPWARE_META_PRECEDENCE_ORDER", default=["REMOTE_ADDR"])
)
# IP-level throttle against password spraying: far above the pair limit, counts failures only.
LOGIN_IP_FAILURE_LIMIT = env.int("LOGIN_IP_FAILURE_LIMIT", default=100)
LOGIN_IP_FAILURE_WINDOW = timedelta(hours=1)
# Public letter verification (/v/<token>/): requests per IP per minute.
VERIFY_RATE_LIMIT = env.int("VERIFY_RATE_LIMIT", default=30)
VERIFY_RATE_WINDOW = timedelta(minutes=1)

# Sessions: idle timeout (privileged: admins, reviewers, superusers; others), absolute lifetime.
SESSION_IDLE_PRIVILEGED = timedelta(minutes=30)
SESSION_IDLE_DEFAULT = timedelta(hours=2)
SESSION_ABSOLUTE = timedelta(hours=12)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE.total_seconds())
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# MFA (django-otp): TOTP and static recovery codes.
OTP_TOTP_ISSUER = "Padamu"
OTP_TOTP_THROTTLE_FACTOR = 0  # wrong codes are limited per account below (accounts.views.mfa)
MFA_RECOVERY_CODES = 10

# Uploads: a multipart body larger than this is refused from its Content-Length, unread; uploads are
# held in memory only (never a temporary file), within that cap.
UPLOAD_MAX_REQUEST_BYTES = 6 * 1024 * 1024
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_REQUEST_BYTES

# Content-Security-Policy (django-csp): no inline script, no inline handler, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "accelerometer=(), gyroscope=(), magnetometer=(), interest-cohort=()"
)
# === end security ===================================================================================



# --- Production infrastructure (issue 16; docs/deploy.md) -------------------------------------------
from padamu.observability import logging_config  # noqa: E402

# Request id first (times the whole request, tags every log line), static files right after security.
MIDDLEWARE.insert(0, "padamu.observability.RequestIdMiddleware")

# Logs on stdout: LOG_FORMAT=text (default here) or json (one object per line, production default).
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOGGING = logging_config(
    fmt=LOG_FORMAT,
    level=env("LOG_LEVEL", default="WARNING"),
    request_level=env("LOG_REQUEST_LEVEL", default="WARNING"),
)

# Optional read replica for long lists and exports (padamu.db.for_lists); writes always on "default".
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
DATABASE_ROUTERS = ["padamu.db.PrimaryReplicaRouter"]

# Private files: local disk (default) or S3-compatible object storage (STORAGE_BACKEND=s3).
STORAGE_BACKEND = env("STORAGE_BACKEND", default="local")
if STORAGE_BACKEND == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL", default=None),
            "region_name": env("S3_REGION", default=None),
            "access_key": env("S3_ACCESS_KEY_ID", default=None),
            "secret_key": env("S3_SECRET_ACCESS_KEY", default=None),
            "location": env("S3_PREFIX", default=""),
            "addressing_style": env("S3_ADDRESSING_STYLE", default=None),  # "path" for most non-AWS stores
            "default_acl": None,  # the bucket stays private; files are served only through our views
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif STORAGE_BACKEND != "local":
    raise ValueError("STORAGE_BACKEND must be 'local' or 's3'")

# --- exchange: Dapodik import/export and the read API (exchange/, docs/dapodik.md, docs/api.md) ---
INSTALLED_APPS += ["rest_framework", "drf_spectacular", "drf_spectacular_sidecar", "exchange"]
EXCHANGE_IMPORT_MAX_BYTES = env.int("EXCHANGE_IMPORT_MAX_BYTES", default=60 * 1024 * 1024)  # refused above
EXCHANGE_IMPORT_MAX_ROWS = env.int("EXCHANGE_IMPORT_MAX_ROWS", default=150_000)
EXCHANGE_EXPORT_XLSX_MAX = 200_000
EXCHANGE_API_RATE = env("EXCHANGE_API_RATE", default="120/min")  # per API client (cache-counted)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["exchange.api.auth.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["exchange.api.auth.ClientRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "exchange.api.pagination.KeysetPagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Padamu API (baca saja)",
    "DESCRIPTION": "PTK, sekolah, ajuan NUPTK dan verifikasi surat, dalam cakupan lembaga pemilik kunci.",
    "VERSION": "1",
    "SERVE_AUTHENTICATION": [],
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
}
