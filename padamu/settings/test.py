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
