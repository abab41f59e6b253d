import os
import tempfile

from .base import *  # noqa: F401,F403
from .base import STORAGES, TEMPLATES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TEMPLATES[0]["OPTIONS"]["debug"] = True
PRIVATE_STORAGE_ROOT = tempfile.mkdtemp(prefix="padamu-test-files-")
STORAGES["default"]["OPTIONS"]["location"] = PRIVATE_STORAGE_ROOT
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
HOME_COUNTS_TTL = 0
PUBLIC_BASE_URL = "http://127.0.0.1:8000"  # fixed: tests compare printed URLs

# On SQLite, test against a file rather than Django's shared in-memory database: the live server of
# the browser tests then serves each request on its own connection, as in production, instead of
# sharing one connection between its threads (which can hang when a page loads several files at once).
from .base import DATABASES  # noqa: E402

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(tempfile.mkdtemp(prefix="padamu-test-db-"), "test.sqlite3")}

# --- Production infrastructure (issue 16) -------------------------------------------------------------
# A "replica" alias that mirrors the test database, so tests can check that list reads go to it when a
# replica is in use (tests/test_infrastructure.py switches USE_READ_REPLICA on); off for every other test.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
USE_READ_REPLICA = False
